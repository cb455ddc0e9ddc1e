// Reads an entity schema as a list of typed properties: the shape the CMS model, the search
// documents and the exports are generated from.
import { deref, entitySchema, vocabularyOf, type EntityName, type SchemaNode, type VocabularyTerm } from './schemas.ts';

export type PropertyKind = 'id' | 'string' | 'text' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'vocabulary' | 'vocabulary-list' | 'reference' | 'reference-list' | 'children' | 'json';

export interface PropertyInfo {
  name: string;
  kind: PropertyKind;
  required: boolean;
  description?: string;
  /** Entity referred to (reference, reference-list, children). */
  ref?: EntityName;
  /** For children: the field of the child entity pointing back. */
  backField?: string;
  /** The schema definition name of structured values (LangString, PeriodOfTime…). */
  shape?: string;
  vocabulary?: { name: string; terms: Record<string, VocabularyTerm> };
  maxLength?: number;
  codeList?: string;
  /**
   * Set by the CMS, never by the person editing (JSON Schema `readOnly`): what the workflow records
   * itself, such as when an entry was sent for review. Read-only in the Data Studio; a value given by
   * anyone but an administrator is ignored (cms/src/access-rules.ts, withServerSetFields).
   */
  readOnly?: boolean;
}

const cache = new Map<EntityName, PropertyInfo[]>();

export function propertiesOf(entity: EntityName): PropertyInfo[] {
  const hit = cache.get(entity);
  if (hit) return hit;
  const doc = entitySchema(entity);
  const required = new Set(doc.required ?? []);
  const list = Object.entries(doc.properties ?? {}).map(([name, raw]) => describe(name, raw, doc, required.has(name)));
  cache.set(entity, list);
  return list;
}

/** The properties of `entity` the CMS sets itself (PropertyInfo.readOnly). */
export function serverSetFields(entity: EntityName): string[] {
  return propertiesOf(entity)
    .filter((p) => p.readOnly)
    .map((p) => p.name);
}

function describe(name: string, raw: SchemaNode, doc: SchemaNode, required: boolean): PropertyInfo {
  const base = { name, required, description: raw.description, ...(raw.readOnly === true ? { readOnly: true } : {}) };
  if (name === 'id') return { ...base, kind: 'id', maxLength: 100 };
  if (raw['x-o2m']) {
    return { ...base, kind: 'children', ref: raw['x-o2m'].entity as EntityName, backField: raw['x-o2m'].field };
  }
  if (raw['x-ref']) return { ...base, kind: 'reference', ref: raw['x-ref'] as EntityName };
  if (raw.type === 'array' && raw.items?.['x-ref']) {
    return { ...base, kind: 'reference-list', ref: raw.items['x-ref'] as EntityName };
  }
  const vocab = vocabularyOf(raw, doc);
  if (vocab) return { ...base, kind: raw.type === 'array' ? 'vocabulary-list' : 'vocabulary', vocabulary: vocab };

  const { node } = deref(raw, doc);
  const shape = raw.$ref ? node.title : undefined;
  const codeList = raw['x-codeList'];
  switch (node.type) {
    case 'string':
      if (node.format === 'date') return { ...base, kind: 'date', shape };
      if (node.format === 'date-time') return { ...base, kind: 'datetime', shape };
      if (node.maxLength !== undefined && node.maxLength <= 255) return { ...base, kind: 'string', maxLength: node.maxLength, shape };
      return { ...base, kind: 'text', shape };
    case 'integer':
      return { ...base, kind: 'integer' };
    case 'number':
      return { ...base, kind: 'number' };
    case 'boolean':
      return { ...base, kind: 'boolean' };
    default:
      return { ...base, kind: 'json', shape, codeList };
  }
}
