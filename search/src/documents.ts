// The search-document mapper: one Meilisearch document per published dataset, from the same
// catalog snapshot the site is built from.
import type { FacetName } from './facets.ts';
import type { CatalogSnapshot, DatasetWithDistributions } from '../../site/src/lib/snapshot.ts';
import { plainText } from '../../site/src/lib/markdown.ts';

export interface DatasetDocument extends Partial<Record<FacetName, string | string[]>> {
  id: string;
  type: 'dataset';
  identifier?: string;
  title_vi: string;
  title_en?: string;
  description_vi: string;
  description_en?: string;
  keywords_vi: string[];
  keywords_en: string[];
  agency: string;
  agency_name_vi: string;
  agency_name_en?: string;
  owningAgency?: string;
  theme: string[];
  theme_label_vi: string[];
  theme_label_en: string[];
  dataKind: string[];
  accessLevel: string;
  format: string[];
  license?: string;
  frequency?: string;
  spatial: string[];
  /** Unix seconds (sortable). */
  modified?: number;
  issued?: number;
  /** Title folded for sorting by name (Vietnamese letters in alphabet order are approximated by base letters). */
  title_sort: string;
}

const clean = (s: string | undefined) => (s ?? '').normalize('NFC').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');

function seconds(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(t) ? undefined : Math.floor(t / 1000);
}

export function sortKey(title: string): string {
  return title.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().normalize('NFC');
}

export function datasetDocument(d: DatasetWithDistributions, snapshot: Pick<CatalogSnapshot, 'agents' | 'themes'>): DatasetDocument {
  const agent = snapshot.agents.find((a) => a.id === d.publisher);
  const themes = (d.theme ?? []).map((id) => snapshot.themes.find((t) => t.id === id)).filter((t) => t !== undefined);
  return {
    id: d.id,
    type: 'dataset',
    identifier: d.identifier,
    title_vi: clean(d.title.vi),
    title_en: d.title.en ? clean(d.title.en) : undefined,
    description_vi: clean(plainText(d.description.vi)),
    description_en: d.description.en ? clean(plainText(d.description.en)) : undefined,
    keywords_vi: (d.keyword?.vi ?? []).map(clean),
    keywords_en: (d.keyword?.en ?? []).map(clean),
    agency: d.publisher,
    agency_name_vi: clean(agent?.name.vi ?? d.publisher),
    agency_name_en: agent?.name.en,
    owningAgency: d.owningAgency,
    theme: d.theme ?? [],
    theme_label_vi: themes.map((t) => t.label.vi),
    theme_label_en: themes.map((t) => t.label.en ?? t.label.vi),
    dataKind: d.dataKind,
    accessLevel: d.accessLevel,
    format: [...new Set(d.distribution.map((x) => x.format))],
    license: d.license,
    frequency: d.accrualPeriodicity,
    spatial: d.spatial ?? [],
    modified: seconds(d.modified ?? d.issued),
    issued: seconds(d.issued),
    title_sort: sortKey(d.title.vi),
  };
}

export function datasetDocuments(snapshot: CatalogSnapshot): DatasetDocument[] {
  return snapshot.datasets.map((d) => datasetDocument(d, snapshot));
}
