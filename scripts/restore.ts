// `npm run restore -- <file>`: replaces the CMS database (SQLite or PostgreSQL, as DB_CLIENT says)
// with a backup made by `npm run backup`. Directus must be stopped; all or nothing.
import path from 'node:path';
import { restoreDatabase } from '../cms/src/backup.ts';
import { directusConfig } from '../platform/config.ts';

const file = process.argv[2];
if (!file) {
  console.error('✗ Thiếu tệp sao lưu / which backup? npm run restore -- <file> (made by npm run backup, in .state/backups/ by default)');
  process.exit(2);
}
try {
  await restoreDatabase(directusConfig(), path.resolve(file));
} catch (err) {
  console.error(`✗ ${(err as Error).message}`);
  process.exit(1);
}
