// Labels of facet values (agency, theme and place names, vocabulary terms) and the values of a
// dataset per facet, for the static dataset list and the search page.
import { facetNames, facets, type FacetName } from '../../../domain/facets.ts';
import { vocabulary } from '../../../catalog-schema/src/schemas.ts';
import { text, type Lang } from './i18n.ts';
import { formatsOf, type Dataset, type Portal } from './portal.ts';
import { sharedWeakMap } from './process-cache.ts';

export function facetLabel(p: Portal, facet: FacetName, value: string, lang: Lang): string {
  const spec = facets[facet].labels;
  if ('self' in spec) return value;
  if ('entity' in spec) {
    const item = spec.entity === 'Agent' ? p.agentById.get(value)?.name : spec.entity === 'Theme' ? p.themeById.get(value)?.label : p.placeByCode.get(value);
    return item ? text(item, lang) : value;
  }
  const term = vocabulary(spec.vocabulary)[value];
  return term ? term[lang] : value;
}

const labelCache = sharedWeakMap<Portal, Partial<Record<Lang, Record<FacetName, Record<string, string>>>>>('facet-labels');

/**
 * Labels of the values the catalog uses, per facet, in one language (sent to the search page's
 * script). Computed once per catalog and language: the search route asks on every request, and the
 * walk over every dataset made each search cost time in proportion to the catalog.
 */
export function facetLabels(p: Portal, lang: Lang): Record<FacetName, Record<string, string>> {
  const cached = labelCache.get(p) ?? {};
  labelCache.set(p, cached);
  return (cached[lang] ??= computeFacetLabels(p, lang));
}

function computeFacetLabels(p: Portal, lang: Lang): Record<FacetName, Record<string, string>> {
  const out = {} as Record<FacetName, Record<string, string>>;
  for (const f of facetNames) {
    const values = new Set<string>();
    for (const d of p.datasets) for (const v of facetValues(d, f)) values.add(v);
    const spec = facets[f].labels;
    if ('vocabulary' in spec) for (const v of Object.keys(vocabulary(spec.vocabulary))) values.add(v);
    out[f] = Object.fromEntries([...values].map((v) => [v, facetLabel(p, f, v, lang)]));
  }
  return out;
}

/** The facets whose values are shown by a label other than the value itself (not keywords). */
export const labelledFacets: FacetName[] = facetNames.filter((f) => !('self' in facets[f].labels));

/**
 * The labels a search page needs: of the values in its facet counts, its filters and its hits. The
 * rest (every value of the catalog) is the static /search-labels/<lang>.json, which the page's script
 * reads for what it shows later.
 */
export function pageLabels(all: Record<FacetName, Record<string, string>>, used: Partial<Record<FacetName, Iterable<string>>>): Record<FacetName, Record<string, string>> {
  const out = {} as Record<FacetName, Record<string, string>>;
  for (const f of facetNames) {
    out[f] = {};
    if (!labelledFacets.includes(f)) continue;
    for (const v of used[f] ?? []) if (Object.hasOwn(all[f], v)) out[f][v] = all[f][v]!;
  }
  return out;
}

/** The values a dataset has for a facet (what the search document holds). */
export function facetValues(d: Dataset, facet: FacetName): string[] {
  switch (facet) {
    case 'agency':
      return [d.publisher];
    case 'theme':
      return d.theme ?? [];
    case 'dataKind':
      return d.dataKind;
    case 'accessLevel':
      return [d.accessLevel];
    case 'format':
      return formatsOf(d);
    case 'license':
      return d.license ? [d.license] : [];
    case 'frequency':
      return d.accrualPeriodicity ? [d.accrualPeriodicity] : [];
    case 'place':
      return d.spatial ?? [];
    case 'keyword':
      return d.keyword?.vi ?? [];
  }
}
