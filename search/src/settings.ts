// Index settings as code. Searchable attributes are listed by weight (Meilisearch ranks a match in an
// earlier attribute higher): title, keywords, agency and theme names, identifier, then description.
import synonymsFile from '../synonyms.json' with { type: 'json' };
import { facetNames } from '../../domain/facets.ts';

/** Meilisearch synonyms from the operator's groups (search/synonyms.json): every name points to the others. */
export function synonymsFromGroups(groups: string[][]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const group of groups) {
    const names = [...new Set(group.map((g) => g.normalize('NFC').toLowerCase().trim()).filter(Boolean))];
    for (const n of names) out[n] = [...new Set([...(out[n] ?? []), ...names.filter((x) => x !== n)])];
  }
  return out;
}

export const synonyms = synonymsFromGroups(synonymsFile.groups);

/** Telex spellings (vietnamese.ts): searched, never typo-tolerant, never shown. */
const exact = ['title_exact', 'keywords_exact', 'agency_exact'];

export const datasetIndexSettings = {
  searchableAttributes: [
    'title_vi',
    'title_en',
    'keywords_vi',
    'keywords_en',
    'agency_name_vi',
    'agency_name_en',
    'theme_label_vi',
    'theme_label_en',
    'identifier',
    'description_vi',
    'description_en',
    ...exact,
  ],
  // keywords_vi and id: CKAN's tags and name filters (site/src/lib/ckan.ts).
  filterableAttributes: [...facetNames, 'type', 'owningAgency', 'keywords_vi', 'id'],
  sortableAttributes: ['modified', 'issued', 'title_sort'],
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
  // Vietnamese syllables are short: one typo from 5 letters, two from 9 (Meilisearch defaults, kept
  // explicit), never on identifiers.
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 }, disableOnAttributes: ['identifier', ...exact] },
  synonyms,
  pagination: { maxTotalHits: 10000 },
  // Documents are plain text; no HTML is ever indexed.
  displayedAttributes: ['*'],
  faceting: { maxValuesPerFacet: 200, sortFacetValuesBy: { '*': 'count' } },
} as const;

/** The other things one search box finds: services, agencies and code-list values. */
export const otherIndexSettings = {
  searchableAttributes: ['title_vi', 'title_en', 'code', 'keywords_vi', 'agency_name_vi', 'description_vi', 'description_en', 'title_exact'],
  filterableAttributes: ['type', 'codeList', 'agency'],
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 }, disableOnAttributes: ['code', 'title_exact'] },
  synonyms,
  pagination: { maxTotalHits: 1000 },
} as const;
