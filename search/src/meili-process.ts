// Starts the Meilisearch server shipped as an npm package, after checking the binary's checksum:
// the package is a community repackaging of the official v1.21.0 release, so the bytes are pinned.
import { createHash } from 'node:crypto';
import { chmodSync, createReadStream, existsSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { OdpError } from '../../catalog-schema/src/errors.ts';
import { projectRoot, systemEnv, type SearchConfig } from '../../platform/config.ts';
import { answers, startService, type ServiceProcess } from '../../platform/service-process.ts';

export const MEILI_VERSION = '1.21.0';
export const MEILI_SHA256 = '5354d854974433f8f903e59347c1c6a7f2ad947f21b3402a2cc01e07b1c952e0';
export const meiliBinary = path.join(projectRoot, 'node_modules', '@gaubee', 'meilisearch-linux-amd64', 'meilisearch');

export async function sha256File(file: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/** Throws unless the binary is present and has the pinned checksum. */
export async function verifyMeiliBinary(file = meiliBinary): Promise<void> {
  if (!existsSync(file)) {
    throw new OdpError(
      'MEILI_BINARY_MISSING',
      `Không thấy Meilisearch / Meilisearch binary not found at ${path.relative(projectRoot, file)}. Chạy lại / run again: npm start (it installs the locked dependencies).`,
    );
  }
  const sum = await sha256File(file);
  if (sum !== MEILI_SHA256) {
    throw new OdpError(
      'MEILI_CHECKSUM_MISMATCH',
      `Tệp Meilisearch sai mã kiểm tra / Meilisearch binary checksum mismatch: expected ${MEILI_SHA256}, got ${sum}. Không chạy tệp này / not starting it; reinstall with: rm -rf node_modules && npm start`,
    );
  }
  if ((statSync(file).mode & 0o111) === 0) chmodSync(file, 0o755);
}

export type RunningMeili = ServiceProcess;

export function isMeiliUp(url: string): Promise<boolean> {
  return answers(`${url}/health`);
}

/** Starts Meilisearch on cfg.host:cfg.port with its data in cfg.dataDir; resolves when /health answers. */
export async function startMeili(cfg: SearchConfig, { timeoutMs = 60_000, log = console.log } = {}): Promise<RunningMeili> {
  await verifyMeiliBinary();
  mkdirSync(cfg.dataDir, { recursive: true });
  const args = [
    '--db-path',
    path.join(cfg.dataDir, 'data.ms'),
    '--dump-dir',
    path.join(cfg.dataDir, 'dumps'),
    '--snapshot-dir',
    path.join(cfg.dataDir, 'snapshots'),
    '--http-addr',
    `${cfg.host}:${cfg.port}`,
    '--env',
    'production',
    '--no-analytics',
    '--log-level',
    cfg.logLevel,
  ];
  // The key goes through the environment, not argv, so it does not show in `ps`.
  const m = await startService({
    name: 'Meilisearch',
    code: 'MEILI',
    command: meiliBinary,
    args,
    cwd: cfg.dataDir,
    env: { ...systemEnv(), MEILI_MASTER_KEY: cfg.masterKey },
    logFile: meiliLogFile(cfg),
    url: cfg.url,
    ready: () => isMeiliUp(cfg.url),
    timeoutMs,
    pollMs: 150,
    killAfterMs: 5000,
  });
  log(`Meilisearch ${MEILI_VERSION} (sha256 verified) at ${cfg.url} in ${(m.startedInMs / 1000).toFixed(1)} s`);
  return m;
}

export function meiliLogFile(cfg: Pick<SearchConfig, 'dataDir'>): string {
  return path.join(cfg.dataDir, 'meilisearch.log');
}
