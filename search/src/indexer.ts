// Builds the datasets index from the catalog snapshot. A full reindex fills a new index and swaps it
// with the live one in a single Meilisearch task, so searches never see an empty or half-built index.
import { Meilisearch, type Task } from 'meilisearch';
import { OdpError } from '../../catalog-schema/src/errors.ts';
import type { CatalogSnapshot } from '../../domain/snapshot.ts';
import type { SearchConfig } from '../../platform/config.ts';
import { agencyDocuments, codeDocuments, datasetDocuments, serviceDocuments } from './documents.ts';
import { datasetIndexSettings, otherIndexSettings } from './settings.ts';

const BATCH = 5000;

export function adminClient(cfg: SearchConfig): Meilisearch {
  return new Meilisearch({ host: cfg.url, apiKey: cfg.masterKey });
}

function check(task: Task, what: string): Task {
  if (task.status !== 'succeeded') {
    throw new OdpError('SEARCH_INDEX_FAILED', `Meilisearch: ${what} ${task.status}: ${task.error?.message ?? ''} (${task.error?.code ?? ''})`);
  }
  return task;
}

async function exists(client: Meilisearch, uid: string): Promise<boolean> {
  try {
    await client.getRawIndex(uid);
    return true;
  } catch {
    return false;
  }
}

export interface IndexReport {
  documents: number;
  ms: number;
}

/** Fills a new index with `docs` and swaps it with the live one `name` in one task. */
async function rebuild(client: Meilisearch, name: string, docs: object[], settings: object, log: (m: string) => void): Promise<void> {
  const building = `${name}_build_${Date.now()}`;
  const wait = { timeout: 600_000, interval: 50 };
  check(await client.createIndex(building, { primaryKey: 'id' }).waitTask(wait), `create ${building}`);
  try {
    const idx = client.index(building);
    check(await idx.updateSettings(settings).waitTask(wait), 'settings');
    for (let i = 0; i < docs.length; i += BATCH) {
      check(await idx.addDocuments(docs.slice(i, i + BATCH)).waitTask(wait), 'add documents');
      const done = Math.min(docs.length, i + BATCH);
      if (docs.length > BATCH) log(`  index ${name}: ${done}/${docs.length} (${Math.round((done / docs.length) * 100)}%)`);
    }
    if (!(await exists(client, name))) check(await client.createIndex(name, { primaryKey: 'id' }).waitTask(wait), `create ${name}`);
    check(await client.swapIndexes([{ indexes: [name, building], rename: false }]).waitTask(wait), 'swap');
  } finally {
    // After the swap this holds the previous documents; on failure, the half-built index.
    await client
      .deleteIndex(building)
      .waitTask(wait)
      .catch(() => undefined);
  }
}

/** Full reindex of datasets, services, agencies and code-list values, each with an atomic swap. */
export async function indexCatalog(cfg: SearchConfig, snapshot: CatalogSnapshot, log = console.log): Promise<IndexReport> {
  const t = Date.now();
  const client = adminClient(cfg);
  const docs = datasetDocuments(snapshot);
  await rebuild(client, cfg.index, docs, datasetIndexSettings, log);
  await rebuild(client, cfg.others.service, serviceDocuments(snapshot), otherIndexSettings, log);
  await rebuild(client, cfg.others.agency, agencyDocuments(snapshot), otherIndexSettings, log);
  await rebuild(client, cfg.others.code, codeDocuments(snapshot), otherIndexSettings, log);
  return { documents: docs.length, ms: Date.now() - t };
}

/** Fixed uid: Meilisearch derives a key from the master key and the uid, so the key stays the same across restarts. */
export const SEARCH_KEY_UID = '6f2b7d0e-3c1a-4b8e-9d5f-0a7c2e4b9d14';

/** A key of Meilisearch with a fixed uid (so the same key value across restarts), created on first use. */
async function ensureKey(cfg: SearchConfig, uid: string, name: string, description: string, actions: string[]): Promise<string> {
  const client = adminClient(cfg);
  try {
    return (await client.getKey(uid)).key;
  } catch {
    return (await client.createKey({ uid, name, description, actions, indexes: [cfg.index, ...Object.values(cfg.others)], expiresAt: null })).key;
  }
}

/**
 * The search-only key browsers get: it can only search, only the portal's indexes. The master key
 * itself never leaves the server side.
 */
export function searchOnlyKey(cfg: SearchConfig): Promise<string> {
  return ensureKey(cfg, SEARCH_KEY_UID, 'odp-portal-search', 'Search-only key of the public portal (browsers)', ['search']);
}

export const INDEXING_KEY_UID = '0c9d4e2a-7b1f-4c3e-8a5d-2f6b9e1c4a70';

/**
 * The key the CMS uses to keep the index current (search/src/live-index.ts): it can add and delete
 * documents of the portal's indexes, nothing else.
 */
export function indexingKey(cfg: SearchConfig): Promise<string> {
  return ensureKey(cfg, INDEXING_KEY_UID, 'odp-cms-live-index', 'The CMS writes published datasets into the search index', ['documents.add', 'documents.delete']);
}
