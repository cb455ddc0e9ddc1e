// The search-document mapper: one Meilisearch document per published dataset, from the same
// catalog snapshot the site is built from.
import type { FacetName } from '../../domain/facets.ts';
import type { CatalogSnapshot, DatasetWithDistributions } from '../../domain/snapshot.ts';
import { plainText } from '../../domain/markdown.ts';
import { filesPublic } from '../../domain/visibility.ts';
import { fold } from '../../domain/vietnamese.ts';
import { exactTokens } from './query-text.ts';

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
  place: string[];
  keyword: string[];
  title_exact: string;
  keywords_exact: string;
  agency_exact: string;
  theme_exact: string;
  description_exact: string;
  /** Unix seconds (sortable). */
  modified?: number;
  issued?: number;
  /** Title folded for sorting by name (Vietnamese letters in alphabet order are approximated by base letters). */
  title_sort: string;
}

// eslint-disable-next-line no-control-regex -- removing control characters (tab and line feed kept) is the point
const clean = (s: string | undefined) => (s ?? '').normalize('NFC').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');

function seconds(iso: string | undefined): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso.length === 10 ? `${iso}T00:00:00Z` : iso);
  return Number.isNaN(t) ? undefined : Math.floor(t / 1000);
}

function sortKey(title: string): string {
  return fold(title);
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
    // The public has the files of open data only (domain/visibility.ts): a shared dataset offers none,
    // whatever the CMS hands the live index.
    format: filesPublic(d) ? [...new Set(d.distribution.map((x) => x.format))] : [],
    license: d.license,
    frequency: d.accrualPeriodicity,
    place: d.spatial ?? [],
    keyword: (d.keyword?.vi ?? []).map(clean),
    title_exact: exactTokens(d.title.vi),
    keywords_exact: exactTokens((d.keyword?.vi ?? []).join(' ')),
    agency_exact: exactTokens(agent?.name.vi),
    theme_exact: exactTokens(themes.map((t) => t.label.vi).join(' ')),
    description_exact: exactTokens(plainText(d.description.vi)),
    modified: seconds(d.modified ?? d.issued),
    issued: seconds(d.issued),
    title_sort: sortKey(d.title.vi),
  };
}

export function datasetDocuments(snapshot: CatalogSnapshot): DatasetDocument[] {
  return snapshot.datasets.map((d) => datasetDocument(d, snapshot));
}

/** What else the one search box finds: published services, agencies, code-list values. */
export interface OtherDocument {
  id: string;
  type: 'service' | 'agency' | 'code';
  title_vi: string;
  title_en?: string;
  description_vi?: string;
  description_en?: string;
  code?: string;
  codeList?: string;
  agency?: string;
  agency_name_vi?: string;
  keywords_vi?: string[];
  title_exact: string;
  /** Where its page is, without the language prefix. */
  path: string;
}

export function serviceDocuments(s: CatalogSnapshot): OtherDocument[] {
  return s.dataServices.map((x) => ({
    id: x.id,
    type: 'service',
    title_vi: clean(x.title.vi),
    title_en: x.title.en,
    description_vi: clean(plainText(x.description.vi)),
    description_en: x.description.en ? plainText(x.description.en) : undefined,
    agency: x.publisher,
    agency_name_vi: s.agents.find((a) => a.id === x.publisher)?.name.vi,
    keywords_vi: x.keyword?.vi ?? [],
    title_exact: exactTokens(x.title.vi),
    path: `/services/${x.id}/`,
  }));
}

export function agencyDocuments(s: CatalogSnapshot): OtherDocument[] {
  return s.agents.map((a) => ({
    id: a.id,
    type: 'agency',
    title_vi: clean(a.name.vi),
    title_en: a.name.en,
    description_vi: a.description ? clean(plainText(a.description.vi)) : undefined,
    keywords_vi: [a.shortName?.vi, a.identifier].filter((x): x is string => !!x),
    title_exact: exactTokens(a.name.vi),
    path: `/agencies/${a.id}/`,
  }));
}

export function codeDocuments(s: CatalogSnapshot): OtherDocument[] {
  const codes = new Set(s.codeListEntries.map((e) => `${e.codeList}/${e.code}`));
  return s.codeListEntries.map((e) => ({
    id: e.id,
    type: 'code',
    title_vi: clean(e.label.vi),
    title_en: e.label.en,
    code: e.code,
    codeList: e.codeList,
    title_exact: exactTokens(e.label.vi),
    path: `/code-lists/${e.codeList}/${e.parentCode && codes.has(`${e.codeList}/${e.parentCode}`) ? `${e.parentCode}/` : ''}`,
  }));
}
