// One harvest: read a source (DCAT-AP file or URL in Turtle, JSON-LD or RDF/XML, or a CKAN portal's
// API), map it to catalog records, validate them, and write them into the CMS as drafts of an agency.
import { readFileSync } from 'node:fs';
import { readItems } from '@directus/sdk';
import type { Cms } from '../../cms/src/client.ts';
import { applyHarvest, type HarvestReport } from './apply.ts';
import { recordsFromCkan, recordsFromDcat, type CkanPackage, type HarvestContext } from '../../domain/dcat/from-rdf.ts';
import { detectSyntax, HarvestInputError, readRdf } from './read-rdf.ts';
import { fetchAllowList } from '../../platform/config.ts';
import { safeFetch, SafeFetchError, type FetchAllowList } from '../../platform/safe-fetch.ts';

export interface HarvestOptions {
  /** A file path or an http(s) URL. */
  source: string;
  agency: string;
  /** Treat the source as a CKAN portal (its address or its /api/3/action/ URL). */
  ckan?: boolean;
  /** Keep the source's publisher when it is an agency of this portal. */
  keepPublisher?: boolean;
  contexts?: Record<string, unknown>;
  /** Internal servers a source may be on (ODP_FETCH_ALLOW); other private addresses are not fetched. */
  allow?: FetchAllowList;
  dryRun?: boolean;
  log?: (m: string) => void;
}

const isUrl = (s: string) => /^https?:\/\//i.test(s);

/** A whole catalog or a page of 1000 CKAN packages fits; a source that sends more is refused. */
const SOURCE_MAX_BYTES = 200 * 1024 * 1024;

async function fetchText(url: string, allow: FetchAllowList): Promise<{ text: string; type?: string }> {
  let res;
  try {
    res = await safeFetch(url, {
      headers: { Accept: 'text/turtle, application/ld+json, application/rdf+xml;q=0.9, application/json;q=0.8, */*;q=0.1' },
      timeoutMs: 60_000,
      maxBytes: SOURCE_MAX_BYTES,
      allow,
    });
  } catch (err) {
    throw new HarvestInputError('HARVEST_UNREACHABLE', `Không lấy được nguồn / cannot fetch ${url}: ${(err as Error).message}`, { cause: err instanceof SafeFetchError ? err : undefined });
  }
  if (!res.ok) throw new HarvestInputError('HARVEST_UNREACHABLE', `Nguồn trả lỗi / ${url} answered HTTP ${res.status}`);
  return { text: res.text(), type: res.headers.get('content-type') ?? undefined };
}

/** Every active public package of a CKAN portal, through package_search pages. */
async function ckanPackages(source: string, allow: FetchAllowList, log: (m: string) => void): Promise<CkanPackage[]> {
  const base = source.replace(/\/api\/3\/action\/?.*$/, '').replace(/\/+$/, '');
  const out: CkanPackage[] = [];
  for (let start = 0; ; start += 1000) {
    const url = `${base}/api/3/action/package_search?rows=1000&start=${start}`;
    const { text } = await fetchText(url, allow);
    let body: { success?: boolean; result?: { count: number; results: CkanPackage[] } };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new HarvestInputError('HARVEST_MALFORMED', `${url} không trả JSON của CKAN / did not answer CKAN JSON`);
    }
    if (!body.success || !body.result || !Array.isArray(body.result.results))
      throw new HarvestInputError('HARVEST_MALFORMED', `${url}: không phải kết quả package_search của CKAN / not a CKAN package_search result`);
    out.push(...body.result.results);
    log(`  CKAN: ${out.length}/${body.result.count} packages`);
    if (!body.result.results.length || out.length >= body.result.count) return out;
  }
}

function ckanFromJson(text: string): CkanPackage[] | undefined {
  const head = text.trimStart();
  if (!head.startsWith('{') && !head.startsWith('[')) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (Array.isArray(doc) && doc.every((p) => p && typeof p === 'object' && 'name' in p && 'resources' in p)) return doc as CkanPackage[];
  const r = (doc as { result?: { results?: CkanPackage[] } | CkanPackage }).result;
  if (r && 'results' in r && Array.isArray(r.results)) return r.results;
  if (r && 'resources' in r) return [r];
  return undefined;
}

export async function harvest(cms: Cms, o: HarvestOptions): Promise<HarvestReport & { source: string; kind: string }> {
  const log = o.log ?? (() => {});
  const allow = o.allow ?? fetchAllowList();
  const agents = (await cms.request(readItems('agents', { limit: -1, fields: ['id'] } as never))) as { id: string }[];
  if (!agents.some((a) => a.id === o.agency)) {
    throw new HarvestInputError('HARVEST_UNKNOWN_AGENCY', `Không có cơ quan "${o.agency}" / unknown agency "${o.agency}"; dùng một trong / use one of: ${agents.map((a) => a.id).join(', ')}`);
  }
  const themes = (await cms.request(readItems('themes', { limit: -1, fields: ['id', 'euDataTheme'] } as never))) as { id: string; euDataTheme: string }[];
  const contacts = (await cms.request(readItems('contact_points', { limit: -1, fields: ['id'] } as never))) as { id: string }[];
  const ctx: HarvestContext = {
    agency: o.agency,
    knownAgencies: o.keepPublisher ? new Set(agents.map((a) => a.id)) : new Set(),
    themes,
    contacts: o.keepPublisher ? new Set(contacts.map((c) => c.id)) : new Set(),
  };

  let kind: string;
  let mapped;
  if (o.ckan) {
    kind = 'CKAN API';
    mapped = recordsFromCkan(await ckanPackages(o.source, allow, log), ctx);
  } else {
    let text: string;
    let type: string | undefined;
    if (isUrl(o.source)) ({ text, type } = await fetchText(o.source, allow));
    else {
      try {
        text = readFileSync(o.source, 'utf8');
      } catch (err) {
        throw new HarvestInputError('HARVEST_UNREADABLE', `Không đọc được tệp / cannot read ${o.source}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
      }
    }
    const packages = ckanFromJson(text);
    if (packages) {
      kind = 'CKAN JSON';
      mapped = recordsFromCkan(packages, ctx);
    } else {
      const syntax = detectSyntax(o.source, type, text);
      kind = `DCAT-AP (${syntax})`;
      const store = await readRdf(text, syntax, o.source, { baseIRI: isUrl(o.source) ? o.source : undefined, contexts: o.contexts, allow });
      mapped = recordsFromDcat(store, ctx);
      if (!mapped.records.length && !mapped.rejected.length) {
        throw new HarvestInputError('HARVEST_EMPTY', `Nguồn không có dcat:Dataset nào / ${o.source} holds no dcat:Dataset (${store.size} triples read). Không ghi gì / nothing was written.`);
      }
    }
  }
  log(`${kind}: ${mapped.records.length} record(s) valid, ${mapped.rejected.length} rejected before writing`);
  const report = await applyHarvest(cms, mapped.records, mapped.rejected, { dryRun: o.dryRun, log });
  return { ...report, source: o.source, kind };
}
