import { describe, expect, it } from 'vitest';
import { staticBuildAnswers } from '../src/lib/live-routing.ts';

const stale = { datasets: new Set(['ho-chua', 'giá-đất']), services: new Set(['api-xe-buyt']) };

describe('which build answers after incremental publishes', () => {
  it('is the static build for everything until something is published', () => {
    for (const p of ['/', '/datasets/', '/datasets/ho-chua/', '/search/', '/catalog.ttl']) expect(staticBuildAnswers(p, undefined), p).toBe(true);
  });

  it('keeps the pages and files of entries not published since, and the code lists', () => {
    for (const p of [
      '/datasets/khac/',
      '/en/datasets/khac/',
      '/datasets/khac/index.html',
      '/datasets/khac.ttl',
      '/datasets/khac.jsonld',
      '/services/api-khac/',
      '/en/services/api-khac/reference/',
      '/services/api-khac.ttl',
      '/openapi/api-khac.json',
      '/code-lists/dvhc/',
      '/en/code-lists/dvhc/79/',
      '/data/ho-chua/ho-chua.csv',
    ])
      expect(staticBuildAnswers(p, stale), p).toBe(true);
  });

  it('renders the pages of the entries published since, and every page that lists entries', () => {
    for (const p of [
      '/datasets/ho-chua/',
      '/en/datasets/ho-chua/',
      '/datasets/ho-chua.ttl',
      `/datasets/${encodeURIComponent('giá-đất')}/`,
      '/services/api-xe-buyt/',
      '/services/api-xe-buyt/reference/',
      '/openapi/api-xe-buyt.json',
    ])
      expect(staticBuildAnswers(p, stale), p).toBe(false);
    for (const p of [
      '/',
      '/en/',
      '/datasets/',
      '/agencies/so-khcn/',
      '/themes/moi-truong/',
      '/feeds/new.atom',
      '/sitemap.xml',
      '/catalog.ttl',
      '/catalog/page/2.rdf',
      '/dashboard/',
      '/search/',
      '/api/3/action/package_list',
    ])
      expect(staticBuildAnswers(p, stale), p).toBe(false);
  });

  it('sends an address it cannot decode to the renderer (which answers 404)', () => {
    expect(staticBuildAnswers('/datasets/%E0%A4%A/', stale)).toBe(false);
  });
});
