// Search as you type on the search page: the same request and the same rendering as the server
// route, straight against Meilisearch with the search-only key. The URL always holds the state, so
// results can be shared and the back button works. Without this script the form still works.
import { buildMultiSearch, parseSearchState, readMultiSearch, searchStateToParams, type SearchIndexes, type SearchState } from '../../../search/src/query.ts';
import { renderFacets, renderHits, renderOthers, type SearchView } from '../lib/search-view.ts';

interface Config {
  url: string;
  key: string;
  indexes: SearchIndexes;
  view: SearchView;
}

const configEl = document.getElementById('odp-search-config');
const form = document.getElementById('odp-search-form') as HTMLFormElement | null;
const results = document.getElementById('odp-results');
const facetsEl = document.getElementById('odp-facets');

if (configEl && form && results && facetsEl) {
  const config = JSON.parse(configEl.textContent ?? '{}') as Config;
  // The page came with the labels of the values it shows; the others (for what typing brings up)
  // are a static file, read once. Until it arrives a value shows as itself.
  if (config.view.labelsUrl) {
    void fetch(config.view.labelsUrl)
      .then((r) => (r.ok ? (r.json() as Promise<Partial<SearchView['labels']>>) : undefined))
      .then((all) => {
        for (const [f, labels] of Object.entries(all ?? {})) Object.assign(((config.view.labels as Record<string, Record<string, string>>)[f] ??= {}), labels);
      })
      .catch(() => {});
  }
  let controller: AbortController | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let typing = false;

  const stateFromForm = (): SearchState => {
    const params = new URLSearchParams();
    for (const [k, v] of new FormData(form)) if (typeof v === 'string') params.append(k, v);
    return parseSearchState(params);
  };

  const setForm = (s: SearchState) => {
    (form.elements.namedItem('q') as HTMLInputElement).value = s.q;
    (form.elements.namedItem('sort') as HTMLSelectElement).value = s.sort;
  };

  /** `asTyped`: a search while typing, which never leaves the page (a word may be half typed). */
  const run = async (state: SearchState, history: 'push' | 'replace' | 'none', asTyped = false) => {
    controller?.abort();
    controller = new AbortController();
    const query = searchStateToParams(state).toString();
    const href = query ? `${config.view.searchPath}?${query}` : config.view.searchPath;
    if (history === 'push') window.history.pushState(null, '', href);
    if (history === 'replace') window.history.replaceState(null, '', href);
    results.setAttribute('aria-busy', 'true');
    try {
      const r = await fetch(`${config.url}/multi-search`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${config.key}` },
        body: JSON.stringify(buildMultiSearch(state, config.indexes)),
        signal: controller.signal,
      });
      if (!r.ok) throw new Error(`Meilisearch ${r.status}`);
      const { res, tier, others } = readMultiSearch((await r.json()) as { results: unknown[] }, state.q);
      // Nothing found: once the query is submitted, the server route adds "did you mean" (it knows
      // the catalog's words); while typing, the empty result is shown here.
      if (res.totalHits === 0 && state.q && !asTyped) throw new Error('no results');
      results.innerHTML = renderHits(res, state, config.view, undefined, renderOthers(others, config.view), tier);
      facetsEl.innerHTML = renderFacets(res, state, config.view);
      results.removeAttribute('aria-busy');
    } catch (err) {
      if ((err as Error).name === 'AbortError') return;
      // Let the server route answer (it shows its own message if search is down).
      window.location.assign(href);
    }
  };

  // Finding a value in a long facet list, without diacritics too.
  const fold = (x: string) => x.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/g, 'd').toLowerCase();
  const showFinders = () => {
    for (const p of facetsEl.querySelectorAll<HTMLElement>('.odp-facet__find')) p.hidden = false;
  };
  showFinders();
  new MutationObserver(showFinders).observe(facetsEl, { childList: true });
  form.addEventListener('input', (e) => {
    const target = e.target as HTMLInputElement;
    if (target.matches('[data-facet-find]')) {
      const q = fold(target.value.trim());
      for (const li of target.closest('fieldset')?.querySelectorAll<HTMLElement>('li') ?? []) li.hidden = !!q && !fold(li.textContent ?? '').includes(q);
      return;
    }
    if (target.id !== 'odp-q') return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      // The first search of a typing burst gets its own history entry; the following ones replace it.
      void run(stateFromForm(), typing ? 'replace' : 'push', true);
      typing = true;
    }, 150);
  });
  form.addEventListener('change', (e) => {
    const el = e.target as HTMLElement;
    if (el.id === 'odp-q' || el.matches('[data-facet-find]')) return;
    typing = false;
    void run(stateFromForm(), 'push');
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    typing = false;
    void run(stateFromForm(), 'push');
  });
  results.addEventListener('click', (e) => {
    const a = (e.target as HTMLElement).closest('a[data-page]');
    if (!a) return;
    e.preventDefault();
    typing = false;
    void run({ ...stateFromForm(), page: Number(a.getAttribute('data-page')) }, 'push').then(() => results.scrollIntoView());
  });
  window.addEventListener('popstate', () => {
    typing = false;
    const state = parseSearchState(new URLSearchParams(window.location.search));
    setForm(state);
    void run(state, 'none');
  });
}
