// Astro builds the portal from site/ into static pages, plus the few server routes (search without
// JavaScript) served by @astrojs/node. The catalog it renders comes from the snapshot the build
// pipeline writes first (scripts/build.ts); pages never call the CMS themselves.
import node from '@astrojs/node';
import { defineConfig } from 'astro/config';
import { build } from 'esbuild';
import { lstatSync, mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
// Node runs the configuration natively (type stripping), so the one configuration module applies here too.
import { buildConfig, siteConfig } from './platform/config.ts';

const { outDir, siteUrl, publicDir, astroCacheDir, render } = buildConfig();
const dev = siteConfig();

/**
 * The built server (server/entry.mjs, and the prerender entry Astro runs during the build) imports the
 * project's packages by name, and Node looks for them in the node_modules folders above the importing
 * file. An output folder outside the project (ODP_SITE_OUT_DIR elsewhere: a second instance, staging
 * beside live) has none above it, and the build failed ("Cannot find package 'piccolore'"). A link
 * <outDir>/node_modules → the project's node_modules puts them where Node looks, for the build and for
 * `node <outDir>/server/serve.mjs` afterwards, on the machine that has the project (the deployment
 * the README describes). Not chosen: bundling every package into the server (several are CommonJS
 * with dynamic requires, and every build would take longer), or building inside the project and
 * moving the result (the moved server would still not find its packages). Only client/ is served, so
 * the link is never sent to anyone; a folder inside the project needs no link.
 */
function linkPackages(outDir, root) {
  const rel = path.relative(root, outDir);
  if (!rel.startsWith('..') && !path.isAbsolute(rel)) return;
  const target = path.join(root, 'node_modules');
  const link = path.join(outDir, 'node_modules');
  const found = lstatSync(link, { throwIfNoEntry: false });
  if (found && !found.isSymbolicLink()) return; // a folder of the operator's own
  if (found && readlinkSync(link) === target) return;
  if (found) rmSync(link);
  mkdirSync(outDir, { recursive: true });
  symlinkSync(target, link, 'dir');
}

// The portal server with its security headers (site/serve.ts), bundled beside the adapter's entry.
let serverDir;
let builtInto;
let root;
const portalServer = {
  name: 'odp-portal-server',
  hooks: {
    'astro:config:done': ({ config }) => {
      serverDir = config.build.server;
      builtInto = fileURLToPath(config.outDir);
      root = fileURLToPath(config.root);
    },
    // After Astro emptied the output folder and before any of the built code runs.
    'astro:build:setup': () => linkPackages(builtInto, root),
    // The renderer of incremental publishing: the same pages, each rendered when asked for
    // (site/src/lib/routes.ts finds a page's props in the list its getStaticPaths gives).
    'astro:route:setup': ({ route }) => {
      if (render === 'on-demand') route.prerender = false;
    },
    'astro:build:done': async ({ logger }) => {
      const outfile = fileURLToPath(new URL('./serve.mjs', serverDir));
      await build({ entryPoints: [fileURLToPath(new URL('./site/serve.ts', import.meta.url))], outfile, bundle: true, platform: 'node', format: 'esm', target: 'node22', logLevel: 'warning' });
      logger.info(`portal server → ${outfile}`);
    },
  },
};

export default defineConfig({
  site: siteUrl,
  srcDir: './site/src',
  publicDir,
  outDir,
  cacheDir: astroCacheDir,
  trailingSlash: 'ignore',
  output: 'static',
  adapter: node({ mode: 'standalone' }),
  integrations: [portalServer],
  // No sessions: the portal keeps no per-visitor state.
  session: false,
  build: { format: 'directory', inlineStylesheets: 'never' },
  compressHTML: true,
  devToolbar: { enabled: false },
  server: { host: dev.host, port: dev.port },
  vite: { build: { assetsInlineLimit: 0 } },
});
