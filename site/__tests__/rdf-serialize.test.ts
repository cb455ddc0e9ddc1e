// The JSON-LD export hands jsonld the quads themselves instead of N-Quads text (whose parser is
// quadratic in the number of quads: minutes for a catalog of a few hundred datasets). The result
// must be the same document the N-Quads path gives.
import jsonld from 'jsonld';
import { describe, expect, it } from 'vitest';
import { catalogGraph, ns } from '../src/lib/dcat.ts';
import { toJsonLd, toNQuads } from '../src/lib/rdf-serialize.ts';
import { seedSnapshot } from './fixtures.ts';

const base = 'https://data.example.gov.vn';

describe('JSON-LD export of a large catalog (quads handed over directly)', () => {
  it('gives the same document as parsing the N-Quads serialisation', async () => {
    const { store } = catalogGraph(seedSnapshot(), base);
    const direct = JSON.parse(await toJsonLd(store, base)) as Record<string, unknown>;
    const viaText = await jsonld.compact(await jsonld.fromRDF(await toNQuads(store), { format: 'application/n-quads' }), { ...ns, hydra: 'http://www.w3.org/ns/hydra/core#', odp: `${base}/ns#` });
    expect((direct['@graph'] as unknown[]).length).toBeGreaterThan(100);
    expect(direct).toEqual(viaText);
  }, 60_000);
});
