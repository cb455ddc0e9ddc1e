// The Data API's query engine in the portal server: one DuckDB instance that can read nothing but
// the Data API folder (allowed_directories, enable_external_access = false, then the configuration
// locked), a few connections taken in turn, a time limit on every query (interrupted when it runs
// over) and a memory limit on the whole instance. It only ever runs statements built by
// domain/data-query.ts, with bound parameters, over views of the Parquet files the ingest wrote.
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { dataApiConfig } from '../../../platform/config.ts';
import { buildQuery, MANIFEST_FILE, QueryError, ROW_COLUMN, type DataColumn, type DataManifest, type DataManifestEntry, type QuerySpec } from '../../../domain/data-query.ts';

export type JsonCell = string | number | boolean | null;

export interface QueryAnswer {
  columns: DataColumn[];
  rows: Record<string, JsonCell>[];
  total?: number;
}

export class DataApiError extends Error {
  override name = 'DataApiError';
  readonly code: 'TIMEOUT' | 'UNAVAILABLE' | 'FAILED';
  constructor(code: DataApiError['code'], message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

export interface DataEngineOptions {
  dir: string;
  timeoutMs: number;
  memoryMb: number;
  /** Copy files queried into memory (default true; the copies share MEMORY_SHARE of memoryMb). */
  copyToMemory?: boolean;
  /** Connections queries share (each query runs on one thread: about one a core). */
  connections?: number;
}

/** Rows of answers kept in all, and the largest answer kept (downloads are not). */
const CACHE_ROWS = 50_000;
const CACHE_ANSWER_ROWS = 1000;
/** The share of the engine's memory the in-memory copies of files may take; the rest is for queries. */
const MEMORY_SHARE = 0.6;
/** Files with more rows are always read from Parquet: a copy would hold a connection too long. */
const MAX_COPY_ROWS = 5_000_000;

const literal = (s: string) => `'${s.replace(/'/g, "''")}'`;
const parquetName = /^[a-z0-9]{1,64}\.parquet$/;

/** BIGINT arrives as text in DuckDB's JSON rows: a whole number that fits a JS number becomes one again. */
function cellOf(v: unknown): JsonCell {
  if (typeof v === 'string' && /^-?\d{1,16}$/.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : v;
  }
  if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  return JSON.stringify(v);
}

export class DataEngine {
  readonly #o: DataEngineOptions;
  readonly #instance: DuckDBInstance;
  readonly #free: DuckDBConnection[] = [];
  readonly #waiting: ((c: DuckDBConnection) => void)[] = [];
  #manifest: DataManifest = { generatedAt: '', distributions: {} };
  #manifestStamp = -1;
  #checkedAt = 0;
  /** Views made so far: Parquet file name → view name. */
  readonly #views = new Map<string, string>();
  /** Files copied into memory (being copied while not ready), least recently used first. */
  readonly #tables = new Map<string, { name: string; ready: boolean; bytes: number }>();
  #closed = false;
  /**
   * Answers of recent queries. A Parquet file is named by its content and never changes, so an
   * answer stays right for as long as it is kept; at most CACHE_ROWS rows are kept in all.
   */
  readonly #cache = new Map<string, QueryAnswer>();
  #cachedRows = 0;

  private constructor(o: DataEngineOptions, instance: DuckDBInstance) {
    this.#o = o;
    this.#instance = instance;
  }

  static async open(o: DataEngineOptions): Promise<DataEngine> {
    const dir = path.resolve(o.dir);
    mkdirSync(path.join(dir, '.out'), { recursive: true });
    // One thread a query: queries from several connections run side by side on the cores, which
    // serves many small requests better than each query splitting itself over both.
    const instance = await DuckDBInstance.create(':memory:', {
      threads: '1',
      memory_limit: `${Math.max(64, Math.floor(o.memoryMb))}MB`,
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    const setup = await instance.connect();
    // Order matters: the folder is allowed before outside access is closed, and the lock comes last.
    await setup.run(`SET GLOBAL allowed_directories = [${literal(`${dir}${path.sep}`)}]`);
    await setup.run('SET GLOBAL enable_external_access = false');
    await setup.run('SET GLOBAL lock_configuration = true');
    const engine = new DataEngine({ ...o, dir }, instance);
    engine.#free.push(setup);
    for (let i = 1; i < (o.connections ?? 2); i++) engine.#free.push(await instance.connect());
    return engine;
  }

  /** The manifest, read again when the ingest replaced it (looked at no more than once a second). */
  #refresh(): void {
    const now = Date.now();
    if (now - this.#checkedAt < 1000) return;
    this.#checkedAt = now;
    const file = path.join(this.#o.dir, MANIFEST_FILE);
    const stamp = existsSync(file) ? statSync(file).mtimeMs : 0;
    if (stamp === this.#manifestStamp) return;
    try {
      this.#manifest = stamp ? (JSON.parse(readFileSync(file, 'utf8')) as DataManifest) : { generatedAt: '', distributions: {} };
      this.#manifestStamp = stamp;
    } catch (err) {
      // Half-written is impossible (the ingest renames); an unreadable one is logged and the last kept.
      console.error('[data-api] index unreadable:', (err as Error).message);
    }
  }

  /** The ingested file of a distribution, if any. */
  entry(distribution: string): DataManifestEntry | undefined {
    this.#refresh();
    return Object.hasOwn(this.#manifest.distributions, distribution) ? this.#manifest.distributions[distribution] : undefined;
  }

  async #connection(): Promise<DuckDBConnection> {
    const c = this.#free.pop();
    if (c) return c;
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(c: DuckDBConnection): void {
    const next = this.#waiting.shift();
    if (next) next(c);
    else this.#free.push(c);
  }

  /** Runs `work` on a connection, interrupting it past the time limit. */
  async #withConnection<T>(work: (c: DuckDBConnection) => Promise<T>): Promise<T> {
    const c = await this.#connection();
    let timedOut = false;
    let again: NodeJS.Timeout | undefined;
    // An interrupt between two statements of one request is lost: it is repeated until the work ends.
    const timer = setTimeout(() => {
      timedOut = true;
      c.interrupt();
      again = setInterval(() => c.interrupt(), 10);
    }, this.#o.timeoutMs);
    try {
      return await work(c);
    } catch (err) {
      if (timedOut) throw new DataApiError('TIMEOUT', `query ran over ${this.#o.timeoutMs} ms`, { cause: err });
      if (err instanceof QueryError) throw err;
      throw new DataApiError('FAILED', (err as Error).message, { cause: err });
    } finally {
      clearTimeout(timer);
      clearInterval(again);
      this.#release(c);
    }
  }

  /**
   * The relation to query a file through: its copy in memory when there is one, else a view of the
   * Parquet file (and a copy is made in the background, for the next queries). DuckDB answers a
   * page of a million-row table several times faster from memory than from compressed Parquet.
   */
  async #view(c: DuckDBConnection, entry: DataManifestEntry): Promise<string> {
    if (!parquetName.test(entry.file)) throw new DataApiError('UNAVAILABLE', `not a data file name: ${entry.file}`);
    const table = this.#tables.get(entry.file);
    if (table?.ready) {
      // Most recently used last: the first tables are the ones dropped.
      this.#tables.delete(entry.file);
      this.#tables.set(entry.file, table);
      return table.name;
    }
    let view = this.#views.get(entry.file);
    if (!view) {
      view = `data_${entry.file.replace(/\.parquet$/, '')}`;
      // The row number (CKAN's _id, the last sort key) is the file's own, 1 for the first row.
      await c.run(
        `CREATE OR REPLACE VIEW ${view} AS SELECT * EXCLUDE (file_row_number), file_row_number + 1 AS ${ROW_COLUMN} FROM read_parquet(${literal(path.join(this.#o.dir, entry.file))}, file_row_number = true)`,
      );
      this.#views.set(entry.file, view);
    }
    if (!table && !this.#closed && this.#o.copyToMemory !== false && entry.rows <= MAX_COPY_ROWS) void this.#copyToMemory(entry.file, view);
    return view;
  }

  /** Copies a file into a table in memory, then drops the least recently used copies over the budget. */
  async #copyToMemory(file: string, view: string): Promise<void> {
    const name = `${view}_mem`;
    const table = { name, ready: false, bytes: 0 };
    this.#tables.set(file, table);
    const c = await this.#connection();
    try {
      if (this.#closed) return;
      const before = await this.#memoryUsed(c);
      await c.run(`CREATE OR REPLACE TABLE ${name} AS SELECT * FROM ${view}`);
      table.bytes = Math.max(0, (await this.#memoryUsed(c)) - before);
      table.ready = true;
      const budget = this.#o.memoryMb * 1048576 * MEMORY_SHARE;
      let total = [...this.#tables.values()].reduce((a, t) => a + t.bytes, 0);
      for (const [f, t] of this.#tables) {
        if (total <= budget) break;
        this.#tables.delete(f);
        total -= t.bytes;
        await c.run(`DROP TABLE IF EXISTS ${t.name}`);
      }
    } catch (err) {
      // Too large for memory, or the engine is short of it: the file is queried from Parquet.
      this.#tables.set(file, { name, ready: false, bytes: 0 });
      console.error(`[data-api] ${file} stays on disk: ${(err as Error).message.split('\n')[0]}`);
      await c.run(`DROP TABLE IF EXISTS ${name}`).catch(() => undefined);
    } finally {
      this.#release(c);
    }
  }

  async #memoryUsed(c: DuckDBConnection): Promise<number> {
    const used = (await c.runAndReadAll('SELECT sum(memory_usage_bytes) AS b FROM duckdb_memory()')).getRowObjectsJson()[0]?.b;
    return Number(used ?? 0);
  }

  #remember(key: string, answer: QueryAnswer): void {
    if (answer.rows.length > CACHE_ANSWER_ROWS) return;
    this.#cache.set(key, answer);
    this.#cachedRows += answer.rows.length + 1;
    for (const [k, v] of this.#cache) {
      if (this.#cachedRows <= CACHE_ROWS) break;
      this.#cache.delete(k);
      this.#cachedRows -= v.rows.length + 1;
    }
  }

  /** The rows a checked spec asks for, and how many there are in all when `includeTotal`. */
  async query(entry: DataManifestEntry, spec: QuerySpec, { includeTotal = false } = {}): Promise<QueryAnswer> {
    const key = JSON.stringify([entry.file, spec, includeTotal]);
    const cached = this.#cache.get(key);
    if (cached) {
      // Most recently used last: the first entries are the ones dropped.
      this.#cache.delete(key);
      this.#cache.set(key, cached);
      return cached;
    }
    if (!existsSync(path.join(this.#o.dir, entry.file))) throw new DataApiError('UNAVAILABLE', `missing ${entry.file}`);
    const answer = await this.#withConnection(async (c) => {
      const view = await this.#view(c, entry);
      const built = buildQuery(spec, entry.columns, view);
      const reader = await c.runAndReadAll(built.sql, built.params);
      const rows = reader.getRowObjectsJson().map((r) => {
        const out: Record<string, JsonCell> = {};
        for (const col of built.columns) out[col.name] = cellOf(r[col.name]);
        return out;
      });
      let total: number | undefined;
      if (includeTotal) {
        // A short first page is already the whole answer.
        if (spec.offset === 0 && rows.length < spec.limit) total = rows.length;
        else total = Number((await c.runAndReadAll(built.countSql, built.params)).getRowObjectsJson()[0]!.n);
      }
      return { columns: built.columns, rows, total };
    });
    this.#remember(key, answer);
    return answer;
  }

  /** The answer of a checked spec as a Parquet file's bytes (written in the data folder, then removed). */
  async parquet(entry: DataManifestEntry, spec: QuerySpec): Promise<Buffer> {
    return this.#withConnection(async (c) => {
      const view = await this.#view(c, entry);
      const built = buildQuery(spec, entry.columns, view);
      const out = path.join(this.#o.dir, '.out', `${randomUUID()}.parquet`);
      try {
        await c.run(`COPY (${built.sql}) TO ${literal(out)} (FORMAT parquet, COMPRESSION zstd)`, built.params);
        return readFileSync(out);
      } finally {
        rmSync(out, { force: true });
      }
    });
  }

  close(): void {
    this.#closed = true;
    for (const c of this.#free) c.closeSync();
    this.#instance.closeSync();
  }
}

let shared: Promise<DataEngine> | undefined;

/** The engine of this process, opened on first use with `options`. */
export function dataEngine(options: () => DataEngineOptions): Promise<DataEngine> {
  shared ??= DataEngine.open(options()).catch((err: unknown) => {
    shared = undefined;
    throw new DataApiError('UNAVAILABLE', `the query engine could not start: ${(err as Error).message}`, { cause: err });
  });
  return shared;
}

/** The engine of the portal server, on the Data API folder and limits of its configuration. */
export const portalDataEngine = (): Promise<DataEngine> => dataEngine(() => dataApiConfig());
