// Publish-to-live: the time from a reviewer publishing a dataset in the CMS to the public seeing it,
// on the whole portal as `npm start` runs it (Directus holding the benchmark's synthetic catalog,
// Meilisearch, the front server and the publish pipeline): the dataset's page answering (the
// pipeline's incremental publish, pipeline/publish-live.ts) and the search page listing it (the
// live-index hook).
import { createItem, deleteItem, updateItem } from '@directus/sdk';
import { DatabaseSync } from 'node:sqlite';
import path from 'node:path';
import { submittedDataset } from '../../catalog-schema/src/examples.ts';
import { directusConfig, type DirectusConfig, type SearchConfig } from '../../platform/config.ts';
import type { CatalogSnapshot } from '../../domain/snapshot.ts';
import { signIn } from '../../cms/src/client.ts';
import { startStack } from '../../pipeline/portal-stack.ts';
import { measurePublishToLive as publishAndWait, publisherIdle } from '../../pipeline/publish-live.ts';
import { summary } from './measure.ts';

export interface PublishToLive {
  /** Published → its page answers on the live site. */
  pageMs: ReturnType<typeof summary>;
  /** Published → the search page lists it. */
  searchMs: ReturnType<typeof summary>;
  /** Pages of the static build the portal served. */
  pages: number;
  /** What the figure covers. */
  scope: string;
}

export interface PublishBenchOptions {
  /** Folder for the stack's databases and builds. */
  workDir: string;
  ports: { directus: number; meili: number; site: number };
  rounds?: number;
  log?: (m: string) => void;
}

/**
 * The datasets and distributions of `snapshot` written into the CMS's SQLite database in place of
 * the demo's (one transaction): the CMS then holds the synthetic catalog the benchmark built, at any
 * size, in seconds (through the API, 100,000 validated writes would take an hour). The values are
 * stored as Directus stores them there: JSON as text, dates as epoch milliseconds, booleans as 0/1.
 */
export function loadIntoCms(dbFile: string, snapshot: CatalogSnapshot): void {
  // The demo's requests and connection requests name demo datasets: they stay, as rows about removed entries would.
  const db = new DatabaseSync(dbFile, { enableForeignKeyConstraints: false });
  try {
    const columns = (table: string) => db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; type: string }[];
    const value = (type: string, v: unknown) => {
      if (v === undefined || v === null) return null;
      if (type === 'json') return JSON.stringify(v);
      if (type === 'date' || type === 'datetime' || type === 'timestamp') return typeof v === 'string' ? Date.parse(v) : null;
      if (type === 'boolean') return v ? 1 : 0;
      return typeof v === 'object' ? JSON.stringify(v) : (v as string | number);
    };
    const insert = (table: string, rows: Record<string, unknown>[]) => {
      const cols = columns(table);
      const stmt = db.prepare(`INSERT INTO ${table} (${cols.map((c) => `"${c.name}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
      for (const r of rows) stmt.run(...cols.map((c) => value(c.type.toLowerCase(), r[c.name])));
    };
    db.exec('BEGIN');
    db.exec('DELETE FROM distributions');
    db.exec('DELETE FROM datasets');
    insert('datasets', snapshot.datasets as unknown as Record<string, unknown>[]);
    insert(
      'distributions',
      snapshot.datasets.flatMap((d) => d.distribution as unknown as Record<string, unknown>[]),
    );
    db.exec('COMMIT');
  } finally {
    db.close();
  }
}

/**
 * Publish-to-live at the benchmark's size: the CMS gets the synthetic catalog (loadIntoCms), and the
 * portal serves the benchmark's own full build of it (`outDir`, `snapshotFile`) with the search
 * index the benchmark made (`search`: its Meilisearch must be stopped first; the stack starts it
 * again on the same folder). A reviewer then publishes a dataset through the CMS, as on the demo.
 */
export async function measurePublishAtSize(o: PublishBenchOptions & { snapshot: CatalogSnapshot; pages: number; outDir: string; snapshotFile: string; search: SearchConfig }): Promise<PublishToLive> {
  const cms = directusConfig({ port: o.ports.directus, dataDir: path.join(o.workDir, 'directus'), dbClient: 'sqlite3' });
  const site = { host: '127.0.0.1', port: o.ports.site, outDir: o.outDir, snapshotFile: o.snapshotFile, logFile: path.join(o.workDir, 'site-server.log') };
  const log = o.log ?? console.log;
  const stack = await startStack({
    cms,
    search: o.search,
    site,
    log: (m) => log(`  [stack] ${m}`),
    reuse: {
      snapshot: o.snapshot,
      pages: o.pages,
      afterCms: () => {
        const t = Date.now();
        loadIntoCms(cms.dbFilename, o.snapshot);
        log(`  CMS: ${o.snapshot.datasets.length} synthetic datasets written in ${((Date.now() - t) / 1000).toFixed(1)} s`);
        return Promise.resolve();
      },
    },
  });
  return rounds(o, cms, stack, `synthetic catalog of ${o.snapshot.datasets.length.toLocaleString('en-US')} datasets`);
}

async function rounds(o: PublishBenchOptions, cms: DirectusConfig, stack: Awaited<ReturnType<typeof startStack>>, what: string): Promise<PublishToLive> {
  const log = o.log ?? console.log;
  const rounds = o.rounds ?? 3;
  try {
    const admin = await signIn(cms.url, cms.adminEmail, cms.adminPassword);
    const page: number[] = [];
    const found: number[] = [];
    for (let i = 0; i < rounds; i++) {
      const title = `Kết quả quan trắc nước mặt kênh Nhiêu Lộc – Thị Nghè đợt ${i + 1}`;
      const { id, ...rest } = submittedDataset('do-cong-bo', title);
      await admin.request(createItem('datasets', { id, ...rest }));
      await publisherIdle(stack.publisher.url, stack.publishSecret);
      const t = await publishAndWait({ reviewer: admin, datasetId: id, siteUrl: stack.site.url, query: title, timeoutMs: 300_000 });
      page.push(t.pageMs);
      found.push(t.searchMs);
      log(`  publish-to-live: round ${i + 1}/${rounds}: page live after ${(t.pageMs / 1000).toFixed(1)} s, in search after ${(t.searchMs / 1000).toFixed(1)} s`);
      await admin.request(updateItem('datasets', id, { status: 'withdrawn' } as never));
      await publisherIdle(stack.publisher.url, stack.publishSecret);
      await admin.request(deleteItem('datasets', id));
      await publisherIdle(stack.publisher.url, stack.publishSecret);
    }
    return {
      pageMs: summary(page),
      searchMs: summary(found),
      pages: stack.build.pages,
      scope: `${what} (${stack.build.pages} pages): reviewer publishes in Directus → page answers on the live site (catalog switched, changed pages rendered on demand) / search lists it (live-index hook)`,
    };
  } finally {
    await stack.stop();
  }
}
