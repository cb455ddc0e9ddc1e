// Backup and restore of the CMS database, SQLite or PostgreSQL (whichever DB_CLIENT the CMS runs on).
//
// - Backup runs while Directus runs and gives a consistent copy: SQLite's `VACUUM INTO` reads the
//   database in one transaction (https://sqlite.org/lang_vacuum.html#vacuuminto); pg_dump works from
//   one snapshot of the database.
// - Restore is all or nothing and needs Directus stopped (a running Directus keeps the old SQLite
//   file open and caches what it read): SQLite is checked, copied beside the database and renamed
//   over it, the previous file kept as `<file>.before-restore-<time>`; PostgreSQL is restored by
//   pg_restore in a single transaction, so a failed restore leaves the database as it was.
import { spawn } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, openSync, readSync, closeSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import sqlite3 from 'sqlite3';
import { OdpError } from '../../catalog-schema/src/errors.ts';
import { systemEnv, type DirectusConfig } from '../../platform/config.ts';
import { findPostgresBin } from './postgres.ts';

export class BackupError extends OdpError {
  override name = 'BackupError';
}

export type DbKind = 'sqlite3' | 'pg';

export interface BackupResult {
  file: string;
  db: DbKind;
  bytes: number;
  ms: number;
}

type Log = (m: string) => void;

const seconds = (t: number) => `${((Date.now() - t) / 1000).toFixed(1)} s`;
const megabytes = (n: number) => `${(n / 1e6).toFixed(1)} MB`;

/** What a backup file holds, from its first bytes: a SQLite database or a pg_dump archive. */
export function backupKind(file: string): DbKind | undefined {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(16);
    const n = readSync(fd, head, 0, 16, 0);
    if (n >= 16 && head.toString('latin1') === 'SQLite format 3\0') return 'sqlite3';
    if (n >= 5 && head.subarray(0, 5).toString('latin1') === 'PGDMP') return 'pg';
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** The default name of a new backup: `<dir>/directus-<db>-<UTC time>.<db|dump>`. */
export function backupFileName(dir: string, db: DbKind, now = new Date()): string {
  const stamp = now.toISOString().replace(/[:.]/g, '-').replace(/Z$/, 'Z');
  return path.join(dir, `directus-${db === 'pg' ? 'postgresql' : 'sqlite'}-${stamp}.${db === 'pg' ? 'dump' : 'db'}`);
}

function openDb(file: string, mode: number): Promise<sqlite3.Database> {
  return new Promise((resolve, reject) => {
    const db = new sqlite3.Database(file, mode, (err) => (err ? reject(err) : resolve(db)));
  });
}
const all = (db: sqlite3.Database, sql: string, params: unknown[] = []) =>
  new Promise<Record<string, unknown>[]>((resolve, reject) => db.all(sql, params, (err, rows) => (err ? reject(err) : resolve(rows as Record<string, unknown>[]))));
const run = (db: sqlite3.Database, sql: string, params: unknown[] = []) => new Promise<void>((resolve, reject) => db.run(sql, params, (err) => (err ? reject(err) : resolve())));
const close = (db: sqlite3.Database) => new Promise<void>((resolve) => db.close(() => resolve()));

/** Checks a SQLite file is whole and is a Directus database; returns its number of tables. */
async function checkSqlite(file: string): Promise<number> {
  const db = await openDb(file, sqlite3.OPEN_READONLY);
  try {
    const [check] = await all(db, 'PRAGMA integrity_check');
    if (check?.integrity_check !== 'ok') throw new BackupError('BACKUP_CORRUPT', `Tệp sao lưu bị hỏng / the backup ${file} is damaged: ${JSON.stringify(check)}`);
    const tables = (await all(db, "SELECT name FROM sqlite_master WHERE type = 'table'")).map((r) => String(r.name));
    if (!tables.includes('directus_collections')) throw new BackupError('BACKUP_NOT_DIRECTUS', `Tệp không phải cơ sở dữ liệu Directus / ${file} is not a Directus database`);
    return tables.length;
  } finally {
    await close(db);
  }
}

/** Runs a PostgreSQL client program; its stderr lines go to `onLine` (progress). */
function pgTool(tool: 'pg_dump' | 'pg_restore', args: string[], env: Record<string, string>, onLine: (l: string) => void): Promise<void> {
  const bin = findPostgresBin();
  if (!bin) throw new BackupError('POSTGRES_MISSING', `Không tìm thấy ${tool} / ${tool} not found: install Debian's postgresql (apt-get install postgresql).`);
  const child = spawn(path.join(bin, tool), args, { env: { PATH: systemEnv().PATH ?? '', PGPASSWORD: env.DB_PASSWORD ?? '', PGCONNECT_TIMEOUT: '10' }, stdio: ['ignore', 'ignore', 'pipe'] });
  let rest = '';
  const errors: string[] = [];
  child.stderr.on('data', (b: Buffer) => {
    const lines = (rest + b.toString()).split('\n');
    rest = lines.pop() ?? '';
    for (const l of lines) {
      if (/error|fatal/i.test(l)) errors.push(l);
      onLine(l);
    }
  });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve();
      else reject(new BackupError(tool === 'pg_dump' ? 'BACKUP_FAILED' : 'RESTORE_FAILED', `${tool} thất bại / failed (exit ${code}):\n${[...errors, rest].filter(Boolean).slice(-10).join('\n')}`));
    });
  });
}

const pgConnection = (env: Record<string, string>) => ['-h', env.DB_HOST ?? '127.0.0.1', '-p', env.DB_PORT ?? '5432', '-U', env.DB_USER ?? 'directus', '-d', env.DB_DATABASE ?? 'directus'];

/** A consistent copy of the CMS database in `file` (which must not exist yet), while Directus runs or not. */
export async function backupDatabase(cfg: DirectusConfig, file: string, log: Log = console.log): Promise<BackupResult> {
  const t = Date.now();
  if (existsSync(file)) throw new BackupError('BACKUP_EXISTS', `Tệp đã có, không ghi đè / ${file} already exists; it is not overwritten. Chọn tên khác / choose another name.`);
  // A backup holds every account and unpublished entry: readable by its owner only, like the
  // database itself (a fresh folder is made 700; a folder the operator chose keeps its mode).
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const partial = `${file}.partial`;
  rmSync(partial, { force: true });
  closeSync(openSync(partial, 'wx', 0o600));
  try {
    if (cfg.dbClient === 'sqlite3') {
      if (!existsSync(cfg.dbFilename)) throw new BackupError('DATABASE_MISSING', `Không có cơ sở dữ liệu / no database at ${cfg.dbFilename}: start the CMS once (npm start).`);
      log(`Sao lưu / backing up SQLite ${cfg.dbFilename} (${megabytes(statSync(cfg.dbFilename).size)})…`);
      const db = await openDb(cfg.dbFilename, sqlite3.OPEN_READONLY);
      try {
        await run(db, 'VACUUM INTO ?', [partial]);
      } finally {
        await close(db);
      }
      const tables = await checkSqlite(partial);
      log(`  ${tables} tables copied and checked (integrity ok) in ${seconds(t)}`);
    } else {
      log(`Sao lưu / backing up PostgreSQL ${cfg.env.DB_DATABASE}@${cfg.env.DB_HOST}:${cfg.env.DB_PORT} with pg_dump…`);
      let tables = 0;
      await pgTool('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', '--verbose', '--file', partial, ...pgConnection(cfg.env)], cfg.env, (l) => {
        if (/dumping contents of table/.test(l) && ++tables % 20 === 0) log(`  ${tables} tables…`);
      });
      log(`  ${tables} tables dumped in ${seconds(t)}`);
    }
    chmodSync(partial, 0o600);
    renameSync(partial, file);
  } catch (err) {
    rmSync(partial, { force: true });
    if (err instanceof BackupError) throw err;
    throw new BackupError('BACKUP_FAILED', `Sao lưu thất bại / the backup failed: ${(err as Error).message}`, { cause: err });
  }
  const bytes = statSync(file).size;
  log(`✓ Đã sao lưu / backed up to ${file} (${megabytes(bytes)}) in ${seconds(t)}`);
  return { file, db: cfg.dbClient, bytes, ms: Date.now() - t };
}

async function directusAnswers(url: string): Promise<boolean> {
  try {
    await fetch(`${url}/server/ping`, { signal: AbortSignal.timeout(1500) });
    return true;
  } catch {
    return false;
  }
}

/** Replaces the CMS database with the backup in `file`. Directus must be stopped. */
export async function restoreDatabase(cfg: DirectusConfig, file: string, log: Log = console.log): Promise<BackupResult> {
  const t = Date.now();
  if (!existsSync(file)) throw new BackupError('BACKUP_MISSING', `Không thấy tệp sao lưu / no backup file at ${file}`);
  const kind = backupKind(file);
  if (!kind) throw new BackupError('BACKUP_UNKNOWN', `Tệp không phải bản sao lưu SQLite hay PostgreSQL / ${file} is neither a SQLite database nor a pg_dump archive; nothing was changed.`);
  if (kind !== cfg.dbClient) {
    throw new BackupError(
      'BACKUP_WRONG_DATABASE',
      `Bản sao lưu của ${kind === 'pg' ? 'PostgreSQL' : 'SQLite'} nhưng CMS dùng ${cfg.dbClient === 'pg' ? 'PostgreSQL' : 'SQLite'} / the backup is of ${kind} but the CMS runs on ${cfg.dbClient} (DB_CLIENT); nothing was changed.`,
    );
  }
  if (await directusAnswers(cfg.url)) {
    throw new BackupError(
      'DIRECTUS_RUNNING',
      `Directus đang chạy tại ${cfg.url}; hãy dừng nó trước khi phục hồi / Directus is running at ${cfg.url}: stop it (Ctrl-C in npm start) before restoring; nothing was changed.`,
    );
  }
  if (kind === 'sqlite3') {
    const tables = await checkSqlite(file);
    log(`Phục hồi / restoring SQLite ${cfg.dbFilename} from ${file} (${tables} tables, integrity ok)…`);
    mkdirSync(path.dirname(cfg.dbFilename), { recursive: true });
    const incoming = `${cfg.dbFilename}.restoring`;
    copyFileSync(file, incoming);
    chmodSync(incoming, 0o600);
    if (existsSync(cfg.dbFilename)) {
      const kept = `${cfg.dbFilename}.before-restore-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      copyFileSync(cfg.dbFilename, kept);
      chmodSync(kept, 0o600);
      log(`  the database as it was is kept in ${kept}`);
    }
    // The journal files belong to the old database.
    for (const suffix of ['-wal', '-shm', '-journal']) rmSync(cfg.dbFilename + suffix, { force: true });
    renameSync(incoming, cfg.dbFilename);
  } else {
    log(`Phục hồi / restoring PostgreSQL ${cfg.env.DB_DATABASE}@${cfg.env.DB_HOST}:${cfg.env.DB_PORT} from ${file} with pg_restore (one transaction)…`);
    let items = 0;
    await pgTool('pg_restore', ['--clean', '--if-exists', '--no-owner', '--no-privileges', '--single-transaction', '--exit-on-error', '--verbose', ...pgConnection(cfg.env), file], cfg.env, (l) => {
      if (/processing data for table/.test(l) && ++items % 20 === 0) log(`  ${items} tables…`);
    });
    log(`  ${items} tables restored`);
  }
  const bytes = statSync(file).size;
  log(`✓ Đã phục hồi / restored from ${file} in ${seconds(t)}; khởi động lại CMS / start the CMS again (npm start).`);
  return { file, db: kind, bytes, ms: Date.now() - t };
}
