// The personal-data guard: before an open dataset is published, every file of it on the portal is
// scanned for personal data (citizen ID numbers, mobile phone numbers, e-mail addresses, personal tax
// codes and whatever else the operator lists in cms/pii-patterns.json). A hit blocks publishing with
// a report of what was found where, the values masked (HCMC Decision 30/2026 art. 24.1.b; Lào Cai
// regulation art. 27.4: open data holds no personal data).
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { readSheet } from 'read-excel-file/node';
import { OdpError } from '../catalog-schema/src/errors.ts';
import { decodeUtf8, tableFromJson, tableFromRows, type Cell } from './tabular.ts';
import { streamCsvRows } from './profile-file.ts';

export interface PiiPattern {
  id: string;
  label: { vi: string; en: string };
  regex: RegExp;
  prefixes?: string[];
  /** Applies only in columns whose name matches; such patterns never apply to text without columns. */
  columns?: RegExp;
}

export interface PiiRules {
  patterns: PiiPattern[];
  /** A match that matches one of these is not personal data (public bodies' mailboxes…). */
  allow: RegExp[];
}

export interface PiiHit {
  /** Distribution id (or file name when scanning a file alone). */
  distribution: string;
  file: string;
  /** Line of the file (CSV, text: header = line 1) or row of the table (JSON, XLSX: header = 1). */
  line: number;
  /** Column name for tables, character position (1-based) for text. */
  column: string;
  pattern: string;
  label: { vi: string; en: string };
  /** The value with its middle hidden: the report itself must not spread the personal data. */
  masked: string;
}

export class PiiPatternsError extends OdpError {
  override name = 'PiiPatternsError';
}

interface PatternFile {
  patterns?: { id?: unknown; label?: { vi?: unknown; en?: unknown }; regex?: unknown; prefixes?: unknown; columns?: unknown }[];
  allow?: { values?: unknown };
}

/** Reads and checks the operator's pattern list; a broken list is an error that says which entry. */
export function loadPiiRules(file: string): PiiRules {
  let doc: PatternFile;
  try {
    doc = JSON.parse(readFileSync(file, 'utf8')) as PatternFile;
  } catch (err) {
    throw new PiiPatternsError('PII_PATTERNS_UNREADABLE', `Không đọc được danh sách mẫu dữ liệu cá nhân / cannot read the personal-data patterns ${file}: ${(err as Error).message}`, { cause: err });
  }
  const bad = (i: number, why: string) => new PiiPatternsError('PII_PATTERNS_INVALID', `Mẫu số ${i + 1} trong ${file} không hợp lệ / pattern ${i + 1} in ${file} is invalid: ${why}`);
  const regex = (src: unknown, i: number, what: string, flags = 'u'): RegExp => {
    if (typeof src !== 'string' || !src) throw bad(i, `${what} must be a non-empty string`);
    try {
      return new RegExp(src, flags);
    } catch (err) {
      throw bad(i, `${what}: ${(err as Error).message}`);
    }
  };
  if (!Array.isArray(doc.patterns) || !doc.patterns.length) throw new PiiPatternsError('PII_PATTERNS_INVALID', `${file}: "patterns" phải là danh sách không rỗng / must be a non-empty list`);
  const patterns = doc.patterns.map((p, i): PiiPattern => {
    if (typeof p.id !== 'string' || !p.id) throw bad(i, 'id is required');
    if (typeof p.label?.vi !== 'string' || typeof p.label.en !== 'string') throw bad(i, 'label.vi and label.en are required');
    if (p.prefixes !== undefined && !(Array.isArray(p.prefixes) && p.prefixes.every((x) => typeof x === 'string'))) throw bad(i, 'prefixes must be a list of strings');
    return {
      id: p.id,
      label: { vi: p.label.vi, en: p.label.en },
      regex: regex(p.regex, i, 'regex', 'gu'),
      ...(p.prefixes ? { prefixes: p.prefixes } : {}),
      ...(p.columns !== undefined ? { columns: regex(p.columns, i, 'columns', 'iu') } : {}),
    };
  });
  const allowList = Array.isArray(doc.allow?.values) ? (doc.allow.values as unknown[]) : [];
  return { patterns, allow: allowList.map((v, i) => regex(v, i, 'allow.values', 'iu')) };
}

/** Hides the middle of a value: 079203001234 → 07********34, an.nguyen@mail.vn → an*****@mail.vn. */
export function mask(value: string): string {
  const at = value.indexOf('@');
  if (at > 0) return `${value.slice(0, Math.min(2, at))}${'*'.repeat(Math.max(3, at - 2))}${value.slice(at)}`;
  if (value.length <= 4) return '*'.repeat(value.length);
  const keep = value.length >= 8 ? 2 : 1;
  return value.slice(0, keep) + '*'.repeat(value.length - 2 * keep) + value.slice(-keep);
}

/** Personal data in one value; `column` is the column name (undefined for free text). */
export function findInValue(value: string, column: string | undefined, rules: PiiRules): { pattern: PiiPattern; index: number; match: string }[] {
  const found: { pattern: PiiPattern; index: number; match: string }[] = [];
  if (!value) return found;
  for (const p of rules.patterns) {
    if (p.columns && (column === undefined || !p.columns.test(column))) continue;
    p.regex.lastIndex = 0;
    for (const m of value.matchAll(p.regex)) {
      const match = m[0].trim();
      if (!match) continue;
      if (p.prefixes && !p.prefixes.some((x) => match.startsWith(x))) continue;
      if (rules.allow.some((a) => a.test(match))) continue;
      found.push({ pattern: p, index: m.index, match });
    }
  }
  return found;
}

export interface FileScan {
  hits: PiiHit[];
  /** More hits exist than were kept. */
  truncated: boolean;
}

/** Scans one file of the given format (csv, xlsx, json: by column; anything else: line by line). */
export async function scanFile(file: string, format: string, rules: PiiRules, { distribution = path.basename(file), maxHits = 50 } = {}): Promise<FileScan> {
  const hits: PiiHit[] = [];
  let truncated = false;
  const name = path.basename(file);
  const add = (line: number, column: string, value: string, colName: string | undefined) => {
    for (const f of findInValue(value, colName, rules)) {
      if (hits.length >= maxHits) {
        truncated = true;
        return;
      }
      hits.push({ distribution, file: name, line, column: colName ?? String(column), pattern: f.pattern.id, label: f.pattern.label, masked: mask(f.match) });
    }
  };
  const table = (columns: string[], rows: Cell[][]) => {
    columns.forEach((c) => add(1, c, c, undefined));
    rows.forEach((r, i) => r.forEach((v, j) => v !== null && v !== undefined && add(i + 2, columns[j] ?? String(j + 1), String(v), columns[j] ?? `#${j + 1}`)));
  };
  if (format === 'csv') {
    let columns: string[] | undefined;
    let line = 0;
    await streamCsvRows(file, (row) => {
      line++;
      if (!columns) {
        columns = row;
        row.forEach((c) => add(1, c, c, undefined));
        return;
      }
      if (truncated) return;
      row.forEach((v, j) => add(line, columns![j] ?? String(j + 1), v, columns![j] ?? `#${j + 1}`));
    });
  } else if (format === 'xlsx') {
    const t = tableFromRows(await readSheet(file));
    table(t.columns, t.rows);
  } else {
    let parsed: { columns: string[]; rows: Cell[][] } | undefined;
    if ((format === 'json' || format === 'geojson') && statSync(file).size < 200e6) {
      try {
        parsed = tableFromJson(JSON.parse(decodeUtf8(readFileSync(file))));
      } catch {
        parsed = undefined; // not a table: scanned as text below
      }
    }
    if (parsed) table(parsed.columns, parsed.rows);
    else {
      let line = 0;
      for await (const text of createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity })) {
        line++;
        for (const f of findInValue(text, undefined, rules)) {
          if (hits.length >= maxHits) {
            truncated = true;
            break;
          }
          hits.push({ distribution, file: name, line, column: String(f.index + 1), pattern: f.pattern.id, label: f.pattern.label, masked: mask(f.match) });
        }
        if (truncated) break;
      }
    }
  }
  return { hits, truncated };
}

export interface PiiReport {
  hits: PiiHit[];
  truncated: boolean;
  /** Distributions that are links elsewhere (not files on the portal): the guard could not read them. */
  notScanned: { distribution: string; url: string }[];
  scanned: number;
}

interface DistributionRef {
  id: string;
  format: string;
  downloadURL?: string | null;
  accessURL?: string | null;
}

/**
 * Scans the files on the portal (`/data/…` under `roots`: the public folder, and editors' uploads)
 * of the given distributions, whether they are linked as `/data/x.csv` or by the portal's own
 * address (`portalOrigins`, e.g. `http://127.0.0.1:4321/data/x.csv` or `//127.0.0.1:4321/data/x.csv`).
 * Links to other sites (APIs, other portals) are listed as not scanned: the agency answers for them.
 */
export async function scanDistributions(
  distributions: readonly DistributionRef[],
  rules: PiiRules,
  roots: string | readonly FileRoot[],
  o: { maxHits?: number; portalOrigins?: readonly string[] } = {},
): Promise<PiiReport> {
  const maxHits = o.maxHits ?? 50;
  const report: PiiReport = { hits: [], truncated: false, notScanned: [], scanned: 0 };
  for (const d of distributions) {
    const url = d.downloadURL ?? d.accessURL ?? '';
    const file = portalFile(url, roots, o.portalOrigins ?? []);
    if (!file || !existsSync(file)) {
      report.notScanned.push({ distribution: d.id, url });
      continue;
    }
    const r = await scanFile(file, d.format, rules, { distribution: d.id, maxHits: maxHits - report.hits.length });
    report.scanned++;
    report.hits.push(...r.hits);
    if (r.truncated || report.hits.length >= maxHits) {
      report.truncated = true;
      break;
    }
  }
  return report;
}

/** A folder of the portal's files and the path of the portal's addresses it answers for. */
export interface FileRoot {
  dir: string;
  /** The address path the folder's files are found under, with a slash at both ends: `/`, `/data/`. */
  at: string;
}

/**
 * Where the portal's own links lead on disk: the public folder at `/`, then the editors' uploads at
 * `/data/` (`/data/<dataset>/<file>`, made public by the build only once the dataset is published).
 */
export function portalRoots(publicDir: string, uploadsDir?: string): FileRoot[] {
  return [{ dir: publicDir, at: '/' }, ...(uploadsDir ? [{ dir: uploadsDir, at: '/data/' }] : [])];
}

/** The path of a link of the portal's own (a path, or an address with one of `portalOrigins`), decoded; undefined for a link elsewhere. */
function portalPath(url: string, portalOrigins: readonly string[]): string | undefined {
  let pathname: string;
  if (url.startsWith('/') && !url.startsWith('//')) pathname = url.split(/[?#]/)[0]!;
  else {
    let u: URL;
    try {
      u = new URL(url, 'http://relative.invalid');
    } catch {
      return undefined;
    }
    const origins = new Set(
      portalOrigins.flatMap((x) => {
        try {
          return [new URL(x).host];
        } catch {
          return [];
        }
      }),
    );
    if (!origins.has(u.host) || (u.protocol !== 'http:' && u.protocol !== 'https:')) return undefined;
    pathname = u.pathname;
  }
  try {
    return decodeURIComponent(pathname);
  } catch {
    return undefined;
  }
}

/**
 * The file on disk that a link of the portal's own points at, or undefined for a link elsewhere: a
 * path (`/data/x.csv`), or an absolute or protocol-relative URL whose origin is one of
 * `portalOrigins`. `roots` (a folder, served at `/`, or portalRoots) are looked in in turn: the first
 * that holds the file gives it; when none does, the first root the path belongs to names the missing
 * file. A path that leaves its root (`/../x`) or passes through a hidden name (`/data/.staging/…`,
 * where uploads wait unchecked) is undefined.
 */
export function portalFile(url: string, roots: string | readonly FileRoot[], portalOrigins: readonly string[]): string | undefined {
  const decoded = portalPath(url, portalOrigins);
  if (decoded === undefined) return undefined;
  let missing: string | undefined;
  for (const r of typeof roots === 'string' ? [{ dir: roots, at: '/' }] : roots) {
    if (!decoded.startsWith(r.at)) continue;
    const root = path.resolve(r.dir);
    const file = path.join(root, decoded.slice(r.at.length));
    if (!file.startsWith(root + path.sep)) continue;
    if (
      path
        .relative(root, file)
        .split(path.sep)
        .some((part) => part.startsWith('.'))
    )
      continue;
    if (existsSync(file)) return file;
    missing ??= file;
  }
  return missing;
}

/** The report as one message for the editor, Vietnamese first. */
export function describePiiReport(r: PiiReport): string {
  const lines = r.hits.map((h) => `${h.file} dòng/line ${h.line}, cột/column ${h.column}: ${h.label.vi} / ${h.label.en} (${h.masked})`);
  return (
    `Không công bố được: tệp có dữ liệu cá nhân (${r.hits.length}${r.truncated ? '+' : ''} chỗ). Hãy xóa hoặc ẩn danh các giá trị này rồi tải tệp lên lại. / ` +
    `Not published: the files hold personal data (${r.hits.length}${r.truncated ? '+' : ''} places). Remove or anonymise these values and upload the file again.\n` +
    lines.join('\n')
  );
}
