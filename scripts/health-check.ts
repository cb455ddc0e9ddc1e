// `npm run health:check`: one pass of the health monitor over the public services of the last
// catalog snapshot; the status pages show it at the next build, and at once where the site is served
// (the live summary in <site>/client/status/health.json).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { healthConfig, healthFileFor, siteConfig } from '../platform/config.ts';
import { readSnapshot } from '../domain/snapshot.ts';
import { formatAvailability, healthByService, readHealthLog } from '../domain/health.ts';
import { healthTargets, liveStatusFile, runHealthPass, writeLiveStatus } from '../pipeline/health-monitor.ts';

const site = siteConfig();
const { snapshotFile } = site;
const { timeoutMs } = healthConfig();
try {
  const snapshot = readSnapshot(snapshotFile);
  const targets = healthTargets(snapshot.dataServices);
  const file = healthFileFor(snapshotFile);
  console.log(`Kiểm tra / checking ${targets.length} public services (time limit ${timeoutMs / 1000} s each)…`);
  await runHealthPass(targets, { file, timeoutMs, log: console.log });
  const health = healthByService(readHealthLog(file));
  for (const t of targets) {
    const h = health.get(t.service);
    const last = h?.last;
    console.log(
      `  ${last?.ok ? '✓' : '✗'} ${t.service.padEnd(32)} ${last?.ok ? `${String(last.latencyMs).padStart(5)} ms` : (last?.error ?? '').padEnd(8)}  24 h ${formatAvailability(h?.availability24h, 'en').padStart(6)}  30 d ${formatAvailability(h?.availability30d, 'en').padStart(6)}`,
    );
  }
  if (existsSync(path.join(site.outDir, 'client'))) writeLiveStatus(file, liveStatusFile(site.outDir));
  console.log(`Nhật ký / log: ${path.relative(process.cwd(), file)}`);
} catch (err) {
  console.error(`✗ ${(err as Error).message}`);
  process.exit(1);
}
