// The precision suite: realistic queries with the datasets a native speaker judges relevant
// (precision-queries.json), against a real Meilisearch with the demo catalog, through the request
// the portal sends. Measures precision at 3 and 10, recall at 10 and how many results come back;
// then the queries people found noisy, through the search page's request and through CKAN's
// package_search.
import { describe, expect, inject, it } from 'vitest';
import { seedSnapshot } from '../../pipeline/__tests__/fixtures.ts';
import { ckanResponse, type MeiliAnswer } from '../../site/src/lib/ckan.ts';
import { buildPortal } from '../../site/src/lib/portal.ts';
import { fold } from '../../domain/vietnamese.ts';
import { buildMultiSearch, emptyState, HIGHLIGHT_POST, HIGHLIGHT_PRE, readMultiSearch, type OtherHit } from '../src/query.ts';
import { figures, judgedQueries, summary, type QueryFigures } from './precision-metrics.ts';

const meili = inject('meili');
const headers = { 'Content-Type': 'application/json', Authorization: `Bearer ${meili.key}` };

async function search(q: string) {
  const res = await fetch(`${meili.url}/multi-search`, { method: 'POST', headers, body: JSON.stringify(buildMultiSearch({ ...emptyState(), q }, meili.indexes)) });
  expect(res.status).toBe(200);
  const read = readMultiSearch((await res.json()) as { results: unknown[] }, q);
  return { ...read, ids: read.res.hits.map((h) => h.id), total: read.res.totalHits };
}

/** CKAN's package_search as the portal answers it, over the demo catalog and the real index. */
const portal = buildPortal(seedSnapshot());
async function packageSearch(q: string, rows = 10): Promise<{ count: number; names: string[] }> {
  const url = new URL(`https://data.example.gov.vn/api/3/action/package_search?q=${encodeURIComponent(q)}&rows=${rows}`);
  const server = {
    portal: () => portal,
    search: async (body: Record<string, unknown>) => {
      const r = await fetch(`${meili.url}/indexes/${meili.indexes.datasets}/search`, { method: 'POST', headers, body: JSON.stringify(body) });
      return { ok: true as const, res: (await r.json()) as MeiliAnswer };
    },
  };
  const res = await ckanResponse('package_search', new Request(url), url, 'https://data.example.gov.vn/', server);
  const body = (await res.json()) as { result: { count: number; results: { name: string }[] } };
  return { count: body.result.count, names: body.result.results.map((d) => d.name) };
}

describe('precision suite', () => {
  it('meets its targets: precision at 3 ≥ 0.9, no irrelevant first result, recall at 10 ≥ 0.95', async () => {
    const all: QueryFigures[] = [];
    for (const j of judgedQueries) {
      const { ids, total } = await search(j.q);
      all.push(figures(j, ids, total));
    }
    const s = summary(all, (q) => {
      const j = judgedQueries.find((x) => x.q === q)!;
      return j.relevant.length + (j.related?.length ?? 0);
    });
    console.log(`[precision] ${s.queries} queries: P@3 ${s.p3}, P@10 ${s.p10}, R@10 ${s.r10}, ${s.results} results for ${s.judged} judged relevant or related`);
    for (const x of all.filter((f) => f.p3 < 1 || f.p10 < 1 || f.r10 < 1))
      console.log(`[precision] ${x.q}: P@3 ${x.p3.toFixed(2)} P@10 ${x.p10.toFixed(2)} R@10 ${x.r10.toFixed(2)} n=${x.total} ${x.top.join(', ')}`);
    expect(judgedQueries.length).toBeGreaterThanOrEqual(40);
    expect(s.wrongFirst).toEqual([]);
    expect(s.p3).toBeGreaterThanOrEqual(0.9);
    expect(s.r10).toBeGreaterThanOrEqual(0.95);
  });
});

const transport = [
  'tai-nan-giao-thong-tong-hop',
  'ket-cau-ha-tang-giao-thong-duong-bo',
  'tuyen-xe-buyt',
  'diem-dung-xe-buyt',
  'bai-giu-xe',
  'tram-sac-xe-dien',
  'via-he-su-dung-tam-thoi-phuong-sai-gon',
  'diem-ngap-do-mua-trieu-cuong',
  // Shared with agencies only: described on the portal, so found (domain/visibility.ts).
  'camera-giam-sat-giao-thong',
  'vi-pham-giao-thong-qua-hinh-anh',
  'vi-tri-xe-buyt-thoi-gian-thuc',
];

describe('regression: queries whose results were mostly noise', () => {
  it('"ho tro doanh nghiep" (business support) no longer leads with waste collection points', async () => {
    for (const r of [(await search('ho tro doanh nghiep')).ids, (await packageSearch('ho tro doanh nghiep')).names]) {
      expect(r).not.toContain('diem-thu-gom-rac');
      expect(r.every((id) => id === 'doanh-nghiep-dang-ky-thanh-lap-moi')).toBe(true);
    }
  });

  it('"nha o xa hoi" (social housing) finds nothing rather than the population by ward', async () => {
    expect((await search('nha o xa hoi')).ids).toEqual([]);
    expect((await packageSearch('nha o xa hoi')).count).toBe(0);
  });

  it('"gia xang" (petrol price) puts the petrol stations first, and land prices nowhere', async () => {
    for (const r of [(await search('gia xang')).ids, (await packageSearch('gia xang')).names]) {
      expect(r[0]).toBe('cua-hang-xang-dau');
      expect(r).not.toContain('bang-gia-dat');
    }
  });

  it('"cong vien", "thong tin lien he", "du lieu giao thong" match the datasets about them, not half the catalog', async () => {
    const parks = await search('cong vien');
    expect(parks.ids[0]).toBe('cong-vien-cay-xanh');
    expect(parks.total).toBeLessThanOrEqual(2);
    const contact = await search('thong tin lien he');
    expect(contact.ids).toEqual(['tru-so-cong-an-phuong-xa']);
    const traffic = await search('du lieu giao thong');
    expect([...traffic.ids].sort()).toEqual([...transport].sort());
    expect((await packageSearch('du lieu giao thong', 100)).count).toBe(transport.length);
  });

  it('"also found" has only entries with every word: no agency without them, no ward named "Du"', async () => {
    const { others } = await search('du lieu giao thong');
    const all: OtherHit[] = [...others.service.hits, ...others.agency.hits, ...others.code.hits];
    expect(all.length).toBeGreaterThan(0);
    expect(others.code.hits).toEqual([]);
    for (const h of all) {
      const text = fold(
        Object.values(h)
          .filter((v): v is string => typeof v === 'string')
          .join(' '),
      );
      expect(text, h.title_vi).toContain('giao thong');
    }
  });

  it('highlights mark the words searched for, not "tháng", "tổng" or "thống" for "thông"', async () => {
    const { res } = await search('du lieu giao thong');
    const marked = new Set<string>();
    for (const h of res.hits) {
      for (const v of Object.values((h as { _formatted?: Record<string, unknown> })._formatted ?? {})) {
        if (typeof v === 'string') for (const m of v.matchAll(new RegExp(`${HIGHLIGHT_PRE}([^${HIGHLIGHT_POST}]*)${HIGHLIGHT_POST}`, 'g'))) marked.add(m[1]!.toLowerCase());
      }
    }
    expect([...marked]).toEqual(['giao thông']);
  });

  it('exact diacritics still rank first, and folding still finds "ha noi" for "Hà Nội"', async () => {
    // "nhà thuốc" (pharmacy) is not "trực thuộc" (under), which folds to the same syllable.
    expect((await search('nhà thuốc')).ids).toEqual(['nha-thuoc-dat-chuan-gpp']);
    expect((await search('ha noi')).others.code.hits.map((h) => h.title_vi)).toContain('Thành phố Hà Nội');
    expect((await search('can gio')).ids.sort()).toEqual(['diem-sat-lo-bo-song-bo-bien-can-gio', 'nuoi-trong-thuy-san-can-gio']);
  });

  it('a typo or a word the catalog does not use still finds the rest, and says so', async () => {
    const typo = await search('benh vein');
    expect(typo.tier).toBe('relaxed');
    expect(typo.ids[0]).toBe('co-so-kham-chua-benh');
    expect((await search('bệnh viện')).tier).toBe('exact');
  });
});
