// `npm run config:docs`: rewrites README.md's configuration table from platform/config.ts.
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { projectRoot, settingNames } from '../platform/config.ts';
import { withConfigTable } from '../platform/config-docs.ts';

const file = path.join(projectRoot, 'README.md');
const before = readFileSync(file, 'utf8');
try {
  const after = withConfigTable(before);
  if (after !== before) writeFileSync(file, after);
  console.log(`${after === before ? 'Không đổi / unchanged' : 'Đã cập nhật / updated'}: README.md (${settingNames.length} variables)`);
} catch (err) {
  console.error(`✗ ${(err as Error).message}`);
  process.exit(1);
}
