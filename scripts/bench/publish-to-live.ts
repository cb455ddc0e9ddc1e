// Publish-to-live: the time from a reviewer publishing a dataset in the CMS to the public seeing it,
// on the whole portal as `npm start` runs it (Directus with the demo catalog, Meilisearch, the front
// server and the publish pipeline): the dataset's page answering (the pipeline's rebuild and swap,
// pipeline/publish-live.ts) and the search page listing it (the live-index hook).
import { createItem, deleteItem, updateItem } from '@directus/sdk';
import path from 'node:path';
import { submittedDataset } from '../../catalog-schema/src/examples.ts';
import { directusConfig, searchConfig } from '../../platform/config.ts';
import { signIn } from '../../cms/src/client.ts';
import { startStack } from '../../pipeline/portal-stack.ts';
import { measurePublishToLive as publishAndWait, publisherIdle } from '../../pipeline/publish-live.ts';
import { summary } from './measure.ts';

export interface PublishToLive {
  /** Published → its page answers on the live site (rebuild and swap). */
  pageMs: ReturnType<typeof summary>;
  /** Published → the search page lists it. */
  searchMs: ReturnType<typeof summary>;
  /** Pages of each rebuild. */
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

/** `rounds` times: a submitted dataset is published by a reviewer; timed until page and search show it. */
export async function measurePublishToLive(o: PublishBenchOptions): Promise<PublishToLive> {
  const log = o.log ?? console.log;
  const rounds = o.rounds ?? 3;
  const cms = directusConfig({ port: o.ports.directus, dataDir: path.join(o.workDir, 'directus'), dbClient: 'sqlite3' });
  const search = searchConfig({ port: o.ports.meili, dataDir: path.join(o.workDir, 'meilisearch') });
  const site = {
    host: '127.0.0.1',
    port: o.ports.site,
    outDir: path.join(o.workDir, 'site'),
    snapshotFile: path.join(o.workDir, 'catalog', 'snapshot.json'),
    logFile: path.join(o.workDir, 'site-server.log'),
  };
  const stack = await startStack({ cms, search, site, log: (m) => log(`  [stack] ${m}`) });
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
      scope: `demo catalog (${stack.build.pages} pages): reviewer publishes in Directus → page answers on the live site (full rebuild and swap) / search lists it (live-index hook)`,
    };
  } finally {
    await stack.stop();
  }
}
