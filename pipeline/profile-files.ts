// Build step: profiles every distribution the portal can reach. Files on the portal (/data/…, in the
// public folder or among the editors' uploads) are profiled by domain/profile-file.ts (any size up
// to ODP_PROFILE_MAX_BYTES); other links are only checked to answer. Results are cached by file
// checksum, so a rebuild only reads what changed.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { portalFile, portalRoots } from '../domain/pii-scan.ts';
import { profileFile } from '../domain/profile-file.ts';
import type { DistributionProfile, Profiles } from '../domain/profiles.ts';
import type { CatalogSnapshot } from '../domain/snapshot.ts';
import { buildConfig, fetchAllowList } from '../platform/config.ts';
import { safeFetch, SafeFetchError, type FetchAllowList } from '../platform/safe-fetch.ts';
import { uploadBelongsTo } from './uploaded-files.ts';

export interface ProfileOptions {
  publicDir: string;
  /** Editors' uploads (ODP_UPLOADS_DIR): `/data/<dataset>/<file>` links are found there too. */
  uploadsDir?: string;
  /** The portal's own addresses (its public URL, its listening address): links to them are files on disk. */
  portalOrigins?: readonly string[];
  cacheDir: string;
  maxBytes?: number;
  /** Check that links outside the portal answer (ODP_CHECK_LINKS=0 turns it off). */
  checkLinks?: boolean;
  /** Internal servers the link check may call (ODP_FETCH_ALLOW); other private addresses are not called. */
  allow?: FetchAllowList;
  log?: (m: string) => void;
}

/** Whether a link answers, through the guarded fetch: an editor's link never reaches the server's own network. */
async function checkLink(url: string, allow: FetchAllowList): Promise<DistributionProfile> {
  try {
    // The status and headers are enough: no body is read, whatever the server sends.
    const o = { timeoutMs: 8000, allow, body: 'discard' } as const;
    let res = await safeFetch(url, { ...o, method: 'HEAD' });
    if (res.status === 405 || res.status === 501) res = await safeFetch(url, { ...o, method: 'GET', headers: { Range: 'bytes=0-0' } });
    const size = Number(res.headers.get('content-length'));
    return { status: 'link-only', answers: res.ok, httpStatus: res.status, ...(res.ok && res.status !== 206 && size > 0 ? { byteSize: size } : {}) };
  } catch (err) {
    if (err instanceof SafeFetchError && err.code === 'FETCH_NOT_PUBLIC') {
      return {
        status: 'unreachable',
        answers: false,
        message: { vi: 'Liên kết trỏ vào mạng nội bộ hoặc chính máy chủ; Cổng không gọi tới.', en: 'The link points to a private network or the server itself; the portal does not call it.' },
      };
    }
    const why = err instanceof SafeFetchError ? err.reason : (err as Error).message;
    return { status: 'unreachable', answers: false, message: { vi: `Liên kết không trả lời (${why}).`, en: `The link does not answer (${why}).` } };
  }
}

function hash(v: unknown): string {
  return createHash('sha1').update(JSON.stringify(v)).digest('hex').slice(0, 16);
}

export async function profileDistributions(snapshot: CatalogSnapshot, o: ProfileOptions): Promise<{ profiles: Profiles; read: number; cached: number; links: number; ms: number }> {
  const t = Date.now();
  const log = o.log ?? (() => {});
  const maxBytes = o.maxBytes ?? buildConfig().profileMaxBytes;
  const checkLinks = o.checkLinks ?? buildConfig().checkLinks;
  const allow = o.allow ?? fetchAllowList();
  mkdirSync(o.cacheDir, { recursive: true });
  const codes = new Map<string, Set<string>>();
  for (const e of snapshot.codeListEntries) codes.set(e.codeList, (codes.get(e.codeList) ?? new Set()).add(e.code));
  const jobs = snapshot.datasets.flatMap((d) => d.distribution.map((x) => ({ d, x })));
  const roots = portalRoots(o.publicDir, o.uploadsDir);
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
      // The portal's own files are read from disk, also when linked by the portal's absolute address.
      const file = portalFile(url, roots, o.portalOrigins ?? []);
      if (file || (url.startsWith('/') && !url.startsWith('//'))) {
        // An upload in another dataset's folder is not copied into the site (uploaded-files.ts): missing.
        if (!file || !existsSync(file) || !uploadBelongsTo(file, d.id, o.uploadsDir)) {
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
        profiles[x.id] = await checkLink(url, allow);
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
