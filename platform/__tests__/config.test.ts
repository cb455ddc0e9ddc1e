import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  benchPorts,
  buildConfig,
  cmsHookConfig,
  config,
  ConfigError,
  demoUserPassword,
  healthConfig,
  healthFileFor,
  localSecrets,
  parts,
  paths,
  portalServerConfig,
  profilesFileFor,
  projectRoot,
  rateLimits,
  readConfig,
  requestSecrets,
  sessionSecret,
  setForRun,
  settingNames,
  settings,
  siteConfig,
  testConfig,
  usageFileFor,
  workspaceConfig,
  type Setting,
} from '../config.ts';
import { CONFIG_END, CONFIG_START, configMarkdown, withConfigTable } from '../config-docs.ts';

function configError(env: Record<string, string>): ConfigError {
  try {
    readConfig(env);
  } catch (err) {
    if (err instanceof ConfigError) return err;
    throw err;
  }
  throw new Error('no ConfigError');
}

describe('the configuration table', () => {
  it('is what README.md shows (npm run config:docs rewrites it)', () => {
    const readme = readFileSync(path.join(projectRoot, 'README.md'), 'utf8');
    expect(readme).toContain(CONFIG_START);
    expect(readme).toContain(CONFIG_END);
    expect(withConfigTable(readme)).toBe(readme);
  });

  it('lists every variable once, with both languages and a known part', () => {
    const md = configMarkdown();
    for (const name of settingNames) {
      const s = settings[name] as Setting;
      expect(s.what.vi.trim(), name).not.toBe('');
      expect(s.what.en.trim(), name).not.toBe('');
      expect(Object.keys(parts)).toContain(s.part);
      expect(md.split(`\n| \`${name}\` |`).length - 1, name).toBe(1);
    }
  });

  it('refuses a README without the markers instead of writing the table somewhere else', () => {
    expect(() => withConfigTable('# README\n\n## Configuration\n')).toThrow(/config:start/);
  });
});

describe('validation', () => {
  it('names a bad port, Vietnamese first, with the default to go back to', () => {
    const err = configError({ DIRECTUS_PORT: 'tám nghìn' });
    expect(err.code).toBe('CONFIG_INVALID');
    expect(err.errors).toEqual([expect.objectContaining({ field: 'DIRECTUS_PORT', code: 'not_a_port' })]);
    const [e] = err.errors;
    expect(e!.message_vi).toMatch(/DIRECTUS_PORT="tám nghìn" không hợp lệ: cần một số cổng từ 1 đến 65535.*mặc định 8055/);
    expect(e!.message_en).toMatch(/DIRECTUS_PORT="tám nghìn" is not valid: a port number from 1 to 65535 is needed.*default 8055/);
    expect(err.message.indexOf('không hợp lệ')).toBeLessThan(err.message.indexOf('is not valid'));
  });

  it('reports every bad variable at once, not the first only', () => {
    const err = configError({ PORT: '70000', ODP_HEALTH_INTERVAL: '-5', ODP_TRUST_PROXY: 'maybe', ODP_SITE_URL: 'cổng.gov.vn', DB_CLIENT: 'mysql', ODP_CATALOG_PAGE_SIZE: '2.5' });
    expect(Object.fromEntries(err.errors.map((e) => [e.field, e.code]))).toEqual({
      PORT: 'not_a_port',
      ODP_HEALTH_INTERVAL: 'not_seconds',
      ODP_TRUST_PROXY: 'not_a_flag',
      ODP_SITE_URL: 'not_a_url',
      DB_CLIENT: 'not_a_choice',
      ODP_CATALOG_PAGE_SIZE: 'not_a_whole_number',
    });
  });

  it('takes an empty value as unset, and the usual spellings of on and off', () => {
    const c = readConfig({ PORT: '', ODP_CHECK_LINKS: 'off', ODP_TRUST_PROXY: 'true', ODP_USAGE: '0', DB_CLIENT: 'postgres', MEILI_LOG_LEVEL: 'info' });
    expect(c.values.PORT).toBe(4321);
    expect(c.values.ODP_CHECK_LINKS).toBe(false);
    expect(c.values.ODP_TRUST_PROXY).toBe(true);
    expect(c.values.ODP_USAGE).toBe(false);
    expect(c.values.DB_CLIENT).toBe('pg');
    expect(c.values.MEILI_LOG_LEVEL).toBe('INFO');
  });
});

describe('defaults', () => {
  it('gives the documented defaults when nothing is set', () => {
    const c = readConfig({});
    expect(siteConfig(c)).toMatchObject({ host: '127.0.0.1', port: 4321, publishPort: 4322, backendPorts: [4323, 4324] });
    expect(rateLimits(c)).toEqual({
      read: { limit: 3000, windowMs: 60_000 },
      write: { limit: 10, windowMs: 60_000 },
      workspace: { limit: 120, windowMs: 60_000 },
      maxClients: 10_000,
      trustProxy: false,
      enabled: true,
    });
    expect(healthConfig(c)).toEqual({ intervalMs: 300_000, timeoutMs: 10_000 });
    expect(buildConfig(c)).toMatchObject({ siteUrl: 'http://127.0.0.1:4321', profileMaxBytes: 500e6, checkLinks: true, catalogPageSize: 1000 });
    expect(testConfig(c)).toMatchObject({ portOffset: 0, ci: false, forceColor: '1' });
    expect(paths(c).stateDir).toBe(path.join(projectRoot, '.state'));
  });

  it('has one snapshot path: every part finds the same file, and ODP_CATALOG_FILE moves it for all', () => {
    for (const env of [{}, { ODP_STATE_DIR: 'elsewhere' }, { ODP_CATALOG_FILE: 'catalog/other.json' }]) {
      const c = readConfig(env);
      const want = paths(c).snapshotFile;
      expect([siteConfig(c).snapshotFile, buildConfig(c).snapshotFile, portalServerConfig(c).snapshotFile]).toEqual([want, want, want]);
    }
    expect(paths(readConfig({ ODP_STATE_DIR: 'elsewhere' })).snapshotFile).toBe(path.resolve('elsewhere', 'catalog', 'snapshot.json'));
    expect(paths(readConfig({ ODP_CATALOG_FILE: 'catalog/other.json' })).snapshotFile).toBe(path.resolve('catalog/other.json'));
  });

  it('keeps the profiles, health and usage logs beside the snapshot unless each is given', () => {
    const snapshot = path.resolve('build-7', 'catalog', 'snapshot.json');
    const none = readConfig({});
    expect([profilesFileFor(snapshot, none), healthFileFor(snapshot, none), usageFileFor(snapshot, none)]).toEqual(
      ['profiles.json', 'health.jsonl', 'usage.jsonl'].map((f) => path.join(path.dirname(snapshot), f)),
    );
    const set = readConfig({ ODP_HEALTH_FILE: 'logs/health.jsonl', ODP_USAGE_FILE: 'logs/usage.jsonl' });
    expect(healthFileFor(snapshot, set)).toBe(path.resolve('logs/health.jsonl'));
    expect(portalServerConfig(set).usageFile).toBe(path.resolve('logs/usage.jsonl'));
    expect(portalServerConfig(readConfig({ ODP_USAGE: '0' })).usageFile).toBeUndefined();
  });

  it('turns search, the request form, the live index and publishing on only when all they need is given', () => {
    expect(portalServerConfig(readConfig({ MEILI_URL: 'http://127.0.0.1:7700' })).search).toBeUndefined();
    expect(portalServerConfig(readConfig({ MEILI_URL: 'http://127.0.0.1:7700', MEILI_SEARCH_KEY: 'k' })).search).toMatchObject({
      url: 'http://127.0.0.1:7700',
      publicUrl: 'http://127.0.0.1:7700',
      key: 'k',
      index: 'datasets',
    });
    expect(portalServerConfig(readConfig({ ODP_DIRECTUS_URL: 'http://127.0.0.1:8055', ODP_REQUESTS_TOKEN: 't' })).requests).toBeUndefined();
    const hook = cmsHookConfig(readConfig({ ODP_PUBLISH_URL: 'http://127.0.0.1:4322/publish', ODP_PUBLISH_SECRET: 's', ODP_MEILI_URL: 'http://127.0.0.1:7700' }));
    expect(hook.publish).toEqual({ url: 'http://127.0.0.1:4322/publish', secret: 's' });
    expect(hook.liveIndex).toBeUndefined();
  });

  it('turns the workspace on with the CMS address and the session secret, with sign-in limits per account and per client', () => {
    expect(workspaceConfig(readConfig({ ODP_DIRECTUS_URL: 'http://127.0.0.1:8055' }))).toBeUndefined();
    const c = readConfig({ ODP_DIRECTUS_URL: 'http://127.0.0.1:8055', ODP_SESSION_SECRET: 's', ODP_STATE_DIR: 'st' });
    expect(workspaceConfig(c)).toEqual({
      directusUrl: 'http://127.0.0.1:8055',
      sessionSecret: 's',
      uploadsDir: path.resolve('st', 'uploads'),
      uploadMaxBytes: 50e6,
      signin: { accountAttempts: 5, clientAttempts: 20, windowMs: 900_000 },
      trustProxy: false,
    });
    expect(portalServerConfig(c).workspace).toEqual(workspaceConfig(c));
    // The CMS hook scans the same uploads the portal server writes.
    expect(cmsHookConfig(c).uploadsDir).toBe(path.resolve('st', 'uploads'));
    // It scores a dataset sent for review from its files read up to the same limit as the check page.
    expect(cmsHookConfig(readConfig({ ODP_UPLOAD_MAX_BYTES: '1000' })).uploadMaxBytes).toBe(1000);
    expect(workspaceConfig(readConfig({ ODP_DIRECTUS_URL: 'http://x:1', ODP_SESSION_SECRET: 's', ODP_SIGNIN_ATTEMPTS: '3', ODP_SIGNIN_WINDOW_S: '60' }))?.signin).toEqual({
      accountAttempts: 3,
      clientAttempts: 12,
      windowMs: 60_000,
    });
  });

  it('derives the session secret from the Directus secret unless it is given, apart from the request secrets', () => {
    const derived = sessionSecret({ secret: 'directus' }, readConfig({}));
    expect(derived).toBe(sessionSecret({ secret: 'directus' }, readConfig({})));
    expect(derived).not.toBe(sessionSecret({ secret: 'other' }, readConfig({})));
    expect(Object.values(requestSecrets({ secret: 'directus' }, readConfig({})))).not.toContain(derived);
    expect(sessionSecret({ secret: 'directus' }, readConfig({ ODP_SESSION_SECRET: 'given' }))).toBe('given');
  });

  it('generates the demo users’ password once, beside the other secrets, keeping those', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'odp-secrets-'));
    try {
      const before = localSecrets(dir);
      const password = demoUserPassword(dir);
      expect(password).toMatch(/^[A-Za-z0-9_-]{16}$/);
      expect(demoUserPassword(dir)).toBe(password);
      expect(localSecrets(dir)).toMatchObject(before);
      expect(statSync(path.join(dir, 'secrets.json')).mode & 0o777).toBe(0o600);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the benchmark its own ports unless the operator chose them', () => {
    expect(benchPorts(readConfig({}))).toEqual({ directus: 8090, meili: 7790, site: 4390 });
    expect(benchPorts(readConfig({ PORT: '5000' }))).toEqual({ directus: 8090, meili: 7790, site: 5000 });
  });
});

describe('the configuration of this process', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('follows a change of the environment, and setForRun never overrides what the operator set', () => {
    vi.stubEnv('ODP_RATE_LIMIT_READ', '7');
    expect(config().values.ODP_RATE_LIMIT_READ).toBe(7);
    setForRun('ODP_RATE_LIMIT_READ', '2000');
    expect(config().values.ODP_RATE_LIMIT_READ).toBe(7);
    vi.stubEnv('ODP_RATE_LIMIT_WRITE', undefined);
    setForRun('ODP_RATE_LIMIT_WRITE', '3');
    expect(config().values.ODP_RATE_LIMIT_WRITE).toBe(3);
  });
});
