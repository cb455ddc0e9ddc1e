// The dictionary proposed for an uploaded file: names valid for the schema, the file's headers as
// titles, types and "required" from the profile, examples beside it.
import { describe, expect, it } from 'vitest';
import { validateRecord } from '../../catalog-schema/src/validate.ts';
import { fieldName, fieldNamePattern, proposeDictionary } from '../data-dictionary.ts';
import type { DistributionProfile } from '../profiles.ts';
import { DictionaryChecker, Profiler, parseCsv } from '../tabular.ts';

function profileOf(csv: string): { profile: DistributionProfile; table: ReturnType<typeof parseCsv> } {
  const table = parseCsv(csv);
  const p = new Profiler(table.columns);
  table.rows.forEach((r) => p.push(r));
  return { profile: { status: 'ok', answers: true, profile: p.result() }, table };
}

describe('fieldName', () => {
  it('makes Vietnamese headers into names without diacritics, words joined by _', () => {
    expect(fieldName('Tên phường', 0)).toBe('ten_phuong');
    expect(fieldName('Đơn vị (người)', 0)).toBe('don_vi_nguoi');
    expect(fieldName('  Số hộ dân  ', 0)).toBe('so_ho_dan');
  });
  it('gives a name to headers that have no letters, or start with a digit', () => {
    expect(fieldName('', 2)).toBe('cot_3');
    expect(fieldName('###', 0)).toBe('cot_1');
    expect(fieldName('2024', 0)).toBe('_2024');
  });
  it('keeps names within 64 characters', () => {
    const long = fieldName('Tổng số hộ gia đình được hỗ trợ kinh phí sửa chữa nhà ở trong năm tài chính hiện hành', 0);
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).toMatch(fieldNamePattern);
  });
});

describe('proposeDictionary', () => {
  const { profile, table } = profileOf(
    ['Mã phường,Tên phường,Dân số,Diện tích (km2),Ngày cập nhật,Ghi chú,ma_phuong', '26734,Phường Sài Gòn,47000,1.8,2025-07-01,,x', '26737,Phường Tân Định,,2.3,2025-07-01,mới,y'].join('\n'),
  );
  const proposal = proposeDictionary(profile, table);

  it('proposes one valid field a column, titled by the header, typed by the profile', () => {
    expect(proposal.fields.map((f) => f.name)).toEqual(['ma_phuong_2', 'ten_phuong', 'dan_so', 'dien_tich_km2', 'ngay_cap_nhat', 'ghi_chu', 'ma_phuong']);
    expect(proposal.fields.every((f) => fieldNamePattern.test(f.name))).toBe(true);
    expect(proposal.fields[1]).toEqual({ name: 'ten_phuong', title: { vi: 'Tên phường' }, type: 'string', required: true });
    expect(proposal.fields.map((f) => f.type)).toEqual(['integer', 'string', 'integer', 'number', 'date', 'string', 'string']);
    expect(proposal.fields[4]!.format).toBe('YYYY-MM-DD');
  });

  it('marks a field required only when no cell of its column is empty', () => {
    expect(proposal.fields.filter((f) => f.required).map((f) => f.name)).toEqual(['ma_phuong_2', 'ten_phuong', 'dien_tich_km2', 'ngay_cap_nhat', 'ma_phuong']);
  });

  it('lists example values and empty cells beside each field', () => {
    expect(proposal.columns[1]).toEqual({ header: 'Tên phường', name: 'ten_phuong', type: 'string', examples: ['Phường Sài Gòn', 'Phường Tân Định'], empty: 0 });
    expect(proposal.columns[2]).toMatchObject({ examples: ['47000'], empty: 1 });
  });

  it('falls back to the profiled minimum and maximum without a sample', () => {
    expect(proposeDictionary(profile).columns[3]!.examples).toEqual(['1.8', '2.3']);
  });

  it('gives a dictionary the catalog schema accepts', () => {
    const dataset = {
      id: 'dan-so-phuong',
      title: { vi: 'Dân số phường' },
      description: { vi: 'Dân số theo phường' },
      publisher: 'so-noi-vu',
      dataKind: 'open',
      accessLevel: 'public',
      status: 'draft',
      dataDictionary: proposal.fields,
    };
    const errors = validateRecord('Dataset', dataset).filter((e) => e.field.startsWith('dataDictionary'));
    expect(errors).toEqual([]);
  });

  it('keeps headers that are already valid names, so the build finds those columns', () => {
    const { profile: p, table: t } = profileOf('ma_truong,so_lop\nT1,12\nT2,9');
    const fields = proposeDictionary(p, t).fields;
    const check = new DictionaryChecker(fields, t.columns, new Map());
    t.rows.forEach((r, i) => check.row(r, i + 2));
    expect(check.result()).toMatchObject({ ok: true });
  });

  it('proposes nothing for a file without a table', () => {
    expect(proposeDictionary({ status: 'unsupported', answers: true })).toEqual({ fields: [], columns: [] });
  });
});
