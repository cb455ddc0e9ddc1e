// Configuration of the local stack, from environment variables with safe local defaults.
// Secrets that are not given are generated once into the ignored state folder, so no credential is
// ever part of the repository; start-up prints where they come from.
import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/**
 * A port for a test service: `base` plus ODP_TEST_PORT_OFFSET, so that two checkouts on one machine
 * can run their test suites at the same time without their services colliding.
 */
export function testPort(base: number): number {
  const offset = Number(process.env.ODP_TEST_PORT_OFFSET ?? 0);
  return base + (Number.isInteger(offset) ? offset : 0);
}

export const stateDir = path.resolve(process.env.ODP_STATE_DIR ?? path.join(projectRoot, '.state'));

interface Secrets {
  directusSecret: string;
  adminPassword: string;
  meiliMasterKey: string;
}

/** Generated local secrets (.state/secrets.json, mode 600), created on first use. */
export function localSecrets(dir = stateDir): Secrets {
  const file = path.join(dir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8')) as Secrets;
  mkdirSync(dir, { recursive: true });
  const secrets: Secrets = {
    directusSecret: randomBytes(32).toString('base64url'),
    adminPassword: randomBytes(12).toString('base64url'),
    meiliMasterKey: randomBytes(24).toString('base64url'),
  };
  writeFileSync(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

export interface DirectusConfig {
  url: string;
  host: string;
  port: number;
  adminEmail: string;
  adminPassword: string;
  /** Where the admin password came from, for the start-up message. */
  adminPasswordSource: 'env' | 'generated';
  secret: string;
  dbClient: 'sqlite3' | 'pg';
  /** SQLite file (sqlite3 only). */
  dbFilename: string;
  /** Directus's own environment: DB_*, SECRET, ADMIN_*, PORT… */
  env: Record<string, string>;
  dataDir: string;
}

export function directusConfig(overrides: Partial<{ port: number; dataDir: string; dbClient: 'sqlite3' | 'pg'; pg: Record<string, string> }> = {}): DirectusConfig {
  const e = process.env;
  const secrets = localSecrets();
  const port = overrides.port ?? Number(e.DIRECTUS_PORT ?? 8055);
  const host = e.DIRECTUS_HOST ?? '127.0.0.1';
  const dataDir = overrides.dataDir ?? path.join(stateDir, 'directus');
  const dbClient = overrides.dbClient ?? (e.DB_CLIENT === 'pg' || e.DB_CLIENT === 'postgres' ? 'pg' : 'sqlite3');
  const adminEmail = e.DIRECTUS_ADMIN_EMAIL ?? 'admin@example.com';
  const adminPassword = e.DIRECTUS_ADMIN_PASSWORD ?? secrets.adminPassword;
  const secret = e.DIRECTUS_SECRET ?? secrets.directusSecret;
  const url = e.DIRECTUS_PUBLIC_URL ?? `http://${host}:${port}`;
  const dbFilename = path.join(dataDir, 'data.db');
  const db: Record<string, string> =
    dbClient === 'pg'
      ? {
          DB_CLIENT: 'pg',
          DB_HOST: overrides.pg?.DB_HOST ?? e.DB_HOST ?? '127.0.0.1',
          DB_PORT: overrides.pg?.DB_PORT ?? e.DB_PORT ?? '5432',
          DB_DATABASE: overrides.pg?.DB_DATABASE ?? e.DB_DATABASE ?? 'directus',
          DB_USER: overrides.pg?.DB_USER ?? e.DB_USER ?? 'directus',
          DB_PASSWORD: overrides.pg?.DB_PASSWORD ?? e.DB_PASSWORD ?? '',
        }
      : { DB_CLIENT: 'sqlite3', DB_FILENAME: dbFilename };
  const env: Record<string, string> = {
    ...db,
    SECRET: secret,
    ADMIN_EMAIL: adminEmail,
    ADMIN_PASSWORD: adminPassword,
    HOST: host,
    PORT: String(port),
    PUBLIC_URL: url,
    EXTENSIONS_PATH: path.join(projectRoot, 'cms', 'extensions'),
    EXTENSIONS_AUTO_RELOAD: 'false',
    // The personal-data guard of the hook reads the portal's files and the operator's pattern list.
    ODP_PUBLIC_DIR: path.join(projectRoot, 'public'),
    ODP_PII_PATTERNS: path.resolve(e.ODP_PII_PATTERNS ?? path.join(projectRoot, 'cms', 'pii-patterns.json')),
    STORAGE_LOCATIONS: 'local',
    STORAGE_LOCAL_ROOT: path.join(dataDir, 'uploads'),
    // The portal runs offline-capable: no reports to third parties.
    TELEMETRY: 'false',
    PROJECT_OWNER_ENABLED: 'false',
    WEBSOCKETS_ENABLED: 'false',
    CACHE_ENABLED: 'false',
    LOG_LEVEL: e.DIRECTUS_LOG_LEVEL ?? 'warn',
    LOG_STYLE: 'pretty',
    // Editors and the site builder read many items at once.
    QUERY_LIMIT_MAX: '-1',
    ACCESS_TOKEN_TTL: '1h',
    // Directus refuses requests ("Under pressure", 503) when its event loop lags; the site build runs
    // on the same machine and makes it lag, so publishing failed at random on 2 cores. Off unless the
    // operator turns it on (a CMS on its own machine, behind a proxy that limits).
    PRESSURE_LIMITER_ENABLED: e.PRESSURE_LIMITER_ENABLED ?? 'false',
  };
  return { url, host, port, adminEmail, adminPassword, adminPasswordSource: e.DIRECTUS_ADMIN_PASSWORD ? 'env' : 'generated', secret, dbClient, dbFilename, env, dataDir };
}

/**
 * The secrets of the portal's request forms, derived from the Directus secret unless given:
 * - token: the static token of the intake user, which may only create data requests
 *   (ODP_REQUESTS_TOKEN); the portal server gets this, never the admin credentials;
 * - formSecret: signs the time a form was served, to refuse forms sent back too fast
 *   (ODP_FORM_SECRET).
 */
export function requestSecrets(cfg: Pick<DirectusConfig, 'secret'>): { token: string; formSecret: string } {
  const derive = (purpose: string) => createHmac('sha256', cfg.secret).update(purpose).digest('base64url');
  return { token: process.env.ODP_REQUESTS_TOKEN ?? derive('odp-requests-intake-token'), formSecret: process.env.ODP_FORM_SECRET ?? derive('odp-request-form') };
}
