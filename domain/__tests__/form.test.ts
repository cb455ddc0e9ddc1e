import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { example, examplesDir, loadExamples } from '../../catalog-schema/src/examples.ts';
import { entityNames } from '../../catalog-schema/src/schemas.ts';
import { validateRecord } from '../../catalog-schema/src/validate.ts';
import { errorInputName, formFields, formModel, formValues, recordFromForm, type FormField, type FormModel } from '../form/index.ts';

const dataset = formModel('Dataset');
const fieldNamed = (m: FormModel, name: string): FormField => {
  const f = formFields(m).find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name}`);
  return f;
};

/** The flat entries a browser would post for these values (a list: one entry per value). */
function posted(values: Map<string, string | string[]>): [string, string][] {
  return [...values].flatMap(([k, v]) => (Array.isArray(v) ? v.map((x): [string, string] => [k, x]) : [[k, v] as [string, string]]));
}

/**
 * The part of a record the form edits. An empty list is left out: to the schema it says what no list
 * says (allowedAgencies: "empty means every agency"), and a form left blank cannot tell them apart.
 */
function formPart(m: FormModel, record: Record<string, unknown>): Record<string, unknown> {
  const names = new Set(formFields(m).map((f) => f.name));
  return Object.fromEntries(Object.entries(record).filter(([k, v]) => names.has(k) && !(Array.isArray(v) && v.length === 0)));
}

const seedDir = path.join(examplesDir, '..', '..', 'cms', 'seed', 'datasets');
const seedDatasets = readdirSync(seedDir)
  .filter((f) => f.endsWith('.json'))
  .flatMap((f) => JSON.parse(readFileSync(path.join(seedDir, f), 'utf8')) as Record<string, unknown>[]);

describe('the Dataset form model', () => {
  it('has the sections of the schema, in order, labelled in Vietnamese and English', () => {
    expect(dataset.sections.map((s) => s.id)).toEqual(['describe', 'agency', 'classify', 'coverage', 'legal', 'dictionary']);
    expect(dataset.sections[0]?.label.vi).toBe('Mô tả bộ dữ liệu');
    expect(dataset.sections[0]?.fields.map((f) => f.name)).toEqual(['title', 'description', 'keyword', 'identifier']);
    expect(fieldNamed(dataset, 'title').label).toEqual({ vi: 'Tên bộ dữ liệu', en: 'Title' });
    expect(fieldNamed(dataset, 'accrualPeriodicity').label.vi).toBe('Tần suất cập nhật');
    expect(fieldNamed(dataset, 'dataDictionary').label.vi).toBe('Từ điển dữ liệu');
    expect(fieldNamed(dataset, 'title').help?.vi).toMatch(/ngắn gọn/);
  });

  it('leaves out what the workspace sets itself, and the properties the caller omits', () => {
    const names = formFields(dataset).map((f) => f.name);
    for (const managed of ['id', 'status', 'reviewNote', 'distribution', 'publisher']) expect(names).not.toContain(managed);
    const m = formModel('Dataset', { omit: ['identifier', 'dataDictionary'] });
    expect(formFields(m).map((f) => f.name)).not.toContain('identifier');
    expect(m.sections.map((s) => s.id)).not.toContain('dictionary');
  });

  it('labels every question of every form in both languages', () => {
    for (const entity of ['Dataset', 'Distribution', 'ServiceNotice', 'DataRequest', 'Agent'] as const) {
      const all = formFields(formModel(entity)).flatMap((f) => [f, ...(f.fields ?? [])]);
      for (const f of all) expect(f.label.vi, `${entity}.${f.name}`).not.toBe(f.name);
      for (const f of all) expect(f.label.en, `${entity}.${f.name}`).toBeTruthy();
    }
  });

  it('gives each property the control its type needs', () => {
    const kinds = Object.fromEntries(formFields(dataset).map((f) => [f.name, f.kind]));
    expect(kinds).toMatchObject({
      title: 'langText',
      description: 'langTextarea',
      accessGuidelines: 'langTextarea',
      keyword: 'keywords',
      identifier: 'text',
      owningAgency: 'reference',
      contactPoint: 'references',
      theme: 'references',
      dataKind: 'choices',
      accessLevel: 'choice',
      accrualPeriodicity: 'choice',
      containsPersonalData: 'boolean',
      spatial: 'codeList',
      temporal: 'period',
      issued: 'date',
      landingPage: 'url',
      legalBasis: 'group',
      dataDictionary: 'table',
    });
    expect(fieldNamed(dataset, 'contactPoint')).toMatchObject({ ref: 'ContactPoint', maxItems: 10 });
    expect(fieldNamed(dataset, 'spatial')).toMatchObject({ codeList: 'vn-admin-units', multiple: true });
    expect(fieldNamed(dataset, 'accessLevel').options).toContainEqual({ value: 'public', label: { vi: 'Công khai', en: 'Public' } });
    expect(fieldNamed(dataset, 'title').required).toBe(true);
    expect(fieldNamed(dataset, 'version').required).toBe(false);
  });

  it('makes the columns of groups and tables from the item schema', () => {
    const legal = fieldNamed(dataset, 'legalBasis');
    expect(legal.fields?.map((c) => [c.name, c.kind, c.required])).toEqual([
      ['number', 'text', true],
      ['title', 'langText', true],
      ['issuer', 'text', false],
      ['date', 'date', false],
      ['url', 'url', false],
    ]);
    const dict = fieldNamed(dataset, 'dataDictionary');
    expect(dict.maxItems).toBe(300);
    expect(dict.fields?.find((c) => c.name === 'type')).toMatchObject({ kind: 'choice', label: { vi: 'Kiểu dữ liệu' } });
    expect(dict.fields?.find((c) => c.name === 'codeList')).toMatchObject({ kind: 'reference', ref: 'CodeList' });
    expect(dict.fields?.find((c) => c.name === 'required')?.kind).toBe('boolean');
  });

  it('reads the other workspace forms too', () => {
    const notice = formModel('ServiceNotice');
    expect(formFields(notice).map((f) => [f.name, f.kind])).toEqual([
      ['service', 'reference'],
      ['kind', 'choice'],
      ['title', 'langText'],
      ['start', 'datetime'],
      ['expectedEnd', 'datetime'],
      ['end', 'datetime'],
      ['reason', 'langTextarea'],
      ['fallback', 'langTextarea'],
    ]);
    expect(formFields(formModel('DataRequest')).map((f) => [f.name, f.kind])).toEqual([
      ['status', 'choice'],
      ['answer', 'textarea'],
    ]);
    const assessments = fieldNamed(formModel('Agent'), 'dataAssessments');
    expect(assessments.fields?.map((c) => [c.name, c.kind])).toEqual([
      ['year', 'integer'],
      ['submitted', 'date'],
      ['document', 'url'],
      ['summary', 'langTextarea'],
    ]);
  });

  it('makes a form for every entity (one section when the schema lays out none)', () => {
    for (const entity of entityNames) expect(formModel(entity).sections.length).toBeGreaterThan(0);
    expect(formModel('Theme').sections.map((s) => s.id)).toEqual(['main']);
  });
});

describe('recordFromForm and formValues', () => {
  const datasets = [...loadExamples('valid').filter((e) => e.entity === 'Dataset'), ...seedDatasets.map((record) => ({ file: String(record.id), record }))];

  it.each(datasets.map((d) => [d.file, d.record] as const))('give back the dataset %s', (_file, record) => {
    const back = recordFromForm(dataset, posted(formValues(dataset, record)));
    expect(back).toEqual(formPart(dataset, record));
  });

  it('round-trip the seeded service notices, times shown in Vietnam time', () => {
    const notices = JSON.parse(readFileSync(path.join(seedDir, '..', 'service-notices.json'), 'utf8')) as Record<string, unknown>[];
    const m = formModel('ServiceNotice');
    for (const n of notices) expect(recordFromForm(m, posted(formValues(m, n)))).toEqual(formPart(m, n));
    expect(formValues(m, { start: '2026-09-22T15:00:00Z' }).get('start')).toBe('2026-09-22T22:00');
    expect(recordFromForm(m, [['start', '2026-09-22T22:00']])).toEqual({ start: '2026-09-22T22:00:00+07:00' });
  });

  it('leaves empty inputs out, trims and NFC-normalises text', () => {
    const decomposed = 'Tuyến xe buýt'.normalize('NFD');
    const record = recordFromForm(dataset, [
      ['title.vi', `  ${decomposed} `],
      ['title.en', ''],
      ['description.vi', 'Dòng một\r\nDòng hai'],
      ['version', '   '],
      ['theme', ''],
      ['temporal.start', ''],
      ['temporal.end', ''],
    ]);
    expect(record).toEqual({ title: { vi: 'Tuyến xe buýt' }, description: { vi: 'Dòng một\nDòng hai' } });
    expect((record.title as { vi: string }).vi).toBe('Tuyến xe buýt'.normalize('NFC'));
  });

  it('splits keywords on lines and commas', () => {
    const record = recordFromForm(dataset, [
      ['keyword.vi', 'xe buýt, giao thông công cộng\r\n\r\n  bến xe  ,'],
      ['keyword.en', ''],
    ]);
    expect(record.keyword).toEqual({ vi: ['xe buýt', 'giao thông công cộng', 'bến xe'] });
  });

  it('reads repeated choices, several codes in one input, integers and yes/no answers', () => {
    const record = recordFromForm(dataset, [
      ['dataKind', 'open'],
      ['dataKind', 'shared'],
      ['spatial', '79, 26740\n26734'],
      ['containsPersonalData', 'no'],
    ]);
    expect(record).toEqual({ dataKind: ['open', 'shared'], spatial: ['79', '26740', '26734'], containsPersonalData: false });
    // A hidden "false" before the checkbox: the ticked box wins.
    expect(
      recordFromForm(dataset, [
        ['containsPersonalData', 'false'],
        ['containsPersonalData', 'on'],
      ]).containsPersonalData,
    ).toBe(true);
    const agent = formModel('Agent');
    expect(
      recordFromForm(agent, [
        ['dataAssessments.0.year', '2026'],
        ['dataAssessments.0.submitted', '2026-12-01'],
      ]).dataAssessments,
    ).toEqual([{ year: 2026, submitted: '2026-12-01' }]);
    // What is no integer stays as typed, for the validator to name.
    expect(recordFromForm(agent, [['dataAssessments.0.year', '2026a']]).dataAssessments).toEqual([{ year: '2026a' }]);
  });

  it('drops rows left empty and numbers the others again', () => {
    const record = recordFromForm(dataset, [
      ['dataDictionary.0.name', 'ma_tuyen'],
      ['dataDictionary.0.title.vi', 'Mã tuyến'],
      ['dataDictionary.0.type', 'string'],
      ['dataDictionary.1.name', ''],
      ['dataDictionary.1.title.vi', ' '],
      ['dataDictionary.1.type', ''],
      ['dataDictionary.1.required', 'false'],
      ['dataDictionary.10.name', 'cu_ly_km'],
      ['dataDictionary.10.title.vi', 'Cự ly'],
      ['dataDictionary.10.type', 'number'],
      ['dataDictionary.10.required', 'true'],
      ['dataDictionary.2.name', 'ten'],
      ['legalBasis.0.number', ''],
      ['legalBasis.0.title.vi', ''],
    ]);
    expect(record).toEqual({
      dataDictionary: [{ name: 'ma_tuyen', title: { vi: 'Mã tuyến' }, type: 'string' }, { name: 'ten' }, { name: 'cu_ly_km', title: { vi: 'Cự ly' }, type: 'number', required: true }],
    });
    expect(formValues(dataset, record).get('dataDictionary.2.name')).toBe('cu_ly_km');
  });
});

describe('errorInputName', () => {
  /** The validator's errors for `record`, with the input each belongs to. */
  const mapped = (record: Record<string, unknown>) => validateRecord('Dataset', record).map((e) => [e.field, e.code, errorInputName(dataset, e.field, e.code)]);

  it('points the validator errors of a bad dataset at the inputs', () => {
    const { record } = example('valid', 'dataset-open-full');
    delete record.title;
    record.keyword = { vi: ['xe buýt', 'xe buýt'] };
    record.theme = ['giao-thong', 7];
    record.temporal = { start: '2026-05-01', end: '2026-01-01' };
    record.legalBasis = [{ number: '1/QĐ', title: { vi: '' } }, { title: { vi: 'Quyết định' } }];
    record.dataDictionary = [{ name: 'ma phuong', title: { vi: 'Mã' }, type: 'code' }];
    const errors = mapped(record);
    expect(errors).toEqual(
      expect.arrayContaining([
        ['title', 'required', 'title.vi'],
        ['keyword.vi', 'duplicate', 'keyword.vi'],
        ['theme.1', 'invalid_type', 'theme'],
        ['temporal', 'date_order', 'temporal.end'],
        ['legalBasis.0.title.vi', 'required', 'legalBasis.0.title.vi'],
        ['legalBasis.1.number', 'required', 'legalBasis.1.number'],
        ['dataDictionary.0.name', 'invalid_format', 'dataDictionary.0.name'],
        ['dataDictionary.0.codeList', 'required', 'dataDictionary.0.codeList'],
      ]),
    );
  });

  it('reads pointers and brackets, and answers "" for what the form does not hold', () => {
    expect(errorInputName(dataset, '/legalBasis/0/title')).toBe('legalBasis.0.title.vi');
    expect(errorInputName(dataset, 'legalBasis[1].title.en')).toBe('legalBasis.1.title.en');
    expect(errorInputName(dataset, 'legalBasis.1')).toBe('legalBasis.1.number');
    expect(errorInputName(dataset, 'legalBasis')).toBe('legalBasis');
    expect(errorInputName(dataset, 'temporal')).toBe('temporal.start');
    expect(errorInputName(dataset, 'status')).toBe('');
    expect(errorInputName(dataset, '')).toBe('');
  });

  it('points a ServiceNotice end before its start at the expected end', () => {
    const notice = formModel('ServiceNotice');
    const errors = validateRecord('ServiceNotice', {
      id: 'bao-tri',
      service: 'lgsp',
      publisher: 'so-khcn',
      kind: 'maintenance',
      title: { vi: 'Bảo trì' },
      announced: '2026-09-01T09:00:00+07:00',
      start: '2026-09-22T22:00:00+07:00',
      expectedEnd: '2026-09-22T20:00:00+07:00',
      fallback: { vi: 'Dùng tệp tải về.' },
      status: 'draft',
    });
    const order = errors.find((e) => e.code === 'date_order');
    expect(order?.field).toBe('');
    expect(errorInputName(notice, order?.field ?? 'x', order?.code)).toBe('expectedEnd');
  });
});
