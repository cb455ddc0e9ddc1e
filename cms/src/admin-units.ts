// The administrative units (34 provinces and 3,321 wards after the 2025 reorganisation) as values of
// the shared code list don-vi-hanh-chinh-2026. The official CSV files are not part of the repository:
// they are read from ODP_ADMIN_UNITS_DIR (by default ../shared/data/vn-admin-units beside it).
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Cms } from './client.ts';
import { entriesFromCsv, importCodeListEntries, type CodeListImportReport } from './code-list-import.ts';
import { paths } from '../../platform/config.ts';
import { ADMIN_UNITS_CODE_LIST } from '../../domain/places.ts';

export { ADMIN_UNITS_CODE_LIST };

export function adminUnitsDir(): string {
  return paths().adminUnitsDir;
}

/** Imports provinces and wards when the files are there; says so when they are not. */
export async function importAdminUnits(cms: Cms, log = console.log, o: { update?: boolean } = {}): Promise<CodeListImportReport | undefined> {
  const dir = adminUnitsDir();
  const provinces = path.join(dir, 'provinces-2026.csv');
  const wards = path.join(dir, 'wards-2026.csv');
  if (!existsSync(provinces) || !existsSync(wards)) {
    log(`! Chưa nạp danh mục đơn vị hành chính: không thấy ${dir} / administrative units not imported: ${dir} not found (set ODP_ADMIN_UNITS_DIR, or run npm run codelist:import).`);
    return undefined;
  }
  const entries = [
    ...entriesFromCsv({ file: provinces, codeList: ADMIN_UNITS_CODE_LIST, codeColumn: 'code', labelColumn: 'full_name', labelEnColumn: 'full_name_en' }),
    ...entriesFromCsv({ file: wards, codeList: ADMIN_UNITS_CODE_LIST, codeColumn: 'code', labelColumn: 'full_name', labelEnColumn: 'full_name_en', parentColumn: 'province_code' }, 100),
  ];
  const t = Date.now();
  const r = await importCodeListEntries(cms, ADMIN_UNITS_CODE_LIST, entries, log, o);
  log(`Administrative units: ${r.created} created, ${r.updated} updated, ${r.unchanged} unchanged (${((Date.now() - t) / 1000).toFixed(1)} s)`);
  return r;
}
