// Bundles the Directus extensions in cms/extensions/*/src into their dist/ with esbuild, so that
// the hook runs the very same catalog-schema code (ajv validators included) as the rest of the project.
import { buildSync } from 'esbuild';
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { projectRoot } from '../../platform/config.ts';

export function buildExtensions(): string[] {
  const dir = path.join(projectRoot, 'cms', 'extensions');
  const built: string[] = [];
  for (const name of readdirSync(dir)) {
    const entry = path.join(dir, name, 'src', 'index.ts');
    if (!existsSync(entry)) continue;
    buildSync({
      entryPoints: [entry],
      outfile: path.join(dir, name, 'dist', 'index.js'),
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node22',
      logLevel: 'error',
      // ajv and friends are CommonJS; give them a require() inside the ESM bundle.
      banner: { js: "import { createRequire as __odpCreateRequire } from 'node:module'; const require = __odpCreateRequire(import.meta.url);" },
    });
    built.push(name);
  }
  return built;
}
