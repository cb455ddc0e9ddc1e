// The DCAT-AP exports answered by the portal server: the renderer of incremental publishing
// (ODP_RENDER=on-demand) answers /catalog.ttl, /catalog/page/2.rdf, /datasets/<id>.jsonld and
// /services/<id>.ttl from the catalog it has loaded, with the same bytes the export processes of a
// full build write (domain/dcat/exports.ts is the one place that makes them). A full build writes
// them as files instead, so these routes prerender nothing.
import {
  catalogPage,
  catalogPageBody,
  catalogPageCount,
  pageDescriber,
  pageOfDataset,
  rdfFormats,
  resourceFormats,
  serialize,
  servicesCatalog,
  describer,
  type CatalogPageGraph,
  type RdfFormat,
} from '../../../domain/dcat/exports.ts';
import { catalogQuads } from '../../../domain/dcat/dcat.ts';
import { buildConfig } from '../../../platform/config.ts';
import { loadPortal, type Portal } from './portal.ts';
import { sharedWeakMap } from './process-cache.ts';

const contentTypes: Record<RdfFormat, string> = {
  ttl: 'text/turtle; charset=utf-8',
  jsonld: 'application/ld+json; charset=utf-8',
  rdf: 'application/rdf+xml; charset=utf-8',
};

/** What a request names: a page of the catalog, or the file of one dataset or service. */
export type DcatDocument = { kind: 'catalog'; page: number } | { kind: 'dataset' | 'service'; id: string };

interface Made {
  pages: Map<number, CatalogPageGraph>;
  services?: ReturnType<typeof describer>;
  /** Bodies made so far, newest last; the oldest go first past `keep`. */
  bodies: Map<string, string>;
}
const made = sharedWeakMap<Portal, Made>('dcat-documents');
const keep = 2000;

function madeFor(p: Portal): Made {
  let m = made.get(p);
  if (!m) made.set(p, (m = { pages: new Map(), bodies: new Map() }));
  return m;
}

function pageGraph(p: Portal, m: Made, page: number, base: string): CatalogPageGraph {
  let g = m.pages.get(page);
  if (!g) m.pages.set(page, (g = catalogPage(p.snapshot, base, page, buildConfig().catalogPageSize)));
  return g;
}

async function body(p: Portal, doc: DcatDocument, format: RdfFormat, base: string): Promise<string | undefined> {
  const size = buildConfig().catalogPageSize;
  const m = madeFor(p);
  if (doc.kind === 'catalog') {
    if (!Number.isInteger(doc.page) || doc.page < 1 || doc.page > catalogPageCount(p.snapshot, size)) return undefined;
    return catalogPageBody(pageGraph(p, m, doc.page, base), format, base);
  }
  if (!resourceFormats.includes(format)) return undefined;
  if (doc.kind === 'dataset') {
    const page = pageOfDataset(p.snapshot, doc.id, size);
    if (page === undefined) return undefined;
    return serialize(pageDescriber(p.snapshot, pageGraph(p, m, page, base), page)('dataset', doc.id), format, base);
  }
  if (!p.serviceById.has(doc.id)) return undefined;
  if (!m.services) {
    const s = servicesCatalog(p.snapshot);
    const { quads, iris } = catalogQuads(s, base);
    m.services = describer(quads, iris, s);
  }
  return serialize(m.services('service', doc.id), format, base);
}

/**
 * The answer for `doc` in `format` (a string from the address), or an empty 404. `site`: the portal's
 * address as the build knows it (Astro's `site`), the base of every IRI as in the full build.
 */
export async function dcatResponse(doc: DcatDocument, format: string | undefined, site: URL | undefined): Promise<Response> {
  const base = (site?.href ?? buildConfig().siteUrl).replace(/\/+$/, '');
  if (!rdfFormats.includes(format as RdfFormat)) return new Response(null, { status: 404 });
  const f = format as RdfFormat;
  const p = loadPortal();
  const m = madeFor(p);
  const key = `${doc.kind}/${doc.kind === 'catalog' ? doc.page : doc.id}.${f}`;
  let b = m.bodies.get(key);
  if (b === undefined) {
    b = await body(p, doc, f, base);
    if (b === undefined) return new Response(null, { status: 404 });
    m.bodies.set(key, b);
    if (m.bodies.size > keep) m.bodies.delete(m.bodies.keys().next().value!);
  }
  return new Response(b, { headers: { 'Content-Type': contentTypes[f] } });
}
