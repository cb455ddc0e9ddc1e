// A real Meilisearch with the demo catalog and the administrative units indexed, for the relevance
// suite (no CMS needed: the snapshot is built from the seed the way the build does it).
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { entriesFromCsv } from '../../../cms/src/code-list-import.ts';
import { adminUnitsDir, ADMIN_UNITS_CODE_LIST } from '../../../cms/src/admin-units.ts';
import { seedSnapshot } from '../../../pipeline/__tests__/fixtures.ts';
import { searchConfig, testPort } from '../../../platform/config.ts';
import { indexCatalog, searchOnlyKey } from '../../src/indexer.ts';
import { startMeili } from '../../src/meili-process.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    meili: { url: string; key: string; indexes: { datasets: string; others: { service: string; agency: string; code: string } } };
  }
}

export default async function setup(project: TestProject) {
  const dir = adminUnitsDir();
  if (!existsSync(path.join(dir, 'wards-2026.csv'))) throw new Error(`Thiếu tệp dùng chung / missing shared files in ${dir} (../shared/data/vn-admin-units beside the repository).`);
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'odp-meili-'));
  const cfg = searchConfig({ port: testPort(17759), dataDir });
  const meili = await startMeili(cfg, { log: (m) => console.log(`[search] ${m}`) });
  try {
    const snapshot = seedSnapshot();
    snapshot.codeListEntries = [
      ...entriesFromCsv({ file: path.join(dir, 'provinces-2026.csv'), codeList: ADMIN_UNITS_CODE_LIST, codeColumn: 'code', labelColumn: 'full_name', labelEnColumn: 'full_name_en' }),
      ...entriesFromCsv(
        { file: path.join(dir, 'wards-2026.csv'), codeList: ADMIN_UNITS_CODE_LIST, codeColumn: 'code', labelColumn: 'full_name', labelEnColumn: 'full_name_en', parentColumn: 'province_code' },
        100,
      ),
    ];
    const r = await indexCatalog(cfg, snapshot, () => {});
    console.log(`[search] indexed ${r.documents} datasets and ${snapshot.codeListEntries.length} code-list values in ${r.ms} ms`);
    project.provide('meili', { url: cfg.url, key: await searchOnlyKey(cfg), indexes: { datasets: cfg.index, others: cfg.others } });
  } catch (err) {
    await meili.stop();
    throw err;
  }
  return async () => {
    await meili.stop();
    rmSync(dataDir, { recursive: true, force: true });
  };
}
