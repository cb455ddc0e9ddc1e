// A first data dictionary for a file an agency uploads, proposed from the file's profile: one field a
// column, its type as profiled, required where no cell is empty. The editor then corrects it (titles
// in English, units, code lists) before the dataset goes for review.
import type { DataField, FieldType } from '../catalog-schema/generated/types.ts';
import type { DistributionProfile } from './profiles.ts';
import type { Cell, ColumnType, Table } from './tabular.ts';
import { fold } from './vietnamese.ts';

/** What the proposal saw of one column, for the editor to compare with the proposed field. */
export interface ProposedColumn {
  /** The header as it is in the file. */
  header: string;
  /** The proposed field's name (differs from the header when the header is not a valid name). */
  name: string;
  type: ColumnType;
  /** A few distinct values, as read (the data dictionary has no place for them). */
  examples: string[];
  /** Empty cells. */
  empty: number;
}

export interface DictionaryProposal {
  fields: DataField[];
  columns: ProposedColumn[];
}

/** catalog-schema DataField.name. */
export const fieldNamePattern = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

const fieldTypes: Record<ColumnType, FieldType> = { integer: 'integer', number: 'number', boolean: 'boolean', date: 'date', datetime: 'datetime', string: 'string', empty: 'string' };

/** A header as a field name: "Tên phường" → "ten_phuong", "2024" → "_2024", "" → "cot_3". */
export function fieldName(header: string, position: number): string {
  let name = fold(header.normalize('NFC'))
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '');
  if (!name) name = `cot_${position + 1}`;
  if (/^[0-9]/.test(name)) name = `_${name}`;
  return name.slice(0, 64).replace(/_+$/, '') || `cot_${position + 1}`;
}

/** `name`, or `name_2`, `name_3`… (cut to stay within 64 characters), whichever is not taken yet. */
function unique(name: string, taken: Set<string>): string {
  let candidate = name;
  for (let n = 2; taken.has(candidate); n++) candidate = `${name.slice(0, 64 - `_${n}`.length)}_${n}`;
  taken.add(candidate);
  return candidate;
}

/** Up to `max` distinct non-empty values of each column of the sample, in the order met. */
function examplesOf(sample: Pick<Table, 'columns' | 'rows'> | undefined, header: string, max: number): string[] {
  const col = sample?.columns.indexOf(header) ?? -1;
  if (!sample || col < 0) return [];
  const seen = new Set<string>();
  for (const row of sample.rows) {
    const v: Cell = row[col] ?? null;
    const s = v === null ? '' : String(v).trim();
    if (s) seen.add(s.length > 80 ? `${s.slice(0, 79)}…` : s);
    if (seen.size >= max) break;
  }
  return [...seen];
}

/**
 * The dictionary a file's profile suggests. Headers that are already valid names are kept as they
 * are, because the build checks files against the dictionary by exact column name; other headers get
 * a name made from them (without diacritics, `_` between words) and keep their text as the Vietnamese
 * title. `sample` (the first rows of the file) gives example values; without it only the profiled
 * minimum and maximum are shown.
 */
export function proposeDictionary(profile: DistributionProfile, sample?: Pick<Table, 'columns' | 'rows'>, o: { examples?: number } = {}): DictionaryProposal {
  const columns = profile.profile?.columns ?? [];
  const rows = profile.profile?.rows ?? 0;
  const max = o.examples ?? 3;
  // Valid headers claim their own names first, so a header made into a name never takes one of them.
  const taken = new Set<string>();
  const names = columns.map((c): string | undefined => {
    if (!fieldNamePattern.test(c.name) || taken.has(c.name)) return undefined;
    taken.add(c.name);
    return c.name;
  });
  const result: DictionaryProposal = { fields: [], columns: [] };
  columns.forEach((c, i) => {
    const name = names[i] ?? unique(fieldName(c.name, i), taken);
    const type = fieldTypes[c.type];
    const field: DataField = { name, title: { vi: c.name.trim() || name }, type };
    if (type === 'date') field.format = 'YYYY-MM-DD';
    if (rows > 0 && c.empty === 0) field.required = true;
    result.fields.push(field);
    let examples = examplesOf(sample, c.name, max);
    if (!examples.length && c.min !== undefined) examples = [...new Set([String(c.min), String(c.max ?? c.min)])];
    result.columns.push({ header: c.name, name, type: c.type, examples, empty: c.empty });
  });
  return result;
}
