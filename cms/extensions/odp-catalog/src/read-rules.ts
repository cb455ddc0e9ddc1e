// Read rules: every read of a catalog collection is narrowed to what the reader may see. The public
// sees published, public entries; an agency editor its own agency's entries and what is published;
// reviewers everything (cms/src/access-rules.ts). A hook and not Directus permissions, because the
// Core plan refuses item-level permission rules: README, "Directus plan".
import { collectionOf, entityNames } from '../../../../catalog-schema/src/schemas.ts';
import { narrowedQuery, resolvedReadFilter, type IdsMatching } from '../../../src/access-rules.ts';
import type { CatalogHook, Database, Item } from './catalog-hook.ts';

/** Ids of the items of one collection that meet plain conditions (field equals value). */
function idsMatchingIn(knex: Database): IdsMatching {
  return async (target, conditions) => {
    let q = knex(collectionOf(target));
    for (const [field, value] of Object.entries(conditions)) q = q.where(field, value as string | number | boolean | null);
    const ids = ((await q.pluck('id')) as unknown[]).map(String);
    // An empty list would make Directus ignore the condition; no slug can be "#none".
    return ids.length ? ids : ['#none'];
  };
}

export function registerReadRules(hook: CatalogHook): void {
  for (const entity of entityNames) {
    hook.filter<Item>(`${collectionOf(entity)}.items.query`, async (query, _meta, context) => {
      const extra = await resolvedReadFilter(entity, await hook.actorOf(context), idsMatchingIn(hook.databaseOf(context)));
      return narrowedQuery(query, extra);
    });
  }
}
