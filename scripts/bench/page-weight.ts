// Weight of a built page: its HTML gzipped, and everything it loads (stylesheets, scripts, images
// that the HTML references on the portal itself), with the JavaScript share; and whether its content
// is there without JavaScript (Chromium with scripts turned off).
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { testConfig } from '../../platform/config.ts';

export interface PageWeight {
  path: string;
  htmlBytes: number;
  htmlGzipBytes: number;
  /** HTML plus every stylesheet, script and image it references on the portal (uncompressed). */
  totalBytes: number;
  totalGzipBytes: number;
  jsBytes: number;
  /** Scripts the page loads (src) and inline. */
  scripts: number;
}

/** `pagePath` such as /datasets/x/ inside the built client folder. */
export function pageWeight(clientDir: string, pagePath: string): PageWeight {
  const html = readFileSync(path.join(clientDir, pagePath, pagePath.endsWith('/') ? 'index.html' : ''));
  const text = html.toString('utf8');
  const refs = new Set<string>();
  for (const m of text.matchAll(/<(?:link[^>]*rel="(?:stylesheet|modulepreload|icon)"[^>]*href|script[^>]*src|img[^>]*src)="(\/[^"]+)"/g)) refs.add(m[1]!.split(/[?#]/)[0]!);
  let total = html.length;
  let totalGz = gzipSync(html).length;
  let js = 0;
  for (const ref of refs) {
    const f = path.join(clientDir, decodeURIComponent(ref));
    if (!existsSync(f) || !statSync(f).isFile()) continue;
    const body = readFileSync(f);
    total += body.length;
    totalGz += gzipSync(body).length;
    if (/\.m?js$/.test(f)) js += body.length;
  }
  const inline = [...text.matchAll(/<script(?![^>]*\bsrc=)(?![^>]*type="application\/(?:ld\+)?json")[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]!);
  js += inline.reduce((a, s) => a + Buffer.byteLength(s), 0);
  const scripts = [...refs].filter((r) => /\.m?js$/.test(r)).length + inline.filter((s) => s.trim()).length;
  return { path: pagePath, htmlBytes: html.length, htmlGzipBytes: gzipSync(html).length, totalBytes: total, totalGzipBytes: totalGz, jsBytes: js, scripts };
}

/** Opens the page in Chromium with JavaScript off: the title, the metadata and the download links must be there. */
export async function rendersWithoutJs(url: string, expectTitle: string, chromiumPath = testConfig().chromiumPath): Promise<{ ok: boolean; heading: string; downloadLinks: number }> {
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox'] });
  try {
    const ctx = await browser.newContext({ javaScriptEnabled: false });
    const page = await ctx.newPage();
    await page.goto(url);
    const heading = ((await page.getByRole('heading', { level: 1 }).first().textContent()) ?? '').trim();
    const downloadLinks = await page.locator('a[href^="/data/"]').count();
    return { ok: heading === expectTitle && downloadLinks > 0, heading, downloadLinks };
  } finally {
    await browser.close();
  }
}
