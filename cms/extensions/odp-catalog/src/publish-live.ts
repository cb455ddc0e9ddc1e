// Publish to live: after a change that adds, changes or removes a page of the public site, the
// running pipeline is asked to put it live (pipeline/publish-live.ts). It reports
// failures back as a notification to the user who made the change. README, "Governance: workflow,
// publish to live, personal-data guard, dashboard".
import type { EventContext, PrimaryKey } from '@directus/types';
import { openForDownload, publiclyListed } from '../../../../domain/visibility.ts';
import { changedOnSite, openIds, publishRequest, type PublishEntries } from '../../../src/publication.ts';
import { keysOf, type CatalogHook, type Item } from './catalog-hook.ts';

export interface PublishEndpoint {
  url: string;
  secret: string;
}

export function registerPublishToLive(hook: CatalogHook, endpoint: PublishEndpoint): void {
  const { database, logger } = hook.directus;

  async function ask(entries: PublishEntries, context: EventContext): Promise<void> {
    const body = publishRequest(entries, context.accountability?.user);
    if (!body) return;
    try {
      const res = await fetch(endpoint.url, {
        method: 'POST',
        headers: { Authorization: `Bearer ${endpoint.secret}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) logger.warn(`[odp] publish to live refused: HTTP ${res.status}`);
    } catch (err) {
      // While `npm start` seeds, the pipeline is not listening yet; its first build follows anyway.
      logger.info(`[odp] publish to live not reached (${(err as Error).message}); the next build includes the change`);
    }
  }

  const rowsNow = async (collection: string, ids: string[]): Promise<Item[]> =>
    ids.length
      ? await database<Item>(collection)
          .whereIn('id', ids)
          .select(['id', 'status', 'accessLevel', 'metadataVisibility', ...(collection === 'datasets' ? ['dataKind'] : [])])
      : [];

  for (const [collection, field, entity] of [
    ['datasets', 'datasets', 'Dataset'],
    ['data_services', 'services', 'DataService'],
  ] as const) {
    // On the public site: published with a public description, shared and master data included.
    const listed = (row: Item | undefined) => publiclyListed(entity, row);
    // Whether each entry being changed or deleted is on the public site before the change: once it
    // is withdrawn or gone, only this says that its page must go. Registered after the concerns that
    // may refuse the write, so a refused write leaves nothing behind.
    const wasOpen = new Map<string, boolean>();
    const rememberBefore = async (keys: readonly PrimaryKey[], context: EventContext) => {
      for (const before of await hook.storedItems(collection, keys, context)) wasOpen.set(String(before.id), listed(before));
    };
    hook.filter<Item>(`${collection}.items.update`, async (payload, meta, context) => {
      await rememberBefore((meta.keys as PrimaryKey[] | undefined) ?? [], context);
      return payload;
    });
    hook.filter<PrimaryKey[]>(`${collection}.items.delete`, async (keys, _meta, context) => {
      await rememberBefore(keys, context);
      return keys;
    });
    const takeBefore = (ids: string[]) => {
      const open = new Set(ids.filter((id) => wasOpen.get(id)));
      for (const id of ids) wasOpen.delete(id);
      return (id: string) => open.has(id);
    };

    hook.action(`${collection}.items.create`, async (meta, context) => {
      void ask({ [field]: openIds(await rowsNow(collection, keysOf(meta)), listed) }, context);
    });
    hook.action(`${collection}.items.update`, async (meta, context) => {
      const ids = keysOf(meta);
      const rows = await rowsNow(collection, ids);
      void ask({ [field]: changedOnSite(ids, takeBefore(ids), rows, listed) }, context);
    });
    hook.action(`${collection}.items.delete`, (meta, context) => {
      const ids = keysOf(meta);
      void ask({ [field]: ids.filter(takeBefore(ids)) }, context);
    });
  }

  // An agency's answer or status change goes on the public list of requests. New requests from the
  // form wait for the next build: a burst of form posts must not cost a build each.
  hook.action('data_requests.items.update', (_meta, context) => void ask({ requests: true }, context));

  for (const event of ['create', 'update']) {
    hook.action(`distributions.items.${event}`, async (meta, context) => {
      const parents = ((await database('distributions').whereIn('id', keysOf(meta)).pluck('dataset')) as unknown[]).map(String);
      // Only the files of open data are on the site (domain/visibility.ts).
      void ask({ datasets: openIds(await rowsNow('datasets', parents), openForDownload) }, context);
    });
  }
}
