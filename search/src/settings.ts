// Index settings as code. Searchable attributes are listed by weight (Meilisearch ranks a match in an
// earlier attribute higher): title, keywords, agency and theme names, identifier, then description.
import { facetNames } from './facets.ts';

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
  ],
  // keywords_vi and id: CKAN's tags and name filters (site/src/lib/ckan.ts).
  filterableAttributes: [...facetNames, 'type', 'spatial', 'owningAgency', 'keywords_vi', 'id'],
  sortableAttributes: ['modified', 'issued', 'title_sort'],
  rankingRules: ['words', 'typo', 'proximity', 'attribute', 'sort', 'exactness'],
  // Vietnamese syllables are short: one typo from 5 letters, two from 9 (Meilisearch defaults, kept
  // explicit), never on identifiers.
  typoTolerance: { enabled: true, minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 }, disableOnAttributes: ['identifier'] },
  faceting: { maxValuesPerFacet: 200 },
  pagination: { maxTotalHits: 10000 },
  // Documents are plain text; no HTML is ever indexed.
  displayedAttributes: ['*'],
} as const;
