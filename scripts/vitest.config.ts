import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * End-to-end files share one portal. portal.e2e.test.ts publishes datasets (the live site is rebuilt
 * and swapped) and, for one test, leaves a record in the CMS invalid, so it runs after every other
 * file that reads the CMS or the live site.
 */
class CmsStopsLastSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const last = (f: TestSpecification) => f.moduleId.endsWith('portal.e2e.test.ts');
    return [...sorted.filter((f) => !last(f)), ...sorted.filter(last)];
  }
}

// Projects: fast unit tests; the CMS integration tests run twice against a real Directus over HTTP,
// once on SQLite and once on PostgreSQL; the end-to-end tests in Chromium against the whole portal
// (Directus, Meilisearch, built site). Each project starts its services in its global setup.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    reporters: ['default'],
    sequence: { sequencer: CmsStopsLastSequencer },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{catalog-schema,domain,platform,cms,search,pipeline,site,scripts}/**/__tests__/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.integration.test.ts', '**/*.e2e.test.ts', '**/*.search.test.ts'],
        },
      },
      ...(['sqlite', 'pg'] as const).map((db) => ({
        test: {
          name: `cms-${db}`,
          include: ['cms/__tests__/**/*.integration.test.ts'],
          globalSetup: [`cms/__tests__/setup/global-setup-${db}.ts`],
          testTimeout: 60_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      })),
      {
        test: {
          name: 'search',
          include: ['search/__tests__/**/*.search.test.ts'],
          globalSetup: ['search/__tests__/setup/global-setup-search.ts'],
          testTimeout: 30_000,
          hookTimeout: 120_000,
        },
      },
      {
        test: {
          name: 'harvest',
          include: ['pipeline/__tests__/**/*.integration.test.ts'],
          globalSetup: ['pipeline/__tests__/setup/global-setup-harvest.ts'],
          testTimeout: 60_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['site/__tests__/**/*.e2e.test.ts'],
          globalSetup: ['site/__tests__/setup/global-setup-e2e.ts'],
          testTimeout: 60_000,
          hookTimeout: 240_000,
          fileParallelism: false,
        },
      },
      {
        // Each file starts what it needs on its own ports and state folders outside the project:
        // `npm start` itself (killing its services one by one), two instances built and served side
        // by side. One file at a time, in turn with the other projects' one-at-a-time files, so never
        // beside an end-to-end test in Chromium.
        test: {
          name: 'stack',
          include: ['{scripts,pipeline}/__tests__/**/*.e2e.test.ts'],
          testTimeout: 300_000,
          hookTimeout: 600_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
