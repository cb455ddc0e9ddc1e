// Renders search results and facets as HTML strings. Pure and DOM-free: the server route renders
// the first page with it (no JavaScript needed) and the browser script re-renders with the very
// same function as people type, so both always show the same markup.
import { facetNames, type FacetName } from '../../../domain/facets.ts';
import { HIGHLIGHT_POST, HIGHLIGHT_PRE, otherKinds, searchStateToParams, type DatasetHit, type OtherResults, type SearchResponse, type SearchState } from '../../../search/src/query.ts';
import type { TierName } from '../../../search/src/query-text.ts';

/** Dataset results shown before the services, agencies and code-list values the query also found. */
export const HITS_BEFORE_OTHERS = 3;

export interface SearchViewText {
  /** "{n} datasets found" etc. */
  count: string;
  countOne: string;
  countForQuery: string;
  none: string;
  noneHint: string;
  updated: string;
  prev: string;
  next: string;
  pageOf: string;
  pagination: string;
  facetTitle: Record<FacetName, string>;
  others: string;
  /** Said above results that have only some of the words (the relaxed tier of search/src/query-text.ts). */
  relaxed: string;
  groupTitle: Record<'service' | 'agency' | 'code', string>;
  didYouMean: string;
  tryThemes: string;
  matched: string;
  facetFilter: string;
  fields: Record<'title' | 'keywords' | 'agency' | 'theme' | 'description' | 'identifier', string>;
}

export interface SearchView {
  lang: 'vi' | 'en';
  text: SearchViewText;
  labels: Record<FacetName, Record<string, string>>;
  /** Where the labels of every facet value are (the script adds them to `labels`). */
  labelsUrl?: string;
  /** Path of the search page ("/search/" or "/en/search/"). */
  searchPath: string;
  /** Path prefix of dataset pages ("/datasets/" or "/en/datasets/"). */
  datasetPath: string;
  /** "" or "/en": prefix of other pages. */
  langPrefix: string;
  /** Themes suggested when nothing matches. */
  themes: { id: string; label: string }[];
}

/** Which kind of field a search attribute is, for "matched in". */
function fieldOf(attribute: string): keyof SearchViewText['fields'] | undefined {
  if (attribute.startsWith('title')) return 'title';
  if (attribute.startsWith('keywords')) return 'keywords';
  if (attribute.startsWith('agency')) return 'agency';
  if (attribute.startsWith('theme')) return 'theme';
  if (attribute.startsWith('description')) return 'description';
  if (attribute === 'identifier') return 'identifier';
  return undefined;
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => escapes[c] ?? c);
}

/** Escapes a highlighted value from Meilisearch and turns its marks into <mark> elements. */
export function highlight(s: string | undefined): string {
  if (!s) return '';
  return escapeHtml(s).split(HIGHLIGHT_PRE).join('<mark>').split(HIGHLIGHT_POST).join('</mark>');
}

function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m));
}

function formatDay(seconds: number | undefined, lang: 'vi' | 'en'): string {
  if (!seconds) return '';
  const fmt = lang === 'vi' ? { day: '2-digit', month: '2-digit', year: 'numeric' } : { day: 'numeric', month: 'short', year: 'numeric' };
  return new Intl.DateTimeFormat(lang === 'vi' ? 'vi-VN' : 'en-GB', { ...(fmt as Intl.DateTimeFormatOptions), timeZone: 'UTC' }).format(new Date(seconds * 1000));
}

function hrefFor(state: SearchState, view: SearchView, change: Partial<SearchState>): string {
  const p = searchStateToParams({ ...state, ...change }).toString();
  return p ? `${view.searchPath}?${p}` : view.searchPath;
}

/** One dataset result. */
function renderCard(hit: DatasetHit & { _formatted?: Record<string, unknown> }, state: SearchState, view: SearchView): string {
  const { text: tx, lang } = view;
  const f = (hit._formatted ?? {}) as Record<string, string | undefined>;
  const useEn = lang === 'en' && !!hit.title_en;
  const title = useEn ? (f.title_en ?? hit.title_en) : (f.title_vi ?? hit.title_vi);
  const descEn = lang === 'en' && !!hit.description_en;
  const desc = descEn ? (f.description_en ?? hit.description_en) : (f.description_vi ?? hit.description_vi);
  const agency = view.labels.agency[hit.agency] ?? hit.agency;
  // Shared, master and internal data say who may use them: their description is public, their files are not.
  const access = hit.accessLevel && hit.accessLevel !== 'public' ? [view.labels.accessLevel[hit.accessLevel] ?? hit.accessLevel] : [];
  const tags = [...(hit.dataKind ?? []).map((k) => view.labels.dataKind[k] ?? k), ...access, ...(hit.format ?? []).map((k) => view.labels.format[k] ?? k)];
  let html = `<li class="odp-card"><h2 class="odp-card__title odp-h3"><a href="${escapeHtml(view.datasetPath + hit.id)}/"${useEn || lang === 'vi' ? '' : ' lang="vi"'}>${highlight(title)}</a></h2>`;
  html += `<p class="odp-card__meta">${escapeHtml(agency)}</p>`;
  html += `<p class="odp-card__summary"${descEn || lang === 'vi' ? '' : ' lang="vi"'}>${highlight(desc)}</p>`;
  html += `<p class="odp-card__meta">${tags.map((x) => `<span class="odp-tag">${escapeHtml(x)}</span>`).join('')}`;
  if (hit.modified) html += `<span class="odp-card__date">${escapeHtml(fill(tx.updated, { date: formatDay(hit.modified, lang) }))}</span>`;
  html += '</p>';
  const matched = [
    ...new Set(
      Object.keys((hit as { _matchesPosition?: Record<string, unknown> })._matchesPosition ?? {})
        .map(fieldOf)
        .filter((x) => x !== undefined),
    ),
  ];
  if (state.q && matched.length) html += `<p class="odp-card__matched">${escapeHtml(fill(tx.matched, { fields: matched.map((m) => tx.fields[m]).join(', ') }))}</p>`;
  return `${html}</li>`;
}

/**
 * The result summary, the list of hits and the pager. `others` (renderOthers) goes after the first
 * few results, never before them: on a narrow screen it follows them, on a wide one it stands
 * beside the list (odp.css). `tier` says when the results have only some of the words.
 */
export function renderHits(res: SearchResponse, state: SearchState, view: SearchView, suggestion?: string, others = '', tier: TierName = 'folded'): string {
  const { text: tx, lang } = view;
  const n = res.totalHits.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');
  const countText = res.totalHits === 1 ? tx.countOne : state.q ? tx.countForQuery : tx.count;
  let html = `<p class="odp-results__count" id="odp-results-count">${escapeHtml(fill(countText, { n, q: state.q }))}</p>`;
  const aside = others ? `<aside class="odp-others" aria-labelledby="odp-others-title">${others}</aside>` : '';
  if (res.totalHits === 0) {
    const did = suggestion ? `<p>${escapeHtml(tx.didYouMean)} <a href="${escapeHtml(hrefFor(state, view, { q: suggestion, page: 1 }))}">${escapeHtml(suggestion)}</a></p>` : '';
    const themes = view.themes.length
      ? `<p>${escapeHtml(tx.tryThemes)}</p><ul class="odp-grid">${view.themes.map((t) => `<li class="odp-grid__item"><a href="${escapeHtml(`${view.langPrefix}/themes/${t.id}/`)}">${escapeHtml(t.label)}</a></li>`).join('')}</ul>`
      : '';
    return `${html}<div class="odp-empty"><p><strong>${escapeHtml(fill(tx.none, { q: state.q }))}</strong></p>${did}<p>${escapeHtml(tx.noneHint)}</p>${themes}</div>${aside}`;
  }
  if (state.q && tier === 'relaxed') html += `<p class="odp-results__relaxed">${escapeHtml(tx.relaxed)}</p>`;
  const hits = res.hits as (DatasetHit & { _formatted?: Record<string, unknown> })[];
  const first = aside ? hits.slice(0, HITS_BEFORE_OTHERS) : hits;
  const rest = aside ? hits.slice(HITS_BEFORE_OTHERS) : [];
  const start = (res.page - 1) * res.hitsPerPage;
  const list = (items: typeof hits, from: number) => `<ol class="odp-list odp-results__list"${from > 1 ? ` start="${from}"` : ''}>${items.map((h) => renderCard(h, state, view)).join('')}</ol>`;
  html += list(first, start + 1) + aside;
  if (rest.length) html += list(rest, start + first.length + 1);
  if (res.totalPages > 1) {
    html += `<nav class="odp-pager" aria-label="${escapeHtml(tx.pagination)}"><ul class="odp-pager__list">`;
    if (res.page > 1) html += `<li><a rel="prev" data-page="${res.page - 1}" href="${escapeHtml(hrefFor(state, view, { page: res.page - 1 }))}">${escapeHtml(tx.prev)}</a></li>`;
    html += `<li aria-current="page">${escapeHtml(fill(tx.pageOf, { page: res.page, pages: res.totalPages }))}</li>`;
    if (res.page < res.totalPages) html += `<li><a rel="next" data-page="${res.page + 1}" href="${escapeHtml(hrefFor(state, view, { page: res.page + 1 }))}">${escapeHtml(tx.next)}</a></li>`;
    html += '</ul></nav>';
  }
  return html;
}

/** One fieldset of checkboxes per facet, with counts; selected values always shown. */
export function renderFacets(res: SearchResponse | undefined, state: SearchState, view: SearchView): string {
  let html = '';
  for (const f of facetNames) {
    const dist = res?.facetDistribution?.[f] ?? {};
    const values = Object.entries(dist).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
    for (const v of state.filters[f]) if (!(v in dist)) values.push([v, 0]);
    if (!values.length) continue;
    html += `<fieldset class="odp-facet"><legend class="odp-facet__title">${escapeHtml(view.text.facetTitle[f])}</legend>`;
    // Long lists get a box to find a value in them (shown by the search page's script).
    if (values.length > 8)
      html += `<p class="odp-facet__find" hidden><label class="odp-visually-hidden" for="odp-ff-${f}">${escapeHtml(fill(view.text.facetFilter, { facet: view.text.facetTitle[f] }))}</label><input type="search" id="odp-ff-${f}" data-facet-find placeholder="${escapeHtml(fill(view.text.facetFilter, { facet: view.text.facetTitle[f] }))}"></p>`;
    html += '<ul class="odp-facet__list">';
    values.forEach(([value, count], i) => {
      const id = `odp-f-${f}-${i}`;
      const checked = state.filters[f].includes(value) ? ' checked' : '';
      html += `<li><input type="checkbox" id="${id}" name="${f}" value="${escapeHtml(value)}"${checked}> <label for="${id}">${escapeHtml(view.labels[f][value] ?? value)} <span class="odp-count">(${count})</span></label></li>`;
    });
    html += '</ul></fieldset>';
  }
  return html;
}

/** Services, agencies and code-list values the query also found, grouped, each linking to its page. */
export function renderOthers(others: OtherResults | undefined, view: SearchView): string {
  if (!others) return '';
  const groups = otherKinds.filter((k) => others[k].hits.length);
  if (!groups.length) return '';
  let html = `<h2 class="odp-h3" id="odp-others-title">${escapeHtml(view.text.others)}</h2>`;
  for (const k of groups) {
    html += `<section class="odp-others__group"><h3 class="odp-others__title">${escapeHtml(view.text.groupTitle[k])} <span class="odp-count">(${others[k].total})</span></h3><ul class="odp-others__list">`;
    for (const h of others[k].hits) {
      const en = view.lang === 'en' && !!h.title_en;
      const title = en ? (h._formatted?.title_en ?? h.title_en) : (h._formatted?.title_vi ?? h.title_vi);
      const extra = h.code ? ` <span class="odp-muted">(${escapeHtml(h.code)})</span>` : h.agency_name_vi ? ` <span class="odp-muted">— ${escapeHtml(h.agency_name_vi)}</span>` : '';
      html += `<li><a href="${escapeHtml(view.langPrefix + h.path)}"${en || view.lang === 'vi' ? '' : ' lang="vi"'}>${highlight(title)}</a>${extra}</li>`;
    }
    html += '</ul></section>';
  }
  return html;
}
