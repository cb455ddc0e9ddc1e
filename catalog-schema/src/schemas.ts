// The catalog's JSON Schemas, loaded once, and small helpers to walk them. Everything else in the
// project (types, Directus model, validators, search settings, DCAT-AP mapping) reads from here.
import agent from '../schemas/agent.schema.json' with { type: 'json' };
import catalog from '../schemas/catalog.schema.json' with { type: 'json' };
import codeListEntry from '../schemas/code-list-entry.schema.json' with { type: 'json' };
import codeList from '../schemas/code-list.schema.json' with { type: 'json' };
import common from '../schemas/common.schema.json' with { type: 'json' };
import connectionRequest from '../schemas/connection-request.schema.json' with { type: 'json' };
import contactPoint from '../schemas/contact-point.schema.json' with { type: 'json' };
import dataRequest from '../schemas/data-request.schema.json' with { type: 'json' };
import dataService from '../schemas/data-service.schema.json' with { type: 'json' };
import dataset from '../schemas/dataset.schema.json' with { type: 'json' };
import informationSystem from '../schemas/information-system.schema.json' with { type: 'json' };
import serviceNotice from '../schemas/service-notice.schema.json' with { type: 'json' };
import snapshot from '../schemas/snapshot.schema.json' with { type: 'json' };
import distribution from '../schemas/distribution.schema.json' with { type: 'json' };
import theme from '../schemas/theme.schema.json' with { type: 'json' };
import vocabularies from '../schemas/vocabularies.schema.json' with { type: 'json' };

/** A JSON Schema node as found in the files (loosely typed on purpose: it is data). */
export interface SchemaNode {
  $id?: string;
  $ref?: string;
  title?: string;
  description?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  pattern?: string;
  maxLength?: number;
  minLength?: number;
  items?: SchemaNode;
  properties?: Record<string, SchemaNode>;
  required?: string[];
  /** Set by the CMS, never by the person editing (catalog-schema/src/model.ts, PropertyInfo.readOnly). */
  readOnly?: boolean;
  $defs?: Record<string, SchemaNode>;
  'x-collection'?: string;
  'x-singleton'?: boolean;
  'x-ref'?: string;
  'x-o2m'?: { entity: string; field: string };
  'x-vocabulary'?: Record<string, VocabularyTerm>;
  'x-codeList'?: string;
  [key: string]: unknown;
}

export interface VocabularyTerm {
  vi: string;
  en: string;
  uri?: string;
  [extra: string]: unknown;
}

/** Every schema document, in dependency order (shared definitions first). */
export const schemaDocuments: SchemaNode[] = [
  common,
  vocabularies,
  agent,
  contactPoint,
  theme,
  catalog,
  codeList,
  codeListEntry,
  distribution,
  dataset,
  dataService,
  serviceNotice,
  informationSystem,
  dataRequest,
  connectionRequest,
  // Not an entity: the document the build writes with every published entry (domain/snapshot.ts).
  snapshot,
] as SchemaNode[];

export const entityNames = [
  'Agent',
  'ContactPoint',
  'Theme',
  'Catalog',
  'CodeList',
  'CodeListEntry',
  'Distribution',
  'Dataset',
  'DataService',
  'ServiceNotice',
  'InformationSystem',
  'DataRequest',
  'ConnectionRequest',
] as const;
export type EntityName = (typeof entityNames)[number];

const byTitle = new Map<string, SchemaNode>(schemaDocuments.map((s) => [s.title ?? '', s]));
const byFile = new Map<string, SchemaNode>(schemaDocuments.map((s) => [fileOf(s.$id ?? ''), s]));

function fileOf(id: string): string {
  return id.slice(id.lastIndexOf('/') + 1);
}

export function isEntityName(name: string): name is EntityName {
  return (entityNames as readonly string[]).includes(name);
}

export function entitySchema(name: EntityName): SchemaNode {
  const s = byTitle.get(name);
  if (!s) throw new Error(`No schema for entity ${name}`);
  return s;
}

export function collectionOf(name: EntityName): string {
  const c = entitySchema(name)['x-collection'];
  if (!c) throw new Error(`Entity ${name} has no x-collection`);
  return c;
}

/**
 * Follows a $ref (relative file and/or JSON pointer) from the document `base`.
 * Returns the target node and the document it lives in, so nested refs resolve correctly.
 */
export function resolveRef(ref: string, base: SchemaNode): { node: SchemaNode; doc: SchemaNode } {
  const [file, pointer = ''] = ref.split('#');
  const doc = file ? byFile.get(fileOf(file)) : base;
  if (!doc) throw new Error(`Unresolvable $ref ${ref}`);
  let node: unknown = doc;
  for (const part of pointer.split('/').filter(Boolean)) {
    node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (node === undefined) throw new Error(`Unresolvable $ref ${ref}`);
  }
  return { node: node as SchemaNode, doc };
}

/** Resolves $ref chains; sibling keywords of the $ref (description, x-*) win over the target's. */
export function deref(node: SchemaNode, doc: SchemaNode): { node: SchemaNode; doc: SchemaNode } {
  let cur = node;
  let curDoc = doc;
  const overlay: SchemaNode = {};
  for (let i = 0; cur.$ref && i < 20; i++) {
    const { $ref, ...rest } = cur;
    Object.assign(overlay, { ...rest, ...overlay });
    const next = resolveRef($ref, curDoc);
    cur = next.node;
    curDoc = next.doc;
  }
  return { node: { ...cur, ...overlay }, doc: curDoc };
}

/** The vocabulary (terms keyed by code) a property draws its values from, if any. */
export function vocabularyOf(node: SchemaNode, doc: SchemaNode): { name: string; terms: Record<string, VocabularyTerm> } | undefined {
  const target = node.type === 'array' && node.items ? node.items : node;
  const { node: resolved } = deref(target, doc);
  const terms = resolved['x-vocabulary'];
  return terms ? { name: resolved.title ?? '', terms } : undefined;
}

export function vocabulary(name: string): Record<string, VocabularyTerm> {
  const def = vocabularies.$defs?.[name as keyof typeof vocabularies.$defs] as SchemaNode | undefined;
  const terms = def?.['x-vocabulary'];
  if (!terms) throw new Error(`Unknown vocabulary ${name}`);
  return terms;
}
