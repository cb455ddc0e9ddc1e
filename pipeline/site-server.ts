// Serves a built site (static pages and server routes): the portal server (site/serve.ts, built to
// server/serve.mjs) sets the security headers and hands every request to @astrojs/node's handler.
import path from 'node:path';
import { givenValues, paths, portalServerPassedOn, projectRoot, systemEnv, type RequestFormConfig, type WorkspaceConfig } from '../platform/config.ts';
import { answers, startService, type ServiceProcess } from '../platform/service-process.ts';

export type RunningSite = ServiceProcess;

export interface SiteServerOptions {
  outDir: string;
  host: string;
  port: number;
  snapshotFile: string;
  /** Meilisearch as the server reaches it, as browsers reach it, and the search-only key. */
  search: { url: string; publicUrl: string; key: string; index: string };
  /** The request forms: where the CMS is, the intake token (may only create requests), the form secret. */
  requests?: RequestFormConfig;
  /** The agencies' publishing workspace: where the CMS is, the session secret, the uploads folder. */
  workspace?: Pick<WorkspaceConfig, 'directusUrl' | 'sessionSecret' | 'uploadsDir'>;
  logFile: string;
  /** More environment for the server (rate limits: ODP_RATE_LIMIT_*, ODP_TRUST_PROXY). */
  env?: Record<string, string>;
}

export async function startSiteServer(o: SiteServerOptions, { timeoutMs = 30_000 } = {}): Promise<RunningSite> {
  // The server gets the search-only key and the intake token, never the master key or admin credentials.
  const env = {
    ...systemEnv(),
    NODE_ENV: 'production',
    HOST: o.host,
    PORT: String(o.port),
    ODP_CATALOG_FILE: o.snapshotFile,
    // The Data API's Parquet files, where this process's build writes them.
    ODP_DATA_API_DIR: paths().dataApiDir,
    MEILI_URL: o.search.url,
    MEILI_PUBLIC_URL: o.search.publicUrl,
    MEILI_SEARCH_KEY: o.search.key,
    ODP_SEARCH_INDEX: o.search.index,
    ...(o.requests ? { ODP_DIRECTUS_URL: o.requests.directusUrl, ODP_REQUESTS_TOKEN: o.requests.token, ODP_FORM_SECRET: o.requests.formSecret } : {}),
    // Editors act with their own Directus tokens: the server holds no credential of theirs between requests.
    ...(o.workspace ? { ODP_DIRECTUS_URL: o.workspace.directusUrl, ODP_SESSION_SECRET: o.workspace.sessionSecret, ODP_UPLOADS_DIR: o.workspace.uploadsDir } : {}),
    // Rate limits, trusted proxy and usage counting as set for this process.
    ...givenValues(portalServerPassedOn),
    ...o.env,
  };
  const url = `http://${o.host}:${o.port}`;
  return startService({
    name: 'Máy chủ cổng / the portal server',
    code: 'SITE',
    command: process.execPath,
    args: [path.join(o.outDir, 'server', 'serve.mjs')],
    cwd: projectRoot,
    env,
    logFile: o.logFile,
    url,
    ready: () => answers(`${url}/`),
    timeoutMs,
    pollMs: 100,
    killAfterMs: 5000,
  });
}
