// Index settings as code. Searchable attributes are listed by weight (Meilisearch ranks a match in an
// earlier attribute higher): title, keywords, agency and theme names, identifier, then description.
import synonymsFile from '../synonyms.json' with { type: 'json' };
import { facetNames } from '../../domain/facets.ts';

/** Meilisearch synonyms from the operator's groups (search/synonyms.json): every name points to the others. */
function synonymsFromGroups(groups: string[][]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const group of groups) {
    const names = [...new Set(group.map((g) => g.normalize('NFC').toLowerCase().trim()).filter(Boolean))];
    for (const n of names) out[n] = [...new Set([...(out[n] ?? []), ...names.filter((x) => x !== n)])];
  }
  return out;
}

const synonyms = synonymsFromGroups(synonymsFile.groups);

/**
 * Telex spellings (domain/vietnamese.ts) of every Vietnamese text searched: the exact tier of a query
 * (query-text.ts) requires them, so they must cover all the text the words may be found in. Never
 * typo-tolerant, never shown.
 */
const exact = ['title_exact', 'keywords_exact', 'agency_exact', 'theme_exact', 'description_exact'];

/**
 * No typos on Vietnamese syllables: they have at most 7 letters, and one letter off is nearly always
 * another real syllable ("thong" would find "tháng" and "tổng"). Longer words (English, names of
 * systems) keep one typo from 8 letters, two from 12; numbers none. A query that finds nothing
 * because of a typo is answered by the relaxed tier (query-text.ts) and "did you mean".
 */
const typoTolerance = { enabled: true, minWordSizeForTypos: { oneTypo: 8, twoTypos: 12 }, disableOnNumbers: true, disableOnAttributes: ['identifier', ...exact] };

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
  typoTolerance,
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
  typoTolerance: { ...typoTolerance, disableOnAttributes: ['code', 'title_exact'] },
  synonyms,
  pagination: { maxTotalHits: 1000 },
} as const;
