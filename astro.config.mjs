// Astro builds the portal from site/ into static pages, plus the few server routes (search without
// JavaScript) served by @astrojs/node. The catalog it renders comes from the snapshot the build
// pipeline writes first (scripts/build.ts); pages never call the CMS themselves.
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';

const outDir = process.env.ODP_SITE_OUT_DIR ?? './.state/site';

export default defineConfig({
  site: process.env.ODP_SITE_URL ?? 'http://127.0.0.1:4321',
  srcDir: './site/src',
  publicDir: './public',
  outDir,
  cacheDir: './.state/astro-cache',
  trailingSlash: 'ignore',
  output: 'static',
  adapter: node({ mode: 'standalone' }),
  // No sessions: the portal keeps no per-visitor state.
  session: false,
  build: { format: 'directory', inlineStylesheets: 'never' },
  compressHTML: true,
  devToolbar: { enabled: false },
  server: { host: '127.0.0.1', port: 4321 },
  vite: { build: { assetsInlineLimit: 0 } },
});
