// The facets of dataset search: which document attribute each filters on and which catalog property
// it comes from. Pure data, imported by the browser script too (no Node or schema imports here);
// search/__tests__/facets.test.ts checks every entry against the catalog schema.

export const facetNames = ['agency', 'theme', 'dataKind', 'accessLevel', 'format', 'license', 'frequency', 'place', 'keyword'] as const;
export type FacetName = (typeof facetNames)[number];

export interface FacetSpec {
  /** Property of the Dataset schema the values come from ("distribution.format" for the files' formats). */
  property: string;
  /** Where labels come from: a catalog entity (by id) or a vocabulary (by code). */
  labels: { entity: 'Agent' | 'Theme' | 'CodeListEntry' } | { vocabulary: string } | { self: true };
}

export const facets: Record<FacetName, FacetSpec> = {
  agency: { property: 'publisher', labels: { entity: 'Agent' } },
  theme: { property: 'theme', labels: { entity: 'Theme' } },
  dataKind: { property: 'dataKind', labels: { vocabulary: 'DataKind' } },
  accessLevel: { property: 'accessLevel', labels: { vocabulary: 'AccessLevel' } },
  format: { property: 'distribution.format', labels: { vocabulary: 'FileFormat' } },
  license: { property: 'license', labels: { vocabulary: 'License' } },
  frequency: { property: 'accrualPeriodicity', labels: { vocabulary: 'Frequency' } },
  place: { property: 'spatial', labels: { entity: 'CodeListEntry' } },
  keyword: { property: 'keyword', labels: { self: true } },
};

export const sortOptions = ['relevance', 'updated', 'newest', 'title'] as const;
export type SortOption = (typeof sortOptions)[number];

/** Meilisearch sort expression of each option (relevance: none). */
export const sortExpressions: Record<SortOption, string[] | undefined> = {
  relevance: undefined,
  updated: ['modified:desc'],
  newest: ['issued:desc'],
  title: ['title_sort:asc'],
};
