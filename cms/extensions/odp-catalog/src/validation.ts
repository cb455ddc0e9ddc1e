// Validation: every create and update of a catalog item is checked against the catalog schema (the
// same ajv validators as everywhere else), its references and the notice rules, and refused with
// HTTP 400 (CATALOG_VALIDATION_FAILED) and field errors in Vietnamese and English; nothing is stored
// then. The stored text is NFC-normalised (cms/src/item-validation.ts). README, "Architecture":
// one write path, so this runs for editors, the seed, imports and harvests alike.
import type { PrimaryKey } from '@directus/types';
import { collectionOf, entityNames, type EntityName } from '../../../../catalog-schema/src/schemas.ts';
import { withServerSetFields } from '../../../src/access-rules.ts';
import { checkItem, type MissingLookup, type PublisherLookup } from '../../../src/item-validation.ts';
import type { CatalogHook, Database, Item } from './catalog-hook.ts';
import { CatalogValidationError } from './errors.ts';

function missingIn(knex: Database): MissingLookup {
  return async (target: EntityName, ids: string[]) => {
    const found = new Set((await knex(collectionOf(target)).whereIn('id', ids).pluck('id')) as unknown[]);
    return new Set(ids.filter((id) => !found.has(id)));
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
      const payload = withServerSetFields(entity, await hook.actorOf(context), given, 'create');
      const { payload: clean, errors } = await checkItem(entity, payload, undefined, missingIn(knex), publisherOfServiceIn(knex));
      if (errors.length) throw new CatalogValidationError({ collection, errors });
      return clean;
    });

    hook.filter<Item>(`${collection}.items.update`, async (given, meta, context) => {
      const knex = hook.databaseOf(context);
      const payload = withServerSetFields(entity, await hook.actorOf(context), given, 'update');
      let clean = payload;
      // Each item is validated as the whole record it becomes; the payload stored is the same for all.
      for (const before of await hook.storedItems(collection, (meta.keys as PrimaryKey[] | undefined) ?? [], context)) {
        const result = await checkItem(entity, payload, before, missingIn(knex), publisherOfServiceIn(knex));
        if (result.errors.length) throw new CatalogValidationError({ collection, errors: result.errors });
        clean = result.payload;
      }
      return clean;
    });
  }
}
