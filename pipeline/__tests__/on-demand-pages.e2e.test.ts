// The renderer of incremental publishing renders the same pages as the full static build: both
// builds of the demo catalog, the static one written to files and the on-demand one served by the
// portal server, give byte-for-byte the same page for every list, agency, theme, service, code list,
// feed, sitemap and DCAT-AP catalog document, and for a sample of the datasets (pages in both
// languages, Turtle and JSON-LD); what the catalog does not have answers 404 with the 404 page.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSnapshot } from '../../domain/snapshot.ts';
import { testPort } from '../../platform/config.ts';
import { seedSnapshot } from '../seed-snapshot.ts';
import { astroBuild, astroOnly } from '../site-build.ts';
import { startSiteServer, type RunningSite } from '../site-server.ts';

const root = mkdtempSync(path.join(os.tmpdir(), 'odp-on-demand-'));
const snapshotFile = path.join(root, 'catalog', 'snapshot.json');
const staticDir = path.join(root, 'static');
const rendererDir = path.join(root, 'renderer');
const snapshot = seedSnapshot();
let server: RunningSite | undefined;

/** Every file under `dir`, as site paths (/datasets/x/ for datasets/x/index.html). */
function files(dir: string, rel = ''): string[] {
  return readdirSync(path.join(dir, rel), { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(dir, path.join(rel, e.name)) : [`/${path.join(rel, e.name)}`]));
}
const sitePath = (file: string) => file.replace(/index\.html$/, '');

beforeAll(async () => {
  writeSnapshot(snapshotFile, snapshot);
  const quiet = () => {};
  await astroBuild(snapshotFile, staticDir, quiet);
  await astroOnly(snapshotFile, rendererDir, quiet, undefined, 'on-demand');
  server = await startSiteServer({
    outDir: rendererDir,
    host: '127.0.0.1',
    port: testPort(14391),
    snapshotFile,
    // No page of the catalog asks the search engine; the search route is not compared here.
    search: { url: 'http://127.0.0.1:9', publicUrl: 'http://127.0.0.1:9', key: 'none', index: 'datasets' },
    logFile: path.join(root, 'renderer.log'),
  });
}, 240_000);

afterAll(async () => {
  await server?.stop();
  rmSync(root, { recursive: true, force: true });
});

describe('pages rendered on demand', () => {
  it('are the pages of the static build, byte for byte', async () => {
    const client = path.join(staticDir, 'client');
    const built = files(client).filter((f) => /\.(html|atom|xml|json|ttl|jsonld|rdf)$/.test(f) && f !== '/404.html');
    const datasetPage = /^\/(en\/)?datasets\/[^/]+(\/index\.html|\.ttl|\.jsonld)$/;
    // Every page but the dataset pages, and every third dataset in each language.
    const sample = [...built.filter((f) => !datasetPage.test(f)), ...built.filter((f) => datasetPage.test(f)).filter((_, i) => i % 3 === 0)];
    expect(sample.length).toBeGreaterThan(100);
    const differ: string[] = [];
    for (const file of sample) {
      const res = await fetch(`${server!.url}${sitePath(file)}`);
      const body = Buffer.from(await res.arrayBuffer());
      if (res.status !== 200 || !body.equals(readFileSync(path.join(client, file)))) differ.push(`${sitePath(file)} (${res.status})`);
    }
    expect(differ).toEqual([]);
  });

  it('answer 404 for what the catalog does not have', async () => {
    for (const p of [
      '/datasets/khong-co/',
      '/en/agencies/khong-co/',
      '/vi/datasets/',
      '/openapi/khong-co.json',
      '/feeds/khong-co.atom',
      '/datasets/khong-co.ttl',
      '/catalog.xml',
      '/catalog/page/1.ttl',
      '/catalog/page/9.ttl',
    ]) {
      const res = await fetch(`${server!.url}${p}`);
      expect(res.status, p).toBe(404);
      // Pages get the portal's 404 page; files (feeds, documents) an empty answer.
      if (p.endsWith('/')) expect(await res.text(), p).toContain('<h1>');
    }
  });
});
