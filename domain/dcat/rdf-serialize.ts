// Serialises RDF graphs: Turtle with n3's writer, RDF/XML with graphy's XML scribe, and JSON-LD as
// the compacted form (flattened, with the prefixes below as its context) written straight from the
// quads. jsonld's own fromRDF + compact gave the same document at a tenth of the speed; the tests
// check that jsonld reads each document back to the very same graph.
import { createRequire } from 'node:module';
import { DataFactory, Writer, type BlankNode, type Quad, type Term } from 'n3';
import { ns, portalNamespace } from './dcat.ts';

const require = createRequire(import.meta.url);

function prefixes(base: string): Record<string, string> {
  return { ...ns, hydra: 'http://www.w3.org/ns/hydra/core#', odp: portalNamespace(base.replace(/\/+$/, '')) };
}

/**
 * The quads with those of each subject brought together (first the named resources, then the blank
 * nodes), otherwise in the order they were made, and the blank nodes named b0, b1… in the order
 * they appear: the same catalog always gives the same files, whichever process makes them and
 * whatever it made before (n3 numbers blank nodes with one counter per process).
 */
function ordered(quads: Quad[]): Quad[] {
  const labels = new Map<string, BlankNode>();
  const named = (t: Term): Term => {
    if (t.termType !== 'BlankNode') return t;
    let b = labels.get(t.value);
    if (!b) labels.set(t.value, (b = DataFactory.blankNode(`b${labels.size}`)));
    return b;
  };
  return grouped(quads).map((q) =>
    q.subject.termType === 'BlankNode' || q.object.termType === 'BlankNode' ? DataFactory.quad(named(q.subject) as Quad['subject'], q.predicate, named(q.object) as Quad['object'], q.graph) : q,
  );
}

function grouped(quads: Quad[]): Quad[] {
  const named = new Map<string, Quad[]>();
  const blank = new Map<string, Quad[]>();
  for (const q of quads) {
    const m = q.subject.termType === 'BlankNode' ? blank : named;
    const list = m.get(q.subject.value);
    if (list) list.push(q);
    else m.set(q.subject.value, [q]);
  }
  return [...named.values(), ...blank.values()].flat();
}

export function toTurtle(quads: Quad[], base: string): Promise<string> {
  const writer = new Writer({ prefixes: prefixes(base) });
  writer.addQuads(ordered(quads));
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
export function toJsonLd(quads: Quad[], base: string): string {
  const context = prefixes(base);
  const compact = compacter(context);
  const id = (t: Term) => (t.termType === 'BlankNode' ? `_:${t.value}` : compact(t.value));
  const nodes = new Map<string, Record<string, unknown[]>>();
  for (const q of ordered(quads)) {
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

export function toRdfXml(quads: Quad[], base: string): Promise<string> {
  const scribe = require('@graphy/content.xml.scribe') as (config: { prefixes: Record<string, string> }) => Scribe;
  const out = scribe({ prefixes: prefixes(base) });
  let xml = '';
  return new Promise((resolve, reject) => {
    out.on('data', (chunk) => (xml += chunk));
    out.on('end', () => resolve(xml));
    out.on('error', reject);
    for (const q of ordered(quads)) out.write(q);
    out.end();
  });
}
