// The machine-readable exports of a build: DCAT-AP graphs of the catalog (in Hydra pages when it is
// large) and of each dataset and service. They are written by pipeline/dcat-files.ts beside the
// pages, in a worker of their own, while Astro renders the HTML.
import { DataFactory, type Quad } from 'n3';
import { bySubject, catalogQuads, resourceQuads, type DcatIris } from './dcat.ts';
import type { CatalogSnapshot } from '../snapshot.ts';
import { toJsonLd, toRdfXml, toTurtle } from './rdf-serialize.ts';

export type RdfFormat = 'ttl' | 'jsonld' | 'rdf';
export const rdfFormats: readonly RdfFormat[] = ['ttl', 'jsonld', 'rdf'];

// `size` below is the datasets per catalog document (ODP_CATALOG_PAGE_SIZE); a larger catalog is split
// into Hydra pages (/catalog/page/N.ext).

export function catalogPageCount(snapshot: CatalogSnapshot, size: number): number {
  return Math.max(1, Math.ceil(snapshot.datasets.length / size));
}

/** Where page `n` of the catalog is published, as a path of the site. */
export function catalogPagePath(n: number, format: RdfFormat): string {
  return n === 1 ? `/catalog.${format}` : `/catalog/page/${n}.${format}`;
}

const hydra = 'http://www.w3.org/ns/hydra/core#';

/**
 * Page `page` (1-based) of the catalog: the catalog record with the datasets of that page (services on
 * the first page). `view(format)` gives, when there is more than one page, the
 * hydra:PartialCollectionView with the links to the first, previous, next and last pages in that format.
 */
export function catalogPage(
  snapshot: CatalogSnapshot,
  base: string,
  page: number,
  size: number,
): { quads: Quad[]; iris: DcatIris; datasets: CatalogSnapshot['datasets']; view: (format: RdfFormat) => Quad[] } {
  const pages = catalogPageCount(snapshot, size);
  const datasets = snapshot.datasets.slice((page - 1) * size, page * size);
  const { quads, iris } = catalogQuads({ ...snapshot, datasets, dataServices: page === 1 ? snapshot.dataServices : [] }, base);
  const view = (format: RdfFormat): Quad[] => {
    if (pages === 1) return [];
    const namedNode = DataFactory.namedNode.bind(DataFactory);
    const literal = DataFactory.literal.bind(DataFactory);
    const quad = DataFactory.quad.bind(DataFactory);
    const url = (n: number) => namedNode(`${base.replace(/\/+$/, '')}${catalogPagePath(n, format)}`);
    const v = url(page);
    const count = (n: number) => literal(String(n), namedNode('http://www.w3.org/2001/XMLSchema#nonNegativeInteger'));
    const out = [
      quad(v, namedNode('http://www.w3.org/1999/02/22-rdf-syntax-ns#type'), namedNode(`${hydra}PartialCollectionView`)),
      quad(iris.catalog, namedNode(`${hydra}view`), v),
      quad(v, namedNode(`${hydra}totalItems`), count(snapshot.datasets.length)),
      quad(v, namedNode(`${hydra}itemsPerPage`), count(size)),
      quad(v, namedNode(`${hydra}first`), url(1)),
      quad(v, namedNode(`${hydra}last`), url(pages)),
    ];
    if (page > 1) out.push(quad(v, namedNode(`${hydra}previous`), url(page - 1)));
    if (page < pages) out.push(quad(v, namedNode(`${hydra}next`), url(page + 1)));
    return out;
  };
  return { quads, iris, datasets, view };
}

/**
 * The descriptions of single resources in a graph: `describe(root)` gives the quads of that dataset or
 * service and what it points to, stopping at the catalog and at the other datasets and services. The
 * one place that decides where a description stops: the export processes write each dataset's and
 * service's own file with it.
 */
export function describer(quads: Quad[], iris: DcatIris, snapshot: Pick<CatalogSnapshot, 'datasets' | 'dataServices'>): (kind: 'dataset' | 'service', id: string) => Quad[] {
  const stops = new Set([iris.catalog.value, ...snapshot.datasets.map((d) => iris.dataset(d.id).value), ...snapshot.dataServices.map((x) => iris.service(x.id).value)]);
  const quadsOf = bySubject(quads);
  return (kind, id) => resourceQuads(quadsOf, kind === 'dataset' ? iris.dataset(id) : iris.service(id), (n) => stops.has(n));
}

/** The catalog the service descriptions are taken from: every service with the datasets it serves. */
export function servicesCatalog(snapshot: CatalogSnapshot): CatalogSnapshot {
  const served = new Set(snapshot.dataServices.flatMap((x) => x.servesDataset ?? []));
  return { ...snapshot, datasets: snapshot.datasets.filter((d) => served.has(d.id)) };
}

export type DcatPart = { kind: 'page'; page: number } | { kind: 'services' };

/** The parts of the exports of a catalog, in the order the export processes take them. */
export function dcatParts(snapshot: CatalogSnapshot, size: number): DcatPart[] {
  return [{ kind: 'services' }, ...Array.from({ length: catalogPageCount(snapshot, size) }, (_, i) => ({ kind: 'page' as const, page: i + 1 }))];
}

/** `quads` in one of the export formats. */
export async function serialize(quads: Quad[], format: RdfFormat, base: string): Promise<string> {
  return format === 'ttl' ? await toTurtle(quads, base) : format === 'jsonld' ? toJsonLd(quads, base) : await toRdfXml(quads, base);
}

export type CatalogPageGraph = ReturnType<typeof catalogPage>;

/** The document of catalog page `page` in `format` (/catalog.ttl, /catalog/page/2.rdf…). */
export function catalogPageBody(graph: CatalogPageGraph, format: RdfFormat, base: string): Promise<string> {
  return serialize([...graph.quads, ...graph.view(format)], format, base);
}

/**
 * The describer of the datasets of catalog page `page`: a dataset's own file is cut from the graph of
 * the page it sits on (its blank nodes are numbered in that graph), so the file is the same whoever
 * writes it: the export processes of a full build, or the portal server answering for one dataset.
 */
export function pageDescriber(snapshot: CatalogSnapshot, graph: CatalogPageGraph, page: number): (kind: 'dataset' | 'service', id: string) => Quad[] {
  return describer(graph.quads, graph.iris, { datasets: graph.datasets, dataServices: page === 1 ? snapshot.dataServices : [] });
}

/** The page of the catalog a dataset is on (1-based), or undefined when the catalog does not have it. */
export function pageOfDataset(snapshot: CatalogSnapshot, id: string, size: number): number | undefined {
  const i = snapshot.datasets.findIndex((d) => d.id === id);
  return i < 0 ? undefined : Math.floor(i / size) + 1;
}

/** The formats each dataset and service has a file of its own in (/datasets/<id>.ttl…). */
export const resourceFormats: readonly RdfFormat[] = ['ttl', 'jsonld'];
