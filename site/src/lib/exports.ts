// The machine-readable exports of a build: DCAT-AP graphs of the catalog and of each dataset and
// service, serialised on demand by the static endpoints (computed once per build).
import type { Store } from 'n3';
import { catalogGraph, resourceGraph, resourceStops, type DcatIris } from './dcat.ts';
import { loadPortal } from './portal.ts';
import { toJsonLd, toRdfXml, toTurtle } from './rdf-serialize.ts';

export type RdfFormat = 'ttl' | 'jsonld' | 'rdf';

export const rdfMediaTypes: Record<RdfFormat, string> = {
  ttl: 'text/turtle; charset=utf-8',
  jsonld: 'application/ld+json; charset=utf-8',
  rdf: 'application/rdf+xml; charset=utf-8',
};

let cached: { base: string; store: Store; iris: DcatIris } | undefined;

function graph(base: string) {
  const b = base.replace(/\/+$/, '');
  if (cached?.base !== b) cached = { base: b, ...catalogGraph(loadPortal().snapshot, b) };
  return cached;
}

function serialise(store: Store, format: RdfFormat, base: string): Promise<string> {
  if (format === 'ttl') return toTurtle(store, base);
  if (format === 'jsonld') return toJsonLd(store, base);
  return toRdfXml(store, base);
}

export function catalogExport(format: RdfFormat, base: string): Promise<string> {
  const g = graph(base);
  return serialise(g.store, format, g.base);
}

export function resourceExport(kind: 'dataset' | 'service', id: string, format: RdfFormat, base: string): Promise<string> {
  const g = graph(base);
  const root = kind === 'dataset' ? g.iris.dataset(id) : g.iris.service(id);
  return serialise(resourceGraph(g.store, root, resourceStops(loadPortal().snapshot, g.iris)), format, g.base);
}

export function rdfResponse(body: string, format: RdfFormat): Response {
  return new Response(body, { headers: { 'Content-Type': rdfMediaTypes[format] } });
}
