// The catalog snapshot: every published public entry, as one JSON file (the datasets a line each). The build writes it after
// reading Directus and reads it back when Directus cannot be reached, so a site can always be
// rebuilt from the last good catalog. Pages, the search index and the exports all read this shape.
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readFileSync, readSync, renameSync, writeSync } from 'node:fs';
import path from 'node:path';
import type { Agent, Catalog, CodeList, CodeListEntry, ContactPoint, DataService, Dataset, Distribution, InformationSystem, ServiceNotice, Theme } from '../catalog-schema/generated/types.ts';
import { OdpError } from '../catalog-schema/src/errors.ts';
import type { PublicRequest } from './request-list.ts';
import type { UsageRecord } from './usage.ts';

export const SNAPSHOT_FORMAT = 'odp-catalog-snapshot/1';

export type DatasetWithDistributions = Omit<Dataset, 'distribution'> & { distribution: Distribution[] };

/**
 * One step in a dataset's public change history, reduced from the CMS revisions: which fields of the
 * dataset or of one of its files changed, and when; status transitions of the workflow. Who made the
 * change is never kept (the agency is on the page already).
 */
export interface HistoryEntry {
  /** ISO date-time of the change. */
  date: string;
  action: 'create' | 'update' | 'delete';
  /** 'dataset', or the id of the distribution that changed. */
  target: string;
  /** Names of the public fields that changed (schema names). */
  fields: string[];
  status?: { from?: string; to: string };
}

/**
 * Counts of every entry in the CMS, published or not, by agency: what the governance dashboard shows
 * of work the public pages do not list (shared and internal data, drafts, entries awaiting review).
 * Counts only: no titles, no names.
 */
export interface AgencyCounts {
  /** Datasets by publication status (draft, submitted, …). */
  datasetsByStatus: Record<string, number>;
  /** Published datasets by access level (public, agencies, internal). */
  publishedByAccess: Record<string, number>;
  /** Data services by publication status. */
  servicesByStatus: Record<string, number>;
  /** Published data services by connection model (lgsp, ndxp, direct). */
  publishedServicesByConnection: Record<string, number>;
  /** Published data services that are operational now. */
  servicesOperational: number;
}

export interface GovernanceCounts {
  /** When the counts were taken. */
  countedAt: string;
  byAgency: Record<string, AgencyCounts>;
}

export interface CatalogSnapshot {
  format: typeof SNAPSHOT_FORMAT;
  /** When the catalog was read from the CMS. */
  generatedAt: string;
  /** Where it was read from (the CMS address). */
  source: string;
  catalog: Catalog;
  agents: Agent[];
  contactPoints: ContactPoint[];
  themes: Theme[];
  datasets: DatasetWithDistributions[];
  dataServices: DataService[];
  /** Published notices of the public services (absent in snapshots written before notices existed). */
  serviceNotices?: ServiceNotice[];
  /** Published information systems and their LGSP connection (absent in older snapshots). */
  informationSystems?: InformationSystem[];
  codeLists: CodeList[];
  codeListEntries: CodeListEntry[];
  /** Public change history by dataset id, newest first (absent when the build could not read revisions). */
  history?: Record<string, HistoryEntry[]>;
  /** Counts of all entries by agency (absent when the build had no administrator client). */
  governance?: GovernanceCounts;
  /** Citizens' requests and their answers, public fields only, newest first (domain/request-list.ts). */
  requests?: PublicRequest[];
  /** Views and downloads of the 30 days before the catalog was read (domain/usage.ts). */
  usage?: UsageRecord;
}

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
  return data as CatalogSnapshot;
}
