// Harvesting into a real, empty Directus: the official DCAT-AP examples, malformed input, a CKAN
// portal, and the round trip export → harvest → export.
import { createServer } from 'node:http';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readItems, updateItem } from '@directus/sdk';
import { Store, type Quad } from 'n3';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { signIn, readCatalog, type CmsSession } from '../../cms/src/client.ts';
import { catalogQuads } from '../../domain/dcat/dcat.ts';
import { toTurtle } from '../../domain/dcat/rdf-serialize.ts';
import { packageDict } from '../../site/src/lib/ckan.ts';
import { buildPortal } from '../../site/src/lib/portal.ts';
import { seedSnapshot } from './fixtures.ts';
import { snapshotFromStored } from '../catalog-source.ts';
import { harvest } from '../harvest/harvest.ts';
import { parseFetchAllow } from '../../platform/safe-fetch.ts';

const cmsInfo = inject('harvestCms');
const examples = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'dcat-ap', 'examples');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'odp-harvest-files-'));
let cms: CmsSession;

beforeAll(async () => {
  cms = await signIn(cmsInfo.url, cmsInfo.adminEmail, cmsInfo.adminPassword);
});

const datasetCount = async () => ((await cms.request(readItems('datasets', { limit: -1, fields: ['id'] } as never))) as unknown[]).length;

function example(file: string): string {
  const p = path.join(examples, file);
  try {
    readFileSync(p);
  } catch {
    throw new Error(`Thiếu tệp dùng chung / missing shared file ../shared/dcat-ap/examples/${file} (read from beside the repository).`);
  }
  return p;
}

describe('harvesting DCAT-AP', () => {
  it('imports the official examples (Turtle and JSON-LD) as drafts of the chosen agency, idempotently', async () => {
    const a = await harvest(cms, { source: example('example-bee-population.ttl'), agency: 'so-nong-nghiep-moi-truong' });
    expect(a.created.map((x) => x.id)).toEqual(['beepopulation']);
    expect(a.created[0]?.notes.join(' ')).toMatch(/no Vietnamese text/);
    const b = await harvest(cms, { source: example('example-bee-population-2022-2023.ttl'), agency: 'so-nong-nghiep-moi-truong' });
    expect(b.created.map((x) => x.id).sort()).toEqual(['beepopulation2022', 'beepopulation2023']);
    // The same dataset in JSON-LD (its remote context given as a local file) is recognised by identifier.
    const context = JSON.parse(readFileSync(example('context.jsonld'), 'utf8')) as unknown;
    const jsonldDoc = JSON.parse(readFileSync(example('example-bee-population.jsonld'), 'utf8')) as { '@context': string };
    const c = await harvest(cms, { source: example('example-bee-population.jsonld'), agency: 'so-nong-nghiep-moi-truong', contexts: { [jsonldDoc['@context']]: context } });
    expect(c).toMatchObject({ created: [], updated: [], rejected: [] });
    expect(c.skipped.map((x) => x.id)).toEqual(['beepopulation']);
    const stored = (await cms.request(readItems('datasets', { filter: { id: { _eq: 'beepopulation' } } } as never))) as Record<string, unknown>[];
    expect(stored[0]).toMatchObject({
      status: 'draft',
      publisher: 'so-nong-nghiep-moi-truong',
      identifier: 'https://data.gov.gr/id/dataset/BeePopulation',
      title: { vi: 'Bee population', en: 'Bee population' },
    });
  });

  it('refuses malformed files with a clear error and writes nothing', async () => {
    const before = await datasetCount();
    const broken = path.join(tmp, 'broken.ttl');
    writeFileSync(broken, '@prefix dcat: <http://www.w3.org/ns/dcat#> .\n<http://x/d> a dcat:Dataset ;\n  <http://purl.org/dc/terms/title> "unterminated .\n');
    await expect(harvest(cms, { source: broken, agency: 'so-khcn' })).rejects.toThrow(/could not be parsed as turtle.*nothing was written/s);
    const brokenJson = path.join(tmp, 'broken.jsonld');
    writeFileSync(brokenJson, '{"@graph": [');
    await expect(harvest(cms, { source: brokenJson, agency: 'so-khcn' })).rejects.toThrow(/not valid JSON/);
    const noDatasets = path.join(tmp, 'empty.ttl');
    writeFileSync(noDatasets, '<http://x/a> <http://x/b> "c" .\n');
    await expect(harvest(cms, { source: noDatasets, agency: 'so-khcn' })).rejects.toThrow(/holds no dcat:Dataset/);
    await expect(harvest(cms, { source: example('example-bee-population.ttl'), agency: 'khong-co' })).rejects.toThrow(/unknown agency/);
    expect(await datasetCount()).toBe(before);
  });
});

/** The DCAT-AP export of a catalog, as the quads written and as a store to query. */
function exported(snapshot: Parameters<typeof catalogQuads>[0], base: string) {
  const { quads, iris } = catalogQuads(snapshot, base);
  return { quads, store: new Store(quads), iris };
}

// Triples that carry the harvested fields, with blank nodes replaced by their content.
const compared =
  /\/(title|description|identifier|publisher|contactPoint|keyword|theme|spatial|issued|modified|accrualPeriodicity|language|accessRights|type|distribution|accessURL|downloadURL|format|mediaType|byteSize|license|startDate|endDate|temporal|applicableLegislation|version)$/;
function fingerprint(store: Store, datasetIri: string): string[] {
  const out: string[] = [];
  const walk = (s: Quad['subject'], prefix: string, depth: number) => {
    for (const q of store.getQuads(s, null, null, null)) {
      if (!compared.test(q.predicate.value)) continue;
      if (q.object.termType === 'BlankNode' && depth < 2) walk(q.object, `${prefix} ${q.predicate.value}`, depth + 1);
      else if (q.predicate.value.endsWith('/distribution')) walk(q.object as Quad['subject'], `${prefix} dist`, depth + 1);
      else out.push(`${prefix} ${q.predicate.value} ${q.object.termType === 'Literal' ? JSON.stringify([q.object.value, (q.object as { language: string }).language]) : q.object.value}`);
    }
  };
  walk(store.getQuads(null, null, null, null).find((q) => q.subject.value === datasetIri)!.subject, '', 0);
  return out.sort();
}

describe('round trip', () => {
  it('export → harvest into the CMS → export gives the same datasets and fields', async () => {
    const base = 'https://data.example.gov.vn';
    const source = seedSnapshot();
    const first = exported(source, base);
    const file = path.join(tmp, 'catalog.ttl');
    writeFileSync(file, await toTurtle(first.quads, base));
    const r = await harvest(cms, { source: file, agency: 'so-khcn', keepPublisher: true });
    expect(r.rejected).toEqual([]);
    expect(r.created).toHaveLength(source.datasets.length);

    const stored = await readCatalog(cms);
    const ids = new Set(source.datasets.map((d) => d.id));
    const again = snapshotFromStored(
      { ...stored, datasets: stored.datasets.filter((d) => ids.has(d.id as string)), distributions: stored.distributions.filter((d) => ids.has(d.dataset as string)), dataServices: [] },
      'round trip',
    );
    expect(again.datasets.map((d) => d.id).sort()).toEqual([...ids].sort());
    const second = exported({ ...source, datasets: again.datasets.map((d) => ({ ...d, status: 'published' as const })) }, base);
    for (const d of source.datasets) {
      const a = fingerprint(first.store, first.iris.dataset(d.id).value);
      const b = fingerprint(second.store, second.iris.dataset(d.id).value);
      expect({ id: d.id, missing: a.filter((x) => !b.includes(x)), extra: b.filter((x) => !a.includes(x)) }).toEqual({ id: d.id, missing: [], extra: [] });
    }

    // A second harvest of the same export changes nothing; a change at the source updates one record.
    const same = await harvest(cms, { source: file, agency: 'so-khcn', keepPublisher: true });
    expect([same.created.length, same.updated.length, same.skipped.length]).toEqual([0, 0, source.datasets.length]);
    const changed = { ...source, datasets: source.datasets.map((d) => (d.id === 'cho-truyen-thong' ? { ...d, title: { vi: 'Chợ truyền thống (cập nhật)', en: d.title.en } } : d)) };
    writeFileSync(file, await toTurtle(catalogQuads(changed, base).quads, base));
    const third = await harvest(cms, { source: file, agency: 'so-khcn', keepPublisher: true });
    expect(third.updated.map((x) => x.id)).toEqual(['cho-truyen-thong']);
    expect(third.skipped).toHaveLength(source.datasets.length - 1);
  }, 120_000);
});

describe('harvesting a CKAN portal', () => {
  it("does not fetch a CKAN portal on the server's own network unless allowed, then reads its package_search pages and imports the packages as drafts", async () => {
    const portal = buildPortal(seedSnapshot());
    const packages = portal.datasets.slice(0, 3).map((d) => ({ ...packageDict(portal, d, 'https://ckan.example.org/'), name: `ckan-${d.id}`, extras: [] }));
    let calls = 0;
    const server = createServer((req, res) => {
      calls++;
      const url = new URL(req.url ?? '/', 'http://x');
      const start = Number(url.searchParams.get('start') ?? 0);
      res.setHeader('Content-Type', 'application/json');
      res.end(JSON.stringify({ help: '', success: true, result: { count: packages.length, results: packages.slice(start, start + 1000) } }));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    try {
      // A source on the server's own network is not fetched unless the operator allows it (ODP_FETCH_ALLOW).
      const before = await datasetCount();
      const refused = harvest(cms, { source: `http://127.0.0.1:${port}/`, ckan: true, agency: 'so-tai-chinh' });
      await expect(refused).rejects.toMatchObject({ code: 'HARVEST_UNREACHABLE' });
      await expect(refused).rejects.toThrow(/not fetching 127\.0\.0\.1/);
      expect([calls, await datasetCount()]).toEqual([0, before]);
      const allow = parseFetchAllow(`127.0.0.1:${port}`);
      const r = await harvest(cms, { source: `http://127.0.0.1:${port}/`, ckan: true, agency: 'so-tai-chinh', allow });
      expect(r.rejected).toEqual([]);
      expect(r.created.map((x) => x.id).sort()).toEqual(packages.map((p) => p.name).sort());
      const d = (await cms.request(readItems('datasets', { filter: { id: { _eq: packages[0]!.name } } } as never))) as Record<string, unknown>[];
      expect(d[0]).toMatchObject({ publisher: 'so-tai-chinh', status: 'draft', license: 'cc-by-4.0' });
      // Editors' later changes to fields the harvest does not own survive a re-harvest.
      await cms.request(updateItem('datasets', packages[0]!.name, { accessGuidelines: { vi: 'Liên hệ đầu mối.' } } as never));
      const again = await harvest(cms, { source: `http://127.0.0.1:${port}/`, ckan: true, agency: 'so-tai-chinh', allow });
      expect({ updated: again.updated, created: again.created, skipped: again.skipped.length }).toEqual({ updated: [], created: [], skipped: 3 });
    } finally {
      server.close();
    }
  });
});
