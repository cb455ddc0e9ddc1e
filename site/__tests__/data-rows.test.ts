// The rows page without JavaScript: the seed's ward table loaded by the ingest and queried by the
// engine as the server route asks it, and data that is not open refused as the Data API refuses it.
import { describe, expect, it } from 'vitest';
import { dataEngineFor } from './data-engine-fixture.ts';
import { seedSnapshot } from '../../pipeline/__tests__/fixtures.ts';
import type { DataRouteServer } from '../src/lib/data-route.ts';
import { rowsPageState, rowsPath } from '../src/lib/data-rows.ts';
import { buildPortal } from '../src/lib/portal.ts';

const base = 'https://data.example.gov.vn';
const snapshot = seedSnapshot();
snapshot.datasets = snapshot.datasets.filter((d) => d.id === 'dan-so-theo-phuong-xa');
const portal = buildPortal(snapshot);
const closed = structuredClone(snapshot);
closed.datasets[0]!.accessLevel = 'agencies';
const closedPortal = buildPortal(closed);

const fixture = dataEngineFor(snapshot, 'data-rows');

const server = (p = portal): DataRouteServer => ({ portal: () => p, data: () => Promise.resolve(fixture.engine()) });
const rows = (query: string, p = portal, distribution = 'dan-so-theo-phuong-xa-csv') =>
  rowsPageState('dan-so-theo-phuong-xa', distribution, new URL(`${rowsPath('vi', 'dan-so-theo-phuong-xa', distribution)}?${query}`, base), server(p));

describe('the rows page', () => {
  it('is at /datasets/<id>/rows/<distribution>/ in Vietnamese and under /en/ in English', () => {
    expect(rowsPath('vi', 'a', 'b')).toBe('/datasets/a/rows/b/');
    expect(rowsPath('en', 'a', 'b', new URLSearchParams('q=x'))).toBe('/en/datasets/a/rows/b/?q=x');
  });

  it('finds a ward past the file’s first 100 rows with a search without diacritics', async () => {
    const s = await rows('q=can gio');
    expect(s.status).toBe(200);
    expect(s.rows.map((r) => r.ten_phuong)).toEqual(['Xã Cần Giờ']);
    expect(s.page).toMatchObject({ total: 1, from: 1, to: 1 });
  });

  it('sorts the whole file and pages through it', async () => {
    const first = await rows('sort=-dien_tich_km2&limit=50');
    expect(first.page).toMatchObject({ total: 168, pages: 4, nextOffset: 50 });
    const areas = first.rows.map((r) => r.dien_tich_km2 as number);
    expect(areas).toEqual([...areas].sort((a, b) => b - a));
    const last = await rows('sort=-dien_tich_km2&limit=50&offset=150');
    expect(last.rows).toHaveLength(18);
    expect(last.page).toMatchObject({ page: 4, prevOffset: 100 });
    expect(Math.min(...areas)).toBeGreaterThanOrEqual(Math.max(...last.rows.map((r) => r.dien_tich_km2 as number)));
  });

  it('keeps column filters of the address', async () => {
    const s = await rows('loai_don_vi=Xã&q=binh');
    expect(s.view.filters).toEqual([['loai_don_vi', 'Xã']]);
    expect(s.rows.length).toBeGreaterThan(1);
    expect(s.rows.every((r) => r.loai_don_vi === 'Xã')).toBe(true);
  });

  it('answers 400 with each problem named by its field, in Vietnamese and English, and the columns for the form', async () => {
    const s = await rows('sort=khong_co&limit=5000&dan_so_trung_binh_nguoi.gte=nhieu');
    expect(s.status).toBe(400);
    expect(s.rows).toEqual([]);
    expect(s.problems.map((p) => p.field).sort()).toEqual(['filters', 'limit', 'sort']);
    expect(s.problems.every((p) => p.message_vi && p.message_en)).toBe(true);
    expect(s.columns.map((c) => c.name)).toContain('ten_phuong');
  });

  it('never reads the rows of a dataset that is not open, even when its file was loaded', async () => {
    const s = await rows('q=can gio', closedPortal);
    expect(s.status).toBe(403);
    expect(s.error).toBe('NOT_OPEN');
    expect(s.rows).toEqual([]);
    expect(s.columns).toEqual([]);
    expect(s.view.q).toBe('');
  });

  it('says a file is not in the Data API (an XML file never is), and a file of no dataset is not found', async () => {
    const xml = await rows('', portal, 'dan-so-theo-phuong-xa-xml');
    expect([xml.status, xml.error]).toEqual([404, 'NOT_LOADED']);
    const none = await rows('', portal, 'khong-co');
    expect(none.distribution).toBeUndefined();
    expect(none.status).toBe(404);
  });
});
