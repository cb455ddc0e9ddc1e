// What the concerns of the catalog hook share: Directus's register functions and services, who is
// asking (administrator, reviewer, agency editor, request intake or the public: README, "Architecture",
// roles), and the stored items a write changes. Several concerns look at the same write; the actor
// and the stored items are read once for all of them.
import type { EventContext, HookExtensionContext, PrimaryKey, RegisterFunctions } from '@directus/types';
import { actorOfUser, type Actor } from '../../../src/access-rules.ts';

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

  // Directus does not wait for actions either; this only keeps a failed one from going unnoticed.
  const asyncAction: CatalogHook['action'] = (event, handler) =>
    action(event, (meta, context) => {
      Promise.resolve()
        .then(() => handler(meta, context))
        .catch((err: unknown) => directus.logger.warn(`[odp] ${event}: ${err instanceof Error ? err.message : String(err)}`));
    });

  return { filter, action: asyncAction, directus, databaseOf, actorOf, storedItems };
}

/** The keys an action's event names: `keys` for updates and deletes, `key` for a create. */
export function keysOf(meta: Record<string, unknown>): string[] {
  const keys = Array.isArray(meta.keys) ? (meta.keys as unknown[]) : meta.key !== undefined ? [meta.key] : [];
  return keys.map(String);
}
