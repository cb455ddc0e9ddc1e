// Previews and profiles of real files: the administrative units of ../shared, the demo catalog's
// files, and malformed, empty, huge and wrongly-encoded ones.
import { existsSync, mkdtempSync, readFileSync, writeFileSync, createWriteStream } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { profileFile } from '../profile-file.ts';
import { assessQuality } from '../quality.ts';
import { decodeUtf8, DictionaryChecker, parseCsv, sortRows, tableFromJson, TabularError, valueType } from '../tabular.ts';
import { seedSnapshot } from '../../pipeline/__tests__/fixtures.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const wards = path.resolve(root, '..', 'shared', 'data', 'vn-admin-units', 'wards-2026.csv');
const tmp = mkdtempSync(path.join(os.tmpdir(), 'odp-tabular-'));
const noCodes = new Map<string, Set<string>>();

function shared(file: string): string {
  if (!existsSync(file)) throw new Error(`Thiếu tệp dùng chung / missing shared file ${path.relative(root, file)} (../shared is read from beside the repository).`);
  return file;
}

describe('CSV parsing', () => {
  it('reads the 3,321 wards of ../shared with Vietnamese names intact and codes kept as text', async () => {
    const text = decodeUtf8(readFileSync(shared(wards)));
    const t = parseCsv(text, 50);
    expect(t.columns).toEqual(['code', 'name', 'name_en', 'full_name', 'full_name_en', 'code_name', 'province_code', 'administrative_unit_id']);
    expect(t.rows[0]?.[1]).toBe('Ba Đình');
    expect(t.truncated).toBe(true);
    const p = await profileFile(wards, 'csv', [], noCodes, 1e9);
    expect(p.profile?.rows).toBe(3321);
    const code = p.profile?.columns.find((c) => c.name === 'code');
    expect(code).toMatchObject({ type: 'string', empty: 0, distinct: 1000, distinctCapped: true });
    expect(p.profile?.columns.find((c) => c.name === 'administrative_unit_id')?.type).toBe('integer');
    expect(p.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('detects the delimiter and strips the UTF-8 BOM', () => {
    const t = parseCsv('\uFEFFmã;tên;số\n01;Hà Nội;1,5\n79;Hồ Chí Minh;2\n');
    expect(t.columns).toEqual(['mã', 'tên', 'số']);
    expect(t.rows[1]).toEqual(['79', 'Hồ Chí Minh', '2']);
  });

  it('refuses empty, malformed and non-UTF-8 files with a clear message', async () => {
    expect(() => parseCsv('')).toThrow(TabularError);
    expect(() => parseCsv('a,b\n"1,2\n3,4')).toThrow(/malformed CSV/);
    // "Hà Nội" in Windows-1258 bytes: not valid UTF-8.
    expect(() => decodeUtf8(new Uint8Array([0x48, 0xe0, 0x20, 0x4e, 0xd4, 0xd2, 0x69]))).toThrow(/not UTF-8/);
    const latin = path.join(tmp, 'latin.csv');
    writeFileSync(latin, Buffer.from([0x74, 0xea, 0x6e, 0x0a, 0x48, 0xe0, 0x0a]));
    const p = await profileFile(latin, 'csv', [], noCodes, 1e9);
    const notUtf8: unknown = expect.stringMatching(/not UTF-8/);
    expect(p).toMatchObject({ status: 'unreadable', message: { en: notUtf8 } });
    const empty = path.join(tmp, 'empty.csv');
    writeFileSync(empty, '');
    expect((await profileFile(empty, 'csv', [], noCodes, 1e9)).status).toBe('unreadable');
  });

  it('profiles a huge file by streaming, and refuses one above the limit', async () => {
    const big = path.join(tmp, 'big.csv');
    const out = createWriteStream(big);
    out.write('ngay,ma_phuong,gia\n');
    for (let i = 0; i < 200_000; i++) out.write(`2026-01-${String((i % 28) + 1).padStart(2, '0')},${26734 + (i % 50)},${i * 10}\n`);
    await new Promise((r) => out.end(r));
    const p = await profileFile(big, 'csv', [], noCodes, 1e9);
    expect(p.profile?.rows).toBe(200_000);
    expect(p.profile?.columns.find((c) => c.name === 'gia')).toMatchObject({ type: 'integer', min: 0, max: 1_999_990 });
    expect(p.profile?.columns.find((c) => c.name === 'ngay')).toMatchObject({ type: 'date', min: '2026-01-01', max: '2026-01-28' });
    expect((await profileFile(big, 'csv', [], noCodes, 1000)).status).toBe('too-large');
  }, 60_000); // 200,000 rows: seconds on a busy machine; speed is measured in the benchmark, not here
});

describe('JSON and types', () => {
  it('turns a list of records into a table and rejects other JSON', () => {
    expect(
      tableFromJson({
        data: [
          { a: 1, b: 'x' },
          { a: 2, c: true },
        ],
      }),
    ).toEqual({
      columns: ['a', 'b', 'c'],
      rows: [
        [1, 'x', null],
        [2, null, true],
      ],
      truncated: false,
    });
    expect(() => tableFromJson({ hello: 'world' })).toThrow(/not a list of records/);
  });

  it('infers types the way the dictionary means them', async () => {
    expect(['12', '-3', '1.5', '00004', 'true', '2026-11-23', '2026-11-23T10:00:00Z', 'Hà Nội', ''].map((v) => valueType(v))).toEqual([
      'integer',
      'integer',
      'number',
      'string',
      'boolean',
      'date',
      'datetime',
      'string',
      'empty',
    ]);
    const file = path.join(tmp, 'types.json');
    writeFileSync(file, JSON.stringify([{ x: '1' }, { x: '2.5' }, { x: '' }]));
    expect((await profileFile(file, 'json', [], noCodes, 1e6)).profile?.columns[0]).toMatchObject({ type: 'number', empty: 1, min: 1, max: 2.5 });
  });

  it('sorts numbers as numbers and Vietnamese text in Vietnamese order, empty last', () => {
    expect(sortRows([['10'], ['9'], [''], ['100']], 0, 1).map((r) => r[0])).toEqual(['9', '10', '100', '']);
    expect(sortRows([['Đà Nẵng'], ['An Giang'], ['Bắc Ninh']], 0, 1).map((r) => r[0])).toEqual(['An Giang', 'Bắc Ninh', 'Đà Nẵng']);
  });
});

describe('the data dictionary check', () => {
  it('finds the seeded mismatch of gia-ca-thi-truong: an extra column and a text in an integer column (line 79)', async () => {
    const d = seedSnapshot().datasets.find((x) => x.id === 'gia-ca-thi-truong')!;
    const p = await profileFile(path.join(root, 'public', 'data', 'gia-ca-thi-truong', 'gia-ca-thi-truong.csv'), 'csv', d.dataDictionary ?? [], noCodes, 1e9);
    expect(p.dictionary?.ok).toBe(false);
    expect(p.dictionary?.problems).toEqual([
      { code: 'extra_column', column: 'ghi_chu' },
      { code: 'wrong_type', column: 'gia_binh_quan_dong', lines: [79], count: 1, values: ['chưa cập nhật'] },
    ]);
  });

  it('passes a file that matches, and checks codes against the code list', async () => {
    const d = seedSnapshot().datasets.find((x) => x.id === 'cho-truyen-thong')!;
    const csv = await profileFile(path.join(root, 'public', 'data', 'cho-truyen-thong', 'cho-truyen-thong.csv'), 'csv', d.dataDictionary ?? [], noCodes, 1e9);
    expect(csv.dictionary?.problems).toEqual([]);
    const checker = new DictionaryChecker(
      [
        { name: 'ma_phuong', type: 'code', codeList: 'don-vi-hanh-chinh-2026', required: true },
        { name: 'x', type: 'integer' },
      ],
      ['ma_phuong'],
      new Map([['don-vi-hanh-chinh-2026', new Set(['26734', '26737'])]]),
    );
    checker.row(['26734'], 2);
    checker.row(['99999'], 3);
    checker.row([''], 4);
    expect(checker.result().problems).toEqual([
      { code: 'missing_column', column: 'x' },
      { code: 'unknown_code', column: 'ma_phuong', lines: [3], count: 1, values: ['99999'] },
      { code: 'required_empty', column: 'ma_phuong', lines: [4], count: 1, values: [] },
    ]);
  });
});

describe('quality', () => {
  const d = seedSnapshot().datasets.find((x) => x.id === 'gia-ca-thi-truong')!;
  it('scores the five criteria and explains what to fix', async () => {
    const p = await profileFile(path.join(root, 'public', 'data', 'gia-ca-thi-truong', 'gia-ca-thi-truong.csv'), 'csv', d.dataDictionary ?? [], noCodes, 1e9);
    const q = assessQuality(d, { [d.distribution[0]!.id]: p }, '2026-11-16');
    const valid = q.results.find((r) => r.criterion === 'valid')!;
    expect(valid.score).toBe(0);
    expect(valid.findings.map((f) => f.en).join(' ')).toMatch(/"ghi_chu" is not in the dictionary.*line 79/s);
    expect(q.results.find((r) => r.criterion === 'timely')).toMatchObject({ score: 100 });
    expect(q.overdue).toBe(false);
    // Weekly data last changed on 13 Nov is overdue a week later.
    expect(assessQuality(d, {}, '2026-11-30').overdue).toBe(true);
  });

  it('changes when a missing field is filled', () => {
    const without = { ...d, contactPoint: undefined, spatial: undefined };
    const a = assessQuality(without, {}, '2026-11-16').results.find((r) => r.criterion === 'complete')!;
    const b = assessQuality({ ...without, contactPoint: ['so-cong-thuong-ky-thuat'] }, {}, '2026-11-16').results.find((r) => r.criterion === 'complete')!;
    expect(b.score).toBeGreaterThan(a.score!);
    expect(a.findings.map((f) => f.en).join(' ')).toMatch(/Missing a contact point: fill in the "contactPoint" field/);
  });
});

describe('a column headed with the field title', () => {
  it('is the field: a spreadsheet with Vietnamese headers passes the dictionary proposed from it', () => {
    const checker = new DictionaryChecker(
      [
        { name: 'ten_phuong', type: 'string', required: true, title: { vi: 'Tên phường' } },
        { name: 'dan_so', type: 'integer', title: { vi: 'Dân số' } },
      ],
      ['Tên phường', 'Dân số'],
      new Map(),
    );
    checker.row(['Bến Thành', 'nhiều'], 2);
    const problems = checker.result().problems.map((p) => `${p.code}:${p.column}`);
    expect(problems).toEqual(['wrong_type:dan_so']);
  });
});
