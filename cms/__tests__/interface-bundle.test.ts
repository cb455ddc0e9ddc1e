// The Data Studio's interface extension as the start bundles it: for the browser, with Vue and the
// extension SDK left as imports for Directus to point at the app's own copies, and the place search of
// domain/ inside.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../platform/config.ts';
import { bundleExtension, extensionSide } from '../src/build-extensions.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'odp-interface-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const extensions = path.join(projectRoot, 'cms', 'extensions');

describe('the interface extension bundle', () => {
  it('is built for the Data Studio, the hook for the API', () => {
    expect(extensionSide(path.join(extensions, 'odp-interfaces'))).toBe('app');
    expect(extensionSide(path.join(extensions, 'odp-catalog'))).toBe('api');
  });

  it('imports only what the Data Studio shares with extensions, and carries the place search', () => {
    const outfile = path.join(dir, 'index.js');
    const { inputs } = bundleExtension(path.join(extensions, 'odp-interfaces', 'src', 'index.ts'), outfile, 'app');
    expect(inputs).toEqual(expect.arrayContaining(['domain/places.ts', 'cms/extensions/odp-interfaces/src/odp-field.ts']));
    expect(inputs.filter((i) => i.startsWith('node_modules/'))).toEqual([]);
    const code = readFileSync(outfile, 'utf8');
    const imported = [...code.matchAll(/^import .* from "([^"]+)";$/gm)].map((m) => m[1]);
    expect([...new Set(imported)].sort()).toEqual(['@directus/extensions-sdk', 'vue']);
    expect(code).not.toMatch(/node:|require\(/);
  });
});
