// A real Directus (SQLite) with the agencies, contact points, themes and catalog of the demo seed
// but no dataset: the "empty CMS" harvests go into.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { directusConfig, testPort } from '../../../platform/config.ts';
import { loadSeed } from '../../../cms/src/seed-data.ts';
import { seedCatalog } from '../../../cms/src/seed.ts';
import { prepareCms } from '../../../cms/src/setup.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    harvestCms: { url: string; adminEmail: string; adminPassword: string };
  }
}

export default async function setup(project: TestProject) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'odp-harvest-'));
  const cfg = directusConfig({ port: testPort(18158), dataDir, dbClient: 'sqlite3' });
  const log = (m: string) => console.log(`[harvest cms] ${m}`);
  const cms = await prepareCms(cfg, { seed: false, log });
  try {
    await seedCatalog(cms.admin, { ...loadSeed(), Dataset: [], Distribution: [], DataService: [], ServiceNotice: [], InformationSystem: [] });
  } catch (err) {
    await cms.directus.stop();
    throw err;
  }
  project.provide('harvestCms', { url: cfg.url, adminEmail: cfg.adminEmail, adminPassword: cfg.adminPassword });
  return async () => {
    await cms.directus.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
