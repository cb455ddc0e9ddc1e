// Build step: profiles every distribution the portal can reach. Files on the portal (/data/…) are
// profiled by domain/profile-file.ts (any size up to ODP_PROFILE_MAX_BYTES); other links are only
// checked to answer. Results are cached by file checksum, so a rebuild only reads what changed.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { profileFile } from '../domain/profile-file.ts';
import type { DistributionProfile, Profiles } from '../domain/profiles.ts';
import type { CatalogSnapshot } from '../domain/snapshot.ts';

export interface ProfileOptions {
  publicDir: string;
  cacheDir: string;
  maxBytes?: number;
  /** Check that links outside the portal answer (ODP_CHECK_LINKS=0 turns it off). */
  checkLinks?: boolean;
  log?: (m: string) => void;
}

async function checkLink(url: string): Promise<DistributionProfile> {
  try {
    let res = await fetch(url, { method: 'HEAD', redirect: 'follow', signal: AbortSignal.timeout(8000) });
    if (res.status === 405 || res.status === 501) res = await fetch(url, { method: 'GET', headers: { Range: 'bytes=0-0' }, signal: AbortSignal.timeout(8000) });
    const size = Number(res.headers.get('content-length'));
    return { status: 'link-only', answers: res.ok, httpStatus: res.status, ...(res.ok && res.status !== 206 && size > 0 ? { byteSize: size } : {}) };
  } catch (err) {
    return { status: 'unreachable', answers: false, message: { vi: `Liên kết không trả lời (${(err as Error).message}).`, en: `The link does not answer (${(err as Error).message}).` } };
  }
}

function hash(v: unknown): string {
  return createHash('sha1').update(JSON.stringify(v)).digest('hex').slice(0, 16);
}

export async function profileDistributions(snapshot: CatalogSnapshot, o: ProfileOptions): Promise<{ profiles: Profiles; read: number; cached: number; links: number; ms: number }> {
  const t = Date.now();
  const log = o.log ?? (() => {});
  const maxBytes = o.maxBytes ?? Number(process.env.ODP_PROFILE_MAX_BYTES ?? 500e6);
  const checkLinks = o.checkLinks ?? process.env.ODP_CHECK_LINKS !== '0';
  mkdirSync(o.cacheDir, { recursive: true });
  const codes = new Map<string, Set<string>>();
  for (const e of snapshot.codeListEntries) codes.set(e.codeList, (codes.get(e.codeList) ?? new Set()).add(e.code));
  const jobs = snapshot.datasets.flatMap((d) => d.distribution.map((x) => ({ d, x })));
  const profiles: Profiles = {};
  let read = 0;
  let cached = 0;
  let links = 0;
  let done = 0;
  const queue = [...jobs];
  const worker = async () => {
    for (let job = queue.shift(); job; job = queue.shift()) {
      const { d, x } = job;
      const url = x.downloadURL ?? x.accessURL;
      if (url.startsWith('/')) {
        const file = path.join(o.publicDir, decodeURIComponent(url.split('?')[0]!));
        if (!file.startsWith(o.publicDir) || !existsSync(file)) {
          profiles[x.id] = { status: 'unreachable', answers: false, message: { vi: 'Tệp không có trên Cổng.', en: 'The file is not on the portal.' } };
        } else {
          const st = statSync(file);
          const key = hash([x.id, x.format, st.size, st.mtimeMs, d.dataDictionary ?? [], [...codes].map(([k, v]) => [k, v.size])]);
          const cacheFile = path.join(o.cacheDir, `${key}.json`);
          if (existsSync(cacheFile)) {
            profiles[x.id] = JSON.parse(readFileSync(cacheFile, 'utf8')) as DistributionProfile;
            cached++;
          } else {
            profiles[x.id] = await profileFile(file, x.format, d.dataDictionary ?? [], codes, maxBytes);
            writeFileSync(cacheFile, JSON.stringify(profiles[x.id]));
            read++;
          }
        }
      } else if (checkLinks) {
        profiles[x.id] = await checkLink(url);
        links++;
      }
      done++;
      if (jobs.length > 50 && done % 50 === 0) log(`  profiles: ${done}/${jobs.length} (${Math.round((done / jobs.length) * 100)}%)`);
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  return { profiles, read, cached, links, ms: Date.now() - t };
}

export function writeProfiles(file: string, profiles: Profiles): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  // Sorted keys: the same catalog always gives the same file.
  writeFileSync(tmp, JSON.stringify(Object.fromEntries(Object.entries(profiles).sort(([a], [b]) => a.localeCompare(b)))));
  renameSync(tmp, file);
}
