// Two instances side by side (staging and live): each with its own state folder and an output folder
// outside the project, built at the same time with `npm run build` from the demo catalog's snapshot,
// each served by `node <outDir>/server/serve.mjs` started from outside the project.
//
// Regression: with ODP_SITE_OUT_DIR outside the repository the build failed ("Cannot find package
// 'piccolore'" from the prerender entry: the built code resolves packages from its own folder
// upwards), and Astro's cache was one folder inside the repository for every instance.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSnapshot } from '../../domain/snapshot.ts';
import { projectRoot, settingNames, testPort } from '../../platform/config.ts';
import { answers, startService, type ServiceProcess } from '../../platform/service-process.ts';
import { seedSnapshot } from '../seed-snapshot.ts';

const snapshot = seedSnapshot();
const datasetId = snapshot.datasets[0]!.id;

const instances = (['staging', 'live'] as const).map((name, i) => {
  const root = mkdtempSync(path.join(os.tmpdir(), `odp-${name}-`));
  return {
    name,
    root,
    stateDir: path.join(root, 'state'),
    outDir: path.join(root, 'www', 'site'),
    port: testPort(14361 + i),
    siteUrl: `https://${name}.example.gov.vn`,
    server: undefined as ServiceProcess | undefined,
  };
});

/** This environment without any of the project's settings: each instance gets only its own. */
function cleanEnv(): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...process.env };
  for (const n of settingNames) delete env[n];
  return env;
}

/** `npm run build` for one instance; resolves with its exit code and output. */
function build(i: (typeof instances)[number]): Promise<{ code: number | null; output: string }> {
  const child = spawn(process.execPath, [path.join(projectRoot, 'scripts', 'build.ts')], {
    cwd: projectRoot,
    env: {
      ...cleanEnv(),
      ODP_STATE_DIR: i.stateDir,
      ODP_SITE_OUT_DIR: i.outDir,
      ODP_SITE_URL: i.siteUrl,
      // No CMS answers there: the build uses the instance's last snapshot, as it says.
      DIRECTUS_PORT: String(testPort(18198)),
      ODP_CHECK_LINKS: '0',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (b: Buffer) => (output += b.toString()));
  child.stderr.on('data', (b: Buffer) => (output += b.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, output })));
}

beforeAll(async () => {
  for (const i of instances) writeSnapshot(path.join(i.stateDir, 'catalog', 'snapshot.json'), snapshot);
  const results = await Promise.all(instances.map(build));
  for (const [n, r] of results.entries()) expect(r.code, `${instances[n]!.name}:\n${r.output}`).toBe(0);
  for (const r of results) expect(r.output).toMatch(/Danh mục \/ catalog: from the snapshot/);
  // Both servers at once, each started as the README's deployment section says, from outside the project.
  await Promise.all(
    instances.map(async (i) => {
      const url = `http://127.0.0.1:${i.port}`;
      i.server = await startService({
        name: `portal server (${i.name})`,
        code: 'SITE',
        command: process.execPath,
        args: [path.join(i.outDir, 'server', 'serve.mjs')],
        cwd: os.tmpdir(),
        env: { ...cleanEnv(), HOST: '127.0.0.1', PORT: String(i.port), ODP_STATE_DIR: i.stateDir, ODP_USAGE: '0' },
        logFile: path.join(i.stateDir, 'site-server.log'),
        url,
        ready: () => answers(`${url}/`),
        timeoutMs: 30_000,
      });
    }),
  );
}, 600_000);

afterAll(async () => {
  await Promise.all(instances.flatMap((i) => (i.server ? [i.server.stop()] : [])));
  for (const i of instances) rmSync(i.root, { recursive: true, force: true });
});

describe('two instances with their own state and output folders outside the project', () => {
  for (const n of [0, 1]) {
    it(`${n ? 'live' : 'staging'}: its server answers its pages, built with its own address`, async () => {
      const i = instances[n]!;
      const other = instances[1 - n]!;
      for (const p of ['/', `/datasets/${datasetId}/`, '/en/datasets/']) {
        const res = await fetch(`http://127.0.0.1:${i.port}${p}`);
        expect(res.status, p).toBe(200);
        const html = await res.text();
        expect(html, p).toContain(`<link rel="canonical" href="${i.siteUrl}${p}"`);
        expect(html, p).not.toContain(other.siteUrl);
      }
      // The server route answers too (no Meilisearch configured for it: search says so).
      const search = await fetch(`http://127.0.0.1:${i.port}/search/?q=giao+th%C3%B4ng`);
      expect(search.status).toBe(200);
      expect(await search.text()).toContain('Tìm kiếm tạm thời không hoạt động');
    });
  }

  it("each instance keeps Astro's cache in its own state folder", () => {
    for (const i of instances) expect(existsSync(path.join(i.stateDir, 'astro-cache')), i.name).toBe(true);
  });
});
