// Write rules: creates, updates and deletes of catalog items are refused with HTTP 403 (FORBIDDEN)
// when the writer may not make them: editors write only their own agency's entries and cannot
// publish, the portal's request intake only files new requests, the public writes nothing
// (cms/src/access-rules.ts). README, "Directus plan" says why these are not Directus permissions.
import type { PrimaryKey } from '@directus/types';
import { collectionOf, entityNames, type EntityName } from '../../../../catalog-schema/src/schemas.ts';
import { writeDenial, type Actor } from '../../../src/access-rules.ts';
import type { CatalogHook, Database, Item } from './catalog-hook.ts';
import { ForbiddenError, reasonOf } from './errors.ts';

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
  for (const entity of entityNames) {
    const collection = collectionOf(entity);
    const refuseUnlessAllowed = async (knex: Database, actor: Actor, before: Item | undefined, after: Item | undefined) => {
      const denial = writeDenial(entity, actor, before, after, await parentPublisher(entity, knex, before, after));
      if (denial) throw new ForbiddenError(reasonOf(denial));
    };

    hook.filter<Item>(`${collection}.items.create`, async (payload, _meta, context) => {
      await refuseUnlessAllowed(hook.databaseOf(context), await hook.actorOf(context), undefined, payload);
      return payload;
    });

    hook.filter<Item>(`${collection}.items.update`, async (payload, meta, context) => {
      const actor = await hook.actorOf(context);
      for (const before of await hook.storedItems(collection, (meta.keys as PrimaryKey[] | undefined) ?? [], context)) {
        await refuseUnlessAllowed(hook.databaseOf(context), actor, before, { ...before, ...payload });
      }
      return payload;
    });

    hook.filter<PrimaryKey[]>(`${collection}.items.delete`, async (keys, _meta, context) => {
      const actor = await hook.actorOf(context);
      for (const before of await hook.storedItems(collection, keys, context)) await refuseUnlessAllowed(hook.databaseOf(context), actor, before, undefined);
      return keys;
    });
  }
}
