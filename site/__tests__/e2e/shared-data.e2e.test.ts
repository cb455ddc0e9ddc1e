// The catalog of shared data as an anonymous reader meets it, in Chromium against the served site and
// over HTTP against its Directus: the descriptions of shared and master data and of every sharing
// service are public, with who may use them and how to ask; no file of data that is not open is
// (domain/visibility.ts).
import AxeBuilder from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import { describe, expect, inject, it } from 'vitest';
import { browserSession } from './browser.ts';

const portal = inject('portal');
const open = browserSession(portal.url);

async function axe(page: Page): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

const shared = 'camera-giam-sat-giao-thong';
/** The address its agency's data answers at (its distribution), only for the agencies allowed. */
const dataAddress = 'lgsp.tphcm.gov.vn/api/giao-thong/camera/v2';

describe('a shared dataset', () => {
  it('is on the portal with who may use it, the conditions, the service and how to ask, and no download or preview, without JavaScript', async () => {
    const page = await open(`/datasets/${shared}/`, { js: false });
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Hệ thống camera giám sát giao thông');
    const panel = page.getByRole('region', { name: 'Khai thác dữ liệu: ai được dùng, điều kiện, qua dịch vụ nào, cách xin' });
    for (const term of ['Ai được dùng?', 'Điều kiện khai thác', 'Qua dịch vụ nào?', 'Cách xin khai thác']) expect(await panel.getByText(term, { exact: true }).count(), term).toBe(1);
    expect(await panel.textContent()).toContain('Chỉ cơ quan nhà nước');
    expect(await panel.getByRole('link', { name: 'Công an Thành phố Hồ Chí Minh' }).count()).toBeGreaterThan(0);
    const service = panel.getByRole('link', { name: 'Dịch vụ chia sẻ dữ liệu camera giao thông' });
    expect(await service.getAttribute('href')).toBe('/services/lgsp-camera-giao-thong/');
    expect(await panel.textContent()).toContain('LGSP');
    expect(await panel.getByRole('link', { name: 'Gửi yêu cầu kết nối' }).getAttribute('href')).toBe(`/publish/connections/new?dataset=${shared}`);
    expect(await panel.getByRole('link', { name: 'Đề xuất mở dữ liệu' }).getAttribute('href')).toBe(`/requests/new/?kind=open_data&dataset=${shared}`);
    // No file: no download link, no preview, not the data's own address.
    expect(await page.getByRole('link', { name: /^Tải / }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /Xem trước/ }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Dữ liệu và tài nguyên' }).count()).toBe(0);
    expect(await page.content()).not.toContain(dataAddress);
    await page.context().close();
    const withJs = await open(`/datasets/${shared}/`);
    expect(await axe(withJs)).toEqual([]);
    await withJs.context().close();
  });

  it('is listed, and search tells open, shared and master data apart', async () => {
    const list = await open('/datasets/', { js: false });
    const card = list.getByRole('listitem').filter({ has: list.getByRole('link', { name: 'Hệ thống camera giám sát giao thông' }) });
    expect(await card.textContent()).toContain('Dữ liệu dùng chung');
    expect(await card.textContent()).toContain('Chỉ cơ quan nhà nước');
    await list.context().close();
    const search = await open('/search/?dataKind=shared', { js: false });
    expect(await search.getByRole('link', { name: 'Hệ thống camera giám sát giao thông' }).count()).toBe(1);
    expect(await search.getByRole('link', { name: 'Chợ truyền thống và chợ đầu mối' }).count()).toBe(0);
    await search.context().close();
    const all = await open('/search/', { js: false });
    const kinds = all.getByRole('group', { name: 'Loại dữ liệu' });
    for (const label of ['Dữ liệu mở', 'Dữ liệu dùng chung', 'Dữ liệu chủ']) expect(await kinds.getByText(label).count(), label).toBeGreaterThan(0);
    await all.context().close();
  });

  it('its DCAT-AP record says RESTRICTED and names no file; the CKAN API marks it restricted', async () => {
    const ttl = await (await fetch(`${portal.url}/datasets/${shared}.ttl`)).text();
    expect(ttl).toContain('access-right/RESTRICTED');
    expect(ttl).not.toMatch(/dcat:(distribution|downloadURL|accessURL)/);
    const show = (await (await fetch(`${portal.url}/api/3/action/package_show?id=${shared}`)).json()) as {
      result: { isopen: boolean; resources: { url: string; format: string; restricted: string }[] };
    };
    expect(show.result.isopen).toBe(false);
    expect(show.result.resources.length).toBeGreaterThan(0);
    for (const r of show.result.resources) {
      expect(JSON.parse(r.restricted)).toMatchObject({ level: 'any_organization' });
      expect(r.url).not.toContain(dataAddress);
    }
  });

  it('is read anonymously from Directus (REST and GraphQL) without its files; Directus files are refused', async () => {
    const rest = (await (await fetch(`${portal.cmsUrl}/items/datasets/${shared}?fields=id,accessLevel,distribution.*`)).json()) as { data: unknown };
    expect(rest.data).toEqual({ id: shared, accessLevel: 'agencies', distribution: [] });
    const files = (await (await fetch(`${portal.cmsUrl}/items/distributions?filter[dataset][_eq]=${shared}&fields=id`)).json()) as { data: unknown[] };
    expect(files.data).toEqual([]);
    const gql = await fetch(`${portal.cmsUrl}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: `{ datasets_by_id(id: "${shared}") { id distribution { accessURL } } distributions(filter: { dataset: { id: { _eq: "${shared}" } } }) { id } }` }),
    });
    const body = (await gql.json()) as { data: unknown };
    expect(body.data).toEqual({ datasets_by_id: { id: shared, distribution: [] }, distributions: [] });
    expect((await fetch(`${portal.cmsUrl}/files`)).status).toBe(403);
  });
});

describe('the registry of sharing services', () => {
  it('lists every published service, those for agencies only with how to ask for a connection', async () => {
    const page = await open('/services/', { js: false });
    const cards = page
      .getByRole('main')
      .getByRole('listitem')
      .filter({ has: page.getByRole('heading', { level: 2 }) });
    // 17 in the demo catalog: one is a draft.
    expect(await cards.count()).toBe(16);
    expect(await page.getByRole('link', { name: 'Dịch vụ vị trí xe buýt thời gian thực (LGSP)' }).count()).toBe(1);
    expect(await page.getByRole('main').locator('.odp-tag--access').count()).toBe(10);
    await page.context().close();
    const one = await open('/services/lgsp-vi-tri-xe-buyt/', { js: false });
    const summary = one.getByRole('region', { name: 'Tóm tắt' });
    expect(await summary.textContent()).toContain('Chỉ cơ quan nhà nước, qua kết nối được cấp phép.');
    expect(await summary.getByRole('link', { name: 'Gửi yêu cầu kết nối' }).getAttribute('href')).toBe('/publish/connections/new?service=lgsp-vi-tri-xe-buyt');
    await one.context().close();
    const withJs = await open('/services/lgsp-vi-tri-xe-buyt/');
    expect(await axe(withJs)).toEqual([]);
    await withJs.context().close();
  });
});
