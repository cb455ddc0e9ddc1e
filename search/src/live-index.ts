// Keeps the search index current between builds: when a dataset (or one of its distributions) is
// created, changed, published, withdrawn or deleted in the CMS, only that dataset's document is
// written or removed, in seconds. Used by the CMS hook; a full reindex (indexer.ts) still runs at
// every build and swaps a fresh index in.
import type { Agent, Theme } from '../../catalog-schema/generated/types.ts';
import type { DatasetWithDistributions } from '../../domain/snapshot.ts';
import { publiclyListed } from '../../domain/visibility.ts';
import { cmsHookConfig, config, readConfig } from '../../platform/config.ts';
import { datasetDocument } from './documents.ts';

export interface LiveIndexTarget {
  url: string;
  /** A key that may only add and delete documents. */
  key: string;
  index: string;
}

/** The live-index target the CMS was started with (ODP_MEILI_URL, ODP_MEILI_INDEX_KEY, ODP_SEARCH_INDEX), or of `env` when given; undefined when none. */
export function liveIndexTarget(env?: Readonly<Record<string, string | undefined>>): LiveIndexTarget | undefined {
  return cmsHookConfig(env ? readConfig(env) : config()).liveIndex;
}

/** Whether the public portal shows the dataset (and so search finds it): published with a public description, shared and master data included. */
export function isPublic(d: { status?: unknown; accessLevel?: unknown; dataKind?: unknown; metadataVisibility?: unknown }): boolean {
  return publiclyListed('Dataset', d);
}

async function call(t: LiveIndexTarget, method: string, path: string, body?: unknown): Promise<void> {
  const res = await fetch(`${t.url}/indexes/${encodeURIComponent(t.index)}${path}`, {
    method,
    headers: { Authorization: `Bearer ${t.key}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    signal: AbortSignal.timeout(5000),
  });
  if (!res.ok) throw new Error(`Meilisearch ${method} ${path}: HTTP ${res.status} ${(await res.text()).slice(0, 200)}`);
}

/** Writes the dataset's document when it is public, removes it otherwise. */
export async function syncDataset(t: LiveIndexTarget, d: DatasetWithDistributions, ctx: { agents: Agent[]; themes: Theme[] }): Promise<'indexed' | 'removed'> {
  if (!isPublic(d)) {
    await removeDatasets(t, [d.id]);
    return 'removed';
  }
  await call(t, 'PUT', '/documents?primaryKey=id', [datasetDocument(d, ctx)]);
  return 'indexed';
}

export async function removeDatasets(t: LiveIndexTarget, ids: string[]): Promise<void> {
  if (ids.length) await call(t, 'POST', '/documents/delete-batch', ids);
}
