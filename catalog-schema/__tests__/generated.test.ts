import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { examplesDir } from '../src/examples.ts';
import { generateTypes, GENERATED_BANNER } from '../src/generate.ts';

describe('generated TypeScript types', () => {
  it('match the schemas (run `npm run schema:generate` when this fails)', async () => {
    const committed = readFileSync(path.join(examplesDir, '..', 'generated', 'types.ts'), 'utf8');
    expect(committed.split('\n')[0]).toBe(GENERATED_BANNER);
    expect(await generateTypes()).toBe(committed);
  });
});
