// Search index kept current: when a dataset or one of its distributions is created, changed,
// published, withdrawn or deleted, only that dataset's search document is written or removed, in
// seconds (search/src/live-index.ts). A failure is logged and repaired by the next build's full
// reindex. README, "Governance: workflow, publish to live, personal-data guard, dashboard".
import type { Query } from '@directus/types';
import type { Agent, Theme } from '../../../../catalog-schema/generated/types.ts';
import type { DatasetWithDistributions } from '../../../../domain/snapshot.ts';
import { removeDatasets, syncDataset, type LiveIndexTarget } from '../../../../search/src/live-index.ts';
import { toCatalogRecord } from '../../../src/item-validation.ts';
import { keysOf, type CatalogHook, type Item } from './catalog-hook.ts';

export function registerLiveIndex(hook: CatalogHook, target: LiveIndexTarget): void {
  const { services, database, getSchema, logger } = hook.directus;
  const read = async (collection: string, query: Query): Promise<Item[]> => new services.ItemsService<Item>(collection, { schema: await getSchema(), knex: database }).readByQuery(query);

  async function sync(datasetIds: string[]): Promise<void> {
    try {
      const ids = [...new Set(datasetIds.filter(Boolean))];
      if (!ids.length) return;
      const rows = await read('datasets', { filter: { id: { _in: ids } }, limit: -1 });
      const distributions = await read('distributions', { filter: { dataset: { _in: ids } }, limit: -1 });
      const agents = (await read('agents', { limit: -1 })).map((a) => toCatalogRecord('Agent', a)) as unknown as Agent[];
      const themes = (await read('themes', { limit: -1 })).map((t) => toCatalogRecord('Theme', t)) as unknown as Theme[];
      for (const row of rows) {
        const dataset = {
          ...toCatalogRecord('Dataset', row),
          distribution: distributions.filter((x) => x.dataset === row.id).map((x) => toCatalogRecord('Distribution', x)),
        } as unknown as DatasetWithDistributions;
        const done = await syncDataset(target, dataset, { agents, themes });
        logger.info(`[odp] search: ${String(row.id)} ${done}`);
      }
      const gone = ids.filter((id) => !rows.some((r) => r.id === id));
      if (gone.length) await removeDatasets(target, gone);
    } catch (err) {
      // The next build's full reindex repairs what could not be written now.
      logger.warn(`[odp] search index not updated: ${(err as Error).message}`);
    }
  }

  for (const event of ['create', 'update']) {
    hook.action(`datasets.items.${event}`, (meta) => void sync(keysOf(meta)));
    hook.action(`distributions.items.${event}`, async (meta) => {
      const payload = (meta.payload ?? {}) as Item;
      const fromPayload = typeof payload.dataset === 'string' ? [payload.dataset] : [];
      const rows = await read('distributions', { filter: { id: { _in: keysOf(meta) } }, fields: ['dataset'], limit: -1 }).catch(() => []);
      void sync([...fromPayload, ...rows.map((r) => String(r.dataset))]);
    });
  }
  hook.action('datasets.items.delete', (meta) => void removeDatasets(target, keysOf(meta)).catch((err: Error) => logger.warn(`[odp] search index not updated: ${err.message}`)));
}
