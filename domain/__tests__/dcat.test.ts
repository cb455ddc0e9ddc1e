// DCAT-AP 3.0.1 conformance of the exports, checked with the official SHACL shapes.
import { existsSync } from 'node:fs';
import path from 'node:path';
import rdf from '@zazuko/env-node';
import { Parser, Store } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import jsonld from 'jsonld';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { describe, expect, it } from 'vitest';
import { propertiesOf } from '../../catalog-schema/src/model.ts';
import { catalogGraph, notExported, resourceGraph, resourceStops } from '../dcat/dcat.ts';
import { toJsonLd, toRdfXml, toTurtle } from '../dcat/rdf-serialize.ts';
import { seedSnapshot } from '../../pipeline/__tests__/fixtures.ts';

const shared = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'dcat-ap');
const base = 'https://data.example.gov.vn';
const snapshot = seedSnapshot();

async function shapes() {
  for (const f of ['dcat-ap-SHACL.ttl', 'ranges.ttl']) {
    if (!existsSync(path.join(shared, f))) {
      throw new Error(`Thiếu tệp dùng chung / missing shared file ../shared/dcat-ap/${f}: the DCAT-AP shapes are read from beside the repository (not copied into it).`);
    }
  }
  const ds = rdf.dataset();
  await ds.import(rdf.fromFile(path.join(shared, 'dcat-ap-SHACL.ttl')));
  await ds.import(rdf.fromFile(path.join(shared, 'ranges.ttl')));
  return ds;
}

async function violations(turtle: string): Promise<string[]> {
  const data = rdf.dataset(new Parser().parse(turtle) as never);
  const validator = new SHACLValidator(await shapes(), { factory: rdf });
  const report = await validator.validate(data);
  return report.results
    .filter((r) => r.severity?.value === 'http://www.w3.org/ns/shacl#Violation')
    .map((r) => `${r.focusNode?.value} ${r.path?.value ?? ''}: ${r.message.map((m) => m.value).join(' ')} [${r.sourceConstraintComponent?.value.split('#')[1]}]`);
}

describe('DCAT-AP export', () => {
  const { store, iris } = catalogGraph(snapshot, base);

  it('of the whole seeded catalog has zero SHACL violations (official DCAT-AP 3.0.1 shapes and ranges)', async () => {
    const v = await violations(await toTurtle(store, base));
    expect(v).toEqual([]);
  }, 60_000);

  it('of one dataset, on its own, has zero violations too', async () => {
    const one = resourceGraph(store, iris.dataset('cho-truyen-thong'), resourceStops(snapshot, iris));
    const v = await violations(await toTurtle(one, base));
    expect(v).toEqual([]);
    expect(one.size).toBeGreaterThan(50);
  }, 60_000);

  it('of one data service, on its own, has zero violations', async () => {
    const one = resourceGraph(store, iris.service('api-du-lieu-xe-buyt'), resourceStops(snapshot, iris));
    expect(await violations(await toTurtle(one, base))).toEqual([]);
  }, 60_000);

  it('says the same in Turtle, JSON-LD and RDF/XML', async () => {
    const one = resourceGraph(store, iris.dataset('tuyen-xe-buyt'), resourceStops(snapshot, iris));
    const ttl = await toTurtle(one, base);
    const json = JSON.parse(await toJsonLd(one, base)) as { '@graph': unknown[] };
    const xml = await toRdfXml(one, base);
    expect(ttl).toContain('dcat:Dataset');
    expect(json['@graph'].length).toBeGreaterThan(5);
    expect(xml).toMatch(/^<\?xml/);
    expect(xml).toContain(`rdf:about="${base}/datasets/tuyen-xe-buyt"`);
    const back = new Store(new Parser().parse(ttl));
    expect(back.size).toBe(one.size);
    const fromJson = await jsonld.toRDF(JSON.parse(await toJsonLd(one, base)) as object, { format: 'application/n-quads' });
    expect(new Store(new Parser({ format: 'N-Quads' }).parse(fromJson as unknown as string)).size).toBe(one.size);
    const fromXml = await new Promise<Store>((resolve, reject) => {
      const st = new Store();
      const parser = new RdfXmlParser({ baseIRI: base });
      parser.on('data', (q) => st.addQuad(q));
      parser.on('error', reject);
      parser.on('end', () => resolve(st));
      parser.write(xml);
      parser.end();
    });
    expect(fromXml.size).toBe(one.size);
  });

  it('is checked for real: a dataset without a description is a violation', async () => {
    const broken = new Store(store.getQuads(null, null, null, null).filter((q) => !(q.subject.value === iris.dataset('cho-truyen-thong').value && q.predicate.value.endsWith('/description'))));
    const v = await violations(await toTurtle(broken, base));
    expect(v).toEqual([expect.stringMatching(/datasets\/cho-truyen-thong http:\/\/purl.org\/dc\/terms\/description: .*MinCount/)]);
  }, 60_000);

  it('maps every property of the schema, or says why not', () => {
    const { store: s } = catalogGraph(snapshot, base);
    expect(s.size).toBeGreaterThan(1000);
    for (const entity of ['Dataset', 'Distribution', 'DataService'] as const) {
      for (const p of propertiesOf(entity)) {
        const skipped = notExported[entity]?.includes(p.name);
        if (skipped) continue;
        // Every other property must appear in the mapping's source.
        expect(mappingSource, `${entity}.${p.name}`).toMatch(new RegExp(`\\b(d|x)\\.${p.name}\\b`));
      }
    }
  });
});

import { readFileSync } from 'node:fs';
const mappingSource = readFileSync(path.resolve(import.meta.dirname, '..', 'dcat', 'dcat.ts'), 'utf8');

describe('a large catalog', () => {
  it('is split into Hydra pages that link each other and together hold every dataset once', async () => {
    const { catalogPageGraph, catalogPageCount } = await import('../dcat/exports.ts');
    const size = 20;
    const pages = catalogPageCount(snapshot, size);
    expect(pages).toBe(3);
    const seen: string[] = [];
    for (let n = 1; n <= pages; n++) {
      const g = catalogPageGraph(snapshot, base, n, 'ttl', size);
      const view = g.getQuads(null, 'http://www.w3.org/ns/hydra/core#view' as never, null, null)[0]?.object.value;
      expect(view).toBe(n === 1 ? `${base}/catalog.ttl` : `${base}/catalog/page/${n}.ttl`);
      const link = (p: string) => g.getObjects(view as never, `http://www.w3.org/ns/hydra/core#${p}` as never, null)[0]?.value;
      expect(link('next')).toBe(n < pages ? `${base}/catalog/page/${n + 1}.ttl` : undefined);
      expect(link('previous')).toBe(n > 1 ? (n === 2 ? `${base}/catalog.ttl` : `${base}/catalog/page/${n - 1}.ttl`) : undefined);
      expect(link('totalItems')).toBe('48');
      seen.push(...g.getObjects(`${base}/catalog` as never, 'http://www.w3.org/ns/dcat#dataset' as never, null).map((o) => o.value));
      if (n === 2) expect(await violations(await toTurtle(g, base))).toEqual([]);
    }
    expect(seen.sort()).toEqual(snapshot.datasets.map((d) => `${base}/datasets/${d.id}`).sort());
  }, 60_000);
});
