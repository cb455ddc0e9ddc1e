import { describe, expect, it } from 'vitest';
import { addressKind, formatIp, hostKind, isAllowed, parseAllowList, parseIp, type IpAddress } from '../src/network-address.ts';

const ip = (s: string): IpAddress => {
  const parsed = parseIp(s);
  if (!parsed) throw new Error(`not an address: ${s}`);
  return parsed;
};
const kinds = (list: string[]) => Object.fromEntries(list.map((s) => [s, addressKind(ip(s))]));

describe('address classification', () => {
  it('names every IPv4 range the server must not reach', () => {
    expect(
      kinds([
        '0.0.0.0',
        '0.1.2.3',
        '10.0.0.1',
        '100.64.0.1',
        '100.127.255.254',
        '127.0.0.1',
        '127.255.255.254',
        '169.254.169.254',
        '172.16.0.1',
        '172.31.255.255',
        '192.168.1.1',
        '192.0.0.8',
        '192.0.2.1',
        '198.18.0.1',
        '198.51.100.7',
        '203.0.113.9',
        '224.0.0.1',
        '239.255.255.250',
        '240.0.0.1',
        '255.255.255.255',
      ]),
    ).toEqual({
      '0.0.0.0': 'unspecified',
      '0.1.2.3': 'unspecified',
      '10.0.0.1': 'private',
      '100.64.0.1': 'shared',
      '100.127.255.254': 'shared',
      '127.0.0.1': 'loopback',
      '127.255.255.254': 'loopback',
      '169.254.169.254': 'link-local',
      '172.16.0.1': 'private',
      '172.31.255.255': 'private',
      '192.168.1.1': 'private',
      '192.0.0.8': 'reserved',
      '192.0.2.1': 'reserved',
      '198.18.0.1': 'reserved',
      '198.51.100.7': 'reserved',
      '203.0.113.9': 'reserved',
      '224.0.0.1': 'multicast',
      '239.255.255.250': 'multicast',
      '240.0.0.1': 'reserved',
      '255.255.255.255': 'reserved',
    });
  });

  it('keeps the public neighbours of those ranges public', () => {
    expect(
      kinds([
        '8.8.8.8',
        '9.255.255.255',
        '11.0.0.0',
        '100.63.255.255',
        '100.128.0.0',
        '126.255.255.255',
        '128.0.0.0',
        '169.253.255.255',
        '172.15.255.255',
        '172.32.0.0',
        '192.167.255.255',
        '192.169.0.0',
        '223.255.255.255',
      ]),
    ).toEqual(
      Object.fromEntries(
        [
          '8.8.8.8',
          '9.255.255.255',
          '11.0.0.0',
          '100.63.255.255',
          '100.128.0.0',
          '126.255.255.255',
          '128.0.0.0',
          '169.253.255.255',
          '172.15.255.255',
          '172.32.0.0',
          '192.167.255.255',
          '192.169.0.0',
          '223.255.255.255',
        ].map((s) => [s, 'public']),
      ),
    );
  });

  it('names the IPv6 ranges, and judges an IPv4 address carried in IPv6 (mapped, NAT64, 6to4) as that IPv4 address', () => {
    expect(
      kinds([
        '::',
        '::1',
        'fc00::1',
        'fdff:ffff::1',
        'fe80::1',
        'febf::1',
        'fec0::1',
        'ff02::1',
        '2001:db8::1',
        '2001::1',
        '100::1',
        '::ffff:127.0.0.1',
        '::ffff:7f00:1',
        '::ffff:10.0.0.1',
        '64:ff9b::192.168.0.1',
        '2002:a00:1::',
        '::ffff:8.8.8.8',
        '2002:808:808::',
        '2001:4860:4860::8888',
        '2606:4700::1111',
        '4000::1',
        '::127.0.0.1',
      ]),
    ).toEqual({
      '::': 'unspecified',
      '::1': 'loopback',
      'fc00::1': 'private',
      'fdff:ffff::1': 'private',
      'fe80::1': 'link-local',
      'febf::1': 'link-local',
      'fec0::1': 'private',
      'ff02::1': 'multicast',
      '2001:db8::1': 'reserved',
      '2001::1': 'reserved',
      '100::1': 'reserved',
      '::ffff:127.0.0.1': 'loopback',
      '::ffff:7f00:1': 'loopback',
      '::ffff:10.0.0.1': 'private',
      '64:ff9b::192.168.0.1': 'private',
      '2002:a00:1::': 'private',
      '::ffff:8.8.8.8': 'public',
      '2002:808:808::': 'public',
      '2001:4860:4860::8888': 'public',
      '2606:4700::1111': 'public',
      '4000::1': 'reserved',
      '::127.0.0.1': 'reserved',
    });
  });

  it('reads addresses strictly: other spellings of a number are not taken for an address', () => {
    for (const s of ['127.1', '0x7f.0.0.1', '0177.0.0.1', '2130706433', '1.2.3.256', '1.2.3', '1:2:3:4:5:6:7', '1::2::3', '12345::', ':::1', 'example.org']) expect(parseIp(s), s).toBeUndefined();
    expect(formatIp(ip('[fe80::1%eth0]'))).toBe('fe80::1');
    expect(formatIp(ip('2001:0db8:0000:0000:0001:0000:0000:0001'))).toBe('2001:db8::1:0:0:1');
    expect(formatIp(ip('::ffff:127.0.0.1'))).toBe('::ffff:7f00:1');
    expect(formatIp(ip('10.0.0.1'))).toBe('10.0.0.1');
  });

  it('judges host names from their text: localhost and names only a local network resolves', () => {
    expect(['localhost', 'LOCALHOST.', 'api.localhost', 'localhost.localdomain', 'ip6-localhost'].map(hostKind)).toEqual(Array(5).fill('loopback'));
    expect(['printer.local', 'lgsp.internal', 'router.home.arpa', 'intranet'].map(hostKind)).toEqual(Array(4).fill('local-name'));
    expect(['data.gov.vn', '[::1]', '10.0.0.1'].map(hostKind)).toEqual(['public', 'loopback', 'private']);
  });
});

describe('the allow-list (ODP_FETCH_ALLOW)', () => {
  const list = parseAllowList(' 10.20.0.0/16, lgsp.tphcm.internal , 192.168.5.5:8080, [fd00::5]:443, fd10::/16, Cong-Noi-Bo.example:8443 ,');

  it('matches ranges by address, names by name, and a port when one is given', () => {
    const allowed = (host: string | undefined, address: string | undefined, port: number) => isAllowed(list, { host, address: address ? ip(address) : undefined, port });
    expect(allowed(undefined, '10.20.255.1', 80)).toBe(true);
    expect(allowed(undefined, '10.21.0.1', 80)).toBe(false);
    expect(allowed(undefined, '::ffff:10.20.0.9', 80)).toBe(true);
    expect(allowed('lgsp.tphcm.internal.', '10.99.0.1', 443)).toBe(true);
    expect(allowed('other.internal', '10.99.0.1', 443)).toBe(false);
    expect(allowed(undefined, '192.168.5.5', 8080)).toBe(true);
    expect(allowed(undefined, '192.168.5.5', 8081)).toBe(false);
    expect(allowed(undefined, 'fd00::5', 443)).toBe(true);
    expect(allowed(undefined, 'fd00::5', 80)).toBe(false);
    expect(allowed(undefined, 'fd10:1::1', 80)).toBe(true);
    expect(allowed('cong-noi-bo.example', undefined, 8443)).toBe(true);
    expect(allowed('cong-noi-bo.example', undefined, 443)).toBe(false);
    expect(isAllowed(parseAllowList(''), { host: 'localhost', address: ip('127.0.0.1'), port: 80 })).toBe(false);
  });

  it('refuses an entry it cannot read, naming it, in Vietnamese and English', () => {
    expect(() => parseAllowList('10.0.0.0/33, lgsp.internal, http://x/, 10.0.0.1:99999')).toThrow(
      /"10\.0\.0\.0\/33", "http:\/\/x\/", "10\.0\.0\.1:99999".*invalid allow-list entries|không hợp lệ.*"10\.0\.0\.0\/33"/s,
    );
  });
});
