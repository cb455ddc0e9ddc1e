// Serialises RDF graphs with established libraries: Turtle with n3, JSON-LD with jsonld (compacted
// with the prefixes below), RDF/XML with graphy's XML scribe. Nothing here writes RDF syntax by hand.
import { createRequire } from 'node:module';
import jsonld from 'jsonld';
import { Writer, type Quad, type Store } from 'n3';
import { ns, portalNamespace } from './dcat.ts';

const require = createRequire(import.meta.url);

function prefixes(base: string): Record<string, string> {
  return { ...ns, hydra: 'http://www.w3.org/ns/hydra/core#', odp: portalNamespace(base.replace(/\/+$/, '')) };
}

function sorted(store: Store): Quad[] {
  // A stable order, so the same catalog always gives the same files. Each key is built once, not
  // twice per comparison (a 10,000-dataset catalog has over a million quads).
  const keyed = store.getQuads(null, null, null, null).map((q) => ({ q, k: `${q.subject.termType === 'BlankNode' ? '~' : ''}${q.subject.value}\u0000${q.predicate.value}\u0000${q.object.value}` }));
  return keyed.sort((x, y) => (x.k < y.k ? -1 : x.k > y.k ? 1 : 0)).map((x) => x.q);
}

export function toTurtle(store: Store, base: string): Promise<string> {
  const writer = new Writer({ prefixes: prefixes(base) });
  writer.addQuads(sorted(store));
  return new Promise((resolve, reject) => writer.end((err, out: string) => (err ? reject(err) : resolve(out))));
}

export function toNQuads(store: Store): Promise<string> {
  const writer = new Writer({ format: 'N-Quads' });
  writer.addQuads(sorted(store));
  return new Promise((resolve, reject) => writer.end((err, out: string) => (err ? reject(err) : resolve(out))));
}

/** JSON-LD, compacted with an inline context of prefixes (no remote context is fetched). */
export async function toJsonLd(store: Store, base: string, extra: Record<string, unknown> = {}): Promise<string> {
  // The quads go in as RDF/JS terms, not as N-Quads text: jsonld's N-Quads parser drops duplicate
  // quads by comparing each with all before it, quadratic in the size of the graph (minutes for a
  // catalog of 400 datasets). An n3 Store holds no duplicates, so there is nothing to drop.
  const expanded = await jsonld.fromRDF(sorted(store) as unknown as object);
  const context = { ...prefixes(base) };
  // fromRDF gives expanded JSON-LD already: compacting need not expand it a second time.
  const compacted = await jsonld.compact(expanded, context, { skipExpansion: true });
  return JSON.stringify({ ...compacted, ...extra }, null, 1);
}

interface Scribe {
  on(event: 'data', cb: (chunk: string) => void): void;
  on(event: 'end', cb: () => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  write(q: Quad): void;
  end(): void;
}

export function toRdfXml(store: Store, base: string): Promise<string> {
  const scribe = require('@graphy/content.xml.scribe') as (config: { prefixes: Record<string, string> }) => Scribe;
  const out = scribe({ prefixes: prefixes(base) });
  let xml = '';
  return new Promise((resolve, reject) => {
    out.on('data', (chunk) => (xml += chunk));
    out.on('end', () => resolve(xml));
    out.on('error', reject);
    for (const q of sorted(store)) out.write(q);
    out.end();
  });
}
