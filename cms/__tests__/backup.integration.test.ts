// Backup and restore round trip on the project's database (SQLite or PostgreSQL, see the project
// name), against a Directus of its own: restoring needs Directus stopped, and the shared one serves
// the other tests.
import { createItem, deleteItem, readItems, updateItem } from '@directus/sdk';
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { catalogCollections } from '../src/access.ts';
import { backupDatabase, backupKind, restoreDatabase } from '../src/backup.ts';
import { signIn } from '../src/client.ts';
import { directusConfig, testPort, type DirectusConfig } from '../../platform/config.ts';
import { startDirectus, type RunningDirectus } from '../src/directus-process.ts';
import { startPostgres, type RunningPostgres } from '../src/postgres.ts';
import { prepareCms } from '../src/setup.ts';
import { seedCatalog } from '../src/seed.ts';

const db = inject('cms').db as 'sqlite3' | 'pg';
const dir = mkdtempSync(path.join(os.tmpdir(), `odp-backup-${db}-`));
let cfg: DirectusConfig;
let directus: RunningDirectus | undefined;
let pg: RunningPostgres | undefined;
const logs: string[] = [];
const log = (m: string) => logs.push(m);

beforeAll(async () => {
  if (db === 'pg') pg = startPostgres(testPort(19260));
  cfg = directusConfig({ port: testPort(18260), dataDir: path.join(dir, 'directus'), dbClient: db, pg: pg?.env });
  const cms = await prepareCms(cfg, { seed: false, log: () => undefined });
  directus = cms.directus;
  await seedCatalog(cms.admin, undefined, () => undefined);
}, 240_000);

afterAll(async () => {
  await directus?.stop();
  pg?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Every item of every catalog collection, by collection, sorted by id. */
async function everything(): Promise<Record<string, unknown[]>> {
  const admin = await signIn(cfg.url, cfg.adminEmail, cfg.adminPassword);
  const out: Record<string, unknown[]> = {};
  for (const c of catalogCollections) {
    const items = (await admin.request(readItems(c as never, { limit: -1, sort: ['id'] } as never))) as unknown[];
    out[c] = items;
  }
  return out;
}

describe(`backup and restore (${db})`, () => {
  it('round-trips: backup while running, change and delete entries, restore, every entry is back as it was', async () => {
    const before = await everything();
    expect(before.datasets!.length).toBeGreaterThan(30);
    expect(before.distributions!.length).toBeGreaterThan(30);

    const file = path.join(dir, 'backups', db === 'pg' ? 'catalog.dump' : 'catalog.db');
    const backup = await backupDatabase(cfg, file, log);
    expect(backupKind(file)).toBe(db);
    expect(backup.bytes).toBeGreaterThan(10_000);
    expect(logs.join('\n')).toMatch(/✓ Đã sao lưu \/ backed up to/);
    await expect(backupDatabase(cfg, file, log)).rejects.toMatchObject({ code: 'BACKUP_EXISTS' });
    // Regression: the database and backups were world-readable (0644) while secrets.json was 0600.
    const mode = (f: string) => statSync(f).mode & 0o777;
    expect(mode(file)).toBe(0o600);
    expect(mode(path.dirname(file))).toBe(0o700);
    expect(mode(cfg.dataDir)).toBe(0o700);
    if (db === 'sqlite3') expect(mode(cfg.dbFilename)).toBe(0o600);

    // Changes after the backup: an edit, deletions, a new entry.
    const admin = await signIn(cfg.url, cfg.adminEmail, cfg.adminPassword);
    const [first, second] = before.datasets as { id: string; title: { vi: string } }[];
    await admin.request(updateItem('datasets', first!.id, { title: { vi: 'Tiêu đề đã bị sửa sau khi sao lưu' } } as never));
    const distribution = (before.distributions as { id: string; dataset: string }[]).find((d) => d.dataset !== second!.id)!;
    await admin.request(deleteItem('distributions', distribution.id));
    for (const d of (before.distributions as { id: string; dataset: string }[]).filter((x) => x.dataset === second!.id)) await admin.request(deleteItem('distributions', d.id));
    await admin.request(deleteItem('datasets', second!.id));
    const { id: _id, ...contact } = (before.contact_points as Record<string, unknown>[])[0]!;
    await admin.request(createItem('contact_points', { ...contact, id: 'moi-sau-sao-luu' }));
    expect(await everything()).not.toEqual(before);

    // Refused while Directus runs; nothing changes.
    await expect(restoreDatabase(cfg, file, log)).rejects.toMatchObject<Record<string, unknown>>({ code: 'DIRECTUS_RUNNING', message: expect.stringMatching(/hãy dừng nó .* stop it/) });

    await directus!.stop();
    directus = undefined;
    const restored = await restoreDatabase(cfg, file, log);
    expect(restored.db).toBe(db);
    if (db === 'sqlite3') expect(statSync(cfg.dbFilename).mode & 0o777).toBe(0o600);
    directus = await startDirectus(cfg, { log: () => undefined });
    expect(await everything()).toEqual(before);
  }, 240_000);

  it('refuses a file that is not a backup, or a backup of the other database, and changes nothing', async () => {
    const junk = path.join(dir, 'not-a-backup.db');
    writeFileSync(junk, 'SQLite? không phải / no');
    await directus?.stop();
    directus = undefined;
    await expect(restoreDatabase(cfg, junk, log)).rejects.toMatchObject<Record<string, unknown>>({ code: 'BACKUP_UNKNOWN', message: expect.stringMatching(/không phải .* neither/) });
    const other = path.join(dir, 'other.bin');
    writeFileSync(other, db === 'pg' ? Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(100)]) : Buffer.from('PGDMP\x01\x0e\x00'));
    await expect(restoreDatabase(cfg, other, log)).rejects.toMatchObject({ code: 'BACKUP_WRONG_DATABASE' });
    await expect(restoreDatabase(cfg, path.join(dir, 'khong-co.db'), log)).rejects.toMatchObject({ code: 'BACKUP_MISSING' });
    directus = await startDirectus(cfg, { log: () => undefined });
    expect((await everything()).datasets!.length).toBeGreaterThan(30);
  }, 240_000);
});
