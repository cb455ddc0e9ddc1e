// Directus hook: every create and update of a catalog collection is validated with the same ajv
// validators the rest of the project uses; invalid items are rejected with HTTP 400 and field-level
// messages in Vietnamese and English, and nothing is stored. Built into dist/ by cms/src/build-extensions.ts.
import type { FieldError } from '../../../../catalog-schema/src/errors.ts';
import { collectionOf, entityNames, type EntityName } from '../../../../catalog-schema/src/schemas.ts';
import { checkItem } from '../../../src/item-validation.ts';

type Item = Record<string, unknown>;

/** Directus recognises its errors by name, code and status; extensions travel in the response. */
class CatalogValidationFailed extends Error {
  override name = 'DirectusError';
  readonly code = 'CATALOG_VALIDATION_FAILED';
  readonly status = 400;
  readonly extensions: { collection: string; errors: FieldError[] };
  constructor(collection: string, errors: FieldError[]) {
    super(
      `Dữ liệu không hợp lệ / Invalid data: ` +
        errors.map((e) => `${e.field || '(bản ghi)'}: ${e.message_vi} / ${e.message_en}`).join('; '),
    );
    this.extensions = { collection, errors };
  }
}

interface HookContext {
  services: { ItemsService: new (collection: string, opts: { schema: unknown; knex?: unknown }) => { readMany(keys: unknown[]): Promise<Item[]> } };
  database: KnexLike;
  getSchema: () => Promise<unknown>;
}
interface KnexLike {
  (table: string): { whereIn(col: string, values: string[]): { pluck(col: string): Promise<string[]> } };
}
type Filter = (event: string, handler: (payload: Item, meta: Item, context: { database?: KnexLike }) => Promise<Item>) => void;

export default ({ filter }: { filter: Filter }, { services, database, getSchema }: HookContext) => {
  for (const entity of entityNames) {
    const collection = collectionOf(entity);
    const missingLookup = (knex: KnexLike) => async (target: EntityName, ids: string[]) => {
      const found = new Set(await knex(collectionOf(target)).whereIn('id', ids).pluck('id'));
      return new Set(ids.filter((id) => !found.has(id)));
    };

    filter(`${collection}.items.create`, async (payload, _meta, context) => {
      const knex = context.database ?? database;
      const { payload: clean, errors } = await checkItem(entity, payload, undefined, missingLookup(knex));
      if (errors.length) throw new CatalogValidationFailed(collection, errors);
      return clean;
    });

    filter(`${collection}.items.update`, async (payload, meta, context) => {
      const knex = context.database ?? database;
      const keys = (meta.keys as unknown[] | undefined) ?? [];
      const items = new services.ItemsService(collection, { schema: await getSchema(), knex });
      const existing = keys.length ? await items.readMany(keys) : [];
      let clean = payload;
      for (const item of existing) {
        const result = await checkItem(entity, payload, item, missingLookup(knex));
        if (result.errors.length) throw new CatalogValidationFailed(collection, result.errors);
        clean = result.payload;
      }
      return clean;
    });
  }
};
