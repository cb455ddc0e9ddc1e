// From a source catalog (DCAT-AP graph or CKAN package dicts) to the portal's Dataset and
// Distribution records, ready for the same validation as editors' entries.
import type { Store, Term } from 'n3';
import { DataFactory } from 'n3';
import type { Dataset, Distribution, LangString } from '../../catalog-schema/generated/types.ts';
import { vocabulary } from '../../catalog-schema/src/schemas.ts';
import { validateRecord } from '../../catalog-schema/src/validate.ts';
import { normalizeRecord } from '../../catalog-schema/src/normalize.ts';
import { ns } from './dcat.ts';
import { slugify } from '../vietnamese.ts';

const namedNode = DataFactory.namedNode.bind(DataFactory);

export interface HarvestContext {
  /** The agency harvested entries belong to. */
  agency: string;
  /** Keep the source's publisher when it is one of these agencies (by portal IRI or id). */
  knownAgencies: Set<string>;
  /** Portal themes by EU data theme, and by id. */
  themes: { id: string; euDataTheme: string }[];
  /** Contact points of the portal, kept when the source names them (by IRI ending in their id). */
  contacts?: Set<string>;
}

export interface HarvestedRecord {
  identifier: string;
  dataset: Omit<Dataset, 'distribution'>;
  distributions: Distribution[];
  /** What the editor should look at (English used for Vietnamese, defaults applied…). */
  notes: string[];
}

export interface Rejected {
  identifier: string;
  reasons: string[];
}

/** Reverse lookup of a vocabulary code by its URI (EU authority tables). */
function codeOf(vocab: string, uri: string | undefined): string | undefined {
  if (!uri) return undefined;
  for (const [code, t] of Object.entries(vocabulary(vocab))) if (t.uri === uri || (t.url as string | undefined) === uri) return code;
  return undefined;
}

const ckanLicenses: Record<string, string> = {
  'cc-by': 'cc-by-4.0',
  'cc-by-4.0': 'cc-by-4.0',
  'cc-zero': 'cc0-1.0',
  'cc0-1.0': 'cc0-1.0',
  'cc-by-sa': 'cc-by-sa-4.0',
  'cc-by-sa-4.0': 'cc-by-sa-4.0',
  'odc-by': 'odc-by-1.0',
  'odc-by-1.0': 'odc-by-1.0',
  'odc-odbl': 'odbl-1.0',
  'odbl-1.0': 'odbl-1.0',
};

function formatCode(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const fromUri = codeOf('FileFormat', raw);
  if (fromUri) return fromUri;
  const tail = raw.split(/[/#]/).pop()!.toLowerCase().replace(/^\./, '');
  const formats = vocabulary('FileFormat');
  if (tail in formats) return tail;
  for (const [code, t] of Object.entries(formats)) if ((t.mediaType as string | undefined)?.toLowerCase() === raw.toLowerCase() || raw.toLowerCase().endsWith(`/${String(t.mediaType)}`)) return code;
  return undefined;
}

function dateOnly(v: string | undefined): string | undefined {
  const m = v?.match(/^\d{4}-\d{2}-\d{2}/);
  return m ? m[0] : undefined;
}

/** A LangString from texts by language; without Vietnamese, the other text is used and noted. */
function langString(texts: { lang: string; value: string }[], field: string, notes: string[]): LangString | undefined {
  const vi = texts.find((t) => t.lang === 'vi') ?? texts.find((t) => t.lang === '');
  const en = texts.find((t) => t.lang === 'en');
  const any = vi ?? en ?? texts[0];
  if (!any) return undefined;
  if (!vi) notes.push(`${field}: chưa có tiếng Việt, tạm dùng "${any.lang}" / no Vietnamese text, "${any.lang}" used`);
  return { vi: any.value, ...(en ? { en: en.value } : {}) };
}

function clean<T extends Record<string, unknown>>(r: T): T {
  return Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined && !(Array.isArray(v) && v.length === 0))) as T;
}

/**
 * Data kinds as the source declares them (this portal's own exports do), else open data when it has a
 * licence and public access; anything else is harvested as sectoral data for the editor to classify.
 */
function kindAndAccess(license: string | undefined, access: string | undefined, notes: string[], declared: string[] = []): Pick<Dataset, 'dataKind' | 'accessLevel' | 'containsPersonalData'> {
  const accessLevel = (access as Dataset['accessLevel'] | undefined) ?? 'public';
  if (declared.length) return { dataKind: declared as Dataset['dataKind'], accessLevel, ...(declared.includes('open') ? { containsPersonalData: false } : {}) };
  if (license && accessLevel === 'public') return { dataKind: ['open'], accessLevel, containsPersonalData: false };
  notes.push('dataKind: chưa đủ căn cứ là dữ liệu mở (giấy phép, quyền truy cập); ghi là dữ liệu chuyên ngành / not enough to call it open data; set to sectoral');
  return { dataKind: ['sectoral'], accessLevel };
}

/** Distribution ids unique within a record, the same on every harvest (suffix by position). */
function uniqueDistributionIds(list: Distribution[]): Distribution[] {
  const count = new Map<string, number>();
  for (const d of list) count.set(d.id, (count.get(d.id) ?? 0) + 1);
  return list.map((d, i) => ((count.get(d.id) ?? 0) > 1 ? { ...d, id: `${d.id.slice(0, 90)}-${i + 1}` } : d));
}

interface Collected {
  records: HarvestedRecord[];
  rejected: Rejected[];
}

/** Normalises and validates one mapped record; it goes to `records` or, with its reasons, to `rejected`. */
function collect(out: Collected, identifier: string, dataset: Omit<Dataset, 'distribution'>, distributions: Distribution[], notes: string[]): void {
  const rec: HarvestedRecord = { identifier, dataset: normalizeRecord(dataset), distributions: uniqueDistributionIds(distributions).map((d) => normalizeRecord(d)), notes };
  const problem = validated(rec);
  if (problem) out.rejected.push(problem);
  else out.records.push(rec);
}

function finish(out: Collected): Collected {
  uniqueIds(out.records);
  return out;
}

function validated(rec: HarvestedRecord): Rejected | undefined {
  const reasons = [
    ...validateRecord('Dataset', rec.dataset).map((e) => `${e.field}: ${e.message_vi} / ${e.message_en}`),
    ...rec.distributions.flatMap((d) => validateRecord('Distribution', d).map((e) => `distribution ${d.id} ${e.field}: ${e.message_vi} / ${e.message_en}`)),
  ];
  return reasons.length ? { identifier: rec.identifier, reasons } : undefined;
}

/** Makes ids unique within the harvest (two sources can slug to the same id). */
function uniqueIds(records: HarvestedRecord[]): void {
  const seen = new Set<string>();
  for (const r of records) {
    let id = r.dataset.id || 'du-lieu';
    for (let i = 2; seen.has(id); i++) id = `${r.dataset.id.slice(0, 95)}-${i}`;
    seen.add(id);
    if (id !== r.dataset.id) {
      r.dataset = { ...r.dataset, id };
      r.distributions = r.distributions.map((d) => ({ ...d, dataset: id }));
    }
  }
}

// ——— DCAT-AP ———

const P = (prefix: keyof typeof ns, local: string) => namedNode(ns[prefix] + local);

function objects(store: Store, s: Term, p: ReturnType<typeof P>): Term[] {
  return store.getObjects(s, p, null);
}
function literals(store: Store, s: Term, p: ReturnType<typeof P>): { lang: string; value: string }[] {
  return objects(store, s, p)
    .filter((o) => o.termType === 'Literal')
    .map((o) => ({ lang: (o as { language: string }).language ?? '', value: o.value.normalize('NFC') }));
}
function one(store: Store, s: Term, p: ReturnType<typeof P>): string | undefined {
  return objects(store, s, p)[0]?.value;
}

function lastSegment(iri: string): string {
  return decodeURIComponent(
    iri
      .replace(/[/#]+$/, '')
      .split(/[/#]/)
      .pop() ?? '',
  );
}

export function recordsFromDcat(store: Store, ctx: HarvestContext): Collected {
  const out: Collected = { records: [], rejected: [] };
  const themeByEu = new Map<string, string>();
  for (const t of ctx.themes) if (!themeByEu.has(t.euDataTheme)) themeByEu.set(t.euDataTheme, t.id);
  const themeIds = new Set(ctx.themes.map((t) => t.id));
  const datasets = store.getSubjects(P('rdf', 'type'), P('dcat', 'Dataset'), null);
  for (const s of datasets) {
    const notes: string[] = [];
    const identifier = one(store, s, P('dct', 'identifier')) ?? s.value;
    const title = langString(literals(store, s, P('dct', 'title')), 'title', notes);
    const description = langString(literals(store, s, P('dct', 'description')), 'description', notes) ?? (title ? { ...title } : undefined);
    const id = slugify(s.termType === 'NamedNode' ? lastSegment(s.value) : '') || slugify(title?.vi ?? identifier) || 'du-lieu';
    const publisherIri = one(store, s, P('dct', 'publisher'));
    const sourcePublisher = publisherIri ? lastSegment(publisherIri) : undefined;
    const publisher = sourcePublisher && ctx.knownAgencies.has(sourcePublisher) ? sourcePublisher : ctx.agency;
    const owner = one(store, s, P('dct', 'rightsHolder'));
    const themes = [
      ...new Set(
        objects(store, s, P('dcat', 'theme')).flatMap((t) => {
          const own = lastSegment(t.value);
          if (t.value.includes('/themes/') && themeIds.has(own)) return [own];
          const eu = codeOf('EuDataTheme', t.value);
          return eu && themeByEu.has(eu) && !objects(store, s, P('dcat', 'theme')).some((x) => x.value.includes('/themes/')) ? [themeByEu.get(eu)!] : [];
        }),
      ),
    ];
    const temporalNode = objects(store, s, P('dct', 'temporal'))[0];
    const temporal = temporalNode ? clean({ start: dateOnly(one(store, temporalNode, P('dcat', 'startDate'))), end: dateOnly(one(store, temporalNode, P('dcat', 'endDate'))) }) : undefined;
    const distributionNodes = objects(store, s, P('dcat', 'distribution'));
    const licenses = distributionNodes.map((d) => codeOf('License', one(store, d, P('dct', 'license')))).filter((x): x is string => !!x);
    const license = licenses[0];
    const access = codeOf('AccessLevel', one(store, s, P('dct', 'accessRights')));
    const keywordsVi = literals(store, s, P('dcat', 'keyword'))
      .filter((k) => k.lang === 'vi' || k.lang === '')
      .map((k) => k.value);
    const keywordsEn = literals(store, s, P('dcat', 'keyword'))
      .filter((k) => k.lang === 'en')
      .map((k) => k.value);
    const kw = keywordsVi.length || keywordsEn.length ? clean({ vi: keywordsVi.length ? keywordsVi : keywordsEn, en: keywordsEn }) : undefined;
    const spatial = objects(store, s, P('dct', 'spatial'))
      .map((x) => one(store, x, P('dct', 'identifier')) ?? (x.value.includes('/places/') ? lastSegment(x.value) : undefined))
      .filter((x): x is string => !!x);
    const contactPoint = objects(store, s, P('dcat', 'contactPoint'))
      .map((x) => lastSegment(x.value))
      .filter((c) => ctx.contacts?.has(c));
    const legalBasis = objects(store, s, P('dcatap', 'applicableLegislation')).flatMap((x) => {
      const number = one(store, x, P('dct', 'identifier'));
      const t = langString(literals(store, x, P('dct', 'title')), 'legalBasis', []);
      if (!number || !t) return [];
      return [clean({ number, title: t, issuer: one(store, x, P('dct', 'publisher')), date: dateOnly(one(store, x, P('dct', 'issued'))), url: x.termType === 'NamedNode' ? x.value : undefined })];
    });
    const landing = objects(store, s, P('dcat', 'landingPage'))
      .map((x) => x.value)
      .find((u) => !u.includes(`/datasets/${id}/`));
    const distributions: Distribution[] = [];
    distributionNodes.forEach((d, i) => {
      const accessURL = one(store, d, P('dcat', 'accessURL')) ?? one(store, d, P('dcat', 'downloadURL'));
      const format = formatCode(one(store, d, P('dct', 'format'))) ?? formatCode(one(store, d, P('dcat', 'mediaType')));
      const dNotes: string[] = [];
      if (!format) {
        notes.push(
          `distribution ${i + 1}: định dạng "${one(store, d, P('dct', 'format')) ?? one(store, d, P('dcat', 'mediaType')) ?? '?'}" không có trong danh mục, bỏ qua / format not in the vocabulary, skipped`,
        );
        return;
      }
      const dTitle = langString(literals(store, d, P('dct', 'title')), `distribution ${i + 1} title`, dNotes) ?? { vi: `${title?.vi ?? id} (${(format ?? 'tệp').toUpperCase()})` };
      const size = one(store, d, P('dcat', 'byteSize'));
      const mediaIri = one(store, d, P('dcat', 'mediaType'));
      const checksumNode = objects(store, d, P('spdx', 'checksum'))[0];
      const algorithm = checksumNode ? one(store, checksumNode, P('spdx', 'algorithm'))?.split('checksumAlgorithm_').pop() : undefined;
      distributions.push(
        clean({
          id: slugify(d.termType === 'NamedNode' ? lastSegment(d.value) : '') || `${id}-${i + 1}`,
          dataset: id,
          title: dTitle,
          description: langString(literals(store, d, P('dct', 'description')), `distribution ${i + 1} description`, []),
          format: format as Distribution['format'],
          mediaType: mediaIri?.replace('https://www.iana.org/assignments/media-types/', '').replace('http://www.iana.org/assignments/media-types/', ''),
          accessURL: accessURL as string,
          downloadURL: one(store, d, P('dcat', 'downloadURL')),
          byteSize: size !== undefined && /^\d+$/.test(size) ? Number(size) : undefined,
          checksum:
            checksumNode && algorithm && ['sha256', 'sha1', 'md5'].includes(algorithm)
              ? { algorithm: algorithm as 'sha256', value: one(store, checksumNode, P('spdx', 'checksumValue')) ?? '' }
              : undefined,
          license: codeOf('License', one(store, d, P('dct', 'license'))) as Distribution['license'],
          language: objects(store, d, P('dct', 'language'))
            .map((l) => codeOf('Language', l.value))
            .filter((x): x is 'vi' => !!x),
          issued: dateOnly(one(store, d, P('dct', 'issued'))),
          modified: dateOnly(one(store, d, P('dct', 'modified'))),
        }),
      );
      notes.push(...dNotes);
    });
    const dataset = clean({
      id,
      identifier,
      title: title as LangString,
      description: description as LangString,
      publisher,
      owningAgency: owner && ctx.knownAgencies.has(lastSegment(owner)) ? lastSegment(owner) : undefined,
      contactPoint,
      keyword: kw,
      theme: themes,
      spatial,
      legalBasis,
      temporal: temporal && Object.keys(temporal).length ? temporal : undefined,
      issued: dateOnly(one(store, s, P('dct', 'issued'))),
      modified: dateOnly(one(store, s, P('dct', 'modified'))),
      accrualPeriodicity: codeOf('Frequency', one(store, s, P('dct', 'accrualPeriodicity'))) as Dataset['accrualPeriodicity'],
      language: objects(store, s, P('dct', 'language'))
        .map((l) => codeOf('Language', l.value))
        .filter((x): x is 'vi' => !!x),
      license: license as Dataset['license'],
      ...kindAndAccess(
        license,
        access,
        notes,
        objects(store, s, P('dct', 'type'))
          .map((x) => x.value.match(/[#/]DataKind\/([a-z-]+)$/)?.[1])
          .filter((k): k is string => !!k && k in vocabulary('DataKind')),
      ),
      landingPage: landing,
      version: one(store, s, P('dcat', 'version')),
      status: 'draft' as const,
    }) as Omit<Dataset, 'distribution'>;
    collect(out, identifier, dataset, distributions, notes);
  }
  return finish(out);
}

// ——— CKAN ———

export interface CkanPackage {
  id: string;
  name: string;
  title?: string;
  notes?: string;
  private?: boolean;
  state?: string;
  license_id?: string | null;
  metadata_created?: string | null;
  metadata_modified?: string | null;
  url?: string | null;
  version?: string | null;
  tags?: { name: string }[];
  groups?: { name: string }[];
  extras?: { key: string; value: string }[];
  resources?: {
    id: string;
    name?: string;
    description?: string;
    url?: string;
    format?: string;
    mimetype?: string | null;
    size?: number | null;
    created?: string | null;
    last_modified?: string | null;
  }[];
}

export function recordsFromCkan(packages: CkanPackage[], ctx: HarvestContext): Collected {
  const out: Collected = { records: [], rejected: [] };
  const themeIds = new Set(ctx.themes.map((t) => t.id));
  for (const pkg of packages) {
    const extra = (k: string) => pkg.extras?.find((e) => e.key === k)?.value;
    const identifier = extra('identifier') ?? pkg.id;
    if (pkg.private || (pkg.state && pkg.state !== 'active')) {
      out.rejected.push({ identifier, reasons: ['gói riêng tư hoặc đã xóa ở nguồn / private or deleted at the source'] });
      continue;
    }
    const notes: string[] = [];
    const id = slugify(pkg.name) || slugify(pkg.title ?? '') || 'du-lieu';
    const license = pkg.license_id ? ckanLicenses[pkg.license_id.toLowerCase()] : undefined;
    if (pkg.license_id && !license) notes.push(`license: "${pkg.license_id}" không có trong danh mục giấy phép / not a known licence`);
    const title = pkg.title?.trim() || pkg.name;
    const distributions: Distribution[] = [];
    for (const [i, r] of (pkg.resources ?? []).entries()) {
      const format = formatCode(r.format) ?? formatCode(r.mimetype ?? undefined);
      if (!format) {
        notes.push(`resource ${r.name ?? r.id}: định dạng "${r.format ?? '?'}" không có trong danh mục, bỏ qua / format not in the vocabulary, skipped`);
        continue;
      }
      distributions.push(
        clean({
          id: slugify(`${id}-${r.name ?? ''}`).slice(0, 90) || `${id}-${i + 1}`,
          dataset: id,
          title: { vi: r.name?.trim() || `${title} (${(r.format ?? 'tệp').toUpperCase()})` },
          description: r.description?.trim() ? { vi: r.description.trim() } : undefined,
          format: format as Distribution['format'],
          mediaType: r.mimetype ?? undefined,
          accessURL: r.url as string,
          downloadURL: r.url ?? undefined,
          byteSize: typeof r.size === 'number' && r.size >= 0 ? r.size : undefined,
          issued: dateOnly(r.created ?? undefined),
          modified: dateOnly(r.last_modified ?? undefined),
        }),
      );
    }
    const dataset = clean({
      id,
      identifier,
      title: { vi: title },
      description: { vi: pkg.notes?.trim() || title },
      publisher: ctx.agency,
      keyword: pkg.tags?.length ? { vi: pkg.tags.map((t) => t.name) } : undefined,
      theme: (pkg.groups ?? []).map((g) => g.name).filter((g) => themeIds.has(g)),
      issued: dateOnly(pkg.metadata_created ?? undefined),
      modified: dateOnly(pkg.metadata_modified ?? undefined),
      license: license as Dataset['license'],
      ...kindAndAccess(license, undefined, notes),
      landingPage: pkg.url && /^https?:\/\//.test(pkg.url) ? pkg.url : undefined,
      version: pkg.version ?? undefined,
      status: 'draft' as const,
    }) as Omit<Dataset, 'distribution'>;
    collect(out, identifier, dataset, distributions, notes);
  }
  return finish(out);
}
