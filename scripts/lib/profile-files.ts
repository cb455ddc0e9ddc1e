// Build step: profiles every distribution the portal can reach. Files on the portal (/data/…) are
// read in full, streaming (any size up to ODP_PROFILE_MAX_BYTES), hashed, profiled and checked against
// the dataset's data dictionary; other links are only checked to answer. Results are cached by file
// checksum, so a rebuild only reads what changed.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, statSync, writeFileSync, renameSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';
import { readSheet } from 'read-excel-file/node';
import type { DataField } from '../../catalog-schema/generated/types.ts';
import type { DistributionProfile, Profiles } from '../../site/src/lib/profiles.ts';
import type { CatalogSnapshot } from '../../site/src/lib/snapshot.ts';
import { DictionaryChecker, Profiler, TabularError, decodeUtf8, tableFromJson, tableFromRows, type Cell, type Table } from '../../site/src/lib/tabular.ts';

export interface ProfileOptions {
  publicDir: string;
  cacheDir: string;
  maxBytes?: number;
  /** Check that links outside the portal answer (ODP_CHECK_LINKS=0 turns it off). */
  checkLinks?: boolean;
  log?: (m: string) => void;
}

const notUtf8 = { vi: 'Tệp không mã hóa UTF-8 (có thể là TCVN3 hoặc Windows-1258); hãy lưu lại dưới dạng UTF-8.', en: 'The file is not UTF-8 (perhaps TCVN3 or Windows-1258); save it as UTF-8.' };

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * Streams the rows of a CSV file (any size; delimiter guessed; UTF-8 checked on the way, a file in
 * another encoding is refused with NOT_UTF8). `onRow` gets each row, the header first, NFC-normalised.
 */
export async function streamCsvRows(file: string, onRow: (row: string[]) => void): Promise<void> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let first = true;
  await new Promise<void>((resolve, reject) => {
    const parser = Papa.parse(Papa.NODE_STREAM_INPUT, { skipEmptyLines: 'greedy', delimitersToGuess: [',', ';', '\t', '|'] }) as unknown as NodeJS.ReadWriteStream;
    parser.on('data', (row: string[]) => {
      if (first) row = row.map((h, i) => (i === 0 ? h.replace(/^\uFEFF/, '') : h).trim());
      first = false;
      onRow(row.map((v) => v.normalize('NFC')));
    });
    parser.on('end', resolve);
    parser.on('error', reject);
    const input = createReadStream(file);
    input.on('data', (chunk) => {
      try {
        parser.write(decoder.decode(chunk as Buffer, { stream: true }));
      } catch {
        input.destroy();
        reject(new TabularError('NOT_UTF8', notUtf8.en));
      }
    });
    input.on('end', () => {
      try {
        parser.end(decoder.decode());
      } catch {
        reject(new TabularError('NOT_UTF8', notUtf8.en));
      }
    });
    input.on('error', reject);
  });
}

/** Streams a CSV file through the profiler and the dictionary checker. */
async function profileCsv(file: string, dictionary: DataField[], codes: Map<string, Set<string>>): Promise<Pick<DistributionProfile, 'profile' | 'dictionary'>> {
  let profiler: Profiler | undefined;
  let checker: DictionaryChecker | undefined;
  let line = 1;
  await streamCsvRows(file, (row) => {
    if (!profiler) {
      profiler = new Profiler(row);
      if (dictionary.length) checker = new DictionaryChecker(dictionary, row, codes);
      return;
    }
    line++;
    profiler.push(row as Cell[]);
    checker?.row(row as Cell[], line);
  });
  if (!profiler) throw new TabularError('EMPTY', 'empty file');
  return { profile: profiler.result(), dictionary: checker?.result() };
}

function profileTableWith(t: Table, dictionary: DataField[], codes: Map<string, Set<string>>): Pick<DistributionProfile, 'profile' | 'dictionary'> {
  const profiler = new Profiler(t.columns);
  const checker = dictionary.length ? new DictionaryChecker(dictionary, t.columns, codes) : undefined;
  t.rows.forEach((r, i) => {
    profiler.push(r);
    checker?.row(r, i + 2);
  });
  return { profile: profiler.result(), dictionary: checker?.result() };
}

export async function profileFile(file: string, format: string, dictionary: DataField[], codes: Map<string, Set<string>>, maxBytes: number): Promise<DistributionProfile> {
  const st = statSync(file);
  const base: DistributionProfile = { status: 'ok', answers: true, byteSize: st.size, lastModified: st.mtime.toISOString(), sha256: await sha256File(file) };
  if (st.size > maxBytes) return { ...base, status: 'too-large', message: { vi: `Tệp lớn hơn ${Math.round(maxBytes / 1e6)} MB, không lập hồ sơ.`, en: `Larger than ${Math.round(maxBytes / 1e6)} MB; not profiled.` } };
  try {
    if (format === 'csv') return { ...base, ...(await profileCsv(file, dictionary, codes)) };
    if (format === 'json' || format === 'geojson') return { ...base, ...profileTableWith(tableFromJson(JSON.parse(decodeUtf8(readFileSync(file)))), dictionary, codes) };
    if (format === 'xlsx') return { ...base, ...profileTableWith(tableFromRows(await readSheet(file)), dictionary, codes) };
    return { ...base, status: 'unsupported', message: { vi: `Chưa lập hồ sơ cho định dạng ${format.toUpperCase()}.`, en: `No profile for ${format.toUpperCase()} files.` } };
  } catch (err) {
    const e = err as Error;
    const message = e instanceof TabularError && e.code === 'NOT_UTF8' ? notUtf8 : { vi: `Không đọc được tệp: ${e.message}`, en: `The file could not be read: ${e.message}` };
    return { ...base, status: 'unreadable', message };
  }
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
