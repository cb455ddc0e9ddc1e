// Starts the whole portal for the end-to-end tests, on its own ports and in a throw-away state
// folder: Directus on SQLite (seeded), Meilisearch (indexed), the site built and served.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { demoUserPassword, directusConfig, searchConfig, stateDir, testPort } from '../../../platform/config.ts';
import { startStack } from '../../../pipeline/portal-stack.ts';
import { demoAccounts } from '../../../cms/src/users.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    portal: {
      url: string;
      cmsUrl: string;
      cmsPid: number;
      adminEmail: string;
      adminPassword: string;
      directusSecret: string;
      meiliUrl: string;
      searchKey: string;
      masterKey: string;
      outDir: string;
      snapshotFile: string;
      stateDir: string;
      publishUrl: string;
      publishSecret: string;
      /** Demo users of the seed (cms/src/users.ts): two agency editors and the reviewer. */
      editorEmail: string;
      editorPassword: string;
      editorAgency: string;
      otherEditorEmail: string;
      otherEditorPassword: string;
      otherEditorAgency: string;
      reviewerEmail: string;
      reviewerPassword: string;
    };
  }
}

export default async function setup(project: TestProject) {
  // Under the project's state folder, like `npm start`'s (a build elsewhere works too: pipeline/__tests__/instances.e2e.test.ts).
  mkdirSync(stateDir, { recursive: true });
  const dir = mkdtempSync(path.join(stateDir, 'e2e-'));
  const log = (m: string) => console.log(`[e2e] ${m}`);
  const cms = directusConfig({ port: testPort(18157), dataDir: path.join(dir, 'directus'), dbClient: 'sqlite3' });
  const search = searchConfig({ port: testPort(17757), dataDir: path.join(dir, 'meilisearch') });
  // Uploads of the workspace tests stay in the throw-away folder: the CMS hook, the portal server and
  // the builds of publish-to-live (this process) all read them there.
  process.env.ODP_UPLOADS_DIR = path.join(dir, 'uploads');
  cms.env.ODP_UPLOADS_DIR = process.env.ODP_UPLOADS_DIR;
  const site = { host: '127.0.0.1', port: testPort(14321), outDir: path.join(dir, 'site'), snapshotFile: path.join(dir, 'catalog', 'snapshot.json'), logFile: path.join(dir, 'site-server.log') };
  // Every test reaches the shared server from one address: its reading budget is large (the limits
  // themselves are tested on a server of their own, security.e2e.test.ts).
  process.env.ODP_RATE_LIMIT_READ ??= '2000';
  const stack = await startStack({ cms, search, site, log });
  const [editor, otherEditor] = demoAccounts.filter((a) => a.role === 'editor');
  const reviewer = demoAccounts.find((a) => a.role === 'reviewer');
  const demoPassword = demoUserPassword();
  project.provide('portal', {
    url: stack.site.url,
    cmsUrl: cms.url,
    cmsPid: stack.cms.directus.process.pid ?? 0,
    adminEmail: cms.adminEmail,
    adminPassword: cms.adminPassword,
    directusSecret: cms.secret,
    meiliUrl: search.url,
    searchKey: stack.searchKey,
    masterKey: search.masterKey,
    outDir: site.outDir,
    snapshotFile: site.snapshotFile,
    stateDir: dir,
    publishUrl: stack.publisher.url,
    publishSecret: stack.publishSecret,
    editorEmail: editor!.email,
    editorPassword: demoPassword,
    editorAgency: editor!.agency!,
    otherEditorEmail: otherEditor!.email,
    otherEditorPassword: demoPassword,
    otherEditorAgency: otherEditor!.agency!,
    reviewerEmail: reviewer!.email,
    reviewerPassword: demoPassword,
  });
  return async () => {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  };
}
