// DCAT-AP 3.0.1 conformance of the exports as a build writes them (pipeline/dcat-files.ts and its
// export processes), checked with the official SHACL shapes; and the mapping checked on the graph it
// produces.
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import rdf from '@zazuko/env-node';
import { Parser, type Quad } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import jsonld from 'jsonld';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { propertiesOf } from '../../catalog-schema/src/model.ts';
import type { EntityName } from '../../catalog-schema/src/schemas.ts';
import { catalogQuads, notExported } from '../dcat/dcat.ts';
import { toTurtle } from '../dcat/rdf-serialize.ts';
import { writeSnapshot, type CatalogSnapshot } from '../snapshot.ts';
import { writeDcatFiles } from '../../pipeline/dcat-files.ts';
import { seedSnapshot } from '../../pipeline/__tests__/fixtures.ts';

const shared = path.resolve(import.meta.dirname, '..', '..', '..', 'shared', 'dcat-ap');
const base = 'https://data.example.gov.vn';
const snapshot = seedSnapshot();
const dcat = 'http://www.w3.org/ns/dcat#';
const hydra = 'http://www.w3.org/ns/hydra/core#';

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

// What the build writes, once for the whole file: the 60 seeded datasets the public reads (48 open, 12
// shared or master) in catalog pages of 20 (so three pages), by two export processes, as `npm run
// build` runs them.
let out = '';
const written = (rel: string) => readFileSync(path.join(out, rel), 'utf8');
const turtleQuads = (rel: string): Quad[] => new Parser({ baseIRI: base }).parse(written(rel));

beforeAll(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), 'odp-dcat-'));
  const snapshotFile = path.join(out, 'catalog', 'snapshot.json');
  writeSnapshot(snapshotFile, snapshot);
  vi.stubEnv('ODP_CATALOG_PAGE_SIZE', '20'); // read by the export processes, which inherit the environment
  await writeDcatFiles(snapshotFile, out, { base, processes: 2 });
}, 120_000);

afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(out, { recursive: true, force: true });
});

describe('DCAT-AP export as written by the build', () => {
  it('holds the catalog in three formats per page, and each dataset and service in Turtle and JSON-LD', () => {
    for (const page of ['catalog', 'catalog/page/2', 'catalog/page/3']) for (const ext of ['ttl', 'jsonld', 'rdf']) expect(existsSync(path.join(out, `${page}.${ext}`)), `${page}.${ext}`).toBe(true);
    expect(existsSync(path.join(out, 'catalog/page/4.ttl'))).toBe(false);
    for (const d of snapshot.datasets) for (const ext of ['ttl', 'jsonld']) expect(existsSync(path.join(out, `datasets/${d.id}.${ext}`)), `${d.id}.${ext}`).toBe(true);
    for (const s of snapshot.dataServices) for (const ext of ['ttl', 'jsonld']) expect(existsSync(path.join(out, `services/${s.id}.${ext}`)), `${s.id}.${ext}`).toBe(true);
  });

  it('splits the catalog into Hydra pages that link each other and together hold every dataset once', () => {
    const seen: string[] = [];
    for (const [n, rel] of ['catalog.ttl', 'catalog/page/2.ttl', 'catalog/page/3.ttl'].entries()) {
      const page = n + 1;
      const quads = turtleQuads(rel);
      const objects = (s: string, p: string) => quads.filter((q) => q.subject.value === s && q.predicate.value === p).map((q) => q.object.value);
      const [view] = objects(`${base}/catalog`, `${hydra}view`);
      expect(view).toBe(`${base}/${rel}`);
      expect(objects(view!, `${hydra}next`)).toEqual(page < 3 ? [`${base}/catalog/page/${page + 1}.ttl`] : []);
      expect(objects(view!, `${hydra}previous`)).toEqual(page === 1 ? [] : [page === 2 ? `${base}/catalog.ttl` : `${base}/catalog/page/2.ttl`]);
      expect(objects(view!, `${hydra}totalItems`)).toEqual(['60']);
      seen.push(...objects(`${base}/catalog`, `${dcat}dataset`));
    }
    expect(seen.sort()).toEqual(snapshot.datasets.map((d) => `${base}/datasets/${d.id}`).sort());
  });

  it('has zero SHACL violations on every catalog page (official DCAT-AP 3.0.1 shapes and ranges)', async () => {
    for (const rel of ['catalog.ttl', 'catalog/page/2.ttl', 'catalog/page/3.ttl']) expect(await violations(written(rel)), rel).toEqual([]);
  }, 60_000);

  it("has zero violations in a dataset's own file, which describes its distributions", async () => {
    expect(await violations(written('datasets/cho-truyen-thong.ttl'))).toEqual([]);
    const quads = turtleQuads('datasets/cho-truyen-thong.ttl');
    const distributions = quads.filter((q) => q.subject.value === `${base}/datasets/cho-truyen-thong` && q.predicate.value === `${dcat}distribution`);
    expect(distributions).toHaveLength(3);
    for (const d of distributions) expect(quads.some((q) => q.subject.value === d.object.value && q.predicate.value === `${dcat}accessURL`)).toBe(true);
  }, 60_000);

  it('says who may use shared and master data (dct:accessRights) and gives none of their files, with zero violations', async () => {
    const accessRights = 'http://purl.org/dc/terms/accessRights';
    const right = (id: string, rel = `datasets/${id}.ttl`) =>
      turtleQuads(rel)
        .filter((q) => q.subject.value === `${base}/datasets/${id}` && q.predicate.value === accessRights)
        .map((q) => q.object.value);
    const authority = 'http://publications.europa.eu/resource/authority/access-right/';
    expect(right('camera-giam-sat-giao-thong')).toEqual([`${authority}RESTRICTED`]);
    expect(right('co-so-du-lieu-dat-dai')).toEqual([`${authority}NON_PUBLIC`]);
    expect(right('cho-truyen-thong')).toEqual([`${authority}PUBLIC`]);
    for (const id of ['camera-giam-sat-giao-thong', 'co-so-du-lieu-dat-dai']) {
      expect(await violations(written(`datasets/${id}.ttl`)), id).toEqual([]);
      const quads = turtleQuads(`datasets/${id}.ttl`);
      expect(
        quads.filter((q) => [`${dcat}distribution`, `${dcat}downloadURL`, `${dcat}accessURL`].includes(q.predicate.value)),
        id,
      ).toEqual([]);
    }
    // Not even when a record of a shared dataset comes with files (a widened permission, a harvested record).
    const shared = snapshot.datasets.find((d) => d.id === 'camera-giam-sat-giao-thong')!;
    const withFile = { ...shared, distribution: snapshot.datasets.find((d) => d.id === 'cho-truyen-thong')!.distribution };
    const quads = catalogQuads({ ...snapshot, datasets: [withFile], dataServices: [] }, base).quads;
    expect(quads.some((q) => q.predicate.value === `${dcat}distribution` || q.predicate.value === `${dcat}downloadURL`)).toBe(false);
  }, 60_000);

  it("has zero violations in a service's own file, which stops at the datasets it serves", async () => {
    expect(await violations(written('services/api-du-lieu-xe-buyt.ttl'))).toEqual([]);
    const quads = turtleQuads('services/api-du-lieu-xe-buyt.ttl');
    const served = `${base}/datasets/tuyen-xe-buyt`;
    expect(quads.some((q) => q.subject.value === `${base}/services/api-du-lieu-xe-buyt` && q.predicate.value === `${dcat}servesDataset` && q.object.value === served)).toBe(true);
    // The served dataset is named and typed (its mandatory properties), not described again.
    expect(
      quads
        .filter((q) => q.subject.value === served)
        .map((q) => q.predicate.value.split(/[#/]/).pop())
        .sort(),
    ).toEqual(['description', 'description', 'title', 'title', 'type']);
    expect(quads.some((q) => q.subject.value === `${base}/catalog`)).toBe(false);
  }, 60_000);

  it('says the same in Turtle, JSON-LD and RDF/XML', async () => {
    const ttl = turtleQuads('catalog/page/2.ttl');
    expect(ttl.length).toBeGreaterThan(500);
    const fromJson = (await jsonld.toRDF(JSON.parse(written('catalog/page/2.jsonld')) as object, { format: 'application/n-quads' })) as unknown as string;
    expect(new Parser({ format: 'N-Quads' }).parse(fromJson)).toHaveLength(ttl.length);
    const fromXml = await new Promise<Quad[]>((resolve, reject) => {
      const quads: Quad[] = [];
      const parser = new RdfXmlParser({ baseIRI: base });
      parser.on('data', (q: Quad) => quads.push(q));
      parser.on('error', reject);
      parser.on('end', () => resolve(quads));
      parser.write(written('catalog/page/2.rdf'));
      parser.end();
    });
    expect(fromXml).toHaveLength(ttl.length);
    const one = (await jsonld.toRDF(JSON.parse(written('datasets/tuyen-xe-buyt.jsonld')) as object, { format: 'application/n-quads' })) as unknown as string;
    expect(new Parser({ format: 'N-Quads' }).parse(one)).toHaveLength(turtleQuads('datasets/tuyen-xe-buyt.ttl').length);
  });

  it('is checked for real: a dataset without a description is a violation', async () => {
    const subject = `${base}/datasets/cho-truyen-thong`;
    const broken = turtleQuads('datasets/cho-truyen-thong.ttl').filter((q) => !(q.subject.value === subject && q.predicate.value === 'http://purl.org/dc/terms/description'));
    expect(await violations(await toTurtle(broken, base))).toEqual([expect.stringMatching(/datasets\/cho-truyen-thong http:\/\/purl.org\/dc\/terms\/description: .*MinCount/)]);
  }, 60_000);
});

describe('the DCAT-AP mapping', () => {
  // The graph as comparable lines (blank nodes have a new label on every run).
  const lines = (s: CatalogSnapshot): string =>
    catalogQuads(s, base)
      .quads.map((q) =>
        [q.subject, q.predicate, q.object].map((t) => (t.termType === 'BlankNode' ? '_:' : t.termType === 'Literal' ? JSON.stringify([t.value, t.language, t.datatype.value]) : t.value)).join(' '),
      )
      .sort()
      .join('\n');
  /** A catalog of `record`, a version of `original` (an entity of kind `entity`), with what `original` refers to. */
  const catalogOf = (entity: EntityName, original: Record<string, unknown>, record: Record<string, unknown>): CatalogSnapshot => {
    if (entity === 'Dataset') return { ...snapshot, datasets: [record as never], dataServices: [] };
    if (entity === 'DataService') return { ...snapshot, datasets: snapshot.datasets.filter((d) => (original.servesDataset as string[] | undefined)?.includes(d.id)), dataServices: [record as never] };
    const d = snapshot.datasets.find((x) => x.distribution.some((y) => y.id === original.id))!;
    return { ...snapshot, datasets: [{ ...d, distribution: [record as never] }], dataServices: [] };
  };
  const records = (entity: EntityName): Record<string, unknown>[] =>
    (entity === 'Dataset' ? snapshot.datasets : entity === 'DataService' ? snapshot.dataServices : snapshot.datasets.flatMap((d) => d.distribution)) as unknown as Record<string, unknown>[];
  // Values the seeded records lack (or hold only as the default the mapping falls back on), so that
  // each property is seen changing the export.
  const extra: Partial<Record<EntityName, Record<string, unknown>>> = {
    Dataset: {
      landingPage: 'https://giaothong.hochiminhcity.gov.vn/du-lieu',
      reviewNote: 'Bổ sung từ điển dữ liệu.',
      submitted: '2026-11-02T08:00:00.000Z',
      qualityScore: 87,
      allowedAgencies: ['so-xay-dung'],
      metadataVisibility: 'agencies',
    },
    Distribution: { license: 'odbl-1.0', mediaType: 'text/plain' },
    DataService: { reviewNote: 'Bổ sung giới hạn truy cập.', submitted: '2026-11-02T08:00:00.000Z', qualityScore: 60, metadataVisibility: 'agencies' },
  };
  // Structure, not data: the id names the resource, a dataset's distributions are Distributions.
  const structure: Partial<Record<EntityName, string[]>> = { Dataset: ['id', 'distribution'], Distribution: ['id'], DataService: ['id'] };
  const hasValue = (v: unknown) => v !== undefined && !(Array.isArray(v) && v.length === 0);

  /** Whether taking `property` out of a record that has it changes the graph (of up to five seeded records, and one with the extra value). */
  function changesGraph(entity: EntityName, property: string): boolean {
    const having = records(entity)
      .filter((r) => hasValue(r[property]))
      .slice(0, 5);
    const value = extra[entity]?.[property];
    if (value !== undefined) having.push({ ...records(entity)[0]!, [property]: value });
    if (!having.length) throw new Error(`No example of ${entity}.${property}: give one to a seeded record or to \`extra\``);
    return having.some((r) => {
      const without = { ...r };
      delete without[property];
      let after: string;
      try {
        after = lines(catalogOf(entity, r, without));
      } catch {
        return true; // the mapping reads it (a required property)
      }
      return after !== lines(catalogOf(entity, r, r));
    });
  }

  for (const entity of ['Dataset', 'Distribution', 'DataService'] as const) {
    it(`exports every property of ${entity} but those it lists as not exported, and none of those`, () => {
      const skip = structure[entity] ?? [];
      const listed = (notExported[entity] ?? []).filter((p) => !skip.includes(p));
      const missing = propertiesOf(entity)
        .filter((p) => !skip.includes(p.name) && !listed.includes(p.name) && !changesGraph(entity, p.name))
        .map((p) => p.name);
      expect(missing, 'in the schema but not in the export').toEqual([]);
      expect(
        listed.filter((p) => changesGraph(entity, p)),
        'listed as not exported but exported',
      ).toEqual([]);
    });
  }
});
