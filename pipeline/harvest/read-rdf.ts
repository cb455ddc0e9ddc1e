// Reads a DCAT-AP catalog in Turtle, JSON-LD or RDF/XML into an RDF store, with established parsers
// (n3, jsonld, rdfxml-streaming-parser). Malformed input is an error that names the line or the cause.
import jsonld from 'jsonld';
import { Parser, Store, type Quad } from 'n3';
import { RdfXmlParser } from 'rdfxml-streaming-parser';
import { OdpError } from '../../catalog-schema/src/errors.ts';
import { fetchAllowList } from '../../platform/config.ts';
import { safeFetch, type FetchAllowList } from '../../platform/safe-fetch.ts';

export type RdfSyntax = 'turtle' | 'jsonld' | 'rdfxml';

export class HarvestInputError extends OdpError {
  override name = 'HarvestInputError';
}

/** Guesses the syntax from the name or media type, then from the first characters. */
export function detectSyntax(name: string, contentType: string | undefined, text: string): RdfSyntax {
  const n = name.toLowerCase();
  const ct = (contentType ?? '').toLowerCase();
  if (n.endsWith('.ttl') || ct.includes('turtle')) return 'turtle';
  if (n.endsWith('.jsonld') || n.endsWith('.json') || ct.includes('ld+json') || ct.includes('application/json')) return 'jsonld';
  if (n.endsWith('.rdf') || n.endsWith('.xml') || n.endsWith('.owl') || ct.includes('rdf+xml') || ct.includes('/xml')) return 'rdfxml';
  const head = text.trimStart();
  if (head.startsWith('{') || head.startsWith('[')) return 'jsonld';
  if (head.startsWith('<?xml') || head.startsWith('<rdf:RDF')) return 'rdfxml';
  return 'turtle';
}

export interface ReadOptions {
  /** Base IRI for relative references. */
  baseIRI?: string;
  /** Local copies of remote JSON-LD contexts, by URL (no network needed). */
  contexts?: Record<string, unknown>;
  /** Internal servers a remote context may be on (ODP_FETCH_ALLOW); other private addresses are not fetched. */
  allow?: FetchAllowList;
}

/** A JSON-LD context is a small document; a larger answer is not one. */
const CONTEXT_MAX_BYTES = 2 * 1024 * 1024;

export async function readRdf(text: string, syntax: RdfSyntax, source: string, o: ReadOptions = {}): Promise<Store> {
  try {
    if (syntax === 'turtle') return new Store(new Parser({ baseIRI: o.baseIRI }).parse(text));
    if (syntax === 'jsonld') {
      let doc: unknown;
      try {
        doc = JSON.parse(text);
      } catch (err) {
        throw new HarvestInputError('HARVEST_MALFORMED', `JSON không hợp lệ / not valid JSON: ${(err as Error).message}`);
      }
      const documentLoader = async (url: string) => {
        if (o.contexts && url in o.contexts) return { contextUrl: undefined, documentUrl: url, document: o.contexts[url] };
        try {
          // The source names the context: fetched through the guard like the source itself.
          const res = await safeFetch(url, { headers: { Accept: 'application/ld+json, application/json' }, timeoutMs: 15_000, maxBytes: CONTEXT_MAX_BYTES, allow: o.allow ?? fetchAllowList() });
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          return { contextUrl: undefined, documentUrl: url, document: res.json() };
        } catch (err) {
          throw new HarvestInputError(
            'HARVEST_CONTEXT',
            `Không tải được ngữ cảnh JSON-LD / cannot load the JSON-LD context ${url} (${(err as Error).message}); give a local copy with --context ${url}=<file>`,
          );
        }
      };
      const nquads = (await jsonld.toRDF(doc as object, { format: 'application/n-quads', documentLoader: documentLoader as never, base: o.baseIRI })) as unknown as string;
      return new Store(new Parser({ format: 'N-Quads' }).parse(nquads));
    }
    return await new Promise<Store>((resolve, reject) => {
      const store = new Store();
      const parser = new RdfXmlParser({ baseIRI: o.baseIRI ?? 'urn:harvest:' });
      // Its 'data' events are RDF/JS quads.
      parser.on('data', (q: Quad) => store.addQuad(q));
      parser.on('error', reject);
      parser.on('end', () => resolve(store));
      parser.write(text);
      parser.end();
    });
  } catch (err) {
    if (err instanceof HarvestInputError) throw err;
    // jsonld wraps what the document loader threw (a context it could not or may not fetch): that says why.
    const loader = (err as { details?: { cause?: unknown } }).details?.cause;
    if (loader instanceof HarvestInputError) throw loader;
    const e = err as Error & { details?: { message?: string } };
    const cause = e.details?.message ?? e.message;
    throw new HarvestInputError('HARVEST_MALFORMED', `Tệp ${source} không đọc được (${syntax}) / ${source} could not be parsed as ${syntax}: ${cause}. Không ghi gì vào CMS / nothing was written.`, {
      cause: err,
    });
  }
}
