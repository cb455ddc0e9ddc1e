import { Parser, Store } from 'n3';
import { describe, expect, it } from 'vitest';
import { recordsFromCkan, recordsFromDcat, type HarvestContext } from '../dcat/from-rdf.ts';
import { detectSyntax } from '../../pipeline/harvest/read-rdf.ts';

const ctx: HarvestContext = { agency: 'so-khcn', knownAgencies: new Set(), themes: [{ id: 'giao-thong', euDataTheme: 'TRAN' }] };

describe('harvest mapping', () => {
  it('makes URL-safe ids from Vietnamese names', () => {
    const { records } = recordsFromCkan([{ id: 'u3', name: 'Đường bộ: Hồ Chí Minh (2026)', resources: [{ id: 'r1', name: 'Bản đồ', url: 'https://x.org/b.csv', format: 'CSV' }] }], ctx);
    expect(records[0]?.dataset.id).toBe('duong-bo-ho-chi-minh-2026');
    expect(records[0]?.distributions[0]?.id).toBe('duong-bo-ho-chi-minh-2026-ban-do');
  });

  it('guesses the RDF syntax from the name, the media type or the content', () => {
    expect(detectSyntax('a.ttl', undefined, '')).toBe('turtle');
    expect(detectSyntax('x', 'application/rdf+xml', '')).toBe('rdfxml');
    expect(detectSyntax('x', undefined, '  {"@graph": []}')).toBe('jsonld');
  });

  it('maps EU themes, licences and formats of a DCAT-AP record; unknown formats are skipped with a note', () => {
    const ttl = `@prefix dcat: <http://www.w3.org/ns/dcat#> . @prefix dct: <http://purl.org/dc/terms/> .
      <https://x.org/ds/Xe-Buyt> a dcat:Dataset ; dct:title "Tuyến xe buýt"@vi, "Bus routes"@en ; dct:description "Mô tả"@vi ;
        dcat:theme <http://publications.europa.eu/resource/authority/data-theme/TRAN> ;
        dct:accrualPeriodicity <http://publications.europa.eu/resource/authority/frequency/MONTHLY> ;
        dcat:distribution [ dcat:accessURL <https://x.org/a.csv> ; dct:format <http://publications.europa.eu/resource/authority/file-type/CSV> ;
                            dct:license <http://publications.europa.eu/resource/authority/licence/CC_BY_4_0> ],
                          [ dcat:accessURL <https://x.org/a.shp> ; dct:format "SHP" ] .`;
    const { records, rejected } = recordsFromDcat(new Store(new Parser().parse(ttl)), ctx);
    expect(rejected).toEqual([]);
    const r = records[0]!;
    expect(r.dataset).toMatchObject({
      id: 'xe-buyt',
      identifier: 'https://x.org/ds/Xe-Buyt',
      publisher: 'so-khcn',
      theme: ['giao-thong'],
      accrualPeriodicity: 'monthly',
      license: 'cc-by-4.0',
      dataKind: ['open'],
      status: 'draft',
    });
    expect(r.distributions.map((d) => d.format)).toEqual(['csv']);
    expect(r.notes.join(' ')).toMatch(/"SHP" .*skipped/);
  });

  it('maps CKAN packages and leaves out private ones with a reason', () => {
    const { records, rejected } = recordsFromCkan(
      [
        {
          id: 'u1',
          name: 'cho-dau-moi',
          title: 'Chợ đầu mối',
          notes: 'Danh sách',
          license_id: 'cc-by',
          tags: [{ name: 'chợ' }],
          groups: [{ name: 'giao-thong' }],
          resources: [{ id: 'r1', name: 'CSV', url: 'https://x.org/c.csv', format: 'CSV', size: 10 }],
        },
        { id: 'u2', name: 'rieng', private: true, resources: [] },
      ],
      ctx,
    );
    expect(records[0]?.dataset).toMatchObject({ id: 'cho-dau-moi', identifier: 'u1', license: 'cc-by-4.0', keyword: { vi: ['chợ'] }, theme: ['giao-thong'] });
    expect(records[0]?.distributions[0]).toMatchObject({ format: 'csv', byteSize: 10, accessURL: 'https://x.org/c.csv' });
    expect(rejected).toEqual([{ identifier: 'u2', reasons: [expect.stringMatching(/private/)] }]);
  });
});
