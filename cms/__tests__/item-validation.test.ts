import { describe, expect, it } from 'vitest';
import { example } from '../../catalog-schema/src/examples.ts';
import { checkItem, toCatalogRecord } from '../src/item-validation.ts';

const none = () => Promise.resolve(new Set<string>());

describe('toCatalogRecord', () => {
  it('drops nulls and o2m aliases, and reads SQLite booleans and PostgreSQL big integers as the schema types', () => {
    expect(toCatalogRecord('Dataset', { id: 'a', version: null, distribution: ['x'], containsPersonalData: 0 })).toEqual({ id: 'a', containsPersonalData: false });
    expect(toCatalogRecord('Distribution', { id: 'd', byteSize: '10240' })).toEqual({ id: 'd', byteSize: 10240 });
  });
});

describe('checkItem', () => {
  it('validates an update as the whole record it produces', async () => {
    const { record } = example('valid', 'dataset-open-full');
    const stored = { ...record, version: null, containsPersonalData: 0 };
    expect((await checkItem('Dataset', { version: '2' }, stored, none)).errors).toEqual([]);
    expect((await checkItem('Dataset', { accessLevel: 'internal' }, stored, none)).errors).toContainEqual(expect.objectContaining({ field: 'accessLevel' }));
  });
  it('reports unknown references with the index of the list item', async () => {
    const { record } = example('valid', 'dataset-open-full');
    const missing = (_e: string, ids: string[]) => Promise.resolve(new Set(ids.filter((id) => id === 'khong-co')));
    const { errors } = await checkItem('Dataset', { ...record, theme: ['giao-thong', 'khong-co'] }, undefined, missing);
    expect(errors).toEqual([expect.objectContaining({ field: 'theme.1', code: 'unknown_reference' })]);
    expect(errors[0]?.message_vi).toContain('khong-co');
  });
});

describe('canonicalInstant (regression: notices stored on SQLite read back without a time zone after a restart)', () => {
  it('gives stored and seeded forms of one instant the same value', async () => {
    const { canonicalInstant } = await import('../src/item-validation.ts');
    expect(canonicalInstant('2026-09-10T09:00:00+07:00')).toBe('2026-09-10T02:00:00.000Z');
    expect(canonicalInstant('2026-09-10T02:00:00')).toBe('2026-09-10T02:00:00.000Z');
    expect(canonicalInstant(Date.parse('2026-09-10T02:00:00Z'))).toBe('2026-09-10T02:00:00.000Z');
    expect(canonicalInstant('hôm qua')).toBe('hôm qua');
  });
});

describe('checkItem of a service notice', () => {
  it('stores instants in UTC, whatever offset was typed', async () => {
    const { payload } = await checkItem('ServiceNotice', { start: '2026-12-05T22:00:00+07:00' }, undefined, none);
    expect(payload.start).toBe('2026-12-05T15:00:00.000Z');
  });
});

describe('checkItem of values the CMS must not change on the way in', () => {
  it('refuses 30 February in a date-time (it was stored as 2 March)', async () => {
    const { record } = example('valid', 'data-request-problem');
    for (const received of ['2026-02-30T09:00:00+07:00', '2026-02-30', '2026-02-28T24:00:00Z']) {
      const { payload, errors } = await checkItem('DataRequest', { ...record, received }, undefined, none);
      expect(payload.received, received).toBe(received);
      expect(errors, received).toEqual([expect.objectContaining({ field: 'received', code: 'invalid_format' })]);
    }
  });

  it('refuses a number written as "1e3" or "0x10" (it was stored as a number), reads only plain decimal text as one', async () => {
    const { record } = example('valid', 'distribution-json');
    for (const byteSize of ['1e3', '0x10', '12.0', 'Infinity']) {
      expect((await checkItem('Distribution', { ...record, byteSize }, undefined, none)).errors, byteSize).toEqual([expect.objectContaining({ field: 'byteSize', code: 'invalid_type' })]);
    }
    // The CMS's input for a big integer sends its digits as text.
    expect((await checkItem('Distribution', { ...record, byteSize: '10240' }, undefined, none)).errors).toEqual([]);
  });
});
