// What a read may ask, and what its answer may hold, for a reader the read rules narrow (an agency
// editor, the portal's request intake, the public). The hook's read filter (access-rules.ts) reaches
// only the collection a query names; the same query also reaches related items: their fields
// (`fields=dataset.title`, `*.*`, GraphQL selections, `deep`), conditions on them
// (`filter[dataset][reviewNote][_contains]=…`), and ordering, grouping and counting by them. So:
// - before Directus runs a query (guardQuery), a condition on related items becomes the list of ids
//   of the related items the reader may read that meet it (Directus drops conditions a hook adds on
//   related items: access-rules.ts, resolvedReadFilter), a condition on an internal field holds only
//   on rows whose internal fields the reader may read, and sorting, grouping, aggregating or searching
//   by what the reader may not read is refused;
// - after (guardAnswer), a related item the reader may not read comes back as null (one) or is left
//   out (many), and internal fields the reader may not read are taken out.
// A stored reference value (`dataset: "slug"`) is the row's own data and stays, as Directus itself
// answers when item-level permissions hide a related item; the Core plan refuses those permissions
// (README, "Directus plan"), hence this module.
import { OdpError } from '../../catalog-schema/src/errors.ts';
import { collectionOf, entityNames, type EntityName } from '../../catalog-schema/src/schemas.ts';
import { internalFields, internalReadFilter, queryDenials, readFilter, readsEverything, type Actor, type Denial } from './access-rules.ts';

export type Filter = Record<string, unknown>;
type Item = Record<string, unknown>;

/** A relational field as Directus models it: many-to-one (a reference) or one-to-many (its alias). */
export interface Relation {
  kind: 'm2o' | 'o2m';
  /** The collection of the related items. */
  target: string;
  /** For one-to-many: the reference field in `target` that points back. */
  back?: string;
}

/** What the guard needs to know of the Directus schema. */
export interface SchemaView {
  relationOf(collection: string, field: string): Relation | undefined;
  /** Whether Directus's `search` looks into this field. */
  searchable(collection: string, field: string): boolean;
}

export interface QueryGuardDeps extends SchemaView {
  actor: Actor;
  /**
   * The values of `field` of the items of `collection` that meet `filter`, read as the reader: the
   * read rules, and this guard, apply to that read too.
   */
  matching(collection: string, filter: Filter, field: string): Promise<unknown[]>;
}

export interface AnswerGuardDeps extends SchemaView {
  actor: Actor;
  /** Among `ids` of `collection`, those the reader may read ('row'), or whose internal fields it may read ('internal'). */
  allowed(collection: string, ids: string[], what: 'row' | 'internal'): Promise<Set<string>>;
}

/** A query the reader may not make; the hook answers it with HTTP 403. */
export class QueryDenied extends OdpError {
  override name = 'QueryDenied';
  readonly denial: Denial;
  constructor(denial: Denial) {
    super('QUERY_DENIED', `${denial.vi} / ${denial.en}`);
    this.denial = denial;
  }
}

/** No slug can be "#none": an `_in` list that matches nothing (Directus ignores an empty list). */
export const NO_ID = '#none';
const PK = 'id';
const isObject = (v: unknown): v is Item => typeof v === 'object' && v !== null && !Array.isArray(v);

const entityOfCollection = new Map<string, EntityName>(entityNames.map((e) => [collectionOf(e), e]));

/** Whether the read rule hides some items of `collection` from `actor`. */
export function rowsGuarded(collection: string, actor: Actor): boolean {
  const entity = entityOfCollection.get(collection);
  return !!entity && readFilter(entity, actor) !== undefined;
}

/** Whether `field` of `collection` is internal and `actor` may not read it on every row. */
export function internalGuarded(collection: string, field: string, actor: Actor): boolean {
  const entity = entityOfCollection.get(collection);
  return !!entity && !!internalFields[entity]?.includes(field) && internalReadFilter(entity, actor) !== undefined;
}

/** `year(issued)` → issued; `json(dataDictionary, a.b)` → dataDictionary; a plain field → itself. */
export function sourceField(name: string): string {
  const call = /^[a-zA-Z]+\(\s*([^,)\s]+)/.exec(name);
  return call ? call[1]! : name;
}

const isCall = (name: string) => /^[a-zA-Z]+\(/.test(name);

/** A field path split at its dots, but not at dots inside a function's parentheses. */
export function splitPath(path: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of path) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === '.' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  return parts;
}

function denied(denial: Denial): never {
  throw new QueryDenied(denial);
}

/** Refuses sorting or grouping by a path that reaches into what the reader may not read. */
function checkOrdering(collection: string, entries: unknown, alias: Record<string, string>, deps: SchemaView & { actor: Actor }): void {
  const list = Array.isArray(entries) ? entries : typeof entries === 'string' ? entries.split(',') : [];
  for (const entry of list) {
    if (typeof entry !== 'string') continue;
    const parts = splitPath(entry.replace(/^-/, ''));
    let at = collection;
    for (const [i, part] of parts.entries()) {
      const name = i === 0 ? (alias[part] ?? part) : part;
      if (i === parts.length - 1) {
        if (internalGuarded(at, sourceField(name), deps.actor)) denied(queryDenials.ordering);
        break;
      }
      const rel = deps.relationOf(at, name);
      if (!rel) break;
      if (rowsGuarded(rel.target, deps.actor) || rel.kind === 'o2m') denied(queryDenials.ordering);
      at = rel.target;
    }
  }
}

/** Refuses aggregating an internal field or through a relation. */
function checkAggregate(collection: string, aggregate: unknown, deps: SchemaView & { actor: Actor }): void {
  if (!isObject(aggregate)) return;
  for (const fields of Object.values(aggregate)) {
    for (const field of Array.isArray(fields) ? fields : [fields]) {
      if (typeof field !== 'string' || field === '*') continue;
      if (splitPath(field).length > 1 || internalGuarded(collection, sourceField(field), deps.actor)) denied(queryDenials.ordering);
    }
  }
}

/** Refuses a search that would look into an internal field (access.ts makes them unsearchable). */
function checkSearch(collection: string, search: unknown, deps: SchemaView & { actor: Actor }): void {
  if (search === undefined || search === null || search === '') return;
  const entity = entityOfCollection.get(collection);
  for (const field of (entity && internalFields[entity]) || []) {
    if (internalGuarded(collection, field, deps.actor) && deps.searchable(collection, field)) denied(queryDenials.ordering);
  }
}

/** A condition that no row meets. */
const nothing: Filter = { [PK]: { _null: true } };
/** A condition that every row meets. */
const everything: Filter = { [PK]: { _nnull: true } };

function internalCondition(collection: string, atom: Filter, actor: Actor): Filter {
  const allowed = internalReadFilter(entityOfCollection.get(collection)!, actor);
  if (allowed === undefined) return atom;
  if (allowed === 'none') return nothing;
  return { _and: [atom, allowed] };
}

const quantifiers = ['_some', '_none'];
const logical = ['_and', '_or'];

/**
 * The filter with every condition on related items resolved to ids of items the reader may read, and
 * every condition on an internal field limited to rows whose internal fields the reader may read.
 */
export async function guardFilter(collection: string, filter: unknown, deps: QueryGuardDeps): Promise<unknown> {
  if (!isObject(filter)) return filter;
  const own: Filter = {};
  const parts: Filter[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (logical.includes(key) && Array.isArray(value)) {
      own[key] = await Promise.all(value.map((f) => guardFilter(collection, f, deps)));
      continue;
    }
    if (key.startsWith('$')) denied(queryDenials.follow);
    const field = sourceField(key);
    const rel = isCall(key) ? undefined : deps.relationOf(collection, key);
    if (rel && isObject(value)) {
      const keys = Object.keys(value);
      if (rel.kind === 'm2o') {
        const nested = Object.fromEntries(keys.filter((k) => !k.startsWith('_') || logical.includes(k)).map((k) => [k, value[k]]));
        const ops = Object.fromEntries(keys.filter((k) => k.startsWith('_') && !logical.includes(k)).map((k) => [k, value[k]]));
        if (Object.keys(ops).length) parts.push({ [key]: ops });
        if (Object.keys(nested).length) {
          const ids = (await deps.matching(rel.target, nested, PK)).map(String);
          parts.push({ [key]: { _in: ids.length ? ids : [NO_ID] } });
        }
      } else {
        const none = '_none' in value;
        const inner = value._some ?? value._none ?? Object.fromEntries(keys.filter((k) => !quantifiers.includes(k)).map((k) => [k, value[k]]));
        const parents = [...new Set((await deps.matching(rel.target, inner as Filter, rel.back!)).filter((x) => x != null).map(String))];
        if (none) parts.push(parents.length ? { [PK]: { _nin: parents } } : everything);
        else parts.push({ [PK]: { _in: parents.length ? parents : [NO_ID] } });
      }
      continue;
    }
    if (internalGuarded(collection, field, deps.actor)) {
      parts.push(internalCondition(collection, { [key]: value }, deps.actor));
      continue;
    }
    own[key] = value;
  }
  if (!parts.length) return own;
  return { _and: [...(Object.keys(own).length ? [own] : []), ...parts] };
}

async function guardDeep(collection: string, deep: unknown, alias: Record<string, string>, deps: QueryGuardDeps): Promise<unknown> {
  if (!isObject(deep)) return deep;
  const out: Item = {};
  for (const [key, value] of Object.entries(deep)) {
    const rel = key.startsWith('_') ? undefined : deps.relationOf(collection, alias[key] ?? key);
    if (!rel || !isObject(value)) {
      out[key] = value;
      continue;
    }
    const nestedAlias = (isObject(value._alias) ? value._alias : {}) as Record<string, string>;
    checkOrdering(rel.target, value._sort, nestedAlias, deps);
    checkOrdering(rel.target, value._group, nestedAlias, deps);
    checkAggregate(rel.target, value._aggregate, deps);
    checkSearch(rel.target, value._search, deps);
    const guarded: Item = { ...value };
    if ('_filter' in value) guarded._filter = await guardFilter(rel.target, value._filter, deps);
    const children = Object.fromEntries(Object.entries(value).filter(([k]) => !k.startsWith('_')));
    Object.assign(guarded, await guardDeep(rel.target, children, nestedAlias, deps));
    out[key] = guarded;
  }
  return out;
}

/**
 * The fields with the primary key of every level added, so the answer can be checked item by item;
 * `added` lists what the reader did not ask for, taken out of the answer again.
 */
export function withKeys(fields: readonly string[]): { fields: string[]; added: string[] } {
  const patterns = fields.map(splitPath);
  const levels = new Set<string>(['']);
  for (const parts of patterns) for (let i = 1; i < parts.length; i++) levels.add(parts.slice(0, i).join('.'));
  const added: string[] = [];
  for (const level of levels) {
    const key = level ? `${level}.${PK}` : PK;
    if (!keyRequested(patterns, level ? splitPath(level) : [])) added.push(key);
  }
  return { fields: [...fields, ...added], added };
}

/**
 * Whether the patterns ask for the primary key of the items at `path`: "…id", or a wildcard at that
 * level ("*" and "*.title" alike take every plain field of the level, its key included).
 */
function keyRequested(patterns: readonly string[][], path: readonly string[]): boolean {
  const n = path.length;
  return patterns.some((p) => p.length > n && path.every((seg, i) => p[i] === seg || p[i] === '*') && (p[n] === '*' || (p[n] === PK && p.length === n + 1)));
}

export interface GuardedQuery {
  query: Item;
  /** Field patterns the reader did not ask for (primary keys), taken out of the answer. */
  added: string[];
}

/** Checks and rewrites a read query of `collection`; throws QueryDenied for a query the reader may not make. */
export async function guardQuery(collection: string, query: Item, deps: QueryGuardDeps): Promise<GuardedQuery> {
  if (readsEverything(deps.actor)) return { query, added: [] };
  // Directus counts `meta` (total_count, filter_count) beside the query, without the hook's filter.
  if (Array.isArray(query.meta) ? query.meta.length : query.meta) denied(queryDenials.meta);
  const alias = (isObject(query.alias) ? query.alias : {}) as Record<string, string>;
  checkOrdering(collection, query.sort, alias, deps);
  checkOrdering(collection, query.group, alias, deps);
  checkAggregate(collection, query.aggregate, deps);
  checkSearch(collection, query.search, deps);
  const out: Item = { ...query };
  if (query.filter !== undefined) out.filter = await guardFilter(collection, query.filter, deps);
  if (query.deep !== undefined) out.deep = await guardDeep(collection, query.deep, alias, deps);
  const aggregating = (isObject(query.aggregate) && Object.keys(query.aggregate).length > 0) || (Array.isArray(query.group) && query.group.length > 0);
  let added: string[] = [];
  if (Array.isArray(query.fields) && query.fields.length && !aggregating) {
    const keyed = withKeys(query.fields as string[]);
    out.fields = keyed.fields;
    added = keyed.added;
  }
  return { query: out, added };
}

interface Visitor {
  /** An internal field `key` of `item` (of `collection`). */
  internal(collection: string, item: Item, key: string): void;
  /** A related item `value` at `item[key]`; false: not to be looked into. */
  related(target: string, item: Item, key: string, value: Item): boolean;
  /** The related items at `item[key]` (objects or ids); returns those to keep. */
  children(target: string, item: Item, key: string, values: unknown[]): unknown[];
  /** Called after each item's fields, with the keys that lead to it from the row. */
  done?(item: Item, path: readonly string[]): void;
}

function traverse(collection: string, item: Item, path: readonly string[], alias: Record<string, string>, deep: Item, schema: SchemaView, actor: Actor, visitor: Visitor): void {
  for (const key of Object.keys(item)) {
    const name = alias[key] ?? key;
    if (internalGuarded(collection, sourceField(name), actor)) {
      visitor.internal(collection, item, key);
      continue;
    }
    if (isCall(name)) continue;
    const rel = schema.relationOf(collection, name);
    if (!rel) continue;
    const value = item[key];
    const sub = isObject(deep[key]) ? deep[key] : {};
    const subAlias = (isObject(sub._alias) ? sub._alias : {}) as Record<string, string>;
    if (rel.kind === 'm2o') {
      if (isObject(value) && visitor.related(rel.target, item, key, value)) traverse(rel.target, value, [...path, key], subAlias, sub, schema, actor, visitor);
    } else if (Array.isArray(value)) {
      const kept = visitor.children(rel.target, item, key, value);
      for (const child of kept) if (isObject(child)) traverse(rel.target, child, [...path, key], subAlias, sub, schema, actor, visitor);
    }
  }
  visitor.done?.(item, path);
}

const idOf = (x: unknown): string | undefined => {
  const v = isObject(x) ? x[PK] : x;
  return typeof v === 'string' || typeof v === 'number' ? String(v) : undefined;
};

/**
 * Takes out of the answer (in place) what the reader may not read: related items become null (one)
 * or are left out (many), internal fields are removed, and the keys `added` by guardQuery go again.
 */
export async function guardAnswer(collection: string, records: unknown, query: Item, added: readonly string[], deps: AnswerGuardDeps): Promise<void> {
  if (readsEverything(deps.actor)) return;
  const rows = (Array.isArray(records) ? records : [records]).filter(isObject);
  const alias = (isObject(query.alias) ? query.alias : {}) as Record<string, string>;
  const deep = isObject(query.deep) ? query.deep : {};

  // Pass 1: which items, of which collections, to ask about.
  const wanted = new Map<string, { row: Set<string>; internal: Set<string> }>();
  const want = (collection: string, what: 'row' | 'internal', id: string | undefined) => {
    if (id === undefined) return;
    const w = wanted.get(collection) ?? { row: new Set<string>(), internal: new Set<string>() };
    wanted.set(collection, w);
    w[what].add(id);
  };
  const collect: Visitor = {
    internal: (c, item) => want(c, 'internal', idOf(item)),
    related: (target, _item, _key, value) => {
      if (rowsGuarded(target, deps.actor)) want(target, 'row', idOf(value));
      return true;
    },
    children: (target, _item, _key, values) => {
      if (rowsGuarded(target, deps.actor)) for (const v of values) want(target, 'row', idOf(v));
      return values;
    },
  };
  for (const row of rows) traverse(collection, row, [], alias, deep, deps, deps.actor, collect);

  const allowed = new Map<string, { row: Set<string>; internal: Set<string> }>();
  for (const [c, w] of wanted) {
    allowed.set(c, { row: w.row.size ? await deps.allowed(c, [...w.row], 'row') : new Set(), internal: w.internal.size ? await deps.allowed(c, [...w.internal], 'internal') : new Set() });
  }
  const may = (c: string, what: 'row' | 'internal', id: string | undefined) => id !== undefined && !!allowed.get(c)?.[what].has(id);

  // Pass 2: take out what is not allowed (an item without its key too), then the keys guardQuery added.
  const requested = (Array.isArray(query.fields) ? (query.fields as string[]) : []).filter((f) => !added.includes(f)).map(splitPath);
  const addedPatterns = added.map(splitPath);
  const apply: Visitor = {
    internal: (c, item, key) => {
      if (!may(c, 'internal', idOf(item))) delete item[key];
    },
    related: (target, item, key, value) => {
      if (!rowsGuarded(target, deps.actor) || may(target, 'row', idOf(value))) return true;
      item[key] = null;
      return false;
    },
    children: (target, item, key, values) => {
      if (!rowsGuarded(target, deps.actor)) return values;
      const kept = values.filter((v) => may(target, 'row', idOf(v)));
      item[key] = kept;
      return kept;
    },
    done: (item, path) => {
      if (addedPatterns.length && keyRequested(addedPatterns, path) && !keyRequested(requested, path)) delete item[PK];
    },
  };
  for (const row of rows) traverse(collection, row, [], alias, deep, deps, deps.actor, apply);
}

/** The relations of a Directus schema (or of the generated model) as a SchemaView's lookup. */
export function relationLookup(relations: readonly { collection: string; field: string; related_collection: string | null; meta?: { one_field?: string | null } | null }[]): SchemaView['relationOf'] {
  const byField = new Map<string, Relation>();
  for (const r of relations) {
    if (!r.related_collection) continue;
    byField.set(`${r.collection}\u0000${r.field}`, { kind: 'm2o', target: r.related_collection });
    if (r.meta?.one_field) byField.set(`${r.related_collection}\u0000${r.meta.one_field}`, { kind: 'o2m', target: r.collection, back: r.field });
  }
  return (collection, field) => byField.get(`${collection}\u0000${field}`);
}
