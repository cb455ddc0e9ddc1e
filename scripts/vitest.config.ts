import { defineConfig } from 'vitest/config';

// Projects: fast unit tests, and the CMS integration tests run twice against a real Directus
// over HTTP, once on SQLite and once on PostgreSQL, each started by its global setup.
export default defineConfig({
  test: {
    root: new URL('..', import.meta.url).pathname,
    reporters: ['default'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{catalog-schema,cms,search,site,scripts}/**/__tests__/**/*.test.ts'],
          exclude: ['**/node_modules/**', '**/*.integration.test.ts'],
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
    ],
  },
});
