// `npm test`: the static checks, then every test of the project, with the services they need really started.
//   npm test                 checks, then all test groups
//   npm test -- checks       the static checks only: tsc, astro check, ESLint, Prettier, dependency-cruiser
//   npm test -- unit         unit tests only (no services)
//   npm test -- integration  CMS tests against Directus on SQLite and PostgreSQL; harvesting
//   npm test -- search       the Vietnamese relevance suite against a real Meilisearch
//   npm test -- e2e          the whole portal in Chromium (Directus, Meilisearch, built site)
// Several groups may be named at once (`npm test -- checks unit`). The last line is always
// `tests: N passed, N failed, N skipped` when tests ran (CI reads it); the tests of a group that could
// not run (PostgreSQL or Chromium missing) count as skipped, and under CI=true they fail the run.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import path from 'node:path';
import { stripVTControlCharacters } from 'node:util';
import { findPostgresBin } from '../cms/src/postgres.ts';
import { inheritedEnv, projectRoot, stateDir, testConfig } from '../platform/config.ts';
import { aptInstall } from '../platform/system-packages.ts';

const started = Date.now();
const seconds = (since: number) => ((Date.now() - since) / 1000).toFixed(0);
const log = (m: string) => console.log(`[test ${seconds(started)}s] ${m}`);
const { ci, chromiumPath, forceColor } = testConfig();

const groupNames = ['checks', 'unit', 'search', 'integration', 'e2e'] as const;
type GroupName = (typeof groupNames)[number];
const isGroup = (g: string): g is GroupName => (groupNames as readonly string[]).includes(g);
const asked = process.argv.slice(2);
const unknown = asked.filter((g) => g !== 'all' && !isGroup(g));
if (unknown.length) {
  console.error(`✗ Không rõ nhóm kiểm thử "${unknown.join(', ')}" / unknown test group "${unknown.join(', ')}" (all, ${groupNames.join(', ')}).`);
  process.exit(2);
}
const wanted = new Set<GroupName>(!asked.length || asked.includes('all') ? groupNames : asked.filter(isGroup));

const node = (script: string, ...args: string[]) => [process.execPath, path.join(projectRoot, script), ...args];

// ---------------------------------------------------------------------------------------------
// Static checks. Each runs as its own process; its output is shown only when it fails, and it
// prints one line either way.

interface CheckResult {
  ok: boolean;
  summary: string;
}
interface Check {
  name: string;
  command: string[];
  /** Reads the counts from the tool's output; `ok` is the exit status. */
  summarize(output: string, ok: boolean): string;
}

// The folders whose imports dependency-cruiser checks (the same list as `npm run deps:check`).
const layers = ['catalog-schema', 'domain', 'platform', 'cms', 'search', 'pipeline', 'site', 'scripts'];
const count = (output: string, re: RegExp) => Number(re.exec(output)?.[1] ?? 0);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

const checks: Check[] = [
  {
    name: 'tsc',
    command: node('scripts/typecheck.ts'),
    summarize: (out) => plural((out.match(/error TS\d+/g) ?? []).length, 'error'),
  },
  {
    name: 'astro check',
    command: node('node_modules/astro/bin/astro.mjs', 'check', '--tsconfig', 'site/tsconfig.json', '--minimumFailingSeverity', 'warning'),
    summarize: (out) =>
      `${plural(count(out, /Result \((\d+) files?\)/), 'file')}, ${plural(count(out, /- (\d+) errors?/), 'error')}, ${plural(count(out, /- (\d+) warnings?/), 'warning')}, ${plural(count(out, /- (\d+) hints?/), 'hint')}`,
  },
  {
    name: 'ESLint',
    command: node('node_modules/eslint/bin/eslint.js', '.', '--max-warnings', '0'),
    summarize: (out) => `${plural(count(out, /\((\d+) errors?,/), 'error')}, ${plural(count(out, /, (\d+) warnings?\)/), 'warning')}`,
  },
  {
    name: 'Prettier',
    command: node('node_modules/prettier/bin/prettier.cjs', '--check', '.'),
    summarize: (out, ok) => (ok ? 'every file formatted' : `${plural(count(out, /issues found in (\d+) files?/) || 1, 'file')} not formatted (npm run format)`),
  },
  {
    name: 'dependency-cruiser',
    command: node('node_modules/dependency-cruiser/bin/dependency-cruiser.mjs', '--config', '.dependency-cruiser.cjs', ...layers),
    summarize: (out) => {
      const modules = count(out, /(\d+) modules/);
      const deps = count(out, /(\d+) dependencies cruised/);
      return `${plural(count(out, /(\d+) dependency violations/), 'violation')} (${modules} modules, ${deps} dependencies)`;
    },
  },
];

function runCheck(c: Check): Promise<CheckResult & { output: string; seconds: string }> {
  const t = Date.now();
  return new Promise((resolve) => {
    const [cmd, ...args] = c.command as [string, ...string[]];
    const child = spawn(cmd, args, { cwd: projectRoot, env: inheritedEnv({ FORCE_COLOR: '0' }), stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString()));
    child.stderr.on('data', (b: Buffer) => (output += b.toString()));
    child.on('error', (e) => resolve({ ok: false, summary: `could not start: ${e.message}`, output, seconds: seconds(t) }));
    child.on('close', (status, signal) => {
      const ok = status === 0;
      // Colours are off, but some tools print them anyway.
      const plain = stripVTControlCharacters(output);
      resolve({ ok, summary: c.summarize(plain, ok) + (ok ? '' : `; exit ${status ?? signal}`), output: plain, seconds: seconds(t) });
    });
  });
}

/** Runs the checks a few at a time (they are CPU-bound) and prints each line in a fixed order. */
async function runChecks(): Promise<{ passed: number; failed: number }> {
  log(`checks: ${checks.map((c) => c.name).join(', ')}`);
  const results: ReturnType<typeof runCheck>[] = [];
  const slots = Math.max(1, Math.min(3, availableParallelism()));
  const running = new Set<Promise<unknown>>();
  for (const c of checks) {
    while (running.size >= slots) await Promise.race(running);
    const p = runCheck(c);
    results.push(p);
    const tracked: Promise<unknown> = p.then(() => running.delete(tracked));
    running.add(tracked);
  }
  let passed = 0;
  let failed = 0;
  for (const [i, p] of results.entries()) {
    const r = await p;
    const c = checks[i]!;
    if (r.ok) passed++;
    else {
      failed++;
      console.log(`\n── ${c.name} ──\n${r.output.trimEnd()}\n`);
    }
    console.log(`${r.ok ? '✓' : '✗'} ${c.name}: ${r.summary} (${r.seconds} s)`);
  }
  console.log(`checks: ${passed} passed, ${failed} failed`);
  return { passed, failed };
}

// ---------------------------------------------------------------------------------------------
// Test groups (vitest projects). A group whose system package is missing is skipped; its tests
// are counted as skipped, and in CI the run fails.

const projects: string[] = [];
const skippedProjects: { project: string; why: string }[] = [];
if (wanted.has('unit')) projects.push('unit');
if (wanted.has('search')) projects.push('search');
if (wanted.has('integration')) {
  projects.push('cms-sqlite', 'harvest');
  if (!findPostgresBin()) aptInstall(['postgresql'], 'CMS tests on PostgreSQL', log);
  if (findPostgresBin()) projects.push('cms-pg');
  else {
    skippedProjects.push({ project: 'cms-pg', why: 'PostgreSQL không có / PostgreSQL missing' });
    log('! PostgreSQL không có: bỏ qua lượt kiểm thử trên PostgreSQL / PostgreSQL missing: the PostgreSQL run is SKIPPED.');
  }
}
if (wanted.has('e2e')) {
  // Whole portals of their own, without a browser: npm start under chaos, two instances side by side.
  projects.push('stack');
  if (!existsSync(chromiumPath)) aptInstall(['chromium'], 'end-to-end tests in a real browser', log);
  if (existsSync(chromiumPath)) projects.push('e2e');
  else {
    skippedProjects.push({ project: 'e2e', why: `Chromium không có / Chromium missing at ${chromiumPath}` });
    log(`! Chromium không có: bỏ qua kiểm thử đầu-cuối / Chromium missing at ${chromiumPath}: the end-to-end tests are SKIPPED.`);
  }
}

const vitest = path.join(projectRoot, 'node_modules', 'vitest', 'vitest.mjs');
const vitestArgs = (ps: string[]) => ['--config', 'scripts/vitest.config.ts', ...ps.flatMap((p) => ['--project', p])];

/** How many tests the skipped projects hold, read from their files without running them (no global setup). */
function countTests(ps: string[]): number {
  if (!ps.length) return 0;
  const out = path.join(stateDir, 'test-list.json');
  rmSync(out, { force: true });
  spawnSync(process.execPath, [vitest, 'list', ...vitestArgs(ps), `--json=${out}`], { cwd: projectRoot, stdio: 'ignore' });
  if (!existsSync(out)) return ps.length; // at least one test a group
  return (JSON.parse(readFileSync(out, 'utf8')) as unknown[]).length;
}

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests?: number;
}

function runTests(): { passed: number; failed: number; skipped: number; ok: boolean } {
  mkdirSync(stateDir, { recursive: true });
  const skippedByGroup = countTests(skippedProjects.map((s) => s.project));
  if (!projects.length) return { passed: 0, failed: 0, skipped: skippedByGroup, ok: true };
  const results = path.join(stateDir, 'test-results.json');
  rmSync(results, { force: true });
  log(`vitest: ${projects.join(', ')}`);
  const r = spawnSync(process.execPath, [vitest, 'run', ...vitestArgs(projects), '--reporter=default', '--reporter=json', `--outputFile.json=${results}`], {
    cwd: projectRoot,
    stdio: 'inherit',
    env: inheritedEnv({ FORCE_COLOR: forceColor }),
  });
  if (!existsSync(results)) {
    console.error(`✗ vitest dừng mà không có kết quả / vitest ended without results (exit ${r.status ?? r.signal}).`);
    return { passed: 0, failed: 1, skipped: skippedByGroup, ok: false };
  }
  const j = JSON.parse(readFileSync(results, 'utf8')) as VitestJson;
  return { passed: j.numPassedTests, failed: j.numFailedTests, skipped: j.numPendingTests + (j.numTodoTests ?? 0) + skippedByGroup, ok: r.status === 0 };
}

let failed = false;
if (wanted.has('checks')) {
  const c = await runChecks();
  if (c.failed) failed = true;
}
if (projects.length || skippedProjects.length) {
  const t = runTests();
  if (!t.ok) failed = true;
  if (skippedProjects.length) {
    const list = skippedProjects.map((s) => `${s.project} (${s.why})`).join('; ');
    if (ci) {
      console.error(`✗ CI: không được bỏ qua nhóm kiểm thử nào / no test group may be skipped in CI: ${list}.`);
      failed = true;
    } else log(`! Bỏ qua / skipped: ${list}.`);
  }
  log(`done in ${seconds(started)} s`);
  console.log(`tests: ${t.passed} passed, ${t.failed} failed, ${t.skipped} skipped`);
} else log(`done in ${seconds(started)} s`);
process.exit(failed ? 1 : 0);
