import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../platform/config.ts';
import { bundleExtension, foreignInputs } from '../src/build-extensions.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'odp-extension-bundle-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the catalog hook bundle', () => {
  const outfile = path.join(dir, 'odp-catalog', 'index.js');
  let inputs: string[] = [];
  beforeAll(() => {
    inputs = bundleExtension(path.join(projectRoot, 'cms', 'extensions', 'odp-catalog', 'src', 'index.ts'), outfile).inputs;
  });

  it('holds no code of the portal, the pipeline or the command line', () => {
    expect(inputs.filter((i) => /^(site|pipeline|scripts)\//.test(i))).toEqual([]);
  });

  it('holds the schema validators, the domain logic and the access rules the hook runs', () => {
    expect(inputs).toEqual(
      expect.arrayContaining([
        'catalog-schema/src/validate.ts',
        'catalog-schema/schemas/dataset.schema.json',
        'domain/pii-scan.ts',
        'domain/notices.ts',
        'cms/src/access-rules.ts',
        'cms/src/item-validation.ts',
        'cms/src/publication.ts',
        'search/src/live-index.ts',
      ]),
    );
    expect(existsSync(outfile)).toBe(true);
  });
});

describe('bundleExtension', () => {
  it('refuses an extension that would carry pipeline code, names the file and writes nothing', () => {
    // Any module of the pipeline will do; the smallest keeps the build quick.
    const pipelineDir = path.join(projectRoot, 'pipeline');
    const [smallest] = readdirSync(pipelineDir)
      .filter((f) => f.endsWith('.ts'))
      .sort((a, b) => statSync(path.join(pipelineDir, a)).size - statSync(path.join(pipelineDir, b)).size);
    const entry = path.join(dir, 'bad-entry.ts');
    writeFileSync(entry, `export * from ${JSON.stringify(path.join(pipelineDir, smallest!))};\n`);
    const outfile = path.join(dir, 'bad', 'index.js');
    let error: unknown;
    try {
      bundleExtension(entry, outfile);
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'EXTENSION_BUNDLE_LAYERS' });
    expect((error as Error).message).toContain(`pipeline/${smallest}`);
    expect(existsSync(outfile)).toBe(false);
  });
});

describe('foreignInputs', () => {
  it('names inputs under site/, pipeline/ and scripts/ of the project, and nothing else', () => {
    const inputs = [
      'site/src/lib/catalog.ts',
      'pipeline/publish-live.ts',
      'scripts/start.ts',
      'domain/pii-scan.ts',
      'cms/src/site-settings.ts',
      'node_modules/ajv/dist/ajv.js',
      'search/src/pipeline.ts',
    ];
    expect(foreignInputs(inputs)).toEqual(['site/src/lib/catalog.ts', 'pipeline/publish-live.ts', 'scripts/start.ts']);
  });
});
