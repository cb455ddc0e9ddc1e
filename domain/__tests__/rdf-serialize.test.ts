// The JSON-LD export is written straight from the quads (jsonld's fromRDF + compact was ten times
// slower). jsonld itself must read every document back to the very same graph: compared as
// canonical N-Quads (URDNA2015), blank nodes included.
import jsonld from 'jsonld';
import { Writer, type Quad } from 'n3';
import { describe, expect, it } from 'vitest';
import { catalogQuads, ns } from '../dcat/dcat.ts';
import { toJsonLd } from '../dcat/rdf-serialize.ts';
import { seedSnapshot } from '../../pipeline/__tests__/fixtures.ts';

const base = 'https://data.example.gov.vn';

function toNQuads(quads: Quad[]): Promise<string> {
  const writer = new Writer({ format: 'N-Quads' });
  writer.addQuads(quads);
  return new Promise((resolve, reject) => writer.end((err, out: string) => (err ? reject(err) : resolve(out))));
}

async function canonical(nquads: string): Promise<string> {
  // The typings of jsonld do not know that canonize reads N-Quads text too.
  const canonize = jsonld.canonize as unknown as (input: string, o: Record<string, string>) => Promise<string>;
  return canonize(nquads, { algorithm: 'URDNA2015', inputFormat: 'application/n-quads', format: 'application/n-quads' });
}

describe('JSON-LD export', () => {
  const { quads } = catalogQuads(seedSnapshot(), base);

  it('is read back by jsonld to exactly the graph it was written from', async () => {
    const doc = JSON.parse(toJsonLd(quads, base)) as { '@context': Record<string, string>; '@graph': Record<string, unknown>[] };
    expect(doc['@graph'].length).toBeGreaterThan(100);
    const back = (await jsonld.toRDF(doc as object, { format: 'application/n-quads' })) as unknown as string;
    expect(await canonical(back)).toBe(await canonical(await toNQuads(quads)));
  }, 120_000);

  it('is compacted with the DCAT-AP prefixes, one node per subject', () => {
    const doc = JSON.parse(toJsonLd(quads, base)) as { '@context': Record<string, string>; '@graph': Record<string, unknown>[] };
    expect(doc['@context']).toMatchObject({ dcat: ns.dcat, dct: ns.dct, odp: `${base}/ns#` });
    const ids = doc['@graph'].map((n) => n['@id']);
    expect(new Set(ids).size).toBe(ids.length);
    const dataset = doc['@graph'].find((n) => n['@id'] === `${base}/datasets/tuyen-xe-buyt`)!;
    expect(dataset['@type']).toBe('dcat:Dataset');
    const someText: unknown = expect.any(String);
    expect(dataset['dct:title']).toContainEqual({ '@language': 'vi', '@value': someText });
    const euFrequency: unknown = expect.stringMatching(/^http:\/\/publications\.europa\.eu\/resource\/authority\/frequency\//);
    expect(dataset['dct:accrualPeriodicity']).toEqual({ '@id': euFrequency });
  });
});
