// Bundles the Directus extensions in cms/extensions/*/src into their dist/ with esbuild, so that
// the hook runs the very same catalog-schema code (ajv validators included) as the rest of the project.
// The layers say what the CMS may carry (README, "Architecture"): a bundle that would hold code of the
// portal, the pipeline or the command line is refused, and nothing is written.
// App extensions (the Data Studio's interfaces) are bundled for the browser the way `directus-extension
// build` does it: Vue and the extension SDK stay imports, which Directus points at the app's own copies
// (APP_SHARED_DEPS) when it serves the extensions; the components are plain TypeScript render functions,
// so no Vue single-file component needs compiling.
import { APP_SHARED_DEPS } from '@directus/extensions';
import { buildSync } from 'esbuild';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OdpError } from '../../catalog-schema/src/errors.ts';
import { projectRoot } from '../../platform/config.ts';

/** Top-level folders whose code never goes into the CMS. */
export const foreignFolders = ['site', 'pipeline', 'scripts'] as const;

/** The inputs, as paths from the project root, that lie under one of `foreignFolders`. */
export function foreignInputs(inputs: readonly string[]): string[] {
  return inputs.filter((input) => (foreignFolders as readonly string[]).includes(input.split('/')[0]!));
}

export interface BuiltExtension {
  outfile: string;
  /** Every file the bundle was made from, as a path from the project root ("domain/pii-scan.ts", "node_modules/ajv/…"). */
  inputs: string[];
}

/** Where an extension runs: in the API server (hooks, endpoints) or in the Data Studio (interfaces, displays). */
export type ExtensionSide = 'api' | 'app';

const appTypes = new Set(['interface', 'display', 'layout', 'module', 'panel', 'theme']);

/** The side of the extension in `dir`, from the type its package.json declares. */
export function extensionSide(dir: string): ExtensionSide {
  const pkg = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { 'directus:extension'?: { type?: string } };
  return appTypes.has(pkg['directus:extension']?.type ?? '') ? 'app' : 'api';
}

/** Bundles one extension's entry into `outfile`; throws EXTENSION_BUNDLE_LAYERS, writing nothing, when it would carry foreign code. */
export function bundleExtension(entry: string, outfile: string, side: ExtensionSide = 'api'): BuiltExtension {
  const platform =
    side === 'api'
      ? {
          platform: 'node' as const,
          target: 'node22',
          // Directus's own packages, which package.json pins to the versions Directus runs: the hook uses the
          // copies Directus has loaded, not a second copy in the bundle (zod and all, for an identity function).
          external: ['@directus/extensions', '@directus/errors'],
          // ajv and friends are CommonJS; give them a require() inside the ESM bundle.
          banner: { js: "import { createRequire as __odpCreateRequire } from 'node:module'; const require = __odpCreateRequire(import.meta.url);" },
        }
      : { platform: 'browser' as const, target: 'es2022', external: [...APP_SHARED_DEPS] };
  const result = buildSync({
    entryPoints: [entry],
    outfile,
    absWorkingDir: projectRoot,
    bundle: true,
    format: 'esm',
    logLevel: 'error',
    metafile: true,
    write: false,
    ...platform,
  });
  // Metafile paths are relative to absWorkingDir, with forward slashes.
  const inputs = Object.keys(result.metafile.inputs);
  const foreign = foreignInputs(inputs);
  if (foreign.length) {
    const importers = (file: string) => inputs.filter((i) => result.metafile.inputs[i]!.imports.some((imp) => imp.path === file));
    const list = foreign.map((f) => `${f} (← ${importers(f).join(', ') || '?'})`).join('; ');
    throw new OdpError(
      'EXTENSION_BUNDLE_LAYERS',
      `Gói mở rộng Directus ${path.relative(projectRoot, entry)} chứa mã của ${foreignFolders.map((f) => f + '/').join(', ')}, thư mục không được đưa vào CMS / ` +
        `The Directus extension ${path.relative(projectRoot, entry)} would bundle code of ${foreignFolders.map((f) => f + '/').join(', ')}, which the CMS must not carry: ${list}`,
    );
  }
  mkdirSync(path.dirname(outfile), { recursive: true });
  // Written beside and renamed into place: a second instance starting at the same time may be loading
  // this very file into its Directus, which must never read it half-written.
  for (const file of result.outputFiles) {
    writeFileSync(`${file.path}.${process.pid}.tmp`, file.contents);
    renameSync(`${file.path}.${process.pid}.tmp`, file.path);
  }
  return { outfile, inputs };
}

export function buildExtensions(): string[] {
  const dir = path.join(projectRoot, 'cms', 'extensions');
  const built: string[] = [];
  for (const name of readdirSync(dir)) {
    const entry = path.join(dir, name, 'src', 'index.ts');
    if (!existsSync(entry)) continue;
    bundleExtension(entry, path.join(dir, name, 'dist', 'index.js'), extensionSide(path.join(dir, name)));
    built.push(name);
  }
  return built;
}
