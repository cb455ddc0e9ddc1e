// Imports the values of a shared code list (danh mục dùng chung) from a CSV file into the CMS, e.g.
// the administrative units. All rows are validated before anything is written; re-importing the
// same file changes nothing.
import { readFileSync } from 'node:fs';
import { createItems, readItems, updateItem } from '@directus/sdk';
import type { CodeListEntry } from '../../catalog-schema/generated/types.ts';
import { CatalogValidationError, OdpError, type FieldError } from '../../catalog-schema/src/errors.ts';
import { validateRecord } from '../../catalog-schema/src/validate.ts';
import { decodeUtf8, parseCsv } from '../../domain/tabular.ts';
import type { Cms } from './client.ts';
import { toCatalogRecord } from './item-validation.ts';
import { canonical } from './seed.ts';

export interface CodeListCsv {
  file: string;
  codeList: string;
  codeColumn: string;
  labelColumn: string;
  labelEnColumn?: string;
  parentColumn?: string;
}

export interface CodeListImportReport {
  created: number;
  updated: number;
  unchanged: number;
}

export function entriesFromCsv(o: CodeListCsv, orderFrom = 0): CodeListEntry[] {
  const t = parseCsv(decodeUtf8(readFileSync(o.file)));
  const col = (name: string | undefined) => {
    if (!name) return -1;
    const i = t.columns.indexOf(name);
    if (i < 0) throw new OdpError('CODELIST_COLUMN', `Tệp ${o.file} không có cột "${name}" / has no column "${name}" (columns: ${t.columns.join(', ')})`);
    return i;
  };
  const [c, l, le, pc] = [col(o.codeColumn), col(o.labelColumn), col(o.labelEnColumn), col(o.parentColumn)];
  return t.rows.map((r, i) => {
    const code = String(r[c] ?? '').trim();
    const en = le >= 0 ? String(r[le] ?? '').trim() : '';
    const parent = pc >= 0 ? String(r[pc] ?? '').trim() : '';
    return {
      id: `${o.codeList}-${code}`.toLowerCase().replace(/[^a-z0-9-]+/g, '-'),
      codeList: o.codeList,
      code,
      label: { vi: String(r[l] ?? '').trim(), ...(en ? { en } : {}) },
      ...(parent ? { parentCode: parent } : {}),
      order: orderFrom + i,
    };
  });
}

/**
 * Validates every entry, then creates the new ones and updates the changed ones (`update: false`:
 * leaves existing entries as they are, as `npm start` does).
 */
export async function importCodeListEntries(
  cms: Cms,
  codeList: string,
  entries: CodeListEntry[],
  log = (_m: string) => {},
  { update = true }: { update?: boolean } = {},
): Promise<CodeListImportReport> {
  const problems: FieldError[] = entries.flatMap((e) => validateRecord('CodeListEntry', e).map((x) => ({ ...x, field: `${e.id}.${x.field}` })));
  const ids = new Set<string>();
  for (const e of entries) {
    if (ids.has(e.id)) problems.push({ field: e.id, code: 'duplicate', message_vi: `Mã ${e.code} bị lặp.`, message_en: `Code ${e.code} appears twice.` });
    ids.add(e.id);
  }
  if (problems.length) throw new CatalogValidationError(`code list ${codeList}`, problems.slice(0, 50));
  const existing = new Map(
    ((await cms.request(readItems('code_list_entries', { limit: -1, filter: { codeList: { _eq: codeList } } } as never))) as Record<string, unknown>[]).map((e) => [
      String(e.id),
      toCatalogRecord('CodeListEntry', e),
    ]),
  );
  const toCreate = entries.filter((e) => !existing.has(e.id));
  const toUpdate = update ? entries.filter((e) => existing.has(e.id) && canonical(existing.get(e.id)) !== canonical(e)) : [];
  for (let i = 0; i < toCreate.length; i += 500) {
    await cms.request(createItems('code_list_entries', toCreate.slice(i, i + 500) as never));
    log(`  ${codeList}: ${Math.min(i + 500, toCreate.length)}/${toCreate.length} created`);
  }
  for (const e of toUpdate) await cms.request(updateItem('code_list_entries', e.id, e as never));
  return { created: toCreate.length, updated: toUpdate.length, unchanged: entries.length - toCreate.length - toUpdate.length };
}
