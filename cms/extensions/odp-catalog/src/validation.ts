// Validation: every create and update of a catalog item is checked against the catalog schema (the
// same ajv validators as everywhere else), its references and the notice rules, and refused with
// HTTP 400 (CATALOG_VALIDATION_FAILED) and field errors in Vietnamese and English; nothing is stored
// then. The stored text is NFC-normalised (cms/src/item-validation.ts). README, "Architecture":
// one write path, so this runs for editors, the seed, imports and harvests alike.
import type { EventContext, PrimaryKey } from '@directus/types';
import { collectionOf, entityNames, type EntityName } from '../../../../catalog-schema/src/schemas.ts';
import { readsEverything, withServerSetFields, type Actor } from '../../../src/access-rules.ts';
import { checkItem, referencesOf, toCatalogRecord, type MissingLookup, type PublisherLookup } from '../../../src/item-validation.ts';
import type { CatalogHook, Database, Item } from './catalog-hook.ts';
import { CatalogValidationError } from './errors.ts';

/**
 * The referenced ids that do not exist, or that the writer may not read: "No dataset with id …" is
 * the same answer for both, so a reference never tells that a hidden entry exists. A reference the
 * stored item already holds is only checked for existence: an entry that became hidden later (a
 * dataset withdrawn) does not stop the item from being edited.
 */
function missingFor(hook: CatalogHook, context: EventContext, actor: Actor, stored?: Item, entity?: EntityName): MissingLookup {
  const knex: Database = hook.databaseOf(context);
  const held = new Set<string>();
  if (stored && entity) for (const [target, ids] of referencesOf(entity, toCatalogRecord(entity, stored))) for (const id of ids) held.add(`${target}\u0000${id}`);
  return async (target: EntityName, ids: string[]) => {
    const found = new Set(((await knex(collectionOf(target)).whereIn('id', ids).pluck('id')) as unknown[]).map(String));
    const missing = new Set(ids.filter((id) => !found.has(id)));
    const unchecked = ids.filter((id) => found.has(id) && !held.has(`${target}\u0000${id}`));
    if (readsEverything(actor) || !unchecked.length) return missing;
    const readable = await hook.allowedIds(collectionOf(target), unchecked, actor, 'row', context);
    for (const id of unchecked) if (!readable.has(id)) missing.add(id);
    return missing;
  };
}

function publisherOfServiceIn(knex: Database): PublisherLookup {
  return async (id) => {
    const publisher = (await knex<Item>('data_services').where('id', id).first('publisher'))?.publisher;
    return typeof publisher === 'string' ? publisher : undefined;
  };
}

export function registerValidation(hook: CatalogHook): void {
  for (const entity of entityNames) {
    const collection = collectionOf(entity);

    hook.filter<Item>(`${collection}.items.create`, async (given, _meta, context) => {
      const knex = hook.databaseOf(context);
      const actor = await hook.actorOf(context);
      const payload = withServerSetFields(entity, actor, given, 'create');
      const { payload: clean, errors } = await checkItem(entity, payload, undefined, missingFor(hook, context, actor), publisherOfServiceIn(knex));
      if (errors.length) throw new CatalogValidationError({ collection, errors });
      return clean;
    });

    hook.filter<Item>(`${collection}.items.update`, async (given, meta, context) => {
      const knex = hook.databaseOf(context);
      const actor = await hook.actorOf(context);
      const payload = withServerSetFields(entity, actor, given, 'update');
      let clean = payload;
      // Each item is validated as the whole record it becomes; the payload stored is the same for all.
      for (const before of await hook.storedItems(collection, (meta.keys as PrimaryKey[] | undefined) ?? [], context)) {
        const result = await checkItem(entity, payload, before, missingFor(hook, context, actor, before, entity), publisherOfServiceIn(knex));
        if (result.errors.length) throw new CatalogValidationError({ collection, errors: result.errors });
        clean = result.payload;
      }
      return clean;
    });
  }
}
