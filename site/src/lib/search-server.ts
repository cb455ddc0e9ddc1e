// Server side of search: asks Meilisearch with the search-only key. Used by the search route and
// the CKAN-compatible package_search.
import { portalServerConfig } from '../../../platform/config.ts';
import { buildMultiSearch, readMultiSearch, type OtherResults, type SearchIndexes, type SearchResponse, type SearchState } from '../../../search/src/query.ts';
import type { TierName } from '../../../search/src/query-text.ts';

export interface SearchEndpoint {
  /** Where the server reaches Meilisearch. */
  url: string;
  /** Where browsers reach it (MEILI_PUBLIC_URL). */
  publicUrl: string;
  /** The search-only key (never the master key). */
  key: string;
  index: string;
  others: SearchIndexes['others'];
}

/** Read at request time, so one build runs against any Meilisearch (MEILI_URL, MEILI_SEARCH_KEY). */
export function searchEndpoint(): SearchEndpoint | undefined {
  return portalServerConfig().search;
}

type Outcome<T> = { ok: true; res: T } | { ok: false; reason: string };

/** POST to Meilisearch with the search-only key; failures become a reason, never a thrown error. */
async function post<T>(endpoint: SearchEndpoint | undefined, path: (e: SearchEndpoint) => string, body: unknown): Promise<Outcome<T>> {
  if (!endpoint) return { ok: false, reason: 'search is not configured (MEILI_URL, MEILI_SEARCH_KEY)' };
  try {
    const r = await fetch(`${endpoint.url}${path(endpoint)}`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${endpoint.key}` },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5000),
    });
    if (!r.ok) return { ok: false, reason: `Meilisearch answered ${r.status}: ${(await r.text()).slice(0, 200)}` };
    return { ok: true, res: (await r.json()) as T };
  } catch (err) {
    return { ok: false, reason: `Meilisearch unreachable: ${(err as Error).message}` };
  }
}

/** A search of the datasets index with a request built by the caller (CKAN package_search). */
export function searchRaw<T>(body: Record<string, unknown>, endpoint = searchEndpoint()): Promise<Outcome<T>> {
  return post<T>(endpoint, (e) => `/indexes/${encodeURIComponent(e.index)}/search`, body);
}

export type SearchAllOutcome = { ok: true; res: SearchResponse; tier: TierName; others: OtherResults } | { ok: false; reason: string };

/** The one search box: datasets and, with a query, services, agencies and code-list values, in one multi-search. */
export async function searchAll(state: SearchState, endpoint = searchEndpoint()): Promise<SearchAllOutcome> {
  const r = await post<{ results: unknown[] }>(endpoint, () => '/multi-search', endpoint ? buildMultiSearch(state, { datasets: endpoint.index, others: endpoint.others }) : {});
  return r.ok ? { ok: true, ...readMultiSearch(r.res, state.q) } : r;
}
