// Loads every open CSV, XLSX and JSON file of the portal into a Parquet file for the Data API
// (domain/data-query.ts builds the queries, site/src/lib/data-api.ts runs them). One Parquet file a
// source checksum and column types: a rebuild only reads what changed. Types come from the dataset's
// data dictionary, else from the file's profile; text columns get a folded copy `<col>__fold`
// (lowercase, no diacritics) so "ha noi" finds "Hà Nội"; rows keep the file's order (the engine
// numbers them from the Parquet file's own row numbers, which costs nothing here). The
// manifest (`index.json` in the data folder) is what the portal server reads; it is replaced whole,
// so the server never sees half an ingest. Files of datasets that are not open are never loaded.
import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import Papa from 'papaparse';
import { readSheet } from 'read-excel-file/node';
import type { DataField } from '../catalog-schema/generated/types.ts';
import { foldColumn, MANIFEST_FILE, ROW_COLUMN, type DataColumn, type DataColumnType, type DataManifest } from '../domain/data-query.ts';
import { portalFile, portalRoots } from '../domain/pii-scan.ts';
import type { Profiles } from '../domain/profiles.ts';
import type { CatalogSnapshot } from '../domain/snapshot.ts';
import { decodeUtf8, tableFromJson, tableFromRows, type ColumnType, type Table } from '../domain/tabular.ts';
import { filesPublic } from '../domain/visibility.ts';
import { uploadBelongsTo } from './uploaded-files.ts';

export const DATA_FORMATS = ['csv', 'xlsx', 'json'] as const;

export function readManifest(dataDir: string): DataManifest {
  const file = path.join(dataDir, MANIFEST_FILE);
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as DataManifest) : { generatedAt: '', distributions: {} };
}

function writeManifest(dataDir: string, m: DataManifest): void {
  const file = path.join(dataDir, MANIFEST_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(m));
  renameSync(tmp, file);
}

const fromField: Record<DataField['type'], DataColumnType> = { string: 'string', code: 'string', integer: 'integer', number: 'number', boolean: 'boolean', date: 'date', datetime: 'datetime' };
const fromProfile: Record<ColumnType, DataColumnType> = { string: 'string', empty: 'string', integer: 'integer', number: 'number', boolean: 'boolean', date: 'date', datetime: 'datetime' };

const sqlType: Record<DataColumnType, string> = { integer: 'BIGINT', number: 'DOUBLE', boolean: 'BOOLEAN', date: 'DATE', datetime: 'TIMESTAMP', string: 'VARCHAR' };
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** The type each column gets: the dictionary's, else the profile's, else text. */
export function columnTypes(dictionary: readonly DataField[] | undefined, profiled: readonly { name: string; type: ColumnType }[] | undefined): Map<string, DataColumnType> {
  const out = new Map<string, DataColumnType>();
  for (const c of profiled ?? []) out.set(c.name, fromProfile[c.type]);
  for (const f of dictionary ?? []) out.set(f.name, fromField[f.type]);
  return out;
}

/**
 * The SQL folding a text as domain/vietnamese.ts `fold` does (lowercase, no marks, đ → d).
 * strip_accents decomposes by itself, so composed and decomposed text fold alike.
 */
const foldSql = (expr: string) => `replace(lower(strip_accents(${expr})), 'đ', 'd')`;

/** A cell as its column's type: empty is null, a value that does not read as the type is null too. */
function castSql(name: string, type: DataColumnType, nfc: boolean): string {
  const cell = `nullif(trim(${quote(name)}), '')`;
  if (type === 'string') return nfc ? `nfc_normalize(${cell})` : cell;
  if (type === 'boolean') return `CASE lower(${cell}) WHEN 'có' THEN true WHEN 'không' THEN false ELSE TRY_CAST(${cell} AS BOOLEAN) END`;
  return `TRY_CAST(${cell} AS ${sqlType[type]})`;
}

/**
 * Whether a UTF-8 file holds combining marks (U+0300–U+036F, lead bytes 0xCC and 0xCD): decomposed
 * Vietnamese, from some Mac and web tools. Text without them is NFC already, and NFC-normalising a
 * million cells that need nothing would cost the ingest a second or more a column.
 */
async function hasCombiningMarks(file: string): Promise<boolean> {
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const b = chunk as Buffer;
    if (b.includes(0xcc) || b.includes(0xcd)) return true;
  }
  return false;
}

async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** A table read with the project's readers as a CSV file DuckDB can load (XLSX, JSON). */
function tableToCsv(t: Table, file: string): void {
  writeFileSync(file, Papa.unparse({ fields: t.columns, data: t.rows.map((r) => r.map((v) => (v === null ? '' : String(v)))) }));
}

/**
 * Writes `source` (a CSV file) as Parquet at `out` with the given types. Returns the rows and the
 * columns as written (headers DuckDB read, in order).
 */
export async function csvToParquet(db: DuckDBConnection, source: string, out: string, types: Map<string, DataColumnType>): Promise<{ rows: number; columns: DataColumn[] }> {
  const read = `read_csv(${literal(source)}, header = true, all_varchar = true, normalize_names = false, auto_detect = true, sample_size = 20480, strict_mode = false)`;
  const described = (await db.runAndReadAll(`DESCRIBE SELECT * FROM ${read}`)).getRowObjectsJson() as { column_name: string }[];
  const columns: DataColumn[] = described
    .map((d) => d.column_name)
    .filter((name) => name !== ROW_COLUMN && !name.endsWith('__fold'))
    .map((name) => ({ name, type: types.get(name) ?? 'string' }));
  const nfc = await hasCombiningMarks(source);
  const select = [
    ...columns.map((c) => `${castSql(c.name, c.type, nfc)} AS ${quote(c.name)}`),
    ...columns.filter((c) => c.type === 'string').map((c) => `${foldSql(quote(c.name))} AS ${quote(foldColumn(c.name))}`),
  ];
  const tmp = `${out}.${process.pid}.tmp`;
  await db.run(`COPY (SELECT ${select.join(', ')} FROM ${read}) TO ${literal(tmp)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880)`);
  renameSync(tmp, out);
  const rows = Number((await db.runAndReadAll(`SELECT count(*) AS n FROM read_parquet(${literal(out)})`)).getRowObjectsJson()[0]!.n);
  return { rows, columns };
}

/** Converts one data file (csv, xlsx or json) to Parquet at `out`. */
export async function fileToParquet(db: DuckDBConnection, file: string, format: string, out: string, types: Map<string, DataColumnType>): Promise<{ rows: number; columns: DataColumn[] }> {
  if (format === 'csv') return csvToParquet(db, file, out, types);
  const tmpCsv = `${out}.${process.pid}.csv`;
  try {
    const table = format === 'xlsx' ? tableFromRows(await readSheet(file)) : tableFromJson(JSON.parse(decodeUtf8(readFileSync(file))));
    tableToCsv(table, tmpCsv);
    return await csvToParquet(db, tmpCsv, out, types);
  } finally {
    rmSync(tmpCsv, { force: true });
  }
}

export interface IngestOptions {
  publicDir: string;
  uploadsDir?: string;
  portalOrigins?: readonly string[];
  /** The Data API folder (ODP_DATA_API_DIR): Parquet files and index.json. */
  dataDir: string;
  /** The build's profiles: checksums and column types. */
  profiles?: Profiles;
  /** Memory DuckDB may use while loading. */
  memoryLimit?: string;
  log?: (m: string) => void;
}

export interface IngestResult {
  ingested: number;
  cached: number;
  failed: number;
  rows: number;
  ms: number;
}

/** Loads every open data file of the snapshot that changed since the last ingest; the others keep their Parquet file. */
export async function ingestDistributions(snapshot: CatalogSnapshot, o: IngestOptions): Promise<IngestResult> {
  const t = Date.now();
  const log = o.log ?? (() => {});
  mkdirSync(o.dataDir, { recursive: true });
  const before = readManifest(o.dataDir);
  const next: DataManifest = { generatedAt: new Date().toISOString(), distributions: {} };
  const roots = portalRoots(o.publicDir, o.uploadsDir);
  const jobs = snapshot.datasets.filter((d) => filesPublic(d)).flatMap((d) => d.distribution.filter((x) => (DATA_FORMATS as readonly string[]).includes(x.format)).map((x) => ({ d, x })));
  const result: IngestResult = { ingested: 0, cached: 0, failed: 0, rows: 0, ms: 0 };
  if (!jobs.length) {
    writeManifest(o.dataDir, next);
    return { ...result, ms: Date.now() - t };
  }
  const instance = await DuckDBInstance.create(':memory:', { threads: '2', memory_limit: o.memoryLimit ?? '512MB' });
  const db = await instance.connect();
  try {
    let done = 0;
    // Progress: every file that takes a while, and otherwise a line every 10 seconds.
    let said = Date.now();
    for (const { d, x } of jobs) {
      done++;
      const file = portalFile(x.downloadURL ?? x.accessURL, roots, o.portalOrigins ?? []);
      if (!file || !existsSync(file) || !statSync(file).isFile() || !uploadBelongsTo(file, d.id, o.uploadsDir)) continue;
      const profile = o.profiles?.[x.id];
      const types = columnTypes(d.dataDictionary, profile?.profile?.columns);
      const sha256 = profile?.sha256 ?? (await sha256File(file));
      const key = createHash('sha1')
        .update(JSON.stringify([sha256, x.format, [...types]]))
        .digest('hex')
        .slice(0, 20);
      const name = `${key}.parquet`;
      const out = path.join(o.dataDir, name);
      const had = before.distributions[x.id];
      if (had?.file === name && existsSync(out)) {
        next.distributions[x.id] = { ...had, dataset: d.id };
        result.cached++;
        continue;
      }
      const started = Date.now();
      try {
        const { rows, columns } = await fileToParquet(db, file, x.format, out, types);
        next.distributions[x.id] = { dataset: d.id, distribution: x.id, file: name, sha256, format: x.format, rows, columns, ingestedAt: new Date().toISOString() };
        result.ingested++;
        result.rows += rows;
        if (Date.now() - started > 1000 || Date.now() - said > 10_000) {
          said = Date.now();
          log(`  data api: ${done}/${jobs.length} (${Math.round((done / jobs.length) * 100)}%) ${d.id}/${x.id}: ${rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
        }
      } catch (err) {
        result.failed++;
        log(`! data api: ${d.id}/${x.id} không nạp được / could not be loaded: ${(err as Error).message.split('\n')[0]}`);
        // The last good copy of a file that now fails stays queryable until it is fixed.
        if (had && existsSync(path.join(o.dataDir, had.file))) next.distributions[x.id] = had;
      }
    }
  } finally {
    db.closeSync();
    instance.closeSync();
  }
  writeManifest(o.dataDir, next);
  // Parquet files no distribution uses any more. A query running on one keeps its open file.
  const used = new Set(Object.values(next.distributions).map((e) => e.file));
  for (const f of readdirSync(o.dataDir)) if (f.endsWith('.parquet') && !used.has(f)) rmSync(path.join(o.dataDir, f), { force: true });
  return { ...result, ms: Date.now() - t };
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Starts an ingest after the ones already started (two builds in a row never write the folder at
 * once) and returns at once; the promise settles when this one is done. Failures are logged, never
 * thrown: the site is built and served whether or not its Data API is up to date.
 */
export function ingestInBackground(snapshot: CatalogSnapshot, o: IngestOptions): Promise<IngestResult | undefined> {
  const log = o.log ?? console.log;
  const run = queue.then(async () => {
    try {
      const r = await ingestDistributions(snapshot, o);
      log(`API dữ liệu / Data API: ${r.ingested} files loaded (${r.rows} rows), ${r.cached} unchanged, ${r.failed} failed in ${(r.ms / 1000).toFixed(1)} s`);
      return r;
    } catch (err) {
      log(`! API dữ liệu không nạp được / the Data API could not be loaded: ${(err as Error).message}`);
      return undefined;
    }
  });
  queue = run;
  return run;
}
