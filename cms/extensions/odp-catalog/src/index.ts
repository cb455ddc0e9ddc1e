// Directus hook of the catalog. For every catalog collection:
// - reads are narrowed to what the reader may see (cms/src/access-rules.ts);
// - creates, updates and deletes are refused with HTTP 403 when the writer may not make them;
// - creates and updates are validated with the catalog schema's ajv validators and rejected with
//   HTTP 400 and field-level messages in Vietnamese and English; nothing is stored then.
// Built into dist/ by cms/src/build-extensions.ts.
import type { FieldError } from '../../../../catalog-schema/src/errors.ts';
import { collectionOf, entityNames, type EntityName } from '../../../../catalog-schema/src/schemas.ts';
import { resolvedReadFilter, roleNames, transitionDenial, writeDenial, type Actor, type Conditions, type Denial } from '../../../src/access-rules.ts';
import { checkItem, toCatalogRecord } from '../../../src/item-validation.ts';
import { liveIndexTarget, removeDatasets, syncDataset } from '../../../../search/src/live-index.ts';
import type { Agent, Theme } from '../../../../catalog-schema/generated/types.ts';
import { describePiiReport, loadPiiRules, scanDistributions, type PiiReport } from '../../../../domain/pii-scan.ts';
import path from 'node:path';
import type { DatasetWithDistributions } from '../../../../domain/snapshot.ts';

type Item = Record<string, unknown>;

/** Directus recognises its errors by name, code and status; extensions travel in the response. */
class HookError extends Error {
  override name = 'DirectusError';
  readonly code: string;
  readonly status: number;
  readonly extensions: Record<string, unknown>;
  constructor(code: string, status: number, message: string, extensions: Record<string, unknown>) {
    super(message);
    this.code = code;
    this.status = status;
    this.extensions = extensions;
  }
}

function invalid(collection: string, errors: FieldError[]): HookError {
  const msg = 'Dữ liệu không hợp lệ / Invalid data: ' + errors.map((e) => `${e.field || '(bản ghi)'}: ${e.message_vi} / ${e.message_en}`).join('; ');
  return new HookError('CATALOG_VALIDATION_FAILED', 400, msg, { collection, errors });
}

function badTransition(d: Denial & { code: string }): HookError {
  return new HookError(d.code, 400, `${d.vi} / ${d.en}`, { reason_vi: d.vi, reason_en: d.en });
}

function personalData(report: PiiReport): HookError {
  return new HookError('PERSONAL_DATA_FOUND', 400, describePiiReport(report), { hits: report.hits, truncated: report.truncated });
}

function forbidden(d: Denial): HookError {
  return new HookError('FORBIDDEN', 403, `${d.vi} / ${d.en}`, { reason_vi: d.vi, reason_en: d.en });
}

interface Accountability {
  user?: string | null;
  role?: string | null;
  admin?: boolean;
}
interface Context {
  database?: Knex;
  accountability?: Accountability | null;
}
interface Knex {
  (table: string): KnexQuery;
}
interface KnexQuery {
  whereIn(col: string, values: unknown[]): KnexQuery;
  where(col: string, value: unknown): KnexQuery;
  pluck(col: string): Promise<unknown[]>;
  first(...cols: string[]): Promise<Item | undefined>;
  select(...cols: string[]): Promise<Item[]>;
}
interface HookApi {
  filter: (event: string, handler: (payload: never, meta: Item, context: Context) => Promise<unknown>) => void;
  action: (event: string, handler: (meta: Item, context: Context) => void | Promise<void>) => void;
}
interface HookContext {
  services: { ItemsService: new (collection: string, opts: { schema: unknown; knex?: unknown }) => { readMany(keys: unknown[], query?: unknown): Promise<Item[]>; readByQuery(query: unknown): Promise<Item[]> } };
  logger?: { warn(msg: string): void; info(msg: string): void };
  database: Knex;
  getSchema: () => Promise<unknown>;
}

export default ({ filter, action }: HookApi, { services, database, getSchema, logger }: HookContext) => {
  const actorCache = new Map<string, { actor: Actor; at: number }>();

  async function actorOf(context: Context): Promise<Actor> {
    const acc = context.accountability;
    if (!acc) return { kind: 'system' };
    if (acc.admin) return { kind: 'admin' };
    if (!acc.user) return { kind: 'public' };
    const hit = actorCache.get(acc.user);
    if (hit && Date.now() - hit.at < 5_000) return hit.actor;
    const knex = context.database ?? database;
    const user = await knex('directus_users').where('id', acc.user).first('agency', 'role');
    const role = user?.role ? await knex('directus_roles').where('id', user.role).first('name') : undefined;
    const actor: Actor =
      role?.name === roleNames.reviewer ? { kind: 'reviewer' } : role?.name === roleNames.intake ? { kind: 'intake' } : typeof user?.agency === 'string' && user.agency ? { kind: 'editor', agency: user.agency } : { kind: 'public' };
    actorCache.set(acc.user, { actor, at: Date.now() });
    return actor;
  }

  /** Stored items read with full rights, whatever the requester may see. */
  async function stored(collection: string, keys: unknown[], knex: Knex): Promise<Item[]> {
    if (!keys.length) return [];
    return new services.ItemsService(collection, { schema: await getSchema(), knex }).readMany(keys);
  }

  async function publisherOfDataset(id: unknown, knex: Knex): Promise<unknown> {
    if (typeof id !== 'string') return undefined;
    return (await knex('datasets').where('id', id).first('publisher'))?.publisher;
  }

  // ——— personal-data guard (domain/pii-scan.ts) ———
  // The project root is two folders above EXTENSIONS_PATH (cms/extensions) when the variables are not set.
  const root = path.resolve(process.env.EXTENSIONS_PATH ?? '.', '..', '..');
  const publicDir = process.env.ODP_PUBLIC_DIR ?? path.join(root, 'public');
  const patternsFile = process.env.ODP_PII_PATTERNS ?? path.join(root, 'cms', 'pii-patterns.json');
  const isOpen = (d: Item | undefined) => d?.status === 'published' && d.accessLevel === 'public';
  /** Whether each dataset being changed was on the public site before the change (publish to live). */
  const wasLive = new Map<string, boolean>();
  /** Throws PERSONAL_DATA_FOUND when a file of these distributions holds personal data. */
  async function guardFiles(distributions: Item[]): Promise<void> {
    if (!distributions.length) return;
    // Read on every publish: the operator's edits apply at once; a broken list stops publishing.
    const rules = loadPiiRules(patternsFile);
    const refs = distributions.map((x) => ({ id: String(x.id ?? '(mới / new)'), format: String(x.format ?? ''), downloadURL: (x.downloadURL as string | null) ?? null, accessURL: (x.accessURL as string | null) ?? null }));
    const report = await scanDistributions(refs, rules, publicDir);
    if (report.hits.length) throw personalData(report);
  }

  for (const entity of entityNames) {
    const collection = collectionOf(entity);
    const hasStatus = entity === 'Dataset' || entity === 'DataService';
    const missingLookup = (knex: Knex) => async (target: EntityName, ids: string[]) => {
      const found = new Set(await knex(collectionOf(target)).whereIn('id', ids).pluck('id'));
      return new Set(ids.filter((id) => !found.has(id)));
    };
    const parentOf = async (before: Item | undefined, after: Item | undefined, knex: Knex) =>
      entity === 'Distribution'
        ? { ...(before ? { before: await publisherOfDataset(before.dataset, knex) } : {}), ...(after ? { after: await publisherOfDataset(after.dataset, knex) } : {}) }
        : undefined;

    filter(`${collection}.items.query`, async (query: Item, _meta, context) => {
      const knex = context.database ?? database;
      const idsMatching = async (target: EntityName, conditions: Conditions) => {
        let q = knex(collectionOf(target));
        for (const [field, value] of Object.entries(conditions)) q = q.where(field, value);
        const ids = (await q.pluck('id')).map(String);
        // An empty list would make Directus ignore the condition; no slug can be "#none".
        return ids.length ? ids : ['#none'];
      };
      const extra = await resolvedReadFilter(entity, await actorOf(context), idsMatching);
      if (!extra) return query;
      return { ...query, filter: query.filter ? { _and: [query.filter, extra] } : extra };
    });

    const publisherOfService = (knex: Knex) => async (id: string) => (await knex('data_services').where('id', id).first('publisher'))?.publisher as string | undefined;

    filter(`${collection}.items.create`, async (payload: Item, _meta, context) => {
      const knex = context.database ?? database;
      const actor = await actorOf(context);
      // The time a notice is given is when the agency gives it (the 7-working-day rule counts from it).
      if (entity === 'ServiceNotice' && (actor.kind === 'editor' || actor.kind === 'public')) payload = { ...payload, announced: new Date().toISOString() };
      const denial = writeDenial(entity, actor, undefined, payload, await parentOf(undefined, payload, knex));
      if (denial) throw forbidden(denial);
      const step = hasStatus ? transitionDenial(actor, undefined, payload) : undefined;
      if (step) throw badTransition(step);
      const { payload: clean, errors } = await checkItem(entity, payload, undefined, missingLookup(knex), publisherOfService(knex));
      if (errors.length) throw invalid(collection, errors);
      if (entity === 'Dataset' && isOpen(clean)) await guardFiles(Array.isArray(clean.distribution) ? (clean.distribution as unknown[]).filter((x): x is Item => typeof x === 'object' && x !== null) : []);
      if (entity === 'Distribution') {
        const parent = typeof clean.dataset === 'string' ? await knex('datasets').where('id', clean.dataset).first('status', 'accessLevel') : undefined;
        if (isOpen(parent)) await guardFiles([clean]);
      }
      return clean;
    });

    filter(`${collection}.items.update`, async (payload: Item, meta, context) => {
      const knex = context.database ?? database;
      const actor = await actorOf(context);
      if (entity === 'ServiceNotice' && (actor.kind === 'editor' || actor.kind === 'public') && 'announced' in payload) {
        const { announced: _kept, ...rest } = payload;
        payload = rest;
      }
      let clean = payload;
      for (const before of await stored(collection, (meta.keys as unknown[] | undefined) ?? [], knex)) {
        if (hasStatus) wasLive.set(`${collection}:${String(before.id)}`, isOpen(before));
        const after = { ...before, ...payload };
        const denial = writeDenial(entity, actor, before, after, await parentOf(before, after, knex));
        if (denial) throw forbidden(denial);
        const step = hasStatus ? transitionDenial(actor, before, after) : undefined;
        if (step) throw badTransition(step);
        const result = await checkItem(entity, payload, before, missingLookup(knex), publisherOfService(knex));
        if (result.errors.length) throw invalid(collection, result.errors);
        clean = result.payload;
        // Publishing an open dataset (or making a published one public) scans all its files.
        if (entity === 'Dataset' && isOpen({ ...before, ...clean }) && !isOpen(before)) {
          await guardFiles(await knex('distributions').where('dataset', before.id).select('id', 'format', 'downloadURL', 'accessURL'));
        }
        if (entity === 'Distribution') {
          const next = { ...before, ...clean };
          const parent = typeof next.dataset === 'string' ? await knex('datasets').where('id', next.dataset).first('status', 'accessLevel') : undefined;
          if (isOpen(parent) && (next.downloadURL !== before.downloadURL || next.accessURL !== before.accessURL || next.format !== before.format || before.dataset !== next.dataset)) await guardFiles([next]);
        }
      }
      return clean;
    });

    filter(`${collection}.items.delete`, async (keys: unknown[], _meta, context) => {
      const knex = context.database ?? database;
      const actor = await actorOf(context);
      for (const before of await stored(collection, keys, knex)) {
        if (hasStatus) wasLive.set(`${collection}:${String(before.id)}`, isOpen(before));
        const denial = writeDenial(entity, actor, before, undefined, await parentOf(before, undefined, knex));
        if (denial) throw forbidden(denial);
      }
      return keys;
    });
  }

  // ——— publish to live (pipeline/publish-live.ts) ———
  // After a change that adds, changes or removes a page of the public site, the running pipeline is
  // asked to rebuild and swap the site in. It reports failures back as a notification to `user`.
  const publishUrl = process.env.ODP_PUBLISH_URL;
  const publishSecret = process.env.ODP_PUBLISH_SECRET;
  if (publishUrl && publishSecret) {
    const keysOf = (meta: Item) => ((meta.keys as unknown[] | undefined) ?? (meta.key !== undefined ? [meta.key] : [])).map(String);
    const ask = async (entries: { datasets?: string[]; services?: string[]; requests?: boolean }, context: Context) => {
      const datasets = [...new Set(entries.datasets ?? [])];
      const services = [...new Set(entries.services ?? [])];
      if (!datasets.length && !services.length && !entries.requests) return;
      try {
        const res = await fetch(publishUrl, {
          method: 'POST',
          headers: { Authorization: `Bearer ${publishSecret}`, 'Content-Type': 'application/json' },
          body: JSON.stringify({ datasets, services, ...(entries.requests ? { requests: true } : {}), ...(context.accountability?.user ? { user: context.accountability.user } : {}) }),
          signal: AbortSignal.timeout(5000),
        });
        if (!res.ok) logger?.warn(`[odp] publish to live refused: HTTP ${res.status}`);
      } catch (err) {
        // While `npm start` seeds, the pipeline is not listening yet; its first build follows anyway.
        logger?.info(`[odp] publish to live not reached (${(err as Error).message}); the next build includes the change`);
      }
    };
    const liveNow = async (collection: string, ids: string[]) => (ids.length ? await database(collection).whereIn('id', ids).select('id', 'status', 'accessLevel') : []);
    for (const [collection, field] of [['datasets', 'datasets'], ['data_services', 'services']] as const) {
      action(`${collection}.items.create`, async (meta, context) => {
        const rows = await liveNow(collection, keysOf(meta));
        void ask({ [field]: rows.filter((r) => isOpen(r)).map((r) => String(r.id)) }, context);
      });
      action(`${collection}.items.update`, async (meta, context) => {
        const ids = keysOf(meta);
        const rows = await liveNow(collection, ids);
        const changed = ids.filter((id) => wasLive.get(`${collection}:${id}`) || isOpen(rows.find((r) => String(r.id) === id)));
        for (const id of ids) wasLive.delete(`${collection}:${id}`);
        void ask({ [field]: changed }, context);
      });
      action(`${collection}.items.delete`, (meta, context) => {
        const ids = keysOf(meta).filter((id) => wasLive.get(`${collection}:${id}`));
        for (const id of keysOf(meta)) wasLive.delete(`${collection}:${id}`);
        void ask({ [field]: ids }, context);
      });
    }
    // An agency's answer or status change goes on the public list of requests. New requests from the
    // form wait for the next build: a burst of form posts must not cost a build each.
    action('data_requests.items.update', (_meta, context) => void ask({ requests: true }, context));
    for (const event of ['create', 'update']) {
      action(`distributions.items.${event}`, async (meta, context) => {
        const parents = await database('distributions').whereIn('id', keysOf(meta)).pluck('dataset');
        const rows = await liveNow('datasets', parents.map(String));
        void ask({ datasets: rows.filter((r) => isOpen(r)).map((r) => String(r.id)) }, context);
      });
    }
  }

  // ——— search index kept current (search/src/live-index.ts) ———
  const target = liveIndexTarget();
  if (target) {
    const read = async (collection: string, query: unknown) => new services.ItemsService(collection, { schema: await getSchema(), knex: database }).readByQuery(query);
    const sync = async (datasetIds: string[]) => {
      try {
        const ids = [...new Set(datasetIds.filter(Boolean))];
        if (!ids.length) return;
        const rows = await read('datasets', { filter: { id: { _in: ids } }, limit: -1 });
        const dists = await read('distributions', { filter: { dataset: { _in: ids } }, limit: -1 });
        const agents = (await read('agents', { limit: -1 })).map((a) => toCatalogRecord('Agent', a)) as unknown as Agent[];
        const themes = (await read('themes', { limit: -1 })).map((t) => toCatalogRecord('Theme', t)) as unknown as Theme[];
        for (const row of rows) {
          const d = { ...toCatalogRecord('Dataset', row), distribution: dists.filter((x) => x.dataset === row.id).map((x) => toCatalogRecord('Distribution', x)) } as unknown as DatasetWithDistributions;
          const done = await syncDataset(target, d, { agents, themes });
          logger?.info(`[odp] search: ${String(row.id)} ${done}`);
        }
        const gone = ids.filter((id) => !rows.some((r) => r.id === id));
        if (gone.length) await removeDatasets(target, gone);
      } catch (err) {
        // The next build's full reindex repairs what could not be written now.
        logger?.warn(`[odp] search index not updated: ${(err as Error).message}`);
      }
    };
    const keysOf = (meta: Item) => ((meta.keys as unknown[] | undefined) ?? (meta.key !== undefined ? [meta.key] : [])).map(String);
    for (const event of ['create', 'update']) {
      action(`datasets.items.${event}`, (meta) => void sync(keysOf(meta)));
      action(`distributions.items.${event}`, async (meta) => {
        const payload = (meta.payload ?? {}) as Item;
        const fromPayload = typeof payload.dataset === 'string' ? [payload.dataset] : [];
        const rows = await read('distributions', { filter: { id: { _in: keysOf(meta) } }, fields: ['dataset'], limit: -1 }).catch(() => []);
        void sync([...fromPayload, ...rows.map((r) => String(r.dataset))]);
      });
    }
    action('datasets.items.delete', (meta) => void removeDatasets(target, keysOf(meta)).catch((err: Error) => logger?.warn(`[odp] search index not updated: ${err.message}`)));
  }
};
