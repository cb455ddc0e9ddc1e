// The relevance suite: Vietnamese queries as people type them, against a real Meilisearch with the
// demo catalog, through the same request the portal sends. Each names the result expected on top
// (or among the first few).
import { describe, expect, inject, it } from 'vitest';
import { buildMultiSearch, emptyState, readMultiSearch, type SearchState } from '../src/query.ts';

const meili = inject('meili');

async function search(q: string, change: Partial<SearchState> = {}) {
  const res = await fetch(`${meili.url}/multi-search`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${meili.key}` },
    body: JSON.stringify(buildMultiSearch({ ...emptyState(), q, ...change }, meili.indexes)),
  });
  expect(res.status).toBe(200);
  const { res: datasets, others } = readMultiSearch((await res.json()) as { results: unknown[] }, q);
  const ids = (hits: { id: string }[]) => hits.map((h) => h.id);
  return { datasets: ids(datasets.hits), services: ids(others.service.hits), agencies: ids(others.agency.hits), codes: ids(others.code.hits) };
}

// [query, expected dataset id, within the first n results]
const datasetCases: [string, string, number][] = [
  // without diacritics
  ['du lieu giao thong', 'ket-cau-ha-tang-giao-thong-duong-bo', 3],
  ['xe buyt', 'tuyen-xe-buyt', 2],
  ['tuyen xe buyt', 'tuyen-xe-buyt', 1],
  ['cho truyen thong', 'cho-truyen-thong', 1],
  ['gia dat', 'bang-gia-dat', 1],
  ['chat luong khong khi', 'chat-luong-khong-khi-quan-trac-tu-dong', 1],
  ['muc nuoc trieu', 'muc-nuoc-trieu', 1],
  ['benh vien', 'co-so-kham-chua-benh', 1],
  ['nha thuoc', 'nha-thuoc-dat-chuan-gpp', 1],
  ['dan so phuong xa', 'dan-so-theo-phuong-xa', 1],
  ['diem chuan lop 10', 'diem-chuan-tuyen-sinh-lop-10', 1],
  ['thu tuc hanh chinh', 'thu-tuc-hanh-chinh', 2],
  ['sat lo can gio', 'diem-sat-lo-bo-song-bo-bien-can-gio', 1],
  // with diacritics
  ['trạm sạc xe điện', 'tram-sac-xe-dien', 1],
  ['ngập triều cường', 'diem-ngap-do-mua-trieu-cuong', 1],
  ['thủy sản', 'nuoi-trong-thuy-san-can-gio', 1],
  ['di tích', 'di-tich-lich-su-van-hoa', 1],
  ['xăng dầu', 'cua-hang-xang-dau', 1],
  ['rác thải', 'diem-thu-gom-rac', 1],
  // tone placement, old and new ("thủy" / "thuỷ", "hóa" / "hoá")
  ['thuỷ văn', 'muc-nuoc-trieu', 1],
  ['nhà văn hoá', 'nha-van-hoa-thu-vien', 1],
  ['thủy văn', 'muc-nuoc-trieu', 1],
  // abbreviations and synonyms (search/synonyms.json)
  ['CSDL giao thông', 'ket-cau-ha-tang-giao-thong-duong-bo', 1],
  ['UBND phường Bến Thành', 'nha-ve-sinh-cong-cong-phuong-ben-thanh', 3],
  ['THPT', 'diem-chuan-tuyen-sinh-lop-10', 2],
  ['CPI', 'chi-so-gia-tieu-dung', 1],
  ['GRDP', 'tang-truong-grdp', 1],
  ['xe bus', 'tuyen-xe-buyt', 2],
  // typos
  ['benh vein', 'co-so-kham-chua-benh', 1],
  ['khách sạm', 'co-so-luu-tru-du-lich', 2],
  ['quan trac moi truong', 'chat-luong-khong-khi-quan-trac-tu-dong', 2],
  ['thu vien', 'nha-van-hoa-thu-vien', 1],
  // multi-word phrases
  ['doanh nghiệp thành lập mới', 'doanh-nghiep-dang-ky-thanh-lap-moi', 1],
  ['an toàn thực phẩm', 'an-toan-thuc-pham-tong-hop', 1],
  ['giấy phép xây dựng', 'giay-phep-xay-dung-theo-phuong', 1],
  ['lượng khách du lịch', 'luong-khach-du-lich', 1],
  // agency names
  ['Sở Y tế', 'co-so-kham-chua-benh', 3],
  ['so giao duc', 'truong-hoc-cac-cap', 2],
  ['Cục Thống kê', 'dan-so-theo-phuong-xa', 3],
];

describe('Vietnamese relevance: datasets', () => {
  it.each(datasetCases)('"%s" finds %s in the first %i', async (q, id, n) => {
    const { datasets } = await search(q);
    expect(datasets.slice(0, n), `top: ${datasets.slice(0, 5).join(', ')}`).toContain(id);
  });
});

describe('Vietnamese relevance: exact diacritics first', () => {
  it('"đường" ranks a title with đường above titles with only dương / đương', async () => {
    const { datasets } = await search('đường bộ');
    expect(datasets[0]).toMatch(/duong-bo|giao-thong/);
  });
  it('"thuỷ sản" and "thủy sản" give the same first result', async () => {
    expect((await search('thuỷ sản')).datasets[0]).toBe((await search('thủy sản')).datasets[0]);
  });
});

describe('one box for everything', () => {
  it('finds the data service next to the datasets', async () => {
    const r = await search('xe buýt');
    expect(r.services[0]).toBe('api-du-lieu-xe-buyt');
    expect(r.datasets).toContain('tuyen-xe-buyt');
  });
  it('finds agencies by name and by abbreviation', async () => {
    expect((await search('Sở Khoa học và Công nghệ')).agencies[0]).toBe('so-khcn');
    expect((await search('UBND phường Sài Gòn')).agencies).toContain('ubnd-phuong-sai-gon');
  });
  it('a ward name finds its code-list entry, with or without diacritics', async () => {
    expect((await search('Bến Thành')).codes).toContain('don-vi-hanh-chinh-2026-26743');
    expect((await search('phuong ben thanh')).codes[0]).toBe('don-vi-hanh-chinh-2026-26743');
  });
  it('a code finds its entry', async () => {
    expect((await search('26743')).codes[0]).toBe('don-vi-hanh-chinh-2026-26743');
  });
});

describe('facets people use', () => {
  it('narrow by place (ward code) and keyword', async () => {
    const all = (await search('')).datasets;
    const place = (await search('', { filters: { ...emptyState().filters, place: ['26743'] } })).datasets;
    expect(place.length).toBeGreaterThan(0);
    expect(place.length).toBeLessThan(all.length);
    // The routes (open) and the buses' real-time positions (shared with agencies, described publicly).
    expect([...(await search('', { filters: { ...emptyState().filters, keyword: ['xe buýt'] } })).datasets].sort()).toEqual(['tuyen-xe-buyt', 'vi-tri-xe-buyt-thoi-gian-thuc']);
  });
});
