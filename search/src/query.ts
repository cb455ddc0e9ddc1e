// Search state <-> URL <-> Meilisearch request. Pure functions shared by the server route (no-JS
// search) and the browser script (search as you type), so both ask Meilisearch the same question.
import { facetNames, sortExpressions, sortOptions, type FacetName, type SortOption } from '../../domain/facets.ts';
import { strictText, textTiers, type TierName } from './query-text.ts';

export interface SearchState {
  q: string;
  filters: Record<FacetName, string[]>;
  sort: SortOption;
  page: number;
}

export const HITS_PER_PAGE = 20;
const MAX_QUERY = 200;
const MAX_VALUES = 20;

export function emptyState(): SearchState {
  return { q: '', filters: Object.fromEntries(facetNames.map((f) => [f, []])) as unknown as Record<FacetName, string[]>, sort: 'relevance', page: 1 };
}

/** Reads a state from URL parameters (?q=…&agency=a&agency=b&sort=updated&page=2); bad values are dropped. */
export function parseSearchState(params: URLSearchParams): SearchState {
  const s = emptyState();
  s.q = (params.get('q') ?? '').normalize('NFC').replace(/\s+/g, ' ').trim().slice(0, MAX_QUERY);
  for (const f of facetNames) {
    s.filters[f] = [
      ...new Set(
        params
          .getAll(f)
          .map((v) => v.trim())
          .filter((v) => v && v.length <= 100),
      ),
    ].slice(0, MAX_VALUES);
  }
  const sort = params.get('sort');
  if (sort && (sortOptions as readonly string[]).includes(sort)) s.sort = sort as SortOption;
  const page = Number(params.get('page'));
  if (Number.isInteger(page) && page > 1 && page <= 1000) s.page = page;
  return s;
}

/** The URL parameters of a state, in a stable order, without defaults. */
export function searchStateToParams(s: SearchState): URLSearchParams {
  const p = new URLSearchParams();
  if (s.q) p.set('q', s.q);
  for (const f of facetNames) for (const v of s.filters[f]) p.append(f, v);
  if (s.sort !== 'relevance') p.set('sort', s.sort);
  if (s.page > 1) p.set('page', String(s.page));
  return p;
}

function quote(v: string): string {
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Meilisearch filter: values of one facet OR-ed, facets AND-ed. */
function filterExpression(filters: Record<FacetName, string[]>, extra: string[] = []): string[] {
  const parts = [...extra];
  for (const f of facetNames) if (filters[f].length) parts.push(`${f} IN [${filters[f].map(quote).join(', ')}]`);
  return parts;
}

/** Marks around highlighted words: control characters never present in catalog text (the mapper strips them). */
export const HIGHLIGHT_PRE = '\u0002';
export const HIGHLIGHT_POST = '\u0003';

export interface SearchRequest {
  q: string;
  filter: string[];
  facets: string[];
  sort?: string[];
  page: number;
  hitsPerPage: number;
  attributesToHighlight: string[];
  attributesToCrop: string[];
  cropLength: number;
  highlightPreTag: string;
  highlightPostTag: string;
  showMatchesPosition: boolean;
}

export type OtherKind = 'service' | 'agency' | 'code';
export const otherKinds: OtherKind[] = ['service', 'agency', 'code'];

export interface SearchIndexes {
  datasets: string;
  others: Record<OtherKind, string>;
}

/** How many of each other kind the search page shows: a few, so they never crowd out the datasets. */
const OTHERS_LIMIT: Record<OtherKind, number> = { service: 3, agency: 3, code: 5 };

/**
 * One request for the one search box: the datasets, asked in tiers strictest first
 * (query-text.ts; readMultiSearch keeps the first that finds anything), then, when there is a
 * query, the first services, agencies and code-list values that have every word of it.
 */
export function buildMultiSearch(s: SearchState, indexes: SearchIndexes): { queries: Record<string, unknown>[] } {
  const request = buildSearchRequest(s);
  const queries: Record<string, unknown>[] = textTiers(s.q).map((t) => ({ indexUid: indexes.datasets, ...request, q: t.q, matchingStrategy: t.matchingStrategy }));
  const text = strictText(s.q);
  if (text) {
    for (const k of otherKinds) {
      queries.push({
        indexUid: indexes.others[k],
        q: text,
        matchingStrategy: 'all',
        limit: OTHERS_LIMIT[k],
        attributesToHighlight: ['title_vi', 'title_en'],
        highlightPreTag: HIGHLIGHT_PRE,
        highlightPostTag: HIGHLIGHT_POST,
      });
    }
  }
  return { queries };
}

/**
 * The answer of buildMultiSearch for the query `q`: the datasets of the first tier that found
 * anything (the last tier when none did), which tier that was, and the other groups.
 */
export function readMultiSearch(body: { results: unknown[] }, q: string): { res: SearchResponse; tier: TierName; others: OtherResults } {
  const results = body.results as (SearchResponse & { estimatedTotalHits?: number })[];
  const names = textTiers(q).map((t) => t.tier);
  const tiers = results.slice(0, names.length);
  const found = tiers.findIndex((r) => (r.totalHits ?? r.estimatedTotalHits ?? 0) > 0);
  const chosen = found >= 0 ? found : tiers.length - 1;
  const rest = results.slice(names.length);
  const others = Object.fromEntries(
    otherKinds.map((k, j) => {
      const r = rest[j] as unknown as { hits: OtherHit[]; estimatedTotalHits?: number } | undefined;
      return [k, { hits: r?.hits ?? [], total: r?.estimatedTotalHits ?? 0 }];
    }),
  ) as OtherResults;
  return { res: tiers[chosen]!, tier: names[chosen]!, others };
}

export interface OtherHit {
  id: string;
  type: OtherKind;
  title_vi: string;
  title_en?: string;
  code?: string;
  codeList?: string;
  agency_name_vi?: string;
  path: string;
  _formatted?: { title_vi?: string; title_en?: string };
}

export type OtherResults = Record<OtherKind, { hits: OtherHit[]; total: number }>;

/** The body of POST /indexes/<index>/search for a state. */
function buildSearchRequest(s: SearchState, hitsPerPage = HITS_PER_PAGE): SearchRequest {
  const sort = sortExpressions[s.sort];
  return {
    q: s.q,
    filter: filterExpression(s.filters),
    facets: [...facetNames],
    ...(sort ? { sort } : {}),
    page: s.page,
    hitsPerPage,
    attributesToHighlight: ['title_vi', 'title_en', 'description_vi', 'description_en'],
    attributesToCrop: ['description_vi', 'description_en'],
    cropLength: 40,
    highlightPreTag: HIGHLIGHT_PRE,
    highlightPostTag: HIGHLIGHT_POST,
    showMatchesPosition: true,
  };
}

/** What Meilisearch answers (the parts the portal reads). */
export interface SearchResponse<D = DatasetHit> {
  hits: (D & { _formatted?: Partial<Record<keyof D, unknown>> })[];
  query: string;
  processingTimeMs: number;
  totalHits: number;
  totalPages: number;
  page: number;
  hitsPerPage: number;
  facetDistribution?: Partial<Record<FacetName, Record<string, number>>>;
}

/** The fields of a search document the result list shows. */
export interface DatasetHit {
  id: string;
  title_vi: string;
  title_en?: string;
  description_vi: string;
  description_en?: string;
  agency: string;
  theme: string[];
  dataKind: string[];
  accessLevel: string;
  format: string[];
  modified?: number;
}
