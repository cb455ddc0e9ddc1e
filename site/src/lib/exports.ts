// The machine-readable exports of a build: DCAT-AP graphs of the catalog and of each dataset and
// service, serialised on demand by the static endpoints (computed once per build).
import { DataFactory, type Store } from 'n3';
import { catalogGraph, resourceGraph, resourceStops, type DcatIris } from './dcat.ts';
import type { CatalogSnapshot } from './snapshot.ts';
import { loadPortal } from './portal.ts';
import { toJsonLd, toRdfXml, toTurtle } from './rdf-serialize.ts';

export type RdfFormat = 'ttl' | 'jsonld' | 'rdf';

export const rdfMediaTypes: Record<RdfFormat, string> = {
  ttl: 'text/turtle; charset=utf-8',
  jsonld: 'application/ld+json; charset=utf-8',
  rdf: 'application/rdf+xml; charset=utf-8',
};

let cached: { base: string; store: Store; iris: DcatIris; stops: (node: string) => boolean } | undefined;

function graph(base: string) {
  const b = base.replace(/\/+$/, '');
  if (cached?.base !== b) {
    const g = catalogGraph(loadPortal().snapshot, b);
    // The stop set holds every dataset and service: made once per build, not once per exported
    // resource (that was quadratic in the size of the catalog).
    cached = { base: b, ...g, stops: resourceStops(loadPortal().snapshot, g.iris) };
  }
  return cached;
}

function serialise(store: Store, format: RdfFormat, base: string): Promise<string> {
  if (format === 'ttl') return toTurtle(store, base);
  if (format === 'jsonld') return toJsonLd(store, base);
  return toRdfXml(store, base);
}

/** Datasets per catalog document; a larger catalog is split into Hydra pages (/catalog/page/N.ext). */
export function catalogPageSize(): number {
  const n = Number(process.env.ODP_CATALOG_PAGE_SIZE ?? 1000);
  return Number.isInteger(n) && n > 0 ? n : 1000;
}

export function catalogPageCount(snapshot: CatalogSnapshot, size = catalogPageSize()): number {
  return Math.max(1, Math.ceil(snapshot.datasets.length / size));
}

const hydra = 'http://www.w3.org/ns/hydra/core#';

/**
 * Page `page` (1-based) of the catalog: the catalog record with the datasets of that page (services on
 * the first page), and, when there is more than one page, a hydra:PartialCollectionView with the
 * links to the first, previous, next and last pages.
 */
export function catalogPageGraph(snapshot: CatalogSnapshot, base: string, page: number, format: RdfFormat, size = catalogPageSize()): Store {
  const pages = catalogPageCount(snapshot, size);
  const subset = { ...snapshot, datasets: snapshot.datasets.slice((page - 1) * size, page * size), dataServices: page === 1 ? snapshot.dataServices : [] };
  const { store, iris } = catalogGraph(subset, base);
  if (pages > 1) {
    const { namedNode, literal, quad } = DataFactory;
    const url = (n: number) => namedNode(`${base.replace(/\/+$/, '')}${n === 1 ? '/catalog' : `/catalog/page/${n}`}.${format}`);
    const view = url(page);
    const add = (p: string, o: ReturnType<typeof namedNode> | ReturnType<typeof literal>) => store.addQuad(quad(view, namedNode(hydra + p), o));
    store.addQuad(quad(view, namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), namedNode(`${hydra}PartialCollectionView`)));
    store.addQuad(quad(iris.catalog, namedNode(`${hydra}view`), view));
    add('totalItems', literal(String(snapshot.datasets.length), namedNode('http://www.w3.org/2001/XMLSchema#nonNegativeInteger')));
    add('itemsPerPage', literal(String(size), namedNode('http://www.w3.org/2001/XMLSchema#nonNegativeInteger')));
    add('first', url(1));
    add('last', url(pages));
    if (page > 1) add('previous', url(page - 1));
    if (page < pages) add('next', url(page + 1));
  }
  return store;
}

export function catalogExport(format: RdfFormat, base: string, page = 1): Promise<string> {
  const snapshot = loadPortal().snapshot;
  if (catalogPageCount(snapshot) === 1) {
    const g = graph(base);
    return serialise(g.store, format, g.base);
  }
  return serialise(catalogPageGraph(snapshot, base, page, format), format, base);
}

export function resourceExport(kind: 'dataset' | 'service', id: string, format: RdfFormat, base: string): Promise<string> {
  const g = graph(base);
  const root = kind === 'dataset' ? g.iris.dataset(id) : g.iris.service(id);
  return serialise(resourceGraph(g.store, root, g.stops), format, g.base);
}

export function rdfResponse(body: string, format: RdfFormat): Response {
  return new Response(body, { headers: { 'Content-Type': rdfMediaTypes[format] } });
}
