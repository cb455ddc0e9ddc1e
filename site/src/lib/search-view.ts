// Renders search results and facets as HTML strings. Pure and DOM-free: the server route renders
// the first page with it (no JavaScript needed) and the browser script re-renders with the very
// same function as people type, so both always show the same markup.
import { facetNames, type FacetName } from '../../../search/src/facets.ts';
import { HIGHLIGHT_POST, HIGHLIGHT_PRE, searchStateToParams, type DatasetHit, type SearchResponse, type SearchState } from '../../../search/src/query.ts';

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
  more: string;
}

export interface SearchView {
  lang: 'vi' | 'en';
  text: SearchViewText;
  labels: Record<FacetName, Record<string, string>>;
  /** Path of the search page ("/search/" or "/en/search/"). */
  searchPath: string;
  /** Path prefix of dataset pages ("/datasets/" or "/en/datasets/"). */
  datasetPath: string;
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

/** The result summary, the list of hits and the pager. */
export function renderHits(res: SearchResponse, state: SearchState, view: SearchView): string {
  const { text: tx, lang } = view;
  const n = res.totalHits.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-GB');
  const countText = res.totalHits === 1 ? tx.countOne : state.q ? tx.countForQuery : tx.count;
  let html = `<p class="odp-results__count" id="odp-results-count">${escapeHtml(fill(countText, { n, q: state.q }))}</p>`;
  if (res.totalHits === 0) {
    return `${html}<div class="odp-empty"><p><strong>${escapeHtml(fill(tx.none, { q: state.q }))}</strong></p><p>${escapeHtml(tx.noneHint)}</p></div>`;
  }
  html += '<ol class="odp-list odp-results__list">';
  for (const hit of res.hits as (DatasetHit & { _formatted?: Record<string, unknown> })[]) {
    const f = (hit._formatted ?? {}) as Record<string, string | undefined>;
    const useEn = lang === 'en' && !!hit.title_en;
    const title = useEn ? (f.title_en ?? hit.title_en) : (f.title_vi ?? hit.title_vi);
    const descEn = lang === 'en' && !!hit.description_en;
    const desc = descEn ? (f.description_en ?? hit.description_en) : (f.description_vi ?? hit.description_vi);
    const agency = view.labels.agency[hit.agency] ?? hit.agency;
    const tags = [...(hit.dataKind ?? []).map((k) => view.labels.dataKind[k] ?? k), ...(hit.format ?? []).map((k) => view.labels.format[k] ?? k)];
    html += `<li class="odp-card"><h2 class="odp-card__title odp-h3"><a href="${escapeHtml(view.datasetPath + hit.id)}/"${useEn || lang === 'vi' ? '' : ' lang="vi"'}>${highlight(title)}</a></h2>`;
    html += `<p class="odp-card__meta">${escapeHtml(agency)}</p>`;
    html += `<p class="odp-card__summary"${descEn || lang === 'vi' ? '' : ' lang="vi"'}>${highlight(desc)}</p>`;
    html += `<p class="odp-card__meta">${tags.map((x) => `<span class="odp-tag">${escapeHtml(x)}</span>`).join('')}`;
    if (hit.modified) html += `<span class="odp-card__date">${escapeHtml(fill(tx.updated, { date: formatDay(hit.modified, lang) }))}</span>`;
    html += '</p></li>';
  }
  html += '</ol>';
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
    html += `<fieldset class="odp-facet"><legend class="odp-facet__title">${escapeHtml(view.text.facetTitle[f])}</legend><ul class="odp-facet__list">`;
    values.forEach(([value, count], i) => {
      const id = `odp-f-${f}-${i}`;
      const checked = state.filters[f].includes(value) ? ' checked' : '';
      html += `<li><input type="checkbox" id="${id}" name="${f}" value="${escapeHtml(value)}"${checked}> <label for="${id}">${escapeHtml(view.labels[f][value] ?? value)} <span class="odp-count">(${count})</span></label></li>`;
    });
    html += '</ul></fieldset>';
  }
  return html;
}
