// Read rules: every read of a catalog collection is narrowed to what the reader may see. The public
// sees published entries whose description is public (the lists of shared and master data and the
// sharing services included), and the files of open data only; an agency editor its own agency's
// entries and what is published for the agencies; reviewers everything (cms/src/access-rules.ts,
// domain/visibility.ts). The same holds for the items a read reaches through
// relations (fields, filters, sorting of related items, in REST and GraphQL alike), and the reviewer's
// comments stay with the entry's agency (cms/src/read-guard.ts). A hook and not Directus permissions,
// because the Core plan refuses item-level permission rules and field lists: README, "Directus plan".
import type { EventContext, Query, SchemaOverview } from '@directus/types';
import { collectionOf, entityNames } from '../../../../catalog-schema/src/schemas.ts';
import { narrowedQuery, readsEverything, resolvedReadFilter, userReadFilter, type Actor } from '../../../src/access-rules.ts';
import { guardAnswer, guardQuery, QueryDenied, type Filter } from '../../../src/read-guard.ts';
import { idsMatchingIn, type CatalogHook, type Item } from './catalog-hook.ts';
import { ForbiddenError, reasonOf } from './errors.ts';

export function registerReadRules(hook: CatalogHook): void {
  /** The keys guardQuery added to a query, by the query Directus then runs and passes to `items.read`. */
  const added = new WeakMap<object, string[]>();

  /** Values of `field` of the items that meet `filter`, read as the requester (so these rules apply). */
  const matchingAs = (context: EventContext, schema: SchemaOverview) => async (collection: string, filter: Filter, field: string) => {
    const service = new hook.directus.services.ItemsService<Item>(collection, { schema, knex: hook.databaseOf(context), accountability: context.accountability });
    const rows = await service.readByQuery({ filter, fields: [field], limit: -1 } as Query);
    return rows.map((r) => r[field]);
  };

  // Directus's users: the policies grant the whole collection (the Core plan refuses `id = $CURRENT_USER`).
  hook.filter<Item>('users.query', async (query, _meta, context) => narrowedQuery(query, userReadFilter(await hook.actorOf(context), context.accountability?.user)));

  for (const entity of entityNames) {
    const collection = collectionOf(entity);

    hook.filter<Item>(`${collection}.items.query`, async (query, _meta, context) => {
      const actor = await hook.actorOf(context);
      if (readsEverything(actor)) return query;
      const schema = await hook.schemaOf(context);
      let guarded;
      try {
        guarded = await guardQuery(collection, query, { ...hook.schemaView(schema), actor, matching: matchingAs(context, schema) });
      } catch (err) {
        if (err instanceof QueryDenied) throw new ForbiddenError(reasonOf(err.denial));
        throw err;
      }
      const narrowed = narrowedQuery(guarded.query, await resolvedReadFilter(entity, actor, idsMatchingIn(hook.databaseOf(context))));
      if (guarded.added.length) added.set(narrowed, guarded.added);
      return narrowed;
    });

    hook.filter<unknown>(`${collection}.items.read`, async (records, meta, context) => {
      const actor: Actor = await hook.actorOf(context);
      if (readsEverything(actor)) return records;
      const query = (meta.query ?? {}) as Item;
      const schema = await hook.schemaOf(context);
      await guardAnswer(collection, records, query, added.get(query) ?? [], {
        ...hook.schemaView(schema),
        actor,
        allowed: (c, ids, what) => hook.allowedIds(c, ids, actor, what, context),
      });
      return records;
    });
  }
}
