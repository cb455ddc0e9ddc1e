// `npm run backup [-- <file>]`: a consistent copy of the CMS database (SQLite or PostgreSQL, as
// DB_CLIENT says), taken while Directus runs or not. Default file: ODP_BACKUP_DIR (.state/backups)/
// directus-<db>-<time>.<db|dump>.
import path from 'node:path';
import { backupDatabase, backupFileName } from '../cms/src/backup.ts';
import { directusConfig, paths } from '../platform/config.ts';

const cfg = directusConfig();
const dir = paths().backupDir;
const file = process.argv[2] ? path.resolve(process.argv[2]) : backupFileName(dir, cfg.dbClient);
try {
  await backupDatabase(cfg, file);
  console.log(`Phục hồi bằng / restore with: npm run restore -- ${path.relative(process.cwd(), file)}`);
} catch (err) {
  console.error(`✗ ${(err as Error).message}`);
  process.exit(1);
}
