// Checks the demo catalog in cms/seed/ against the catalog schema and its references.
//   npm run seed:check
import { checkSeed, loadSeed, type SeedCatalog } from '../src/seed-data.ts';

const seed = loadSeed();
const problems = checkSeed(seed);
const counts = (Object.keys(seed) as (keyof SeedCatalog)[]).map((k) => `${k}: ${seed[k].length}`).join(', ');
console.log(`Seed: ${counts}`);
for (const p of problems) console.log(`✗ ${p.entity} ${p.id} ${p.field || '(record)'} [${p.code}] ${p.message_vi} / ${p.message_en}`);
if (problems.length) {
  console.log(`${problems.length} problem(s).`);
  process.exit(1);
}
console.log('✓ Seed is valid.');
