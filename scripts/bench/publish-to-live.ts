// Publish-to-live: the time from a change saved in the CMS to the public seeing it. What exists
// today is the live-index hook (search/src/live-index.ts): a dataset published or changed in Directus
// is written into the search index. measurePublishToLive times that path on a real Directus; the
// page itself is rebuilt by the next build, so the page swap is not part of the figure yet.
import { createItem, deleteItem, updateItem } from '@directus/sdk';
import { signIn } from '../../cms/src/client.ts';
import { summary } from './measure.ts';

export interface PublishToLive {
  /** Publish a new dataset → it is found by search. */
  publishToSearchMs: ReturnType<typeof summary>;
  /** Change a published dataset's title → search shows the new title. */
  updateToSearchMs: ReturnType<typeof summary>;
  /** What the figure covers. */
  scope: string;
}

interface Target {
  cmsUrl: string;
  adminEmail: string;
  adminPassword: string;
  meiliUrl: string;
  masterKey: string;
  index: string;
}

async function until(check: () => Promise<boolean>, timeoutMs = 30_000): Promise<number> {
  const t = performance.now();
  while (performance.now() - t < timeoutMs) {
    if (await check()) return performance.now() - t;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`not live after ${timeoutMs} ms`);
}

/**
 * `rounds` times: a dataset is created as published, then its title changed; each time, how long
 * until search returns it with that title. To be extended with the page swap of the live site
 * (the page answering with the new title) once publishing rebuilds pages.
 */
export async function measurePublishToLive(t: Target, rounds = 5, log = console.log): Promise<PublishToLive> {
  const admin = await signIn(t.cmsUrl, t.adminEmail, t.adminPassword);
  // The document as the index holds it (searchable once it is there: Meilisearch makes a document
  // visible only when its indexing task has finished).
  const titleOf = async (id: string) => {
    const r = await fetch(`${t.meiliUrl}/indexes/${t.index}/documents/${id}`, { headers: { Authorization: `Bearer ${t.masterKey}` } });
    return r.ok ? ((await r.json()) as { title_vi: string }).title_vi : undefined;
  };
  const publish: number[] = [];
  const update: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const id = `kiem-tra-cong-bo-${Date.now()}-${i}`;
    const title = `Trạm quan trắc nước mặt kênh Nhiêu Lộc – Thị Nghè đợt ${i + 1}`;
    const record = { id, title: { vi: title }, description: { vi: 'Kết quả quan trắc chất lượng nước mặt định kỳ.' }, publisher: 'so-nong-nghiep-moi-truong', accessLevel: 'public', dataKind: ['open'], license: 'cc-by-4.0', containsPersonalData: false, status: 'published' };
    let t0 = performance.now();
    await admin.request(createItem('datasets', record as never));
    await until(async () => (await titleOf(id)) !== undefined);
    publish.push(performance.now() - t0);
    const changed = `${title} (đã hiệu chỉnh)`;
    t0 = performance.now();
    await admin.request(updateItem('datasets', id, { title: { vi: changed } } as never));
    await until(async () => ((await titleOf(id)) ?? '').includes('hiệu chỉnh'));
    update.push(performance.now() - t0);
    await admin.request(deleteItem('datasets', id));
    log(`  publish-to-live: round ${i + 1}/${rounds}: published → searchable ${Math.round(publish.at(-1)!)} ms, changed → searchable ${Math.round(update.at(-1)!)} ms`);
  }
  const round = (xs: number[]) => xs.map((x) => Math.round(x));
  return { publishToSearchMs: summary(round(publish)), updateToSearchMs: summary(round(update)), scope: 'Directus save → document in the search index (live-index hook); the page swap is not measured (pages change at the next build)' };
}
