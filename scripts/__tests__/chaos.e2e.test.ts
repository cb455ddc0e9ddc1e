// Chaos under `npm start`: the whole portal started as an operator starts it (scripts/start.ts, on its
// own ports, with its state and build outside the project), then Meilisearch, Directus and the portal
// server are killed (SIGKILL) one after the other. Meanwhile the pages answer and search says it is
// unavailable; each service is back within 30 s (the bound of the hardening issue), with its index, and
// publishing works again after Directus. Ctrl-C then stops everything, and nothing is restarted.
import { updateItem } from '@directus/sdk';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../../cms/src/client.ts';
import { readSnapshot } from '../../domain/snapshot.ts';
import { projectRoot, settingNames, testPort } from '../../platform/config.ts';
import { answers } from '../../platform/service-process.ts';

const bound = 30_000;
const dir = mkdtempSync(path.join(os.tmpdir(), 'odp-chaos-'));
const ports = { site: testPort(14351), directus: testPort(18161), meili: testPort(17761) };
const portal = `http://127.0.0.1:${ports.site}`;
const cmsUrl = `http://127.0.0.1:${ports.directus}`;
const meiliUrl = `http://127.0.0.1:${ports.meili}`;
const searchPath = '/search/?q=giao+th%C3%B4ng';
const unavailable = 'Tìm kiếm tạm thời không hoạt động';
/** A result of the search page links to a dataset's own page. */
const resultLink = /href="\/datasets\/[a-z0-9-]+\/"/;

let start: ChildProcess;
let output = '';
let exited: Promise<number | null>;
const started = new Set<number>();
const measured: Record<string, number> = {};

/** The processes `npm start` runs now (its children), by what they are. */
function children(): { pid: number; what: 'meilisearch' | 'directus' | 'site' | 'other' }[] {
  const found: { pid: number; what: 'meilisearch' | 'directus' | 'site' | 'other' }[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'utf8');
      const [state, ppid] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(ppid) !== start.pid || state === 'Z') continue;
      const cmd = readFileSync(`/proc/${e}/cmdline`, 'utf8').split('\0');
      const what = cmd[0]!.endsWith('meilisearch')
        ? 'meilisearch'
        : cmd.some((a) => a.endsWith(path.join('directus', 'cli.js')))
          ? 'directus'
          : cmd.some((a) => a.endsWith('serve.mjs'))
            ? 'site'
            : 'other';
      found.push({ pid: Number(e), what });
    } catch {
      // Gone while being read.
    }
  }
  for (const c of found) started.add(c.pid);
  return found;
}

function only(what: 'meilisearch' | 'directus' | 'site'): number {
  const found = children().filter((c) => c.what === what);
  expect(found, `${what} processes of npm start`).toHaveLength(1);
  return found[0]!.pid;
}

function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** Polls `check` until it is true; fails, with the end of npm start's output, after `timeoutMs`. */
async function until(what: string, check: () => Promise<boolean> | boolean, timeoutMs: number): Promise<void> {
  const t = Date.now();
  for (;;) {
    if (await check()) return;
    if (Date.now() - t > timeoutMs) throw new Error(`${what}: not after ${timeoutMs / 1000} s\n--- npm start ---\n${output.split('\n').slice(-40).join('\n')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const page = async (p: string) => {
  const res = await fetch(`${portal}${p}`, { signal: AbortSignal.timeout(10_000) });
  return { status: res.status, html: await res.text() };
};
const searchAnswers = async () => {
  const r = await page(searchPath).catch(() => undefined);
  return r?.status === 200 && resultLink.test(r.html) && !r.html.includes(unavailable);
};
const secrets = () => JSON.parse(readFileSync(path.join(dir, 'secrets.json'), 'utf8')) as { adminPassword: string; meiliMasterKey: string };

beforeAll(async () => {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const n of settingNames) delete env[n];
  Object.assign(env, {
    ODP_STATE_DIR: dir,
    PORT: String(ports.site),
    DIRECTUS_PORT: String(ports.directus),
    MEILI_PORT: String(ports.meili),
    ODP_HEALTH_INTERVAL: '0',
    ODP_CHECK_LINKS: '0',
    ODP_RATE_LIMIT: '0',
    // A first wait of 2 s leaves time to see each service down; the 30 s bound holds all the same.
    ODP_RESTART_DELAY: '2',
  });
  start = spawn(process.execPath, [path.join(projectRoot, 'scripts', 'start.ts')], { cwd: projectRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  start.stdout!.on('data', (b: Buffer) => (output += b.toString()));
  start.stderr!.on('data', (b: Buffer) => (output += b.toString()));
  exited = new Promise((resolve) => start.on('exit', (code) => resolve(code)));
  let gone = false;
  void exited.then(() => (gone = true));
  await until(
    'npm start ready',
    () => {
      if (gone) throw new Error(`npm start stopped:\n${output}`);
      return output.includes('✓ Sẵn sàng');
    },
    480_000,
  );
  children();
}, 500_000);

afterAll(async () => {
  if (start.exitCode === null && start.signalCode === null) {
    start.kill('SIGINT');
    await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
  }
  // Anything the run left behind, by the ids seen (never by name).
  for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
  console.log(
    `[chaos] back after: ${Object.entries(measured)
      .map(([k, v]) => `${k} ${(v / 1000).toFixed(1)} s`)
      .join(', ')}`,
  );
  console.log(
    output
      .split('\n')
      .filter((l) => /stopped \(|is back after|is missing|Publish|stopping/.test(l))
      .map((l) => `[chaos] ${l}`)
      .join('\n'),
  );
  rmSync(dir, { recursive: true, force: true });
}, 60_000);

describe('npm start survives a service that stops', () => {
  it('Meilisearch killed: pages answer and search says it is unavailable; it is back with its index within 30 s', async () => {
    const pid = only('meilisearch');
    const t = Date.now();
    process.kill(pid, 'SIGKILL');
    await until('Meilisearch down', async () => !(await answers(`${meiliUrl}/health`)), 5000);
    for (const p of ['/', '/datasets/', '/en/']) expect((await page(p)).status, p).toBe(200);
    const down = await page(searchPath);
    expect(down.status).toBe(200);
    expect(down.html).toContain(unavailable);
    await until('search answers results again', searchAnswers, bound - (Date.now() - t));
    measured.meilisearch = Date.now() - t;
    expect(only('meilisearch')).not.toBe(pid);
    expect(output).toMatch(/Meilisearch stopped \(signal SIGKILL\); restart 1 in 2 s/);
    // Said once its keys and index are checked, which may be just after search answers.
    await until('the restart reported', () => /Meilisearch is back after [\d.]+ s \(restart 1\)/.test(output), 10_000);
    // Its data folder persisted: nothing had to be indexed again.
    expect(output).not.toMatch(/the search index "datasets" is missing/);
  }, 60_000);

  it('Meilisearch back without its index: the index is made again from the live snapshot', async () => {
    const auth = { Authorization: `Bearer ${secrets().meiliMasterKey}` };
    await fetch(`${meiliUrl}/indexes/datasets`, { method: 'DELETE', headers: auth });
    await until('index deleted', async () => (await fetch(`${meiliUrl}/indexes/datasets`, { headers: auth })).status === 404, 10_000);
    expect(await searchAnswers()).toBe(false);
    const t = Date.now();
    process.kill(only('meilisearch'), 'SIGKILL');
    await until('search answers results again', searchAnswers, bound);
    measured['meilisearch (index made again)'] = Date.now() - t;
    expect(output).toMatch(/the search index "datasets" is missing; indexing again from /);
  }, 60_000);

  it('Directus killed: pages and search answer; the CMS is back within 30 s; sign-in and publishing to live work again', async () => {
    const pid = only('directus');
    const t = Date.now();
    process.kill(pid, 'SIGKILL');
    await until('Directus down', async () => !(await answers(`${cmsUrl}/server/ping`)), 5000);
    for (const p of ['/', '/datasets/', '/en/datasets/']) expect((await page(p)).status, p).toBe(200);
    expect(await searchAnswers()).toBe(true);
    await until('Directus answers again', () => answers(`${cmsUrl}/server/ping`), bound - (Date.now() - t));
    measured.directus = Date.now() - t;
    expect(only('directus')).not.toBe(pid);
    expect(output).toMatch(/Directus stopped \(signal SIGKILL\); restart 1 in 2 s/);

    // The restarted CMS has the hook with the same publish endpoint and secret: a change to a
    // published dataset goes live.
    const admin = await signIn(cmsUrl, 'admin@example.com', secrets().adminPassword);
    const live = readSnapshot(path.join(dir, 'catalog', 'snapshot.json')).datasets[0]!;
    const marker = `${live.title.vi} (sau sự cố)`;
    await admin.request(updateItem('datasets', live.id, { title: { ...live.title, vi: marker } } as never));
    await until('the change is live', async () => (await page(`/datasets/${live.id}/`)).html.includes(marker), 240_000);
  }, 300_000);

  it('the portal server killed: the front server stays up and the portal is back within 30 s', async () => {
    // After the publish the previous build's server retires within seconds; then one runs.
    await until('one portal server', () => children().filter((c) => c.what === 'site').length === 1, 20_000);
    const pid = only('site');
    const t = Date.now();
    process.kill(pid, 'SIGKILL');
    await until('portal server down', async () => (await page('/')).status === 502, 5000);
    await until('the portal answers again', async () => (await page('/').catch(() => ({ status: 0 }))).status === 200, bound);
    measured['portal server'] = Date.now() - t;
    expect(only('site')).not.toBe(pid);
    expect((await page(`/datasets/`)).status).toBe(200);
    expect(output).toMatch(/portal server stopped \(signal SIGKILL\); restart 1 in 2 s/);
  }, 60_000);

  it('Ctrl-C stops everything npm start started, and nothing is started again', async () => {
    const running = children().map((c) => c.pid);
    expect(running.length).toBeGreaterThanOrEqual(3);
    start.kill('SIGINT');
    expect(await exited).toBe(0);
    await until('every process stopped', () => running.every((pid) => !alive(pid)), 20_000);
    for (const url of [`${portal}/`, `${cmsUrl}/server/ping`, `${meiliUrl}/health`]) expect(await answers(url), url).toBe(false);
    const after = output.slice(output.indexOf('Đang dừng / stopping'));
    expect(after).not.toMatch(/restart \d+ in/);
    expect(existsSync(dir)).toBe(true);
  }, 60_000);
});
