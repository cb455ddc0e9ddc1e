// `npm start`: runs the portal locally with embedded defaults: Directus on SQLite (in .state/),
// schema applied, roles in place, demo catalog seeded. Ctrl-C stops everything it started.
import { directusConfig, stateDir } from '../cms/src/config.ts';
import { prepareCms } from '../cms/src/setup.ts';

const t = Date.now();
const cfg = directusConfig();
console.log(`Cổng dữ liệu mở — khởi động / starting (state in ${stateDir})`);
try {
  const res = await fetch(`${cfg.url}/server/ping`);
  if (res.ok) {
    console.error(`✗ Cổng ${cfg.port} đang được dùng / port ${cfg.port} is already in use (another Directus?). Stop it or set DIRECTUS_PORT.`);
    process.exit(1);
  }
} catch {
  // free
}

let stop: (() => Promise<void>) | undefined;
const shutdown = async () => {
  console.log('\nĐang dừng / stopping…');
  await stop?.();
  process.exit(0);
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

try {
  const cms = await prepareCms(cfg);
  stop = cms.directus.stop;
  cms.directus.process.on('exit', (code) => {
    console.error(`✗ Directus đã dừng / Directus exited (code ${code}); see ${cfg.dataDir}/directus.log`);
    process.exit(1);
  });
  console.log(`
✓ Sẵn sàng sau / ready in ${((Date.now() - t) / 1000).toFixed(0)} s

  CMS (Directus):  ${cfg.url}/admin
  Đăng nhập / login: ${cfg.adminEmail} / ${cfg.adminPassword}
                   (${cfg.adminPasswordSource === 'env' ? 'from DIRECTUS_ADMIN_PASSWORD' : `generated for this machine, kept in ${stateDir}/secrets.json; set DIRECTUS_ADMIN_PASSWORD to choose one`})
  Public API:      ${cfg.url}/items/datasets

Nhấn Ctrl-C để dừng / press Ctrl-C to stop.`);
} catch (err) {
  console.error(`✗ ${(err as Error).message}`);
  process.exit(1);
}
