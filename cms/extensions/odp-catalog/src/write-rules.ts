// Write rules: creates, updates and deletes of catalog items are refused with HTTP 403 (FORBIDDEN)
// when the writer may not make them: editors write only their own agency's entries and cannot
// publish, the portal's request intake only files new requests, the public writes nothing
// (cms/src/access-rules.ts). Of a connection request, each agency records only the steps it owns,
// in order (CONNECTION_* codes, Lào Cai art. 12). A change of an item the writer may not read is
// answered as Directus answers one of an item that does not exist. README, "Directus plan" says why
// these are not Directus permissions.
import type { EventContext, PrimaryKey } from '@directus/types';
import { collectionOf, entityNames, type EntityName } from '../../../../catalog-schema/src/schemas.ts';
import { connectionDenial, readsEverything, writeDenial, type Actor } from '../../../src/access-rules.ts';
import type { CatalogHook, Database, Item } from './catalog-hook.ts';
import { connectionError, ForbiddenError, noSuchItemError, reasonOf } from './errors.ts';

async function publisherOfDataset(knex: Database, id: unknown): Promise<unknown> {
  if (typeof id !== 'string') return undefined;
  return (await knex<Item>('datasets').where('id', id).first('publisher'))?.publisher;
}

/** A distribution belongs to its dataset's publisher, before and after the change. */
async function parentPublisher(entity: EntityName, knex: Database, before: Item | undefined, after: Item | undefined) {
  if (entity !== 'Distribution') return undefined;
  return {
    ...(before ? { before: await publisherOfDataset(knex, before.dataset) } : {}),
    ...(after ? { after: await publisherOfDataset(knex, after.dataset) } : {}),
  };
}

export function registerWriteRules(hook: CatalogHook): void {
  // A Data Studio comment names an item of a collection; Directus checks only that the writer reads
  // the collection. One on an item the writer may not read is refused as one on a missing item.
  const catalogCollections = new Set(entityNames.map(collectionOf));
  hook.filter<Item>('comments.create', async (payload, _meta, context) => {
    const { collection, item } = payload;
    if (typeof collection !== 'string' || typeof item !== 'string' || !catalogCollections.has(collection) || readsEverything(await hook.actorOf(context))) return payload;
    if (!(await hook.readableByRequester(collection, [item], context)).has(item)) throw noSuchItemError('read', collection);
    return payload;
  });

  for (const entity of entityNames) {
    const collection = collectionOf(entity);
    const refuseUnlessAllowed = async (knex: Database, actor: Actor, before: Item | undefined, after: Item | undefined) => {
      const denial = writeDenial(entity, actor, before, after, await parentPublisher(entity, knex, before, after));
      if (denial) throw new ForbiddenError(reasonOf(denial));
      // Of a connection request the agencies may touch, each records only its own steps, in order.
      const steps = entity === 'ConnectionRequest' ? connectionDenial(actor, before, after) : undefined;
      if (steps) throw connectionError(steps);
    };

    hook.filter<Item>(`${collection}.items.create`, async (payload, _meta, context) => {
      await refuseUnlessAllowed(hook.databaseOf(context), await hook.actorOf(context), undefined, payload);
      return payload;
    });

    /** An item the writer may not read is refused as if it did not exist. */
    const refuseUnreadable = async (actor: Actor, keys: readonly PrimaryKey[], context: EventContext, fields?: string[]) => {
      if (readsEverything(actor) || !keys.length) return;
      const readable = await hook.readableByRequester(collection, keys, context);
      if (keys.some((k) => !readable.has(String(k)))) throw noSuchItemError(fields ? 'update' : 'delete', collection, fields);
    };

    hook.filter<Item>(`${collection}.items.update`, async (payload, meta, context) => {
      const actor = await hook.actorOf(context);
      const keys = (meta.keys as PrimaryKey[] | undefined) ?? [];
      await refuseUnreadable(actor, keys, context, Object.keys(payload));
      for (const before of await hook.storedItems(collection, keys, context)) {
        await refuseUnlessAllowed(hook.databaseOf(context), actor, before, { ...before, ...payload });
      }
      return payload;
    });

    hook.filter<PrimaryKey[]>(`${collection}.items.delete`, async (keys, _meta, context) => {
      const actor = await hook.actorOf(context);
      await refuseUnreadable(actor, keys, context);
      for (const before of await hook.storedItems(collection, keys, context)) await refuseUnlessAllowed(hook.databaseOf(context), actor, before, undefined);
      return keys;
    });
  }
}
