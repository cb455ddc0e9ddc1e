// Shared by the global setups: a fresh, seeded Directus on its own port and data directory.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { directusConfig, projectRoot, requestSecrets } from '../../../platform/config.ts';
import { startPostgres, type RunningPostgres } from '../../src/postgres.ts';
import { prepareCms } from '../../src/setup.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    cms: { url: string; adminEmail: string; adminPassword: string; editorRole: string; reviewerRole: string; db: string; publicDir: string; intakeToken: string };
  }
}

export async function startTestCms(project: TestProject, db: 'sqlite3' | 'pg', port: number) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), `odp-directus-${db}-`));
  let pg: RunningPostgres | undefined;
  if (db === 'pg') pg = startPostgres(port + 1000);
  const cfg = directusConfig({ port, dataDir, dbClient: db, pg: pg?.env });
  // The portal's files as the CMS sees them: the demo catalog's data, plus a folder where tests put
  // files of their own (the personal-data guard reads them) without writing into the repository.
  const publicDir = path.join(dataDir, 'public');
  mkdirSync(path.join(publicDir, 'kiem-thu'), { recursive: true });
  symlinkSync(path.join(projectRoot, 'public', 'data'), path.join(publicDir, 'data'));
  cfg.env.ODP_PUBLIC_DIR = publicDir;
  const log = (m: string) => console.log(`[cms ${db}] ${m}`);
  try {
    const cms = await prepareCms(cfg, { log });
    project.provide('cms', {
      url: cfg.url,
      adminEmail: cfg.adminEmail,
      adminPassword: cfg.adminPassword,
      editorRole: cms.access.editorRole,
      reviewerRole: cms.access.reviewerRole,
      db,
      publicDir,
      intakeToken: requestSecrets(cfg).token,
    });
    return async () => {
      await cms.directus.stop();
      pg?.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  } catch (err) {
    pg?.stop();
    throw err;
  }
}
