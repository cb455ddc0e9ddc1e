import { describe, expect, it } from 'vitest';
import { CatalogValidationError } from '../src/errors.ts';
import { example } from '../src/examples.ts';
import { normalizeRecord } from '../src/normalize.ts';
import { assertValid, validateRecord } from '../src/validate.ts';

describe('validateRecord', () => {
  it('reports every problem at once, not only the first', () => {
    const { record } = example('valid', 'dataset-open-full');
    delete record.title;
    record.accrualPeriodicity = 'sometimes';
    record.issued = 'yesterday';
    const fields = validateRecord('Dataset', record).map((e) => e.field).sort();
    expect(fields).toEqual(['accrualPeriodicity', 'issued', 'title']);
  });

  it('explains the open-data rule in Vietnamese first', () => {
    const { record } = example('valid', 'dataset-open-full');
    record.accessLevel = 'internal';
    const [err] = validateRecord('Dataset', record);
    expect(err).toMatchObject({ field: 'accessLevel', code: 'invalid_value' });
    expect(err?.message_vi).toContain('Dữ liệu mở');
    expect(err?.message_en).toContain('Open data');
  });

  it('validates nested distributions with their own paths', () => {
    const { record } = example('valid', 'dataset-open-full');
    (record.distribution as Record<string, unknown>[])[0]!.format = 'doc';
    expect(validateRecord('Dataset', record)).toEqual([expect.objectContaining({ field: 'distribution.0.format', code: 'not_in_vocabulary' })]);
  });

  it('assertValid throws a CatalogValidationError carrying the field errors', () => {
    const { record } = example('invalid', 'dataset-missing-title');
    let caught: unknown;
    try {
      assertValid('Dataset', record);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(CatalogValidationError);
    expect((caught as CatalogValidationError).errors).toContainEqual(expect.objectContaining({ field: 'title', code: 'required' }));
    expect((caught as CatalogValidationError).code).toBe('CATALOG_VALIDATION_FAILED');
  });
});

describe('normalizeRecord', () => {
  it('stores decomposed Vietnamese (NFD) as composed (NFC)', () => {
    const nfd = 'Dữ liệu giao thông'.normalize('NFD');
    const out = normalizeRecord({ title: { vi: ` ${nfd} ` }, keyword: { vi: [nfd] } });
    expect(out.title.vi).toBe('Dữ liệu giao thông'.normalize('NFC'));
    expect(out.title.vi.length).toBeLessThan(nfd.length);
    expect(out.keyword.vi[0]).toBe('Dữ liệu giao thông'.normalize('NFC'));
  });
});
