// `npm test`: every test of the project, with the services they need really started.
//   npm test                 all projects
//   npm test -- unit         unit tests only (no services)
//   npm test -- integration  CMS tests against Directus on SQLite and PostgreSQL; harvesting
//   npm test -- search       the Vietnamese relevance suite against a real Meilisearch
//   npm test -- e2e          the whole portal in Chromium (Directus, Meilisearch, built site)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { findPostgresBin } from '../cms/src/postgres.ts';
import { projectRoot, stateDir } from '../platform/config.ts';
import { chromiumPath } from '../site/__tests__/e2e/browser.ts';
import { aptInstall } from '../platform/system-packages.ts';

const started = Date.now();
const log = (m: string) => console.log(`[test ${((Date.now() - started) / 1000).toFixed(0)}s] ${m}`);
const which = process.argv[2] ?? 'all';
const ci = process.env.CI === 'true' || process.env.CI === '1';

const projects: string[] = [];
if (which === 'all' || which === 'unit') projects.push('unit');
if (which === 'all' || which === 'search') projects.push('search');
if (which === 'all' || which === 'integration') {
  projects.push('cms-sqlite', 'harvest');
  if (!findPostgresBin()) aptInstall(['postgresql'], 'CMS tests on PostgreSQL', log);
  if (findPostgresBin()) projects.push('cms-pg');
  else if (ci) {
    console.error('✗ PostgreSQL là bắt buộc trong CI / PostgreSQL is required in CI and could not be installed.');
    process.exit(1);
  } else log('! PostgreSQL không có: bỏ qua lượt kiểm thử trên PostgreSQL / PostgreSQL missing: the PostgreSQL run is SKIPPED.');
}
if (which === 'all' || which === 'e2e') {
  if (!existsSync(chromiumPath)) aptInstall(['chromium'], 'end-to-end tests in a real browser', log);
  if (existsSync(chromiumPath)) projects.push('e2e');
  else if (ci) {
    console.error(`✗ Chromium là bắt buộc trong CI / Chromium is required in CI and could not be installed (${chromiumPath}).`);
    process.exit(1);
  } else log(`! Chromium không có: bỏ qua kiểm thử đầu-cuối / Chromium missing at ${chromiumPath}: the end-to-end tests are SKIPPED.`);
}
if (!projects.length) {
  console.error(`✗ Không rõ nhóm kiểm thử "${which}" / unknown test group "${which}" (all, unit, search, integration, e2e).`);
  process.exit(2);
}

mkdirSync(stateDir, { recursive: true });
const results = path.join(stateDir, 'test-results.json');
log(`vitest: ${projects.join(', ')}`);
const r = spawnSync(
  process.execPath,
  [path.join(projectRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', '--config', 'scripts/vitest.config.ts', ...projects.flatMap((p) => ['--project', p]), '--reporter=default', '--reporter=json', `--outputFile.json=${results}`],
  { cwd: projectRoot, stdio: 'inherit', env: { ...process.env, FORCE_COLOR: process.env.FORCE_COLOR ?? (ci ? '0' : '1') } },
);
if (existsSync(results)) {
  const j = JSON.parse(readFileSync(results, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number };
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`tests: ${j.numPassedTests} passed, ${j.numFailedTests} failed, ${j.numPendingTests} skipped`);
}
process.exit(r.status ?? 1);
