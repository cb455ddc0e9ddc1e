import { describe, expect, it } from 'vitest';
import { CatalogValidationError } from '../src/errors.ts';
import { example } from '../src/examples.ts';
import { parseAllowList } from '../src/network-address.ts';
import { normalizeRecord } from '../src/normalize.ts';
import { assertValid, isCalendarDateTime, validateRecord } from '../src/validate.ts';

describe('validateRecord', () => {
  it('reports every problem at once, not only the first', () => {
    const { record } = example('valid', 'dataset-open-full');
    delete record.title;
    record.accrualPeriodicity = 'sometimes';
    record.issued = 'yesterday';
    const fields = validateRecord('Dataset', record)
      .map((e) => e.field)
      .sort();
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

const codes = (errors: { field: string; code: string }[]) => errors.map((e) => `${e.field}/${e.code}`);

describe('text', () => {
  it('refuses a NUL character in a title (RDF/XML and Atom were not well-formed)', () => {
    const { record } = example('valid', 'dataset-open-full');
    record.title = { vi: 'Tuyến xe buýt\u0000', en: 'Bus routes' };
    const [err] = validateRecord('Dataset', record);
    expect(err).toMatchObject({ field: 'title.vi', code: 'control_character' });
    expect(err?.message_vi).toContain('U+0000');
    expect(err?.message_en).toContain('U+0000');
  });

  it('refuses other control characters and halves of a surrogate pair anywhere, keys of a JSON field included', () => {
    const { record } = example('valid', 'dataset-open-full');
    record.description = { vi: 'Mô tả\u001b[31m', en: 'Broken \ud800 half' };
    record.legalBasis = [{ number: '12/QĐ-UBND\u007f', title: { vi: 'Quyết định' } }];
    expect(codes(validateRecord('Dataset', record))).toEqual(['description.vi/control_character', 'description.en/control_character', 'legalBasis.0.number/control_character']);
    const { record: service } = example('valid', 'data-service-lgsp');
    service.openapi = { openapi: '3.0.3', info: { title: 'API', version: '1' }, paths: { '/ho-so\u0000': {} } };
    expect(codes(validateRecord('DataService', service))).toEqual(['openapi.paths./ho-so\u0000/control_character']);
  });

  it('keeps line breaks and tabs in a description, refuses them in titles and keywords', () => {
    const { record } = example('valid', 'dataset-open-full');
    record.description = { vi: 'Dòng một.\n\n\tDòng hai.\r\nDòng ba.' };
    expect(validateRecord('Dataset', record)).toEqual([]);
    record.title = { vi: 'Tuyến xe buýt\nbản cũ' };
    record.keyword = { vi: ['xe\tbuýt'] };
    expect(codes(validateRecord('Dataset', record))).toEqual(['title.vi/line_break', 'keyword.vi.0/line_break']);
  });

  it('refuses a line break in the one-line fields of the request form, keeps it in its description', () => {
    const { record } = example('valid', 'data-request-problem');
    record.description = 'Thiếu tuyến số 12.\nXin bổ sung trong bản cập nhật sau.';
    expect(validateRecord('DataRequest', record)).toEqual([]);
    record.title = 'Thiếu tuyến\nsố 12';
    expect(codes(validateRecord('DataRequest', record))).toEqual(['title/line_break']);
  });
});

describe('dates', () => {
  it('refuses 30 February in a date and in a date-time (a date-time was stored as 2 March)', () => {
    const { record } = example('valid', 'dataset-open-full');
    record.issued = '2026-02-30';
    expect(codes(validateRecord('Dataset', record))).toEqual(['issued/invalid_format']);
    const { record: request } = example('valid', 'data-request-problem');
    for (const when of ['2026-02-30T09:00:00Z', '2026-02-28T24:00:00Z', '2026-02-28T23:59:60Z', '2026-02-28T09:00:00+25:00', '2026-02-28T09:00:00']) {
      expect(codes(validateRecord('DataRequest', { ...request, received: when })), when).toEqual(['received/invalid_format']);
    }
    expect(validateRecord('DataRequest', { ...request, received: '2024-02-29T23:59:59.5+07:00' })).toEqual([]);
  });

  it('tells which texts name a day and time that exist, for the CMS to store none moved', () => {
    expect(['2024-02-29', '2026-05-07 13:00:00', '2026-05-07T13:00', '2026-05-07T13:00:00.000Z', '2026-05-07T13:00:00+0700'].filter((s) => !isCalendarDateTime(s))).toEqual([]);
    expect(
      ['2026-02-30', '2025-02-29', '2026-04-31', '2026-13-01', '2026-00-10', '2026-05-07T24:00:00Z', '2026-05-07T12:60', 'May 7 2026', '2026-5-7', ''].filter((s) => isCalendarDateTime(s)),
    ).toEqual([]);
  });
});

describe('links', () => {
  const { record: agent } = example('valid', 'agent-so-khcn');
  const { record: distribution } = example('valid', 'distribution-json');

  it('refuses "http://" (a URL without a host) and links that are not http(s)', () => {
    for (const homepage of ['http://', 'https://', 'http:///trang', 'http://:80/', 'ftp://example.org/', 'javascript:alert(1)', 'https://example.org/a b']) {
      expect(codes(validateRecord('Agent', { ...agent, homepage })), homepage).toEqual(['homepage/invalid_format']);
    }
    for (const accessURL of ['http://', '//example.org/tep.csv', '/\\example.org/tep.csv', 'https://example.org/\u0000']) {
      expect(codes(validateRecord('Distribution', { ...distribution, accessURL })), accessURL).toEqual(['accessURL/invalid_format']);
    }
    expect(validateRecord('Distribution', { ...distribution, accessURL: 'https://data.example.gov.vn/tep.csv?v=2#dong-1' })).toEqual([]);
  });

  it('refuses links to the server itself or a private network on save, however the address is written', () => {
    const local = [
      'http://127.0.0.1:8055/admin',
      'http://localhost/',
      'http://LOCALHOST./',
      'http://api.localhost/',
      'http://0x7f.1/',
      'http://2130706433/',
      'http://0.0.0.0/',
      'http://10.1.2.3/',
      'http://172.31.0.1/',
      'http://192.168.1.10/',
      'http://100.64.0.1/',
      'http://169.254.169.254/latest/meta-data/',
      'http://224.0.0.1/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://[fd00::1]/',
      'http://[fe80::1]/',
      'http://may-in.local/',
      'http://lgsp.internal/',
      'http://intranet/',
    ];
    for (const accessURL of local) {
      const errors = validateRecord('Distribution', { ...distribution, accessURL });
      expect(codes(errors), accessURL).toEqual(['accessURL/private_address']);
    }
    const [err] = validateRecord('Distribution', { ...distribution, accessURL: 'http://127.0.0.1:8055/' });
    expect(err?.message_vi).toContain('"127.0.0.1"');
    expect(err?.message_vi).toContain('chính máy chủ');
    expect(err?.message_en).toContain('the server itself');
    for (const accessURL of ['https://data.example.gov.vn/a.csv', 'http://8.8.8.8/', 'http://[2001:4860:4860::8888]/', '/data/a.csv']) {
      expect(validateRecord('Distribution', { ...distribution, accessURL }), accessURL).toEqual([]);
    }
  });

  it('accepts an internal server the operator allows (ODP_FETCH_ALLOW), and only that one', () => {
    const allowedHosts = parseAllowList('10.20.0.0/16, lgsp.tphcm.internal:8443');
    const ok = (accessURL: string) => validateRecord('Distribution', { ...distribution, accessURL }, { allowedHosts });
    expect(ok('http://10.20.3.4/api')).toEqual([]);
    expect(ok('https://lgsp.tphcm.internal:8443/api')).toEqual([]);
    expect(codes(ok('https://lgsp.tphcm.internal/api'))).toEqual(['accessURL/private_address']);
    expect(codes(ok('http://10.21.0.1/api'))).toEqual(['accessURL/private_address']);
    expect(codes(ok('http://127.0.0.1/'))).toEqual(['accessURL/private_address']);
  });
});

describe('types', () => {
  it('does not coerce a number written as text ("12" was stored as 12)', () => {
    const { record } = example('valid', 'distribution-json');
    expect(codes(validateRecord('Distribution', { ...record, byteSize: '12' }))).toEqual(['byteSize/invalid_type']);
    expect(codes(validateRecord('Dataset', { ...example('valid', 'dataset-shared-minimal').record, containsPersonalData: 'false' }))).toEqual(['containsPersonalData/invalid_type']);
    expect(validateRecord('Distribution', { ...record, byteSize: 12 })).toEqual([]);
  });
});

describe('normalizeRecord', () => {
  it('stores the CRLF line ends of an HTML form as LF, and leaves control characters for the validator to name', () => {
    const out = normalizeRecord({ description: ' Dòng một.\r\nDòng hai.\rDòng ba.\u0000 ' });
    expect(out.description).toBe('Dòng một.\nDòng hai.\nDòng ba.\u0000');
  });

  it('stores decomposed Vietnamese (NFD) as composed (NFC)', () => {
    const nfd = 'Dữ liệu giao thông'.normalize('NFD');
    const out = normalizeRecord({ title: { vi: ` ${nfd} ` }, keyword: { vi: [nfd] } });
    expect(out.title.vi).toBe('Dữ liệu giao thông'.normalize('NFC'));
    expect(out.title.vi.length).toBeLessThan(nfd.length);
    expect(out.keyword.vi[0]).toBe('Dữ liệu giao thông'.normalize('NFC'));
  });
});
