// What the concerns of the catalog hook share: Directus's register functions and services, who is
// asking (administrator, reviewer, agency editor, request intake or the public: README, "Architecture",
// roles), and the stored items a write changes. Several concerns look at the same write; the actor
// and the stored items are read once for all of them.
import type { EventContext, HookExtensionContext, PrimaryKey, Query, RegisterFunctions, SchemaOverview } from '@directus/types';
import { collectionOf, entityNames, type EntityName } from '../../../../catalog-schema/src/schemas.ts';
import { actorOfUser, internalReadFilter, meetsConditions, resolvedReadFilter, splitConditions, type Actor, type IdsMatching } from '../../../src/access-rules.ts';
import { relationLookup, type SchemaView } from '../../../src/read-guard.ts';

export type Item = Record<string, unknown>;
export type Database = EventContext['database'];

export interface CatalogHook {
  filter: RegisterFunctions['filter'];
  /** Side effects after a write; a failure is logged and never reaches the writer. */
  action(event: string, handler: (meta: Record<string, unknown>, context: EventContext) => void | Promise<void>): void;
  directus: HookExtensionContext;
  /** The database of the request (its transaction), else Directus's own. */
  databaseOf(context: EventContext): Database;
  actorOf(context: EventContext): Promise<Actor>;
  /** The items `keys` names as stored, read with full rights whatever the requester may see. */
  storedItems(collection: string, keys: readonly PrimaryKey[], context: EventContext): Promise<Item[]>;
  /** The schema of the request, else Directus's current one. */
  schemaOf(context: EventContext): Promise<SchemaOverview>;
  /** The relations and searchable fields of a schema, as the read guard sees them (cms/src/read-guard.ts). */
  schemaView(schema: SchemaOverview): SchemaView;
  /**
   * Among `ids` of `collection`, those `actor` may read by the read rules ('row'), or whose internal
   * fields it may read ('internal'): cms/src/access-rules.ts, readFilter and internalReadFilter.
   */
  allowedIds(collection: string, ids: readonly string[], actor: Actor, what: 'row' | 'internal', context: EventContext): Promise<Set<string>>;
  /** Among `keys` of `collection`, those the requester may read: Directus's permissions and the read rules. */
  readableByRequester(collection: string, keys: readonly PrimaryKey[], context: EventContext): Promise<Set<string>>;
}

/** Users' roles and agencies change rarely; a request runs several filters that all ask. */
const ACTOR_TTL_MS = 5_000;

export function catalogHook({ filter, action }: RegisterFunctions, directus: HookExtensionContext): CatalogHook {
  const databaseOf = (context: EventContext): Database => context.database ?? directus.database;

  const actors = new Map<string, { actor: Actor; at: number }>();
  async function actorOf(context: EventContext): Promise<Actor> {
    const acc = context.accountability;
    if (!acc) return { kind: 'system' };
    if (acc.admin) return { kind: 'admin' };
    if (!acc.user) return { kind: 'public' };
    const hit = actors.get(acc.user);
    if (hit && Date.now() - hit.at < ACTOR_TTL_MS) return hit.actor;
    const knex = databaseOf(context);
    const user = await knex<Item>('directus_users').where('id', acc.user).first('agency', 'role');
    const role = typeof user?.role === 'string' ? await knex<Item>('directus_roles').where('id', user.role).first('name') : undefined;
    const actor = actorOfUser({ agency: user?.agency, roleName: role?.name });
    actors.set(acc.user, { actor, at: Date.now() });
    return actor;
  }

  // Directus hands every filter of one event the same context object, and a new one to each event.
  const stored = new WeakMap<EventContext, Map<string, Promise<Item[]>>>();
  function storedItems(collection: string, keys: readonly PrimaryKey[], context: EventContext): Promise<Item[]> {
    if (!keys.length) return Promise.resolve([]);
    const reads = stored.get(context) ?? new Map<string, Promise<Item[]>>();
    stored.set(context, reads);
    const key = `${collection}\u0000${JSON.stringify(keys)}`;
    let read = reads.get(key);
    if (!read) {
      read = directus.getSchema().then((schema) => new directus.services.ItemsService<Item>(collection, { schema, knex: databaseOf(context) }).readMany([...keys]));
      reads.set(key, read);
    }
    return read;
  }

  const schemaOf = async (context: EventContext): Promise<SchemaOverview> => context.schema ?? (await directus.getSchema());

  const views = new WeakMap<SchemaOverview, SchemaView>();
  function schemaView(schema: SchemaOverview): SchemaView {
    let view = views.get(schema);
    if (!view) {
      const relationOf = relationLookup(schema.relations);
      view = { relationOf, searchable: (collection, field) => schema.collections[collection]?.fields[field]?.searchable !== false };
      views.set(schema, view);
    }
    return view;
  }

  async function allowedIds(collection: string, ids: readonly string[], actor: Actor, what: 'row' | 'internal', context: EventContext): Promise<Set<string>> {
    const entity = entityOfCollection.get(collection);
    if (!entity || !ids.length) return new Set(ids);
    const knex = databaseOf(context);
    const rule = what === 'row' ? await resolvedReadFilter(entity, actor, idsMatchingIn(knex)) : internalReadFilter(entity, actor);
    if (rule === undefined) return new Set(ids);
    if (rule === 'none') return new Set();
    const service = new directus.services.ItemsService<Item>(collection, { schema: await schemaOf(context), knex });
    const out = new Set<string>();
    for (let i = 0; i < ids.length; i += ID_CHUNK) {
      const rows = await service.readByQuery({ filter: { _and: [{ id: { _in: ids.slice(i, i + ID_CHUNK) } }, rule] }, fields: ['id'], limit: -1 } as Query, { emitEvents: false });
      for (const r of rows) out.add(String(r.id));
    }
    return out;
  }

  async function readableByRequester(collection: string, keys: readonly PrimaryKey[], context: EventContext): Promise<Set<string>> {
    if (!keys.length) return new Set();
    const service = new directus.services.ItemsService<Item>(collection, { schema: await schemaOf(context), knex: databaseOf(context), accountability: context.accountability });
    try {
      const rows = await service.readByQuery({ filter: { id: { _in: [...keys] } }, fields: ['id'], limit: -1 });
      return new Set(rows.map((r) => String(r.id)));
    } catch (err) {
      // No read permission on the collection at all: nothing of it is readable.
      if ((err as { code?: unknown }).code === 'FORBIDDEN') return new Set();
      throw err;
    }
  }

  // Directus does not wait for actions either; this only keeps a failed one from going unnoticed.
  const asyncAction: CatalogHook['action'] = (event, handler) =>
    action(event, (meta, context) => {
      Promise.resolve()
        .then(() => handler(meta, context))
        .catch((err: unknown) => directus.logger.warn(`[odp] ${event}: ${err instanceof Error ? err.message : String(err)}`));
    });

  return { filter, action: asyncAction, directus, databaseOf, actorOf, storedItems, schemaOf, schemaView, allowedIds, readableByRequester };
}

const entityOfCollection = new Map<string, EntityName>(entityNames.map((e) => [collectionOf(e), e]));
/** Ids read per query, so a long list stays within every database's limit of bound values. */
const ID_CHUNK = 500;

/**
 * Ids of the items of one collection that meet plain conditions (field equals value, or is one of a
 * list). Conditions on a computed field (access-rules.ts, computedFields) are checked on the rows the
 * database gives for the others.
 */
export function idsMatchingIn(knex: Database): IdsMatching {
  return async (target, conditions) => {
    const { stored, computed, columns } = splitConditions(target, conditions);
    let q = knex(collectionOf(target));
    for (const [field, value] of Object.entries(stored)) q = Array.isArray(value) ? q.whereIn(field, value as (string | number)[]) : q.where(field, value as string | number | boolean | null);
    const ids = Object.keys(computed).length
      ? (await q.select<Record<string, unknown>[]>(['id', ...columns])).filter((row) => meetsConditions(target, row, computed)).map((row) => String(row.id))
      : ((await q.pluck('id')) as unknown[]).map(String);
    // An empty list would make Directus ignore the condition; no slug can be "#none".
    return ids.length ? ids : ['#none'];
  };
}

/** The keys an action's event names: `keys` for updates and deletes, `key` for a create. */
export function keysOf(meta: Record<string, unknown>): string[] {
  const keys = Array.isArray(meta.keys) ? (meta.keys as unknown[]) : meta.key !== undefined ? [meta.key] : [];
  return keys.map(String);
}
