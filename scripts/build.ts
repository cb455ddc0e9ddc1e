// `npm run build`: builds the portal from the CMS when it answers (DIRECTUS_PUBLIC_URL or
// http://127.0.0.1:8055), otherwise from the last catalog snapshot; says which one it used.
import path from 'node:path';
import { directusConfig, projectRoot, siteConfig } from '../platform/config.ts';
import { signIn, type Cms } from '../cms/src/client.ts';
import { buildSite } from '../pipeline/site-build.ts';

const { outDir, snapshotFile } = siteConfig();
const cfg = directusConfig();
// The administrator reads the revisions for the public change history; the catalog itself is read as
// the public sees it. When sign-in fails, the build goes on and says the history was not refreshed.
const admin: Cms | undefined = await signIn(cfg.url, cfg.adminEmail, cfg.adminPassword).catch(() => undefined);
try {
  const b = await buildSite({ cmsUrl: cfg.url, admin, snapshotFile, outDir });
  console.log(
    `✓ ${b.pages} trang / pages in ${(b.ms / 1000).toFixed(1)} s → ${path.relative(projectRoot, outDir)} (serve: node ${path.relative(projectRoot, path.join(outDir, 'server', 'serve.mjs'))})`,
  );
} catch (err) {
  console.error(`✗ ${(err as Error).message}`);
  process.exit(1);
}
