// Security and faults of the served portal, in Debian's Chromium against the stack of the global
// setup: hostile catalog text never runs, security headers and CSP on every page type with no
// violation, no secret in any file sent to browsers, rate limits, and what happens when Meilisearch
// or Directus do not answer or a build fails.
//
// Nothing here stops the shared Directus or Meilisearch (other test files still need them): a
// service "stopped" is an address where nothing listens, which is what a client sees of a stopped
// service (connection refused).
import AxeBuilder from '@axe-core/playwright';
import { createItem, deleteItem } from '@directus/sdk';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { signIn, type CmsSession } from '../../../cms/src/client.ts';
import { testPort } from '../../../platform/config.ts';
import { buildAndSwap, buildSite } from '../../../pipeline/site-build.ts';
import { startSiteServer, type RunningSite } from '../../../pipeline/site-server.ts';
import { launchChromium } from './browser.ts';

const portal = inject('portal');
let browser: Browser;
let admin: CmsSession;
const started: RunningSite[] = [];
/** Nothing listens here: what a client sees of a stopped service. */
const deadUrl = `http://127.0.0.1:${testPort(18199)}`;

beforeAll(async () => {
  browser = await launchChromium();
  admin = await signIn(portal.cmsUrl, portal.adminEmail, portal.adminPassword);
});
afterAll(async () => {
  await browser?.close();
  for (const s of started) await s.stop();
});

/** Another portal server over a built site, with its own settings. */
async function serve(port: number, { outDir = portal.outDir, meiliUrl = portal.meiliUrl, env = {} }: { outDir?: string; meiliUrl?: string; env?: Record<string, string> } = {}): Promise<string> {
  const site = await startSiteServer({
    outDir,
    host: '127.0.0.1',
    port: testPort(port),
    snapshotFile: portal.snapshotFile,
    logFile: path.join(portal.stateDir, `site-server-${port}.log`),
    search: { url: meiliUrl, publicUrl: meiliUrl, key: portal.searchKey, index: 'datasets' },
    env,
  });
  started.push(site);
  return site.url;
}

interface Opened {
  page: Page;
  status: number;
  headers: Record<string, string>;
  /** Content-Security-Policy violations the page reported (console and securitypolicyviolation events). */
  violations: string[];
  dialogs: string[];
}

async function open(base: string, p: string, { js = true } = {}): Promise<Opened> {
  const context = await browser.newContext({ javaScriptEnabled: js, baseURL: base });
  const page = await context.newPage();
  const violations: string[] = [];
  const dialogs: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  await page.exposeFunction('odpReportViolation', (v: string) => violations.push(v));
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => (window as unknown as { odpReportViolation(v: string): void }).odpReportViolation(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const res = await page.goto(p);
  return { page, status: res?.status() ?? 0, headers: res?.headers() ?? {}, violations, dialogs };
}

// Every page type, in both languages.
const pageTypes: [string, number][] = [
  ['/', 200],
  ['/datasets/', 200],
  ['/datasets/cho-truyen-thong/', 200],
  ['/datasets/cho-truyen-thong/rows/cho-truyen-thong-csv/?q=cho&sort=-dien_tich_m2', 200],
  ['/agencies/', 200],
  ['/agencies/so-cong-thuong/', 200],
  ['/themes/', 200],
  ['/themes/giao-thong/', 200],
  ['/services/', 200],
  ['/services/api-du-lieu-xe-buyt/', 200],
  ['/services/api-du-lieu-xe-buyt/reference/', 200],
  ['/code-lists/', 200],
  ['/code-lists/don-vi-hanh-chinh-2026/', 200],
  ['/code-lists/don-vi-hanh-chinh-2026/79/', 200],
  ['/status/', 200],
  ['/systems/', 200],
  ['/contacts/', 200],
  ['/dashboard/', 200],
  ['/requests/', 200],
  ['/requests/new/', 200],
  ['/search/', 200],
  ['/search/?q=xe', 200],
  ['/search/?q=qqxxzzw', 200],
  ['/khong-co-trang-nay/', 404],
  ['/en/', 200],
  ['/en/datasets/', 200],
  ['/en/datasets/tuyen-xe-buyt/', 200],
  ['/en/datasets/cho-truyen-thong/rows/cho-truyen-thong-csv/?limit=5000', 400],
  ['/en/agencies/', 200],
  ['/en/agencies/so-cong-thuong/', 200],
  ['/en/themes/', 200],
  ['/en/themes/giao-thong/', 200],
  ['/en/services/', 200],
  ['/en/services/api-du-lieu-xe-buyt/', 200],
  ['/en/services/api-du-lieu-xe-buyt/reference/', 200],
  ['/en/code-lists/', 200],
  ['/en/code-lists/don-vi-hanh-chinh-2026/', 200],
  ['/en/status/', 200],
  ['/en/systems/', 200],
  ['/en/contacts/', 200],
  ['/en/dashboard/', 200],
  ['/en/requests/', 200],
  ['/en/requests/new/', 200],
  ['/en/search/?q=bus', 200],
  ['/en/search/?q=qqxxzzw', 200],
];

describe('every page type', () => {
  it.each(pageTypes)('%s: security headers, no CSP violation, no axe violation', async (p, status) => {
    const o = await open(portal.url, p);
    expect(o.status).toBe(status);
    const csp = o.headers['content-security-policy'] ?? '';
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(csp).toContain(`connect-src 'self' ${new URL(portal.meiliUrl).origin}`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(o.headers['x-content-type-options']).toBe('nosniff');
    expect(o.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
    expect(o.headers['x-frame-options']).toBe('DENY');
    expect(o.headers['permissions-policy']).toContain('camera=()');
    expect(o.headers['cross-origin-opener-policy']).toBe('same-origin');
    // Served over plain HTTP here: no HSTS (it would be ignored, and a local server must stay reachable).
    expect(o.headers['strict-transport-security']).toBeUndefined();
    await o.page.waitForLoadState('networkidle');
    const axe = await new AxeBuilder({ page: o.page }).analyze();
    expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
    expect(o.violations).toEqual([]);
    await o.page.context().close();
  });

  it('scripts at work raise no CSP violation: search as you type (Meilisearch) and a preview with its chart', async () => {
    const s = await open(portal.url, '/search/');
    await s.page.getByRole('main').getByRole('searchbox', { name: 'Tìm dữ liệu' }).fill('xe buyt');
    await s.page.waitForURL(/[?&]q=xe\+buyt/);
    await s.page.getByRole('link', { name: 'Danh sách tuyến xe buýt' }).waitFor();
    const d = await open(portal.url, '/datasets/gia-ca-thi-truong/');
    await d.page.getByRole('button', { name: 'Xem trước CSV' }).click();
    await d.page.getByRole('img', { name: /Biểu đồ/ }).waitFor();
    expect([...s.violations, ...d.violations]).toEqual([]);
    await s.page.context().close();
    await d.page.context().close();
  });

  it('the server routes send the headers too (CKAN API)', async () => {
    const res = await fetch(`${portal.url}/api/3/action/package_list`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});

describe('hostile text in catalog fields', () => {
  const id = 'kiem-tra-noi-dung-doc-hai';
  const payloads = [
    '<script>window.odpPwned = "script"; alert("script")</script>',
    '<img src="x" onerror="window.odpPwned = \'onerror\'; alert(\'onerror\')">',
    '<svg onload="window.odpPwned = \'svg\'"></svg>',
    '[liên kết javascript](javascript:window.odpPwned=%22link%22)',
    '[liên kết VBScript](vbscript:msgbox(1))',
    '[liên kết data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
    '![ảnh](javascript:window.odpPwned=%22image%22)',
    '<a href="javascript:window.odpPwned=\'raw-a\'">bấm vào đây</a>',
    '<iframe src="javascript:window.top.odpPwned=\'iframe\'"></iframe>',
    '<style>body{display:none}</style>',
    '</script><script>window.odpPwned="breakout"</script>',
    '[liên kết an toàn](https://data.gov.vn/)',
  ].join('\n\n');
  let base = '';

  beforeAll(async () => {
    const record = {
      id,
      title: { vi: 'Dữ liệu kiểm tra <img src=x onerror="window.odpPwned=\'title\'">', en: 'Test data </title><script>window.odpPwned="title-en"</script>' },
      description: { vi: payloads, en: payloads },
      accessGuidelines: { vi: payloads },
      keyword: { vi: ['<script>window.odpPwned="kw"</script>', 'kiểm tra'] },
      publisher: 'so-khcn',
      accessLevel: 'public',
      dataKind: ['open'],
      license: 'cc-by-4.0',
      containsPersonalData: false,
      status: 'published',
    };
    await admin.request(deleteItem('datasets', id)).catch(() => undefined);
    await admin.request(createItem('datasets', record as never));
    // A build of its own (own snapshot, own folder) so the shared site stays as the other tests expect.
    const dir = path.join(portal.stateDir, 'xss');
    const build = await buildSite({ cmsUrl: portal.cmsUrl, snapshotFile: path.join(dir, 'snapshot.json'), outDir: path.join(dir, 'site'), log: () => undefined });
    expect(build.catalog.from).toBe('cms');
    base = await serve(14331, { outDir: path.join(dir, 'site') });
  }, 240_000);

  afterAll(async () => {
    await admin.request(deleteItem('datasets', id)).catch(() => undefined);
  });

  it('the CMS refuses a javascript: address in a link field', async () => {
    const res = await fetch(`${portal.cmsUrl}/items/datasets/${id}`, {
      method: 'PATCH',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${await admin.getToken()}` },
      body: JSON.stringify({ landingPage: 'javascript:alert(1)' }),
    });
    expect(res.status).toBe(400);
  });

  for (const p of [`/datasets/${id}/`, `/en/datasets/${id}/`, '/search/?q=kiem+tra+doc+hai', '/datasets/']) {
    it(`never runs, in Chromium, and its links are neutralised: ${p}`, async () => {
      const o = await open(base, p);
      expect(o.status).toBe(200);
      await o.page.waitForLoadState('networkidle');
      // Hover and click what an attacker would want clicked.
      for (const a of await o.page.locator('main a').all()) await a.hover().catch(() => undefined);
      expect(await o.page.evaluate(() => (window as unknown as { odpPwned?: string }).odpPwned)).toBeUndefined();
      expect(o.dialogs).toEqual([]);
      // Whatever the CSP would also block must not be there to begin with.
      const dom = await o.page.evaluate(() => ({
        // The page's own modules (/_astro/) aside, no script element; JSON data blocks do not run.
        scripts: [...document.querySelectorAll('script')].filter((s) => !['application/json', 'application/ld+json'].includes(s.type) && !s.src.startsWith(`${location.origin}/_astro/`)).length,
        handlers: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => a.name.startsWith('on')).map((a) => `${e.tagName} ${a.name}`)),
        badUrls: [...document.querySelectorAll('[href],[src]')].map((e) => e.getAttribute('href') ?? e.getAttribute('src') ?? '').filter((u) => /^\s*(javascript|vbscript|data):/i.test(u)),
        frames: document.querySelectorAll('iframe, object, embed').length,
        styles: document.querySelectorAll('main style').length,
      }));
      expect(dom).toEqual({ scripts: 0, handlers: [], badUrls: [], frames: 0, styles: 0 });
      if (p.startsWith('/datasets/') && p !== '/datasets/') {
        // Shown as text, so a reader sees what was written.
        expect(await o.page.getByText('<script>window.odpPwned = "script"; alert("script")</script>').count()).toBeGreaterThan(0);
        expect(await o.page.getByRole('link', { name: 'liên kết an toàn' }).first().getAttribute('href')).toBe('https://data.gov.vn/');
        // The JSON data blocks cannot be closed from inside.
        const ld = await o.page.locator('script[type="application/ld+json"]').textContent();
        expect((JSON.parse(ld ?? '{}') as { name?: string }).name).toContain('<img src=x');
      }
      expect(o.violations).toEqual([]);
      await o.page.context().close();
    });
  }
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = path.join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('no secret in the build output', () => {
  it('no file sent to browsers holds the Directus admin password, its secret, the Meilisearch master key or any key but the search-only one', async () => {
    const keys = (await (await fetch(`${portal.meiliUrl}/keys?limit=100`, { headers: { Authorization: `Bearer ${portal.masterKey}` } })).json()) as { results: { key: string; name: string | null }[] };
    const secrets: [string, string][] = [
      ['Directus admin password', portal.adminPassword],
      ['DIRECTUS_SECRET', portal.directusSecret],
      ['Meilisearch master key', portal.masterKey],
      ['Directus admin token', (await admin.getToken()) ?? ''],
      ...keys.results.filter((k) => k.key !== portal.searchKey).map((k): [string, string] => [`Meilisearch key ${k.name ?? ''}`, k.key]),
    ];
    expect(secrets.filter(([, v]) => v.length < 8)).toEqual([]);
    expect(secrets.some(([n]) => /odp-cms-live-index/.test(n))).toBe(true);
    const files = filesUnder(path.join(portal.outDir, 'client'));
    expect(files.length).toBeGreaterThan(200);
    const found: string[] = [];
    for (const f of files) {
      const body = readFileSync(f).toString('latin1');
      for (const [name, value] of secrets) if (body.includes(value)) found.push(`${path.relative(portal.outDir, f)}: ${name}`);
    }
    expect(found).toEqual([]);
  });
});

describe('rate limits', () => {
  it('answer 429 with Retry-After and a message in both languages, POST sooner than GET', async () => {
    const base = await serve(14332, { env: { ODP_RATE_LIMIT_READ: '5', ODP_RATE_LIMIT_WRITE: '2', ODP_RATE_LIMIT_WINDOW_S: '60' } });
    const get = async (p: string) => fetch(`${base}${p}`);
    const reads = [];
    for (let i = 0; i < 6; i++) reads.push(await get('/api/3/action/package_list'));
    expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 429]);
    const limited = reads[5]!;
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    const body = (await limited.json()) as { success: boolean; error: { message: string } };
    expect(body.success).toBe(false);
    expect(body.error.message).toMatch(/Quá nhiều yêu cầu.*Too many requests/);
    // The search page, an on-demand page too, shares the reading budget and says it in HTML.
    const page = await get('/search/?q=xe');
    expect(page.status).toBe(429);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toContain('Hãy thử lại sau');
    // Static pages are files and are never limited.
    expect((await get('/datasets/')).status).toBe(200);
    // CKAN clients (ckanapi) POST every call: those posts read, and share the reading budget (spent by now).
    const post = () => fetch(`${base}/api/3/action/package_show`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ id: 'cho-truyen-thong' }) });
    expect((await post()).status).toBe(429);
    // Writing requests have their own, stricter budget: the request form's first posts reach the form
    // (which refuses them for its own reasons), the next is refused before it does.
    const send = () => fetch(`${base}/requests/new/`, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Origin: base }, body: 'kind=open_data&title=Du+lieu+thu' });
    expect([(await send()).status, (await send()).status]).not.toContain(429);
    const form = await send();
    expect(form.status).toBe(429);
    expect(await form.text()).toContain('Hãy thử lại sau');
  });
});

describe('faults', () => {
  it('Meilisearch not answering: every page type still renders, search says so in both languages and offers the dataset list', async () => {
    const base = await serve(14333, { meiliUrl: deadUrl });
    for (const [p, status] of pageTypes) {
      const res = await fetch(`${base}${p}`);
      expect(res.status, p).toBe(status);
      if (p.includes('/search/')) {
        // A page a person can use: what is wrong, and the way to every dataset.
        const html = await res.text();
        expect(html, p).toMatch(p.startsWith('/en/') ? /Search is temporarily unavailable[\s\S]*href="\/en\/datasets\/"/ : /Tìm kiếm tạm thời không hoạt động[\s\S]*href="\/datasets\/"/);
        expect(res.headers.get('cache-control'), p).toBe('no-store');
      }
    }
    const o = await open(base, '/en/search/?q=bus');
    await o.page.getByRole('alert').getByText('Search is temporarily unavailable.').waitFor();
    await o.page.getByRole('alert').getByRole('link', { name: 'list of all datasets' }).click();
    await o.page.waitForURL(/\/en\/datasets\/$/);
    await o.page.context().close();
    const ckan = await fetch(`${base}/api/3/action/package_search?q=xe`);
    expect(ckan.status).toBe(503);
    expect(((await ckan.json()) as { error: { message: string } }).error.message).toMatch(/tạm thời không hoạt động \/ search is temporarily unavailable/);
    // Everything that does not need search still answers from the API.
    expect((await fetch(`${base}/api/3/action/package_show?id=cho-truyen-thong`)).status).toBe(200);
  });

  it('Directus not answering: the build uses the last snapshot, says so, and produces the same pages', async () => {
    // A build from the CMS, which saves its snapshot; then, with the CMS silent, a build from that
    // snapshot alone gives the same pages. (Builds of their own: other tests publish and swap the
    // shared live site meanwhile.)
    const dir = path.join(portal.stateDir, 'snapshot-fallback');
    const snapshotFile = path.join(dir, 'catalog', 'snapshot.json');
    const first = await buildSite({ cmsUrl: portal.cmsUrl, snapshotFile, outDir: path.join(dir, 'from-cms'), log: () => undefined });
    expect(first.catalog.from).toBe('cms');
    const logs: string[] = [];
    const outDir = path.join(dir, 'from-snapshot');
    const build = await buildSite({ cmsUrl: deadUrl, snapshotFile, outDir, log: (m) => logs.push(m) });
    expect(build.catalog.from).toBe('snapshot');
    expect(logs.join('\n')).toMatch(/from the snapshot .* because CMS .* không trả lời \/ did not answer/);
    const live = { outDir: path.join(dir, 'from-cms') };
    const html = (d: string) =>
      filesUnder(path.join(d, 'client'))
        .filter((f) => f.endsWith('.html'))
        .map((f) => path.relative(d, f))
        .sort();
    const before = html(live.outDir);
    expect(html(outDir)).toEqual(before);
    expect(before.length).toBeGreaterThan(150);
    for (const f of before) expect(readFileSync(path.join(outDir, f), 'utf8'), f).toBe(readFileSync(path.join(live.outDir, f), 'utf8'));
  }, 240_000);

  it('a failed build leaves the live site untouched, and leaves no half-written folder', async () => {
    const client = path.join(portal.outDir, 'client');
    const before = filesUnder(client).sort();
    const home = readFileSync(path.join(client, 'index.html'), 'utf8');
    const bad = path.join(portal.stateDir, 'bad-snapshot.json');
    // Passes the snapshot's format check, breaks every page.
    writeFileSync(bad, JSON.stringify({ format: (JSON.parse(readFileSync(portal.snapshotFile, 'utf8')) as { format: unknown }).format, generatedAt: 'x', catalog: null, datasets: null }));
    const logs: string[] = [];
    await expect(buildAndSwap(bad, portal.outDir, (m: string) => logs.push(m))).rejects.toMatchObject({ code: 'SITE_BUILD_FAILED' });
    expect(logs.join('\n')).toMatch(/previous build .* is left as it was/);
    expect(filesUnder(client).sort()).toEqual(before);
    expect(readFileSync(path.join(client, 'index.html'), 'utf8')).toBe(home);
    expect(readdirSync(path.dirname(portal.outDir)).filter((f) => f.startsWith(`${path.basename(portal.outDir)}.`))).toEqual([]);
    expect(existsSync(path.join(portal.outDir, 'server', 'serve.mjs'))).toBe(true);
    // And the live server still serves it.
    expect((await fetch(`${portal.url}/datasets/cho-truyen-thong/`)).status).toBe(200);
  }, 240_000);
});
