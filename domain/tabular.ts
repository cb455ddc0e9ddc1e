// Tables in open-data files: decoding (UTF-8, BOM), parsing (CSV with papaparse, JSON, spreadsheet
// rows), type inference, column profiles and the check against a dataset's data dictionary.
// Pure and streaming-friendly: the build profiles files row by row, the browser previews with the
// same functions.
import Papa from 'papaparse';

export type Cell = string | number | boolean | null;
export type ColumnType = 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'string' | 'empty';

export interface Table {
  columns: string[];
  rows: Cell[][];
  /** More rows exist than were kept. */
  truncated: boolean;
}

export class TabularError extends Error {
  override name = 'TabularError';
  readonly code: 'NOT_UTF8' | 'EMPTY' | 'MALFORMED' | 'NOT_TABULAR';
  constructor(code: TabularError['code'], message: string) {
    super(message);
    this.code = code;
  }
}

/** UTF-8 text without its BOM; other encodings (TCVN3, Windows-1258…) are refused with a clear message. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes).normalize('NFC');
  } catch {
    throw new TabularError('NOT_UTF8', 'Tệp không mã hóa UTF-8 (có thể là TCVN3 hoặc Windows-1258) / the file is not UTF-8 (perhaps TCVN3 or Windows-1258)');
  }
}

/** Parses CSV text (delimiter detected: , ; tab |), first row as header, keeping at most maxRows rows. */
export function parseCsv(text: string, maxRows = Infinity): Table {
  const clean = text.replace(/^\uFEFF/, '');
  if (!clean.trim()) throw new TabularError('EMPTY', 'Tệp rỗng / the file is empty');
  const res = Papa.parse<string[]>(clean, { skipEmptyLines: 'greedy', preview: Number.isFinite(maxRows) ? maxRows + 2 : 0, delimitersToGuess: [',', ';', '\t', '|'] });
  const [header, ...rows] = res.data;
  if (!header?.length) throw new TabularError('MALFORMED', 'Không đọc được dòng tiêu đề / no header row');
  const fatal = res.errors.find((e) => e.type === 'Quotes');
  if (fatal) throw new TabularError('MALFORMED', `CSV lỗi ở dòng ${(fatal.row ?? 0) + 2} / malformed CSV at line ${(fatal.row ?? 0) + 2}: ${fatal.message}`);
  const kept = Number.isFinite(maxRows) ? rows.slice(0, maxRows) : rows;
  return { columns: header.map((h) => h.trim()), rows: kept, truncated: rows.length > kept.length };
}

/** An array of records (or {data|records|items|result: [...]}) as a table; nested values as JSON text. */
export function tableFromJson(value: unknown, maxRows = Infinity): Table {
  let list = value;
  if (list && typeof list === 'object' && !Array.isArray(list)) {
    const o = list as Record<string, unknown>;
    list = [o.data, o.records, o.items, o.result, o.features].find(Array.isArray);
  }
  if (!Array.isArray(list) || !list.every((r) => r && typeof r === 'object' && !Array.isArray(r))) {
    throw new TabularError('NOT_TABULAR', 'JSON không phải danh sách bản ghi / the JSON is not a list of records');
  }
  if (!list.length) throw new TabularError('EMPTY', 'Danh sách rỗng / the list is empty');
  const columns: string[] = [];
  for (const r of list) for (const k of Object.keys(r as object)) if (!columns.includes(k)) columns.push(k);
  const cell = (v: unknown): Cell => (v === undefined || v === null ? null : typeof v === 'object' ? JSON.stringify(v) : (v as Cell));
  const kept = list.slice(0, Number.isFinite(maxRows) ? maxRows : undefined);
  return { columns, rows: kept.map((r) => columns.map((c) => cell((r as Record<string, unknown>)[c]))), truncated: list.length > kept.length };
}

/** Spreadsheet rows (first row the header) as a table. */
export function tableFromRows(rows: unknown[][], maxRows = Infinity): Table {
  const [header, ...body] = rows;
  if (!header?.length) throw new TabularError('EMPTY', 'Trang tính rỗng / the sheet is empty');
  const cell = (v: unknown): Cell => (v === undefined || v === null ? null : v instanceof Date ? v.toISOString().slice(0, 10) : (v as Cell));
  const kept = body.slice(0, Number.isFinite(maxRows) ? maxRows : undefined);
  // A spreadsheet cell is a string, number, boolean, Date or empty (read-excel-file).
  return { columns: header.map((h) => String((h as Cell | Date | undefined) ?? '').trim()), rows: kept.map((r) => header.map((_, i) => cell(r[i]))), truncated: body.length > kept.length };
}

const isoDate = /^\d{4}-\d{2}-\d{2}$/;
const isoDateTime = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const integer = /^[+-]?\d+$/;
const decimal = /^[+-]?(\d+\.\d*|\.\d+|\d+)([eE][+-]?\d+)?$/;

export function isEmpty(v: Cell): boolean {
  return v === null || (typeof v === 'string' && v.trim() === '');
}

/** The narrowest type of one value. */
export function valueType(v: Cell): ColumnType {
  if (isEmpty(v)) return 'empty';
  if (typeof v === 'boolean') return 'boolean';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  const s = String(v).trim();
  // Codes with leading zeros (ward codes "00004") stay text: they are identifiers, not quantities.
  if (integer.test(s)) return /^[+-]?0\d/.test(s) ? 'string' : 'integer';
  if (decimal.test(s)) return 'number';
  if (/^(true|false)$/i.test(s)) return 'boolean';
  if (isoDate.test(s) && !Number.isNaN(Date.parse(s))) return 'date';
  if (isoDateTime.test(s) && !Number.isNaN(Date.parse(s))) return 'datetime';
  return 'string';
}

const widen: Record<string, ColumnType> = { 'integer+number': 'number', 'date+datetime': 'datetime' };

function merge(a: ColumnType, b: ColumnType): ColumnType {
  if (a === b || b === 'empty') return a;
  if (a === 'empty') return b;
  return widen[[a, b].sort().join('+')] ?? 'string';
}

export interface ColumnProfile {
  name: string;
  type: ColumnType;
  empty: number;
  /** Distinct values, counted up to 1,000 ("1000+" beyond). */
  distinct: number;
  distinctCapped: boolean;
  min?: number | string;
  max?: number | string;
}

export interface TableProfile {
  rows: number;
  columns: ColumnProfile[];
}

/** Column statistics computed one row at a time (files of any size). */
export class Profiler {
  private rows = 0;
  private cols: { name: string; type: ColumnType; empty: number; seen: Set<string>; min?: number | string; max?: number | string }[];
  constructor(columns: string[]) {
    this.cols = columns.map((name) => ({ name, type: 'empty', empty: 0, seen: new Set() }));
  }
  push(row: Cell[]): void {
    this.rows++;
    this.cols.forEach((c, i) => {
      const v = row[i] ?? null;
      const t = valueType(v);
      if (t === 'empty') {
        c.empty++;
        return;
      }
      c.type = merge(c.type, t);
      if (c.seen.size <= 1000) c.seen.add(String(v));
      const cmp: number | string = t === 'integer' || t === 'number' ? Number(v) : String(v).trim();
      if (t === 'integer' || t === 'number' || t === 'date' || t === 'datetime') {
        if (c.min === undefined || typeof c.min !== typeof cmp || cmp < c.min) c.min = cmp;
        if (c.max === undefined || typeof c.max !== typeof cmp || cmp > c.max) c.max = cmp;
      }
    });
  }
  result(): TableProfile {
    return {
      rows: this.rows,
      columns: this.cols.map((c) => {
        const ordered = c.type === 'integer' || c.type === 'number' || c.type === 'date' || c.type === 'datetime';
        return { name: c.name, type: c.type, empty: c.empty, distinct: Math.min(c.seen.size, 1000), distinctCapped: c.seen.size > 1000, ...(ordered ? { min: c.min, max: c.max } : {}) };
      }),
    };
  }
}

// ——— data dictionary ———

export interface DictionaryField {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'datetime' | 'code';
  codeList?: string;
  required?: boolean;
  /** The field's title: a column headed with its Vietnamese title is the field too ("Tên phường" for ten_phuong), as agencies' spreadsheets are. */
  title?: { vi: string };
}

/** The column of `columns` holding the field: headed with its name, else with its Vietnamese title. */
function columnOf(f: DictionaryField, columns: string[]): number {
  const byName = columns.indexOf(f.name);
  if (byName >= 0 || !f.title?.vi) return byName;
  const title = f.title.vi.normalize('NFC').trim();
  return columns.findIndex((c) => c.normalize('NFC').trim() === title);
}

export interface DictionaryProblem {
  code: 'missing_column' | 'extra_column' | 'wrong_type' | 'required_empty' | 'unknown_code';
  column: string;
  /** File line numbers (header is line 1) of the first offending rows. */
  lines?: number[];
  count?: number;
  /** Examples of offending values. */
  values?: string[];
}

export interface DictionaryCheck {
  ok: boolean;
  problems: DictionaryProblem[];
  /** Code lists that could not be checked (no values known). */
  uncheckedCodeLists: string[];
}

const accepts: Record<DictionaryField['type'], ColumnType[]> = {
  string: ['string', 'integer', 'number', 'boolean', 'date', 'datetime'],
  code: ['string', 'integer'],
  integer: ['integer'],
  number: ['integer', 'number'],
  boolean: ['boolean'],
  date: ['date'],
  datetime: ['datetime', 'date'],
};

/** Checks rows against the dictionary as they stream by: columns, types, required values, codes. */
export class DictionaryChecker {
  private problems = new Map<string, DictionaryProblem>();
  private index: { field: DictionaryField; col: number }[] = [];
  private unchecked = new Set<string>();
  private readonly codes: Map<string, Set<string>>;
  constructor(fields: DictionaryField[], columns: string[], codes: Map<string, Set<string>>) {
    this.codes = codes;
    const matched = new Set<number>();
    for (const f of fields) {
      const col = columnOf(f, columns);
      if (col >= 0) matched.add(col);
      if (col < 0) this.add({ code: 'missing_column', column: f.name });
      else this.index.push({ field: f, col });
      if (f.codeList && !codes.get(f.codeList)?.size) this.unchecked.add(f.codeList);
    }
    columns.forEach((c, i) => {
      if (!matched.has(i)) this.add({ code: 'extra_column', column: c });
    });
  }
  private add(p: DictionaryProblem, line?: number, value?: Cell): void {
    const key = `${p.code}:${p.column}`;
    const cur = this.problems.get(key) ?? { ...p, ...(line !== undefined ? { lines: [], count: 0, values: [] } : {}) };
    if (line !== undefined) {
      cur.count = (cur.count ?? 0) + 1;
      if ((cur.lines ?? []).length < 5) cur.lines = [...(cur.lines ?? []), line];
      const v = String(value ?? '');
      if (v && (cur.values ?? []).length < 5 && !cur.values?.includes(v)) cur.values = [...(cur.values ?? []), v];
    }
    this.problems.set(key, cur);
  }
  /** `line`: the row's line in the file (header = 1). */
  row(values: Cell[], line: number): void {
    for (const { field, col } of this.index) {
      const v = values[col] ?? null;
      const t = valueType(v);
      if (t === 'empty') {
        if (field.required) this.add({ code: 'required_empty', column: field.name }, line, v);
        continue;
      }
      if (!accepts[field.type].includes(t)) this.add({ code: 'wrong_type', column: field.name }, line, v);
      else if (field.codeList) {
        const known = this.codes.get(field.codeList);
        if (known?.size && !known.has(String(v).trim())) this.add({ code: 'unknown_code', column: field.name }, line, v);
      }
    }
  }
  result(): DictionaryCheck {
    const problems = [...this.problems.values()];
    return { ok: problems.length === 0, problems, uncheckedCodeLists: [...this.unchecked] };
  }
}

/** Sorts rows by one column: numbers as numbers, text in Vietnamese order, empty values last. */
export function sortRows(rows: Cell[][], col: number, dir: 1 | -1): Cell[][] {
  const collator = new Intl.Collator('vi', { numeric: true, sensitivity: 'base' });
  return [...rows].sort((a, b) => {
    const x = a[col] ?? null;
    const y = b[col] ?? null;
    if (isEmpty(x)) return isEmpty(y) ? 0 : 1;
    if (isEmpty(y)) return -1;
    const nx = Number(x);
    const ny = Number(y);
    if (!Number.isNaN(nx) && !Number.isNaN(ny) && typeof x !== 'boolean') return (nx - ny) * dir;
    return collator.compare(String(x), String(y)) * dir;
  });
}
