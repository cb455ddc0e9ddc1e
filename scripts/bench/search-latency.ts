// Search latency over realistic Vietnamese queries: Meilisearch's own processing time (the same
// multi-search the portal's server route sends) and end to end through the route /search/?q=.
import type { CatalogSnapshot } from '../../domain/snapshot.ts';
import { buildMultiSearch, emptyState, type SearchIndexes } from '../../search/src/query.ts';
import { prng } from './synthetic-catalog.ts';
import { summary } from './measure.ts';

/** Strips Vietnamese diacritics, as people type without an input method ("giao thong"). */
function plain(s: string): string {
  return s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D');
}

/**
 * `n` queries drawn from the catalog the way people search: a keyword, a place, a topic with a
 * place, words of a title, the same without diacritics, and a few with a typing slip.
 */
export function benchQueries(s: CatalogSnapshot, n = 300, seed = 7): string[] {
  const r = prng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
  const keywords = [...new Set(s.datasets.slice(0, 5000).flatMap((d) => d.keyword?.vi ?? []))];
  const places = [...new Set(s.codeListEntries.map((e) => e.label.vi.replace(/^(Phường|Xã|Đặc khu|Thành phố|Tỉnh) /, '')))];
  const titles = s.datasets.slice(0, 5000).map((d) => d.title.vi.split(' – ')[0]!);
  const out: string[] = [];
  while (out.length < n) {
    const k = out.length % 6;
    let q: string;
    if (k === 0) q = pick(keywords);
    else if (k === 1) q = pick(places);
    else if (k === 2) q = `${pick(keywords)} ${pick(places)}`;
    else if (k === 3)
      q = pick(titles)
        .split(' ')
        .slice(0, 2 + Math.floor(r() * 3))
        .join(' ');
    else if (k === 4) q = plain(`${pick(keywords)} ${pick(places)}`).toLowerCase();
    else {
      const w = pick(keywords);
      const i = 1 + Math.floor(r() * Math.max(1, w.length - 2));
      q = w.slice(0, i) + w.slice(i + 1); // one letter dropped
    }
    out.push(q.normalize('NFC'));
  }
  return out;
}

export interface LatencyResult {
  queries: number;
  meiliProcessingMs: ReturnType<typeof summary>;
  endToEndMs: ReturnType<typeof summary>;
  errors: number;
}

/** Runs every query once against Meilisearch directly and once through the site's search route. */
export async function measureSearchLatency(o: { meiliUrl: string; searchKey: string; indexes: SearchIndexes; siteUrl: string; queries: string[]; log: (m: string) => void }): Promise<LatencyResult> {
  const processing: number[] = [];
  const endToEnd: number[] = [];
  let errors = 0;
  // Warm-up: the first queries pay for opening the index files.
  for (const q of o.queries.slice(0, 20))
    await fetch(`${o.siteUrl}/search/?q=${encodeURIComponent(q)}`)
      .then((r) => r.arrayBuffer())
      .catch(() => undefined);
  for (const [i, q] of o.queries.entries()) {
    const body = buildMultiSearch({ ...emptyState(), q }, o.indexes);
    const r = await fetch(`${o.meiliUrl}/multi-search`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${o.searchKey}` }, body: JSON.stringify(body) });
    if (!r.ok) errors++;
    else {
      const res = (await r.json()) as { results: { processingTimeMs: number }[] };
      // The route sends one multi-search; Meilisearch runs its queries one after another, so the
      // processing time of the request is their sum.
      processing.push(res.results.reduce((a, x) => a + x.processingTimeMs, 0));
    }
    // A failed request is counted as an error, not the end of the run.
    const t = performance.now();
    const ok = await fetch(`${o.siteUrl}/search/?q=${encodeURIComponent(q)}`).then(
      async (page) => (await page.arrayBuffer(), page.ok),
      () => false,
    );
    endToEnd.push(performance.now() - t);
    if (!ok) errors++;
    if ((i + 1) % 100 === 0) o.log(`  search: ${i + 1}/${o.queries.length} queries (${Math.round(((i + 1) / o.queries.length) * 100)}%)`);
  }
  return { queries: o.queries.length, meiliProcessingMs: summary(processing), endToEndMs: summary(endToEnd.map((x) => Math.round(x * 10) / 10)), errors };
}
