// Installs Debian packages the tests need (PostgreSQL, Chromium) when they are missing. Only as
// root (CI and the project's machines); elsewhere it says what to install.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { inheritedEnv } from './config.ts';

let updated = false;

export function aptInstall(packages: string[], why: string, log = console.log): boolean {
  const root = process.getuid?.() === 0;
  if (!root || !existsSync('/usr/bin/apt-get')) {
    log(`! Thiếu / missing: ${packages.join(' ')} (${why}). Cài bằng / install with: sudo apt-get install -y ${packages.join(' ')}`);
    return false;
  }
  const env = inheritedEnv({ DEBIAN_FRONTEND: 'noninteractive' });
  const t = Date.now();
  if (!updated) {
    log('apt-get update…');
    spawnSync('apt-get', ['update', '-q'], { stdio: ['ignore', 'ignore', 'inherit'], env });
    updated = true;
  }
  log(`apt-get install ${packages.join(' ')} (${why})…`);
  const r = spawnSync('apt-get', ['install', '-y', '-q', '--no-install-recommends', ...packages], { stdio: ['ignore', 'ignore', 'inherit'], env });
  log(`apt-get install ${packages.join(' ')}: ${r.status === 0 ? 'done' : 'FAILED'} in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  return r.status === 0;
}
