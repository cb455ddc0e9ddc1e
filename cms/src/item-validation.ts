// What the CMS validation hook does, as plain functions: merge the stored item with the change,
// normalise Vietnamese text, validate with the catalog schema and check references.
import type { FieldError } from '../../catalog-schema/src/errors.ts';
import { propertiesOf } from '../../catalog-schema/src/model.ts';
import { normalizeRecord } from '../../catalog-schema/src/normalize.ts';
import { noticeRuleErrors } from '../../domain/notices.ts';
import { openApiErrors } from '../../catalog-schema/src/openapi.ts';
import type { EntityName } from '../../catalog-schema/src/schemas.ts';
import { isCalendarDateTime, validateRecord } from '../../catalog-schema/src/validate.ts';
import { paths, fetchAllowList } from '../../platform/config.ts';

type Item = Record<string, unknown>;

/**
 * A stored item as a catalog record. Directus returns unset fields as null and relation aliases as
 * id lists (neither is catalog data); databases differ in how they return some types: PostgreSQL
 * gives big integers as strings (so does the CMS's own input for them), SQLite booleans as 0/1. Only
 * plain decimal text becomes a number: "1e3", "0x10" or "12.0" stay text for the validator to refuse.
 */
export function toCatalogRecord(entity: EntityName, item: Item): Item {
  const props = new Map(propertiesOf(entity).map((p) => [p.name, p]));
  const out: Item = {};
  for (const [k, v] of Object.entries(item)) {
    const kind = props.get(k)?.kind;
    if (v === null || v === undefined || kind === 'children') continue;
    if ((kind === 'integer' || kind === 'number') && typeof v === 'string' && (kind === 'integer' ? /^-?\d+$/ : /^-?\d+(\.\d+)?$/).test(v)) out[k] = Number(v);
    else if (kind === 'boolean' && (v === 0 || v === 1)) out[k] = v === 1;
    else if (kind === 'datetime' && (typeof v === 'string' || typeof v === 'number')) out[k] = canonicalInstant(v);
    else out[k] = v;
  }
  return out;
}

/**
 * An instant in one form (UTC, ISO 8601 with milliseconds), so stored and given values compare equal.
 * Directus keeps timestamps in UTC; on SQLite a field that lost its "cast-timestamp" flag returns them
 * without the "Z", and hooks may be handed epoch milliseconds.
 */
export function canonicalInstant(v: string | number): string | number {
  // Date reads 2026-02-30 as 2 March: a day or time that does not exist is left for the validator to name.
  if (typeof v === 'string' && !isCalendarDateTime(v)) return v;
  const zoneless = typeof v === 'string' && /^\d{4}-\d\d-\d\d[T ]\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(v);
  const d = new Date(typeof v === 'number' ? v : zoneless ? `${v.replace(' ', 'T')}Z` : v);
  // Not an instant at all: left as given, for the validator to name.
  return Number.isNaN(d.getTime()) ? v : d.toISOString();
}

/** Reference ids used by a record, per target entity (only plain string ids). */
export function referencesOf(entity: EntityName, record: Item): Map<EntityName, string[]> {
  const refs = new Map<EntityName, string[]>();
  for (const p of propertiesOf(entity)) {
    if ((p.kind !== 'reference' && p.kind !== 'reference-list') || !p.ref) continue;
    const v = record[p.name];
    const ids = (Array.isArray(v) ? v : [v]).filter((x): x is string => typeof x === 'string');
    if (ids.length) refs.set(p.ref, [...(refs.get(p.ref) ?? []), ...ids]);
  }
  return refs;
}

export type MissingLookup = (entity: EntityName, ids: string[]) => Promise<Set<string>>;

/** Field errors for references to records that do not exist. */
export async function referenceErrors(entity: EntityName, record: Item, missing: MissingLookup): Promise<FieldError[]> {
  const errors: FieldError[] = [];
  const refs = referencesOf(entity, record);
  const missingByEntity = new Map<EntityName, Set<string>>();
  for (const [target, ids] of refs) missingByEntity.set(target, await missing(target, [...new Set(ids)]));
  for (const p of propertiesOf(entity)) {
    if ((p.kind !== 'reference' && p.kind !== 'reference-list') || !p.ref) continue;
    const gone = missingByEntity.get(p.ref);
    if (!gone?.size) continue;
    const v = record[p.name];
    const values = Array.isArray(v) ? v : [v];
    values.forEach((id, i) => {
      if (typeof id === 'string' && gone.has(id)) {
        errors.push({
          field: Array.isArray(v) ? `${p.name}.${i}` : p.name,
          code: 'unknown_reference',
          message_vi: `Không tìm thấy "${id}" trong danh sách ${refLabel(p.ref!).vi}.`,
          message_en: `No ${refLabel(p.ref!).en} with id "${id}".`,
        });
      }
    });
  }
  return errors;
}

function refLabel(entity: EntityName): { vi: string; en: string } {
  const labels: Record<EntityName, { vi: string; en: string }> = {
    Agent: { vi: 'cơ quan, đơn vị', en: 'agency' },
    ContactPoint: { vi: 'đầu mối liên hệ', en: 'contact point' },
    Theme: { vi: 'chủ đề', en: 'theme' },
    Catalog: { vi: 'danh mục', en: 'catalog' },
    CodeList: { vi: 'danh mục dùng chung', en: 'code list' },
    CodeListEntry: { vi: 'giá trị danh mục', en: 'code list entry' },
    Distribution: { vi: 'tệp phân phối', en: 'distribution' },
    Dataset: { vi: 'bộ dữ liệu', en: 'dataset' },
    DataService: { vi: 'dịch vụ dữ liệu', en: 'data service' },
    ServiceNotice: { vi: 'thông báo dịch vụ', en: 'service notice' },
    InformationSystem: { vi: 'hệ thống thông tin', en: 'information system' },
    DataRequest: { vi: 'yêu cầu dữ liệu', en: 'data request' },
    ConnectionRequest: { vi: 'yêu cầu kết nối', en: 'connection request' },
  };
  return labels[entity];
}

export type PublisherLookup = (serviceId: string) => Promise<string | undefined>;

/** A notice keeps the working-day rule and is given by the agency that provides the service. */
async function noticeErrors(notice: Item, publisherOfService: PublisherLookup | undefined): Promise<FieldError[]> {
  const errors = noticeRuleErrors(notice as Parameters<typeof noticeRuleErrors>[0], { holidaysFile: paths().holidaysFile });
  const provider = publisherOfService && typeof notice.service === 'string' ? await publisherOfService(notice.service) : undefined;
  if (provider && provider !== notice.publisher) {
    errors.push({
      field: 'publisher',
      code: 'publisher_mismatch',
      message_vi: `Thông báo phải do cơ quan cung cấp dịch vụ ("${provider}") đưa ra.`,
      message_en: `A notice is given by the agency that provides the service ("${provider}").`,
    });
  }
  return errors;
}

export interface CheckResult {
  /** The payload to store: strings NFC-normalised. */
  payload: Item;
  errors: FieldError[];
}

/**
 * Checks a create (existing undefined) or an update (existing = stored item) of one item.
 * Validation sees the whole record as it will be stored, so a partial update cannot leave an
 * invalid entry behind.
 */
export async function checkItem(entity: EntityName, payload: Item, existing: Item | undefined, missing: MissingLookup, publisherOfService?: PublisherLookup): Promise<CheckResult> {
  const normalized = normalizeRecord(payload);
  // Instants are stored in UTC whatever offset was typed, so every database keeps the same moment.
  for (const p of propertiesOf(entity)) {
    const v = normalized[p.name];
    if (p.kind === 'datetime' && (typeof v === 'string' || typeof v === 'number')) normalized[p.name] = canonicalInstant(v);
  }
  const merged = toCatalogRecord(entity, { ...(existing ?? {}), ...normalized });
  // Internal services the operator allows (ODP_FETCH_ALLOW) may be named in links; other private addresses may not.
  const errors = validateRecord(entity, merged, { allowedHosts: fetchAllowList() });
  if (!errors.length) errors.push(...(await referenceErrors(entity, merged, missing)));
  // The OpenAPI document is checked by an OpenAPI validator, beyond what the catalog schema says.
  if (!errors.length && entity === 'DataService') errors.push(...(await openApiErrors(merged.openapi)));
  if (!errors.length && entity === 'ServiceNotice') errors.push(...(await noticeErrors(merged, publisherOfService)));
  return { payload: normalized, errors };
}
