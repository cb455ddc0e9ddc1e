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
  // A stable order, so the same catalog always gives the same files.
  const key = (q: Quad) => `${q.subject.termType === 'BlankNode' ? '~' : ''}${q.subject.value}\u0000${q.predicate.value}\u0000${q.object.value}`;
  return store.getQuads(null, null, null, null).sort((x, y) => (key(x) < key(y) ? -1 : key(x) > key(y) ? 1 : 0));
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
  const expanded = await jsonld.fromRDF(await toNQuads(store), { format: 'application/n-quads' });
  const context = { ...prefixes(base) };
  const compacted = await jsonld.compact(expanded, context);
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
