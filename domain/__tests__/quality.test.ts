// The score recorded when an entry is sent for review: a data service by how complete its
// description is, a dataset with the profiles of its files on the portal (the check page's and the
// CMS's measure).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DataService, DataField } from '../../catalog-schema/generated/types.ts';
import { example } from '../../catalog-schema/src/examples.ts';
import { portalRoots } from '../pii-scan.ts';
import { codeListsNamed, portalProfiles, type PortalFiles } from '../portal-profiles.ts';
import { assessQuality, assessServiceQuality } from '../quality.ts';
import type { DatasetWithDistributions } from '../snapshot.ts';

describe('assessServiceQuality', () => {
  const service = example('valid', 'data-service-lgsp').record as unknown as DataService;

  it('scores how complete the description is, naming each missing part with its field', () => {
    const report = assessServiceQuality(service);
    // The example has its technical description, exchange structure and who may use it (3 of 10); a
    // service for agencies needs no licence (4 of 10).
    expect(report.overall).toBe(40);
    expect(report.results).toHaveLength(1);
    expect(report.results[0]!.criterion).toBe('complete');
    const missing = report.results[0]!.findings.filter((f) => !f.ok).map((f) => f.en);
    expect(missing).toContain('Missing a contact point: fill in the "contactPoint" field in the CMS.');
    expect(missing).toContain('Missing a health check URL: fill in the "healthURL" field in the CMS.');
    expect(missing).not.toContainEqual(expect.stringContaining('licence'));
  });

  it('gives 100 to a complete description, and asks a public service for its licence', () => {
    const full: DataService = {
      ...service,
      description: { vi: service.description.vi, en: 'File status lookup.' },
      contactPoint: ['so-khcn-du-lieu'],
      keyword: { vi: ['hồ sơ'], en: ['files'] },
      theme: ['hanh-chinh'],
      servesDataset: ['ho-so-tthc'],
      healthURL: 'https://lgsp.tphcm.gov.vn/api/tthc/v1/health',
    };
    expect(assessServiceQuality(full).overall).toBe(100);
    expect(assessServiceQuality(full).results[0]!.findings).toEqual([{ ok: true, vi: 'Thông tin mô tả đầy đủ.', en: 'The description is complete.' }]);
    expect(assessServiceQuality({ ...full, accessLevel: 'public' }).overall).toBe(90);
  });
});

describe('portalProfiles', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'odp-portal-profiles-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const publicDir = path.join(dir, 'public');
  const uploadsDir = path.join(dir, 'uploads');
  mkdirSync(path.join(publicDir, 'data', 'bang'), { recursive: true });
  mkdirSync(path.join(uploadsDir, 'khac'), { recursive: true });
  writeFileSync(path.join(publicDir, 'data', 'bang', 'bang.csv'), 'ma_phuong,dan_so\n26734,47000\n99999,\n');
  writeFileSync(path.join(uploadsDir, 'khac', 'bang.csv'), 'ma_phuong,dan_so\n26734,1\n');
  const dictionary: DataField[] = [
    { name: 'ma_phuong', title: { vi: 'Mã phường' }, type: 'code', codeList: 'phuong' },
    { name: 'dan_so', title: { vi: 'Dân số' }, type: 'integer', required: true },
  ];
  const files = (codes = new Map<string, Set<string>>()): PortalFiles => ({
    roots: portalRoots(publicDir, uploadsDir),
    uploadsDir,
    portalOrigins: ['https://data.example.gov.vn'],
    codes,
    maxBytes: 1_000_000,
  });
  const distributions = [
    { id: 'csv', format: 'csv', downloadURL: 'https://data.example.gov.vn/data/bang/bang.csv' },
    { id: 'borrowed', format: 'csv', downloadURL: '/data/khac/bang.csv' },
    { id: 'elsewhere', format: 'csv', downloadURL: 'https://example.org/bang.csv' },
    { id: 'no-format', downloadURL: '/data/bang/bang.csv' },
  ];

  it('profiles the portal’s own files against the dictionary and its code lists, and no link elsewhere', async () => {
    expect(codeListsNamed(dictionary)).toEqual(['phuong']);
    const profiles = await portalProfiles({ id: 'bang', dataDictionary: dictionary }, distributions, files(new Map([['phuong', new Set(['26734'])]])));
    expect(Object.keys(profiles).sort()).toEqual(['borrowed', 'csv']);
    expect(profiles.csv).toMatchObject({ status: 'ok', answers: true, profile: { rows: 2 } });
    expect(profiles.csv!.dictionary?.problems.map((p) => p.code).sort()).toEqual(['required_empty', 'unknown_code']);
    // Another dataset's upload is not this dataset's file.
    expect(profiles.borrowed).toMatchObject({ status: 'unreachable', answers: false });
  });

  it('lowers the dataset’s score by what its files show, as the check page does', async () => {
    const base = example('valid', 'dataset-open-full').record as unknown as DatasetWithDistributions;
    const d = { ...base, id: 'bang', dataDictionary: dictionary, distribution: [{ ...base.distribution[0]!, id: 'csv', downloadURL: '/data/bang/bang.csv', byteSize: undefined }] };
    const profiles = await portalProfiles(d, d.distribution, files());
    expect(assessQuality(d, profiles, '2026-11-02').overall).toBeLessThan(assessQuality(d, {}, '2026-11-02').overall);
  });
});
