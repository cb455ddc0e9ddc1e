// Astro builds the portal from site/ into static pages, plus the few server routes (search without
// JavaScript) served by @astrojs/node. The catalog it renders comes from the snapshot the build
// pipeline writes first (scripts/build.ts); pages never call the CMS themselves.
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const outDir = process.env.ODP_SITE_OUT_DIR ?? './.state/site';

// The portal server with its security headers (site/serve.ts), bundled beside the adapter's entry.
let serverDir;
const portalServer = {
  name: 'odp-portal-server',
  hooks: {
    'astro:config:done': ({ config }) => {
      serverDir = config.build.server;
    },
    'astro:build:done': async ({ logger }) => {
      const outfile = fileURLToPath(new URL('./serve.mjs', serverDir));
      await build({ entryPoints: [fileURLToPath(new URL('./site/serve.ts', import.meta.url))], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node22', logLevel: 'warning' });
      logger.info(`portal server → ${outfile}`);
    },
  },
};

export default defineConfig({
  site: process.env.ODP_SITE_URL ?? 'http://127.0.0.1:4321',
  srcDir: './site/src',
  publicDir: './public',
  outDir,
  cacheDir: './.state/astro-cache',
  trailingSlash: 'ignore',
  output: 'static',
  adapter: node({ mode: 'standalone' }),
  integrations: [portalServer],
  // No sessions: the portal keeps no per-visitor state.
  session: false,
  build: { format: 'directory', inlineStylesheets: 'never' },
  compressHTML: true,
  devToolbar: { enabled: false },
  server: { host: '127.0.0.1', port: 4321 },
  vite: { build: { assetsInlineLimit: 0 } },
});
