// Serialises RDF graphs: Turtle with n3's writer, RDF/XML with graphy's XML scribe, and JSON-LD as
// the compacted form (flattened, with the prefixes below as its context) written straight from the
// quads. jsonld's own fromRDF + compact gave the same document at a tenth of the speed; the tests
// check that jsonld reads each document back to the very same graph.
import { createRequire } from 'node:module';
import { Store, Writer, type Quad, type Term } from 'n3';
import { ns, portalNamespace } from './dcat.ts';

const require = createRequire(import.meta.url);

function prefixes(base: string): Record<string, string> {
  return { ...ns, hydra: 'http://www.w3.org/ns/hydra/core#', odp: portalNamespace(base.replace(/\/+$/, '')) };
}

/** A graph: an n3 Store or a list of quads (each once). */
export type Graph = Store | Quad[];

function ordered(graph: Graph): Quad[] {
  // A list of quads is made in the same order from the same catalog: kept as it is, with the quads
  // of each subject brought together (first the named resources, then the blank nodes).
  if (!(graph instanceof Store)) {
    const named = new Map<string, Quad[]>();
    const blank = new Map<string, Quad[]>();
    for (const q of graph) {
      const m = q.subject.termType === 'BlankNode' ? blank : named;
      const list = m.get(q.subject.value);
      if (list) list.push(q);
      else m.set(q.subject.value, [q]);
    }
    return [...named.values(), ...blank.values()].flat();
  }
  // A store has no order of its own: sorted, so the same catalog always gives the same files. Each
  // key is built once, not twice per comparison.
  const keyed = graph.getQuads(null, null, null, null).map((q) => ({ q, k: `${q.subject.termType === 'BlankNode' ? '~' : ''}${q.subject.value}\u0000${q.predicate.value}\u0000${q.object.value}` }));
  return keyed.sort((x, y) => (x.k < y.k ? -1 : x.k > y.k ? 1 : 0)).map((x) => x.q);
}

export function toTurtle(store: Graph, base: string): Promise<string> {
  const writer = new Writer({ prefixes: prefixes(base) });
  writer.addQuads(ordered(store));
  return new Promise((resolve, reject) => writer.end((err, out: string) => (err ? reject(err) : resolve(out))));
}

export function toNQuads(store: Graph): Promise<string> {
  const writer = new Writer({ format: 'N-Quads' });
  writer.addQuads(ordered(store));
  return new Promise((resolve, reject) => writer.end((err, out: string) => (err ? reject(err) : resolve(out))));
}

/** Compacts an IRI with the longest namespace it starts with (never to something that reads as an IRI). */
function compacter(prefixes: Record<string, string>): (iri: string) => string {
  const byLength = Object.entries(prefixes).sort((x, y) => y[1].length - x[1].length);
  const cache = new Map<string, string>();
  return (iri) => {
    let c = cache.get(iri);
    if (c === undefined) {
      c = iri;
      for (const [prefix, ns] of byLength) {
        const local = iri.slice(ns.length);
        if (iri.startsWith(ns) && local && !local.startsWith('//')) {
          c = `${prefix}:${local}`;
          break;
        }
      }
      if (cache.size < 100_000) cache.set(iri, c);
    }
    return c;
  };
}

const xsdString = 'http://www.w3.org/2001/XMLSchema#string';
const rdfType = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';

/**
 * JSON-LD in compacted form with an inline context of prefixes (no remote context is fetched): one
 * node object per subject in `@graph`, a property with one value written without an array, plain
 * strings for xsd:string, `@language` and `@type` for the other literals.
 */
export async function toJsonLd(store: Graph, base: string): Promise<string> {
  const context = prefixes(base);
  const compact = compacter(context);
  const id = (t: Term) => (t.termType === 'BlankNode' ? `_:${t.value}` : compact(t.value));
  const nodes = new Map<string, Record<string, unknown[]>>();
  for (const q of ordered(store)) {
    const s = id(q.subject);
    let node = nodes.get(s);
    if (!node) nodes.set(s, (node = {}));
    const o = q.object;
    let key: string;
    let value: unknown;
    if (q.predicate.value === rdfType && o.termType !== 'Literal') {
      key = '@type';
      value = id(o);
    } else {
      key = compact(q.predicate.value);
      if (o.termType === 'Literal') {
        if (o.language) value = { '@language': o.language, '@value': o.value };
        else if (o.datatype.value === xsdString) value = o.value;
        else value = { '@type': compact(o.datatype.value), '@value': o.value };
      } else value = { '@id': id(o) };
    }
    (node[key] ??= []).push(value);
  }
  const graph = [...nodes].map(([s, props]) => {
    const out: Record<string, unknown> = { '@id': s };
    const one = (vs: unknown[]) => (vs.length === 1 ? vs[0] : vs);
    if (props['@type']) out['@type'] = one(props['@type']);
    for (const [k, vs] of Object.entries(props)) if (k !== '@type') out[k] = one(vs);
    return out;
  });
  return JSON.stringify({ '@context': context, '@graph': graph });
}

interface Scribe {
  on(event: 'data', cb: (chunk: string) => void): void;
  on(event: 'end', cb: () => void): void;
  on(event: 'error', cb: (err: Error) => void): void;
  write(q: Quad): void;
  end(): void;
}

export function toRdfXml(store: Graph, base: string): Promise<string> {
  const scribe = require('@graphy/content.xml.scribe') as (config: { prefixes: Record<string, string> }) => Scribe;
  const out = scribe({ prefixes: prefixes(base) });
  let xml = '';
  return new Promise((resolve, reject) => {
    out.on('data', (chunk) => (xml += chunk));
    out.on('end', () => resolve(xml));
    out.on('error', reject);
    for (const q of ordered(store)) out.write(q);
    out.end();
  });
}
