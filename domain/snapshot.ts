// The catalog snapshot: every published public entry, as one JSON file (the datasets a line each). The build writes it after
// reading Directus and reads it back when Directus cannot be reached, so a site can always be
// rebuilt from the last good catalog. Pages, the search index and the exports all read this shape.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { CatalogSnapshot, DatasetWithDistributions } from '../catalog-schema/generated/types.ts';
import { OdpError } from '../catalog-schema/src/errors.ts';
import { validateSnapshotHeader } from '../catalog-schema/src/validate.ts';

// The shape is catalog-schema/schemas/snapshot.schema.json; these names stay importable from here.
export type { AgencyCounts, CatalogSnapshot, DatasetWithDistributions, GovernanceCounts, HistoryEntry } from '../catalog-schema/generated/types.ts';

export const SNAPSHOT_FORMAT: CatalogSnapshot['format'] = 'odp-catalog-snapshot/1';

export class SnapshotError extends OdpError {
  override name = 'SnapshotError';
}

/**
 * Writes the snapshot atomically (temporary file, then rename): a reader never sees half a file.
 * The file is one JSON document with the datasets last, one a line, so that a catalog larger than a
 * JavaScript string (about 512 MB of JSON, some 70,000 datasets) is written and read a dataset at a
 * time:
 *
 *     {"format":…,"catalog":…,…,"datasets":[
 *     {…first dataset…},
 *     {…last dataset…}
 *     ]}
 */
export function writeSnapshot(file: string, snapshot: CatalogSnapshot): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const { datasets, ...rest } = snapshot;
  const fd = openSync(tmp, 'w');
  try {
    let chunk = `${JSON.stringify(rest).slice(0, -1)}${Object.keys(rest).length ? ',' : ''}"datasets":[\n`;
    for (const [i, d] of datasets.entries()) {
      chunk += `${JSON.stringify(d)}${i < datasets.length - 1 ? ',' : ''}\n`;
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    writeSync(fd, `${chunk}]}\n`);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, file);
}

/** Files up to this size are read in one piece; larger ones a line at a time (see writeSnapshot). */
const WHOLE_FILE_LIMIT = 256 * 1024 * 1024;

/** Reads a snapshot file (`wholeFileLimit`: the size above which it is read a line at a time). */
export function parseSnapshotFile(file: string, wholeFileLimit = WHOLE_FILE_LIMIT): Partial<CatalogSnapshot> {
  const fd = openSync(file, 'r');
  try {
    if (fstatSync(fd).size <= wholeFileLimit) return JSON.parse(readFileSync(fd, 'utf8')) as Partial<CatalogSnapshot>;
    // Line by line: the first line is everything but the datasets, then a dataset a line.
    const datasets: DatasetWithDistributions[] = [];
    let head: Partial<CatalogSnapshot> | undefined;
    let ended = false;
    let rest = Buffer.alloc(0);
    const buf = Buffer.alloc(16 << 20);
    const line = (l: Buffer) => {
      if (ended || !l.length) return;
      let text = l.toString('utf8');
      if (!head) {
        if (!text.endsWith('"datasets":[')) throw new Error('the first line does not end with "datasets":[ (a snapshot this large must be written by writeSnapshot)');
        head = JSON.parse(`${text}]}`) as Partial<CatalogSnapshot>;
      } else if (text === ']}') ended = true;
      else {
        if (text.endsWith(',')) text = text.slice(0, -1);
        datasets.push(JSON.parse(text) as DatasetWithDistributions);
      }
    };
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      let data = Buffer.concat([rest, buf.subarray(0, n)]);
      let at: number;
      while ((at = data.indexOf(10)) >= 0) {
        line(data.subarray(0, at));
        data = data.subarray(at + 1);
      }
      rest = Buffer.from(data);
    }
    line(rest);
    if (!head || !ended) throw new Error('the file ends before its last line ]}');
    return { ...head, datasets };
  } finally {
    closeSync(fd);
  }
}

export function readSnapshot(file: string): CatalogSnapshot {
  if (!existsSync(file)) {
    throw new SnapshotError('SNAPSHOT_MISSING', `Không có bản chụp danh mục / no catalog snapshot at ${file}. Chạy / run: npm start (it reads the CMS and writes one).`);
  }
  let data: Partial<CatalogSnapshot>;
  try {
    data = parseSnapshotFile(file);
  } catch (err) {
    throw new SnapshotError('SNAPSHOT_UNREADABLE', `Bản chụp danh mục hỏng / the catalog snapshot ${file} is not valid JSON: ${(err as Error).message}`, { cause: err });
  }
  if (data.format !== SNAPSHOT_FORMAT) {
    throw new SnapshotError('SNAPSHOT_FORMAT', `Bản chụp danh mục không đúng định dạng / ${file} is not a ${SNAPSHOT_FORMAT} file (format: ${String(data.format)}).`);
  }
  // Every read checks the snapshot against its schema but for the contents of the datasets and their
  // history, so that reading costs no more at 100,000 datasets than before: each dataset was checked
  // against its entity schema when the build read it from the CMS (pipeline/catalog-source.ts), and
  // the whole file, datasets included, is checked by validateSnapshot in the tests.
  const errors = validateSnapshotHeader(data);
  if (errors.length) {
    throw new SnapshotError(
      'SNAPSHOT_INVALID',
      `Bản chụp danh mục không khớp lược đồ / the catalog snapshot ${file} does not match catalog-schema/schemas/snapshot.schema.json: ${errors
        .slice(0, 10)
        .map((e) => `${e.field || '(snapshot)'}: ${e.message_vi} / ${e.message_en}`)
        .join('; ')}`,
    );
  }
  return data as CatalogSnapshot;
}

/**
 * What an incremental publish changes in a snapshot: the entries read again (their new versions,
 * and the ids of those the public no longer reads), with the parts of the snapshot that go with
 * them. The publisher makes it and applies it to its copy; the live portal server applies the same
 * patch to the catalog it holds (applyPatch), so neither reads the whole file again.
 */
export interface CatalogPatch {
  datasets: DatasetWithDistributions[];
  removedDatasets: string[];
  dataServices: CatalogSnapshot['dataServices'];
  removedServices: string[];
  /** The notices of the changed services (they replace the ones those services had). */
  serviceNotices: NonNullable<CatalogSnapshot['serviceNotices']>;
  /** The change history of the changed datasets (it replaces theirs). */
  history?: NonNullable<CatalogSnapshot['history']>;
  governance?: CatalogSnapshot['governance'];
  requests?: CatalogSnapshot['requests'];
  usage?: CatalogSnapshot['usage'];
}

const byId = (a: { id: string }, b: { id: string }) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** `list` with the entries in `now` put in place of those with their ids (new ones by id) and those in `removed` left out. */
function replaced<T extends { id: string }>(list: readonly T[], now: readonly T[], removed: readonly string[]): T[] {
  const fresh = new Map(now.map((x) => [x.id, x]));
  const gone = new Set(removed);
  const out: T[] = [];
  for (const x of list) {
    if (gone.has(x.id)) continue;
    const y = fresh.get(x.id);
    out.push(y ?? x);
    fresh.delete(x.id);
  }
  for (const x of [...fresh.values()].sort(byId)) {
    const i = out.findIndex((y) => y.id > x.id);
    out.splice(i < 0 ? out.length : i, 0, x);
  }
  return out;
}

/** `prev` with `patch` applied; `prev` itself is left as it was. */
export function applyPatch(prev: CatalogSnapshot, patch: CatalogPatch): CatalogSnapshot {
  const services = new Set([...patch.dataServices.map((x) => x.id), ...patch.removedServices]);
  const datasets = new Set([...patch.datasets.map((x) => x.id), ...patch.removedDatasets]);
  let history = prev.history;
  if (patch.history) {
    history = { ...prev.history };
    for (const id of datasets) delete history[id];
    Object.assign(history, patch.history);
  }
  return {
    ...prev,
    datasets: replaced(prev.datasets, patch.datasets, patch.removedDatasets),
    dataServices: replaced(prev.dataServices, patch.dataServices, patch.removedServices),
    serviceNotices: [...(prev.serviceNotices ?? []).filter((n) => !services.has(n.service)), ...patch.serviceNotices].sort(byId),
    ...(history ? { history } : {}),
    ...(patch.governance ? { governance: patch.governance } : {}),
    ...(patch.requests ? { requests: patch.requests } : {}),
    ...(patch.usage ? { usage: patch.usage } : {}),
  };
}
