// `npm run codelist:import -- <file.csv> --code-list <id> --code <column> --label <column> [--label-en <column>] [--parent <column>]`
// `npm run codelist:import -- --admin-units` imports the administrative units from ODP_ADMIN_UNITS_DIR.
// Writes the values of a shared code list into the CMS (running: npm start), all rows validated first.
import { directusConfig } from '../platform/config.ts';
import { signIn } from '../cms/src/client.ts';
import { importAdminUnits } from '../cms/src/admin-units.ts';
import { entriesFromCsv, importCodeListEntries } from '../cms/src/code-list-import.ts';

const args = process.argv.slice(2);
const value = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const file = args.find((a, i) => !a.startsWith('--') && !(args[i - 1] ?? '').startsWith('--'));
const cfg = directusConfig();
try {
  const cms = await signIn(cfg.url, cfg.adminEmail, cfg.adminPassword).catch((err: unknown) => {
    throw new Error(`Không kết nối được CMS / cannot sign in to the CMS at ${cfg.url} (${(err as Error).message}); khởi động bằng / start it with npm start`);
  });
  if (args.includes('--admin-units')) {
    const r = await importAdminUnits(cms);
    process.exit(r ? 0 : 1);
  }
  const codeList = value('--code-list');
  const code = value('--code');
  const label = value('--label');
  if (!file || !codeList || !code || !label) {
    console.error(
      'Cách dùng / usage: npm run codelist:import -- <file.csv> --code-list <id> --code <column> --label <column> [--label-en <column>] [--parent <column>]\n       npm run codelist:import -- --admin-units',
    );
    process.exit(2);
  }
  const entries = entriesFromCsv({ file, codeList, codeColumn: code, labelColumn: label, labelEnColumn: value('--label-en'), parentColumn: value('--parent') });
  const r = await importCodeListEntries(cms, codeList, entries, (m) => console.log(m));
  console.log(`✓ ${codeList}: ${r.created} tạo mới / created, ${r.updated} cập nhật / updated, ${r.unchanged} không đổi / unchanged`);
} catch (err) {
  console.error(`✗ ${(err as Error).message}`);
  process.exit(1);
}
