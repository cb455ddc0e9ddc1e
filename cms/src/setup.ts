// Brings a Directus to the state the portal needs: running, schema applied, roles in place,
// demo catalog seeded. Used by `npm start` and by the integration tests.
import { applyAccess, type AccessIds } from './access.ts';
import { applySchema } from './apply-schema.ts';
import { signIn, type CmsSession } from './client.ts';
import { applyDataStudio } from './data-studio.ts';
import { demoUserPassword, requestSecrets, type DirectusConfig } from '../../platform/config.ts';
import { startDirectus, type RunningDirectus } from './directus-process.ts';
import { seedCatalog, type SeedReport } from './seed.ts';
import { importAdminUnits } from './admin-units.ts';
import { ensureDemoAccounts } from './users.ts';

export interface PreparedCms {
  directus: RunningDirectus;
  admin: CmsSession;
  access: AccessIds;
  seed?: SeedReport;
  /** The demo users in the CMS (emails; cms/src/users.ts demoAccounts), when the demo catalog was seeded. */
  demoUsers?: string[];
}

/** `demoPassword`: the demo users' password (generated once into secrets.json unless given). */
export async function prepareCms(
  cfg: DirectusConfig,
  { seed = true, log = console.log, demoPassword }: { seed?: boolean; log?: (m: string) => void; demoPassword?: string } = {},
): Promise<PreparedCms> {
  const directus = await startDirectus(cfg, { log });
  try {
    const admin = await signIn(cfg.url, cfg.adminEmail, cfg.adminPassword);
    let t = Date.now();
    const schema = await applySchema(admin);
    log(
      `Schema: ${schema.created.length} created, ${schema.updated.length} updated${schema.orphans.length ? `, kept fields no longer in the schema: ${schema.orphans.join(', ')}` : ''} (${Date.now() - t} ms)`,
    );
    const access = await applyAccess(admin, requestSecrets(cfg).token);
    log(`Roles and permissions: ${access.changes} change(s)`);
    const studio = await applyDataStudio(admin, access.reviewerRole);
    if (studio) log(`Data Studio (language, reviewer's list views): ${studio} change(s)`);
    let report: SeedReport | undefined;
    let demoUsers: string[] | undefined;
    if (seed) {
      t = Date.now();
      log('Seeding the demo catalog…');
      report = await seedCatalog(admin, undefined, log);
      log(`Seed: ${report.created} created, ${report.kept} kept as they are${report.edited ? ` (${report.edited} edited in the CMS since)` : ''} (${((Date.now() - t) / 1000).toFixed(1)} s)`);
      // At start only what is missing: values an operator corrected in the CMS stay corrected.
      await importAdminUnits(admin, log, { update: false });
      // The demo's editors (API-only) and reviewer, where missing: a changed password stays changed.
      const demo = await ensureDemoAccounts(admin, demoPassword ?? demoUserPassword());
      demoUsers = demo.present;
      if (demo.created) log(`Demo users: ${demo.created} created`);
    }
    return { directus, admin, access, seed: report, demoUsers };
  } catch (err) {
    await directus.stop();
    throw err;
  }
}
