// Labels of facet values (agency and theme names, vocabulary terms) and the values of a dataset per
// facet, for the static dataset list and the search page.
import { facetNames, facets, type FacetName } from '../../../search/src/facets.ts';
import { vocabulary } from '../../../catalog-schema/src/schemas.ts';
import { text, type Lang } from './i18n.ts';
import { formatsOf, type Dataset, type Portal } from './portal.ts';

export function facetLabel(p: Portal, facet: FacetName, value: string, lang: Lang): string {
  const spec = facets[facet].labels;
  if ('entity' in spec) {
    const item = spec.entity === 'Agent' ? p.agentById.get(value)?.name : p.themeById.get(value)?.label;
    return item ? text(item, lang) : value;
  }
  const term = vocabulary(spec.vocabulary)[value];
  return term ? term[lang] : value;
}

/** Every label of every facet in one language (sent to the browser script of the search page). */
export function facetLabels(p: Portal, lang: Lang): Record<FacetName, Record<string, string>> {
  const out = {} as Record<FacetName, Record<string, string>>;
  for (const f of facetNames) {
    const spec = facets[f].labels;
    const values = 'entity' in spec ? (spec.entity === 'Agent' ? p.agents.map((a) => a.id) : p.themes.map((t) => t.id)) : Object.keys(vocabulary(spec.vocabulary));
    out[f] = Object.fromEntries(values.map((v) => [v, facetLabel(p, f, v, lang)]));
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
  }
}
