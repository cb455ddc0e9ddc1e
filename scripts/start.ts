// `npm start`: the whole portal locally with embedded defaults: Directus on SQLite (schema, roles,
// demo catalog seeded), the bundled Meilisearch (indexed), the site built from the catalog and served
// with its server routes. Ctrl-C stops every process it started.
import { demoUserPassword, directusConfig, healthConfig, healthFileFor, restartConfig, searchConfig, setForRun, siteConfig, stateDir } from '../platform/config.ts';
import { demoAccounts } from '../cms/src/users.ts';
import { isMeiliUp } from '../search/src/meili-process.ts';
import { answers } from '../platform/service-process.ts';
import { readSnapshot } from '../domain/snapshot.ts';
import { healthTargets, liveStatusFile, startHealthMonitor, type RunningMonitor } from '../pipeline/health-monitor.ts';
import { startStack, type RunningStack } from '../pipeline/portal-stack.ts';

const t = Date.now();
const cms = directusConfig();
const search = searchConfig();
const site = siteConfig();
console.log(`Cổng dữ liệu mở — khởi động / starting (state in ${stateDir})`);

const busy = [
  { what: 'Directus', port: cms.port, env: 'DIRECTUS_PORT', up: await answers(`${cms.url}/server/ping`) },
  { what: 'Meilisearch', port: search.port, env: 'MEILI_PORT', up: await isMeiliUp(search.url) },
  { what: 'portal', port: site.port, env: 'PORT', up: await answers(`http://${site.host}:${site.port}/`) },
].filter((x) => x.up);
for (const b of busy) console.error(`✗ Cổng ${b.port} đang được dùng / port ${b.port} is already in use (another ${b.what}?). Dừng nó hoặc đặt / stop it or set ${b.env}.`);
if (busy.length) process.exit(1);

let stack: RunningStack | undefined;
let monitor: RunningMonitor | undefined;
const health = healthConfig();
const healthInterval = health.intervalMs;
let stopping = false;
const shutdown = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  console.log('\nĐang dừng / stopping…');
  monitor?.stop();
  await stack?.stop();
  process.exit(code);
};
process.on('SIGINT', () => void shutdown());
process.on('SIGTERM', () => void shutdown());

try {
  // Every build the stack makes (the first one and each publish) reads the same health log.
  setForRun('ODP_HEALTH_FILE', healthFileFor(site.snapshotFile));
  stack = await startStack({ cms, search, site, restart: restartConfig() });
  const s = stack;
  // A service that stops on its own (Meilisearch, Directus, the portal server) is started again by
  // the stack, and the rest keeps serving meanwhile (pipeline/portal-stack.ts).
  if (healthInterval > 0) {
    // The services checked are those of the snapshot the site was built from (re-read each pass).
    const targets = () => healthTargets(readSnapshot(site.snapshotFile).dataServices);
    monitor = startHealthMonitor(targets, {
      file: healthFileFor(site.snapshotFile),
      intervalMs: healthInterval,
      timeoutMs: health.timeoutMs,
      liveFile: () => liveStatusFile(s.site.current().outDir),
      log: console.log,
    });
  }
  // The demo editor, unless the seeded catalog has not its agency (ODP_SEED_DIR).
  const demoEditor = demoAccounts.find((a) => a.role === 'editor' && s.cms.demoUsers?.includes(a.email));
  const publishLine = demoEditor
    ? `  Xuất bản / publish: ${s.site.url}/publish/   (biên tập viên demo / demo editor, ${demoEditor.agency}: ${demoEditor.email} / ${demoUserPassword()})
                     (every demo user has this password, kept in ${stateDir}/secrets.json; add people with npm run user:add)`
    : `  Xuất bản / publish: ${s.site.url}/publish/   (add editors with npm run user:add)`;
  console.log(`
✓ Sẵn sàng sau / ready in ${((Date.now() - t) / 1000).toFixed(0)} s

  Cổng / portal:     ${s.site.url}/        (English: ${s.site.url}/en/)
  Tìm kiếm / search: ${s.site.url}/search/?q=giao+thông
  Meilisearch:       ${search.url}   (master key ${search.masterKeySource === 'env' ? 'from MEILI_MASTER_KEY' : `in ${stateDir}/secrets.json`}; browsers get a search-only key)
  Tình trạng / status: ${s.site.url}/status/   (${healthInterval > 0 ? `services checked every ${healthInterval / 1000} s; ODP_HEALTH_INTERVAL` : 'monitor off: ODP_HEALTH_INTERVAL=0'})
  CMS (Directus):    ${cms.url}/admin
  Đăng nhập / login: ${cms.adminEmail} / ${cms.adminPassword}
                     (${cms.adminPasswordSource === 'env' ? 'from DIRECTUS_ADMIN_PASSWORD' : `generated for this machine, kept in ${stateDir}/secrets.json; set DIRECTUS_ADMIN_PASSWORD to choose one`})
${publishLine}

Nhấn Ctrl-C để dừng / press Ctrl-C to stop.`);
} catch (err) {
  console.error(`✗ ${(err as Error).message}`);
  await stack?.stop();
  process.exit(1);
}
