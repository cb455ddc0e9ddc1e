// Where Meilisearch runs and with which keys. The master key comes from MEILI_MASTER_KEY or is
// generated once into the ignored state folder; it never leaves the server side. Browsers get the
// search-only key (see keys.ts).
import path from 'node:path';
import { localSecrets, stateDir } from '../../platform/config.ts';

export interface SearchConfig {
  /** Where the portal's server talks to Meilisearch. */
  url: string;
  host: string;
  port: number;
  /** Where browsers reach Meilisearch (behind the city's proxy in production). */
  publicUrl: string;
  masterKey: string;
  masterKeySource: 'env' | 'generated';
  dataDir: string;
  /** Name of the live datasets index. */
  index: string;
  /** The other indexes of the one search box: services, agencies, code-list values. */
  others: { service: string; agency: string; code: string };
}

export function searchConfig(overrides: Partial<{ port: number; dataDir: string; index: string }> = {}): SearchConfig {
  const e = process.env;
  const host = e.MEILI_HOST ?? '127.0.0.1';
  const port = overrides.port ?? Number(e.MEILI_PORT ?? 7700);
  const url = e.MEILI_URL && !overrides.port ? e.MEILI_URL : `http://${host}:${port}`;
  return {
    url,
    host,
    port,
    publicUrl: e.MEILI_PUBLIC_URL && !overrides.port ? e.MEILI_PUBLIC_URL : url,
    masterKey: e.MEILI_MASTER_KEY ?? localSecrets().meiliMasterKey,
    masterKeySource: e.MEILI_MASTER_KEY ? 'env' : 'generated',
    dataDir: overrides.dataDir ?? path.join(stateDir, 'meilisearch'),
    index: overrides.index ?? e.ODP_SEARCH_INDEX ?? 'datasets',
    others: { service: 'services', agency: 'agencies', code: 'code_list_entries' },
  };
}
