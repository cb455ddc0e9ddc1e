// Which network addresses a link of the catalog may point at. Shared by the validators (a link to a
// local or private address is refused on save) and by the guarded fetch of the server (platform/
// safe-fetch.ts), so both apply one rule. Pure: no DNS, no sockets.
import { OdpError } from './errors.ts';

export interface IpAddress {
  version: 4 | 6;
  /** 4 or 16 bytes, network order. */
  bytes: Uint8Array;
}

/** Why an address is not public; 'public' for an address anyone on the Internet can reach. */
export type AddressKind = 'public' | 'unspecified' | 'loopback' | 'private' | 'shared' | 'link-local' | 'multicast' | 'reserved';

function parseIpv4(s: string): Uint8Array | undefined {
  const parts = s.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    // Only plain decimal: "010" or "0x7f" are other numbers to other parsers, so they are no address here.
    if (!/^(0|[1-9][0-9]{0,2})$/.test(parts[i]!)) return undefined;
    const n = Number(parts[i]);
    if (n > 255) return undefined;
    bytes[i] = n;
  }
  return bytes;
}

function parseIpv6(text: string): Uint8Array | undefined {
  let s = text.includes('%') ? text.slice(0, text.indexOf('%')) : text;
  if (!/^[0-9a-fA-F:.]+$/.test(s) || !s.includes(':')) return undefined;
  let v4: Uint8Array | undefined;
  if (s.includes('.')) {
    const last = s.lastIndexOf(':');
    v4 = parseIpv4(s.slice(last + 1));
    if (!v4) return undefined;
    s = `${s.slice(0, last + 1)}0:0`;
  }
  const halves = s.split('::');
  if (halves.length > 2) return undefined;
  const groups = (h: string | undefined) => (h ? h.split(':') : []);
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (halves.length === 1 ? head.length !== 8 : head.length + tail.length > 7) return undefined;
  const all = [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 8; i++) {
    if (!/^[0-9a-fA-F]{1,4}$/.test(all[i]!)) return undefined;
    const n = parseInt(all[i]!, 16);
    bytes[2 * i] = n >> 8;
    bytes[2 * i + 1] = n & 0xff;
  }
  if (v4) bytes.set(v4, 12);
  return bytes;
}

/** An IPv4 or IPv6 address written out ("[…]" and a "%zone" allowed); undefined for a host name. */
export function parseIp(text: string): IpAddress | undefined {
  const s = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  const v4 = parseIpv4(s);
  if (v4) return { version: 4, bytes: v4 };
  const v6 = parseIpv6(s);
  return v6 ? { version: 6, bytes: v6 } : undefined;
}

/** The usual text of an address (RFC 5952 for IPv6: lower case, the longest run of zeros as "::"). */
export function formatIp(ip: IpAddress): string {
  if (ip.version === 4) return [...ip.bytes].join('.');
  const groups = Array.from({ length: 8 }, (_, i) => (ip.bytes[2 * i]! << 8) | ip.bytes[2 * i + 1]!);
  let best = { at: -1, len: 1 };
  for (let i = 0; i < 8;) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > best.len) best = { at: i, len: j - i };
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best.at < 0) return hex.join(':');
  return `${hex.slice(0, best.at).join(':')}::${hex.slice(best.at + best.len).join(':')}`;
}

function inPrefix(bytes: Uint8Array, prefix: Uint8Array, bits: number): boolean {
  for (let i = 0; i < bits; i++) {
    const mask = 0x80 >> (i % 8);
    if ((bytes[i >> 3]! & mask) !== (prefix[i >> 3]! & mask)) return false;
  }
  return true;
}

type Range = [prefix: string, bits: number, kind: AddressKind];

// IANA IPv4 Special-Purpose Address Registry (RFC 6890 and updates).
const v4Ranges: Range[] = [
  ['0.0.0.0', 8, 'unspecified'],
  ['10.0.0.0', 8, 'private'],
  ['100.64.0.0', 10, 'shared'],
  ['127.0.0.0', 8, 'loopback'],
  ['169.254.0.0', 16, 'link-local'],
  ['172.16.0.0', 12, 'private'],
  ['192.0.0.0', 24, 'reserved'],
  ['192.0.2.0', 24, 'reserved'],
  ['192.88.99.0', 24, 'reserved'],
  ['192.168.0.0', 16, 'private'],
  ['198.18.0.0', 15, 'reserved'],
  ['198.51.100.0', 24, 'reserved'],
  ['203.0.113.0', 24, 'reserved'],
  ['224.0.0.0', 4, 'multicast'],
  ['240.0.0.0', 4, 'reserved'],
];

// IANA IPv6 Special-Purpose Address Registry; ranges that carry an IPv4 address are handled apart.
const v6Ranges: Range[] = [
  ['::', 128, 'unspecified'],
  ['::1', 128, 'loopback'],
  ['::', 96, 'reserved'],
  ['64:ff9b:1::', 48, 'reserved'],
  ['100::', 64, 'reserved'],
  ['2001:db8::', 32, 'reserved'],
  ['2001::', 23, 'reserved'],
  ['3fff::', 20, 'reserved'],
  ['5f00::', 16, 'reserved'],
  ['fc00::', 7, 'private'],
  ['fe80::', 10, 'link-local'],
  ['fec0::', 10, 'private'],
  ['ff00::', 8, 'multicast'],
];

const compiled = (ranges: Range[]) => ranges.map(([p, bits, kind]) => ({ prefix: parseIp(p)!.bytes, bits, kind }));
const v4Table = compiled(v4Ranges);
const v6Table = compiled(v6Ranges);
const mapped = parseIp('::ffff:0:0')!.bytes;
const nat64 = parseIp('64:ff9b::')!.bytes;
const sixToFour = parseIp('2002::')!.bytes;
const globalUnicast = parseIp('2000::')!.bytes;

/**
 * The IPv4 address an IPv6 address stands for, where connecting to one reaches the other:
 * IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::a.b.c.d) and 6to4 (2002:aabb:ccdd::).
 */
export function embeddedIpv4(ip: IpAddress): IpAddress | undefined {
  if (ip.version !== 6) return undefined;
  if (inPrefix(ip.bytes, mapped, 96) || inPrefix(ip.bytes, nat64, 96)) return { version: 4, bytes: ip.bytes.slice(12) };
  if (inPrefix(ip.bytes, sixToFour, 16)) return { version: 4, bytes: ip.bytes.slice(2, 6) };
  return undefined;
}

export function addressKind(ip: IpAddress): AddressKind {
  const v4 = embeddedIpv4(ip);
  if (v4) return addressKind(v4);
  const table = ip.version === 4 ? v4Table : v6Table;
  const hit = table.find((r) => inPrefix(ip.bytes, r.prefix, r.bits));
  if (hit) return hit.kind;
  // Outside 2000::/3 nothing is allocated for global unicast.
  return ip.version === 6 && !inPrefix(ip.bytes, globalUnicast, 3) ? 'reserved' : 'public';
}

export function isPublicAddress(ip: IpAddress): boolean {
  return addressKind(ip) === 'public';
}

/** One entry of the operator's allow-list: a host name, an address range, either with a port. */
export type AllowEntry = { name: string; port?: number } | { range: { ip: IpAddress; bits: number }; port?: number };

/** The internal services the server may reach although they are not public (ODP_FETCH_ALLOW). */
export type AllowList = readonly AllowEntry[];

const hostName = /^(?=.{1,253}$)([a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)(\.[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?)*$/;

function port(text: string): number | undefined {
  if (!/^[0-9]{1,5}$/.test(text)) return undefined;
  const n = Number(text);
  return n >= 1 && n <= 65535 ? n : undefined;
}

function entry(raw: string): AllowEntry | undefined {
  const s = raw.trim().toLowerCase().replace(/\.$/, '');
  const slash = s.indexOf('/');
  if (slash >= 0) {
    const ip = parseIp(s.slice(0, slash));
    const bits = /^[0-9]{1,3}$/.test(s.slice(slash + 1)) ? Number(s.slice(slash + 1)) : -1;
    if (!ip || bits < 0 || bits > ip.bytes.length * 8) return undefined;
    return { range: { ip, bits } };
  }
  const ip = parseIp(s);
  if (ip) return { range: { ip, bits: ip.bytes.length * 8 } };
  // host:port, [v6]:port
  const m = /^(\[[^\]]+\]|[^:]+):([^:]+)$/.exec(s);
  if (m) {
    const p = port(m[2]!);
    if (p === undefined) return undefined;
    const host = entry(m[1]!);
    return host ? { ...host, port: p } : undefined;
  }
  return hostName.test(s) ? { name: s } : undefined;
}

/**
 * Reads an allow-list: entries separated by commas, each a host name ("lgsp.tphcm.internal"), an
 * address or range ("10.20.0.5", "10.20.0.0/16", "fd00::/8"), optionally with a port
 * ("lgsp.tphcm.internal:8443", "10.20.0.5:8080", "[fd00::5]:443"). An entry that is none of these
 * is an error naming it, so a typing mistake does not silently open or close a door.
 */
export function parseAllowList(raw: string | undefined): AllowList {
  const out: AllowEntry[] = [];
  const bad: string[] = [];
  for (const part of (raw ?? '').split(',')) {
    if (!part.trim()) continue;
    const e = entry(part);
    if (e) out.push(e);
    else bad.push(part.trim());
  }
  if (bad.length) {
    throw new OdpError(
      'ALLOW_LIST_INVALID',
      `Danh sách địa chỉ được phép có mục không hợp lệ / invalid allow-list entries: ${bad.map((b) => `"${b}"`).join(', ')} (dùng tên máy, địa chỉ IP hoặc dải CIDR, có thể kèm cổng / use host names, IP addresses or CIDR ranges, optionally with a port)`,
    );
  }
  return out;
}

/** Lower case, no trailing dot, no brackets: how host names and addresses are compared. */
export function canonicalHost(host: string): string {
  const h = host.toLowerCase().replace(/\.$/, '');
  return h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
}

/** Whether the allow-list names this host (by name) or this address (by range), on this port. */
export function isAllowed(list: AllowList, target: { host?: string; address?: IpAddress; port: number }): boolean {
  const host = target.host === undefined ? undefined : canonicalHost(target.host);
  const candidates = [target.address, target.address && embeddedIpv4(target.address)].filter((x): x is IpAddress => !!x);
  return list.some((e) => {
    if (e.port !== undefined && e.port !== target.port) return false;
    if ('name' in e) return host !== undefined && e.name === host;
    return candidates.some((ip) => ip.version === e.range.ip.version && inPrefix(ip.bytes, e.range.ip.bytes, e.range.bits));
  });
}

// Names that reach the machine itself or the local network whatever the DNS says (RFC 6761, RFC 6762,
// RFC 8375, the ICANN .internal reservation); a name without a dot is completed by the local resolver.
const localSuffixes = ['.localhost', '.local', '.internal', '.home.arpa', '.localdomain', '.lan'];
const loopbackNames = new Set(['localhost', 'localhost.localdomain', 'ip6-localhost', 'ip6-loopback']);

export type HostKind = AddressKind | 'local-name';

/**
 * What a host of a URL is, judged from its text alone (no DNS): an address by its range; a name
 * like "localhost" as loopback; a name that only a local network resolves as 'local-name'; any
 * other name as 'public' (the guarded fetch checks what it resolves to).
 */
export function hostKind(host: string): HostKind {
  const h = canonicalHost(host);
  const ip = parseIp(h);
  if (ip) return addressKind(ip);
  if (loopbackNames.has(h) || h.endsWith('.localhost')) return 'loopback';
  if (!h.includes('.') || localSuffixes.some((s) => h.endsWith(s))) return 'local-name';
  return 'public';
}

/** Vietnamese and English words for why a host is refused. */
export function hostKindLabel(kind: HostKind): { vi: string; en: string } {
  const labels: Record<HostKind, { vi: string; en: string }> = {
    public: { vi: 'địa chỉ công khai', en: 'a public address' },
    unspecified: { vi: 'địa chỉ không xác định', en: 'an unspecified address' },
    loopback: { vi: 'chính máy chủ (loopback)', en: 'the server itself (loopback)' },
    private: { vi: 'mạng nội bộ', en: 'a private network' },
    shared: { vi: 'mạng dùng chung của nhà mạng (CGNAT)', en: 'a carrier-grade NAT network' },
    'link-local': { vi: 'mạng cục bộ (link-local)', en: 'the local link' },
    multicast: { vi: 'địa chỉ multicast', en: 'a multicast address' },
    reserved: { vi: 'dải địa chỉ dành riêng', en: 'a reserved range' },
    'local-name': { vi: 'tên máy chỉ có trong mạng nội bộ', en: 'a name only a local network resolves' },
  };
  return labels[kind];
}
