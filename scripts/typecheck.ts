// `npm run typecheck`: TypeScript in strict mode over the whole project.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { projectRoot } from '../platform/config.ts';

const r = spawnSync(process.execPath, [path.join(projectRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.json'], { cwd: projectRoot, stdio: 'inherit' });
if (r.status === 0) console.log('✓ typecheck: no errors');
process.exit(r.status ?? 1);
