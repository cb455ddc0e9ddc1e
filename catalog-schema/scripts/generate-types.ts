// Generates catalog-schema/generated/types.ts from the JSON Schemas.
//   npm run schema:generate          write the file
//   … generate-types.ts --check      exit 1 if the committed file is out of date
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTypes } from '../src/generate.ts';

const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', 'generated', 'types.ts');
const code = await generateTypes();
if (process.argv.includes('--check')) {
  const current = readFileSync(out, 'utf8');
  if (current !== code) {
    console.error('✗ catalog-schema/generated/types.ts đã cũ so với lược đồ / is out of date: run `npm run schema:generate`.');
    process.exit(1);
  }
  console.log('✓ generated types are up to date');
} else {
  writeFileSync(out, code);
  console.log(`✓ wrote ${path.relative(process.cwd(), out)}`);
}
