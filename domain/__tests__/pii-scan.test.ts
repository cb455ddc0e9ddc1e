// The personal-data guard on real files: a CSV with a citizen ID number is blocked, the official
// administrative-unit CSVs of ../shared and the demo catalog's files pass.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describePiiReport, findInValue, loadPiiRules, mask, portalFile, portalRoots, scanDistributions, scanFile } from '../pii-scan.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const rules = loadPiiRules(path.join(root, 'cms', 'pii-patterns.json'));
const fixtures = path.join(import.meta.dirname, 'fixtures');
const ids = (value: string, column?: string) => findInValue(value, column, rules).map((f) => f.pattern.id);

describe('personal-data patterns (cms/pii-patterns.json)', () => {
  it('find citizen ID numbers only with a province code prefix', () => {
    expect(ids('CCCD 079203001234 cấp ngày')).toEqual(['cccd']);
    expect(ids('999203001234')).toEqual([]);
    expect(ids('0792030012345')).toEqual([]);
  });
  it('find Vietnamese mobile numbers written in the usual ways, not landlines', () => {
    expect(ids('0903 123 456')).toEqual(['so-dien-thoai']);
    expect(ids('+84912345678')).toEqual(['so-dien-thoai']);
    expect(ids('0912.345.678')).toEqual(['so-dien-thoai']);
    expect(ids('028 3829 1234')).toEqual([]);
  });
  it("find e-mail addresses, except public bodies' mailboxes on the allow list", () => {
    expect(ids('liên hệ an.nguyen@gmail.com')).toEqual(['email']);
    expect(ids('sokhcn@tphcm.gov.vn')).toEqual([]);
  });
  it('find personal tax codes only in columns about individuals', () => {
    expect(ids('8012345678', 'mst_ca_nhan')).toEqual(['mst-ca-nhan']);
    expect(ids('0301234567', 'ma_so_thue_doanh_nghiep')).toEqual([]);
    expect(ids('1990-05-01', 'ngay_sinh')).toEqual(['ngay-sinh']);
  });
  it('mask values so the report does not spread them', () => {
    expect(mask('079203001234')).toBe('07********34');
    expect(mask('an.nguyen@gmail.com')).toBe('an*******@gmail.com');
  });
});

describe('scanning files', () => {
  it('blocks a CSV with a citizen ID number, saying file, line, column and pattern', async () => {
    const r = await scanDistributions([{ id: 'ho-tro-csv', format: 'csv', downloadURL: '/nguoi-nhan-ho-tro.csv' }], rules, fixtures);
    expect(r.hits).toEqual<Record<string, unknown>[]>([
      {
        distribution: 'ho-tro-csv',
        file: 'nguoi-nhan-ho-tro.csv',
        line: 2,
        column: 'so_cccd',
        pattern: 'cccd',
        label: expect.objectContaining<Record<string, unknown>>({ vi: expect.stringMatching(/căn cước/) }),
        masked: '07********34',
      },
    ]);
    expect(describePiiReport(r)).toMatch(/Không công bố được.*\n.*dòng\/line 2, cột\/column so_cccd/);
    expect(describePiiReport(r)).not.toMatch(/079203001234/);
  });

  it('reads text files line by line with the character position', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'odp-pii-'));
    writeFileSync(path.join(dir, 'a.xml'), '<r>\n  <lienHe>an.nguyen@gmail.com</lienHe>\n</r>\n');
    const r = await scanFile(path.join(dir, 'a.xml'), 'xml', rules);
    expect(r.hits.map((h) => [h.line, h.column, h.pattern])).toEqual([[2, '11', 'email']]);
  });

  it("scans a file linked by the portal's own absolute address (such links were skipped)", async () => {
    const origins = ['http://127.0.0.1:4321', 'https://data.example.gov.vn'];
    for (const url of ['http://127.0.0.1:4321/nguoi-nhan-ho-tro.csv', '//127.0.0.1:4321/nguoi-nhan-ho-tro.csv?v=2', 'https://data.example.gov.vn/nguoi-nhan-ho-tro.csv']) {
      const r = await scanDistributions([{ id: 'ho-tro-csv', format: 'csv', downloadURL: url }], rules, fixtures, { portalOrigins: origins });
      expect({ url, scanned: r.scanned, hits: r.hits.map((h) => h.pattern) }).toEqual({ url, scanned: 1, hits: ['cccd'] });
    }
    // Another host, or a path that leaves the portal's folder, is not the portal's file.
    expect(portalFile('http://127.0.0.2:4321/nguoi-nhan-ho-tro.csv', fixtures, origins)).toBeUndefined();
    expect(portalFile('/../pii-scan.test.ts', fixtures, origins)).toBeUndefined();
    expect(portalFile('http://127.0.0.1:4321/%2F..%2Fpii-scan.test.ts', fixtures, origins)).toBeUndefined();
  });

  it("scans editors' uploads at /data/<dataset>/<file>, never a staged file", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'odp-pii-uploads-'));
    mkdirSync(path.join(dir, 'uploads', 'ho-tro'), { recursive: true });
    copyFileSync(path.join(fixtures, 'nguoi-nhan-ho-tro.csv'), path.join(dir, 'uploads', 'ho-tro', 'ds.csv'));
    const roots = portalRoots(path.join(dir, 'public'), path.join(dir, 'uploads'));
    const r = await scanDistributions([{ id: 'ho-tro-csv', format: 'csv', downloadURL: '/data/ho-tro/ds.csv' }], rules, roots);
    expect(r).toMatchObject({ scanned: 1, hits: [{ pattern: 'cccd', file: 'ds.csv' }] });
    // Without the uploads folder the file is not the portal's: not scanned (it would not be published either).
    expect((await scanDistributions([{ id: 'ho-tro-csv', format: 'csv', downloadURL: '/data/ho-tro/ds.csv' }], rules, path.join(dir, 'public'))).scanned).toBe(0);
    expect(portalFile('/data/.staging/x/ds.csv', roots, [])).toBeUndefined();
    expect(portalFile('/ho-tro/ds.csv', roots, [])).toBe(path.join(dir, 'public', 'ho-tro', 'ds.csv'));
  });

  it('lists links to other sites as not scanned', async () => {
    const r = await scanDistributions([{ id: 'api', format: 'json', accessURL: 'https://lgsp.example.gov.vn/api' }], rules, fixtures);
    expect(r).toMatchObject({ hits: [], scanned: 0, notScanned: [{ distribution: 'api' }] });
  });

  it('passes the administrative-unit CSVs of ../shared', async () => {
    const dir = path.join(root, '..', 'shared', 'data', 'vn-admin-units');
    if (!existsSync(dir)) throw new Error(`Thiếu thư mục dùng chung / missing ../shared/data/vn-admin-units (read from beside the repository).`);
    const files = readdirSync(dir).filter((f) => f.endsWith('.csv'));
    expect(files.length).toBeGreaterThanOrEqual(2);
    for (const f of files) expect((await scanFile(path.join(dir, f), 'csv', rules)).hits, f).toEqual([]);
  });

  it("passes the demo catalog's files", async () => {
    const dir = path.join(root, 'public', 'data');
    const files = readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    for (const e of files) {
      const file = path.join(e.parentPath, e.name);
      expect((await scanFile(file, path.extname(file).slice(1), rules)).hits, file).toEqual([]);
    }
  });

  it('refuses a broken pattern list, naming the entry', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'odp-pii-'));
    writeFileSync(path.join(dir, 'p.json'), JSON.stringify({ patterns: [{ id: 'x', label: { vi: 'x', en: 'x' }, regex: '([' }] }));
    expect(() => loadPiiRules(path.join(dir, 'p.json'))).toThrow(/pattern 1 .* invalid: regex/);
  });
});
