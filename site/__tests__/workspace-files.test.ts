// Files editors upload in the workspace: staged out of sight, profiled and scanned by the build's own
// code, refused with a reason beside the field when they cannot be taken, and saved under the
// dataset without ever replacing another file.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { portalFile, portalRoots } from '../../domain/pii-scan.ts';
import { checkAgainstDictionary, commitStaged, profileUploaded, readStaged, removeUpload, safeFileName, stageUpload, uploadOfLink, type StagedFile } from '../src/lib/workspace/files.ts';

const root = path.resolve(import.meta.dirname, '..', '..');
const work = mkdtempSync(path.join(tmpdir(), 'odp-workspace-files-'));
const uploads = path.join(work, 'uploads');
const saved = { dir: process.env.ODP_UPLOADS_DIR, max: process.env.ODP_UPLOAD_MAX_BYTES };
process.env.ODP_UPLOADS_DIR = uploads;
afterAll(() => {
  for (const [name, value] of [
    ['ODP_UPLOADS_DIR', saved.dir],
    ['ODP_UPLOAD_MAX_BYTES', saved.max],
  ] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
  rmSync(work, { recursive: true, force: true });
});
beforeEach(() => {
  delete process.env.ODP_UPLOAD_MAX_BYTES;
});

const editor = 'a1b2c3d4-0000-4000-8000-000000000001';
const other = 'a1b2c3d4-0000-4000-8000-000000000002';
const csv = (text: string, name = 'Dân số phường.csv') => new File([text], name, { type: 'text/csv' });
const wardsCsv = 'Mã phường,Tên phường,Dân số,Ngày cập nhật\n26734,Phường Sài Gòn,47000,2025-07-01\n26737,Phường Tân Định,,2025-07-01\n';

async function stage(file: File, owner = editor): Promise<StagedFile> {
  const r = await stageUpload(file, owner);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.staged;
}

async function refused(file: File): Promise<{ field: string; code: string; message_vi: string; message_en: string }> {
  const r = await stageUpload(file, editor);
  if (r.ok) throw new Error(`accepted ${file.name}`);
  expect(r.errors).toHaveLength(1);
  return r.errors[0]!;
}

describe('stageUpload', () => {
  it('stages a CSV with Vietnamese headers out of the public folder and proposes a dictionary', async () => {
    const s = await stage(csv(wardsCsv));
    expect(s).toMatchObject({ name: 'dan-so-phuong.csv', originalName: 'Dân số phường.csv', format: 'csv', mediaType: 'text/csv', byteSize: Buffer.byteLength(wardsCsv) });
    expect(s.id).toMatch(/^[0-9a-f]{32}$/);
    expect(s.checksum.algorithm).toBe('sha256');
    expect(s.checksum.value).toMatch(/^[0-9a-f]{64}$/);
    expect(s.profile).toMatchObject({ status: 'ok', profile: { rows: 2 } });
    expect(s.proposedDictionary).toEqual([
      { name: 'ma_phuong', title: { vi: 'Mã phường' }, type: 'integer', required: true },
      { name: 'ten_phuong', title: { vi: 'Tên phường' }, type: 'string', required: true },
      { name: 'dan_so', title: { vi: 'Dân số' }, type: 'integer' },
      { name: 'ngay_cap_nhat', title: { vi: 'Ngày cập nhật' }, type: 'date', format: 'YYYY-MM-DD', required: true },
    ]);
    expect(s.proposedColumns[1]).toMatchObject({ header: 'Tên phường', examples: ['Phường Sài Gòn', 'Phường Tân Định'] });
    expect(s.personalData).toEqual({ findings: [], truncated: false });

    const dir = path.join(uploads, '.staging', s.id);
    expect(readFileSync(path.join(dir, 'dan-so-phuong.csv'), 'utf8')).toBe(wardsCsv);
    const meta = JSON.parse(readFileSync(path.join(dir, 'meta.json'), 'utf8')) as Record<string, unknown>;
    expect(meta).toMatchObject({ owner: editor, name: 'dan-so-phuong.csv', format: 'csv', size: s.byteSize, sha256: s.checksum.value });
    expect(Date.parse(String(meta.created))).toBeGreaterThan(Date.now() - 60_000);
    expect(readStaged(s.id, editor)).toEqual(s);
  });

  it('stages an XLSX workbook and profiles its sheet', async () => {
    const xlsx = path.join(root, 'public', 'data', 'truong-hoc-cac-cap', 'truong-hoc-cac-cap.xlsx');
    const s = await stage(new File([readFileSync(xlsx)], 'Trường học các cấp.XLSX'));
    expect(s).toMatchObject({ name: 'truong-hoc-cac-cap.xlsx', format: 'xlsx', mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
    expect(s.profile.status).toBe('ok');
    expect(s.profile.profile!.rows).toBeGreaterThan(0);
    expect(s.proposedDictionary.map((f) => f.name)).toContain('ten_truong');
  });

  it('stages JSON and XML; XML is kept without a table profile', async () => {
    const json = await stage(new File([JSON.stringify([{ ma: 'A', so: 1 }])], 'bang.json'));
    expect(json.proposedDictionary.map((f) => [f.name, f.type])).toEqual([
      ['ma', 'string'],
      ['so', 'integer'],
    ]);
    const xml = await stage(new File(['\uFEFF<?xml version="1.0"?>\n<r><a>1</a></r>\n'], 'bang.xml'));
    expect(xml).toMatchObject({ format: 'xml', mediaType: 'application/xml', profile: { status: 'unsupported' }, proposedDictionary: [] });
  });

  it('finds citizen ID numbers, masked, with line and column', async () => {
    const s = await stage(csv('Họ tên,Số CCCD,Phường\nNguyễn Văn An,079203001234,Sài Gòn\nTrần Thị Bình,,Bến Thành\nLê Văn Cường,001099012345,Tân Định\n', 'ho-tro.csv'));
    expect(s.personalData.truncated).toBe(false);
    expect(s.personalData.findings.map(({ kind: _kind, ...where }) => where)).toEqual([
      { file: 'ho-tro.csv', line: 2, column: 'Số CCCD', value: '07********34' },
      { file: 'ho-tro.csv', line: 4, column: 'Số CCCD', value: '00********45' },
    ]);
    for (const f of s.personalData.findings) {
      expect(f.kind.vi).toMatch(/căn cước/);
      expect(f.kind.en).toMatch(/Citizen ID/);
    }
    // The example values beside the proposed dictionary are masked too.
    expect(s.proposedColumns[1]!.examples).toEqual(['07********34', '00********45']);
    expect(JSON.stringify(s)).not.toContain('079203001234');
  });

  it('refuses a file over the size limit, saying the limit in MB', async () => {
    process.env.ODP_UPLOAD_MAX_BYTES = '2000000';
    const e = await refused(csv(`a\n${'1\n'.repeat(1_000_000)}`));
    expect(e).toMatchObject({ field: 'file', code: 'too_large' });
    expect(e.message_vi).toContain('2 MB');
    expect(e.message_en).toContain('2 MB');
  });

  it('refuses empty files, other types, and content that is not what the name says', async () => {
    expect(await refused(csv(''))).toMatchObject({ field: 'file', code: 'empty' });
    expect(await refused(new File([''], ''))).toMatchObject({ field: 'file', code: 'required' });
    expect(await refused(new File(['%PDF-1.7'], 'bao-cao.pdf'))).toMatchObject({ code: 'unsupported_type' });
    expect(await refused(new File(['a,b\n1,2\n'], 'bang'))).toMatchObject({ code: 'unsupported_type' });
    expect(await refused(new File(['a,b\n1,2\n'], 'bang.xlsx'))).toMatchObject({ code: 'content_mismatch' });
    const zip = await refused(new File([Buffer.from('PK\u0003\u0004rest')], 'bang.csv'));
    expect(zip.code).toBe('content_mismatch');
    expect(zip.message_en).toMatch(/zip/);
    expect(await refused(new File(['{"a": 1,'], 'bang.json'))).toMatchObject({ code: 'content_mismatch' });
    expect(await refused(new File(['a,b\n'], 'bang.xml'))).toMatchObject({ code: 'content_mismatch' });
    expect(await refused(new File(['<html><body>404</body></html>'], 'bang.csv'))).toMatchObject({ code: 'content_mismatch' });
    const tcvn3 = await refused(new File([Buffer.from([0x4d, 0xe3, 0x20, 0x70, 0x68, 0x0a])], 'tcvn3.csv'));
    expect(tcvn3.code).toBe('not_utf8');
    expect(tcvn3.message_vi).toMatch(/UTF-8/);
    // A zip that is no workbook cannot be scanned for personal data, so it is not taken.
    expect(await refused(new File([Buffer.from('PK\u0003\u0004 not a workbook')], 'hong.xlsx'))).toMatchObject({ code: 'unreadable' });
    const e = await refused(new File(['x'], 'a.docx'));
    expect(e.message_vi).toMatch(/CSV, XLSX, JSON hoặc XML/);
    expect(e.message_en).toMatch(/CSV, XLSX, JSON or XML/);
    // Nothing refused is left in the staging area.
    const staging = path.join(uploads, '.staging');
    for (const id of readdirSync(staging)) expect(existsSync(path.join(staging, id, 'meta.json'))).toBe(true);
  });

  it('removes staged uploads older than a day at the next upload', async () => {
    const old = await stage(csv('a\n1\n'));
    const dir = path.join(uploads, '.staging', old.id);
    const dayAgo = new Date(Date.now() - 25 * 3600 * 1000);
    utimesSync(dir, dayAgo, dayAgo);
    const fresh = await stage(csv('a\n2\n'));
    expect(existsSync(dir)).toBe(false);
    expect(readStaged(old.id, editor)).toBeUndefined();
    expect(readStaged(fresh.id, editor)).toBeDefined();
  });
});

describe('staged ids, owners and dataset ids', () => {
  it('reads a staged upload only for its owner', async () => {
    const s = await stage(csv(wardsCsv));
    expect(readStaged(s.id, other)).toBeUndefined();
    expect(() => commitStaged(s.id, other, 'dan-so-phuong')).toThrow(expect.objectContaining({ code: 'UPLOAD_NOT_FOUND' }));
    await expect(checkAgainstDictionary(s, other, [])).rejects.toMatchObject({ code: 'UPLOAD_NOT_FOUND' });
  });

  it('refuses ids and names that would leave their folders, before touching the disk', async () => {
    const s = await stage(csv(wardsCsv));
    // A file a traversal would reach if ids were joined to paths unchecked.
    mkdirSync(path.join(work, 'secret'), { recursive: true });
    writeFileSync(path.join(work, 'secret', 'meta.json'), JSON.stringify({ owner: editor, name: 'x.csv' }));
    for (const id of ['../../secret', '..', `${s.id}/../${s.id}`, `${s.id.slice(0, 31)}/`, s.id.toUpperCase(), '']) {
      expect(readStaged(id, editor), id).toBeUndefined();
      expect(() => commitStaged(id, editor, 'dan-so-phuong'), id).toThrow(expect.objectContaining({ code: 'UPLOAD_NOT_FOUND' }));
    }
    for (const dataset of ['../secret', '..', 'Dan-So', 'a/b', 'dan_so', '-a', 'x']) {
      expect(() => commitStaged(s.id, editor, dataset), dataset).toThrow(expect.objectContaining({ code: 'UPLOAD_INVALID_DATASET' }));
    }
    expect(existsSync(path.join(uploads, '.staging', s.id, 'dan-so-phuong.csv'))).toBe(true);
    expect(removeUpload('..', 'secret')).toBe(false);
    expect(removeUpload('secret', '../secret/meta.json')).toBe(false);
    expect(removeUpload('dan-so-phuong', '.staging')).toBe(false);
    expect(existsSync(path.join(work, 'secret', 'meta.json'))).toBe(true);
  });
});

describe('commitStaged and removeUpload', () => {
  it("moves a staged file under its dataset, never replacing another file of the dataset's", async () => {
    const first = await stage(csv(wardsCsv));
    const second = await stage(csv(wardsCsv.replace('47000', '48000')));
    const third = await stage(csv('a\n1\n'));
    expect(commitStaged(first.id, editor, 'dan-so-phuong')).toEqual({ downloadURL: '/data/dan-so-phuong/dan-so-phuong.csv', name: 'dan-so-phuong.csv' });
    expect(commitStaged(second.id, editor, 'dan-so-phuong').downloadURL).toBe('/data/dan-so-phuong/dan-so-phuong-2.csv');
    expect(commitStaged(third.id, editor, 'dan-so-phuong').downloadURL).toBe('/data/dan-so-phuong/dan-so-phuong-3.csv');
    expect(readFileSync(path.join(uploads, 'dan-so-phuong', 'dan-so-phuong.csv'), 'utf8')).toBe(wardsCsv);
    expect(readFileSync(path.join(uploads, 'dan-so-phuong', 'dan-so-phuong-2.csv'), 'utf8')).toContain('48000');
    // Committed once: the staging folder is gone, a second commit finds nothing.
    expect(existsSync(path.join(uploads, '.staging', first.id))).toBe(false);
    expect(readStaged(first.id, editor)).toBeUndefined();
    expect(() => commitStaged(first.id, editor, 'dan-so-phuong')).toThrow(expect.objectContaining({ code: 'UPLOAD_NOT_FOUND' }));

    // The resolver every part shares finds the upload at its link, and never a staged file.
    const roots = portalRoots(path.join(root, 'public'), uploads);
    expect(portalFile('/data/dan-so-phuong/dan-so-phuong-2.csv', roots, [])).toBe(path.join(uploads, 'dan-so-phuong', 'dan-so-phuong-2.csv'));
    expect(portalFile(`/data/.staging/${second.id}/dan-so-phuong.csv`, roots, [])).toBeUndefined();
    expect(portalFile(`/data/x/../.staging/${second.id}/dan-so-phuong.csv`, roots, [])).toBeUndefined();
    expect(portalFile('/data/truong-hoc-cac-cap/truong-hoc-cac-cap.csv', roots, [])).toBe(path.join(root, 'public', 'data', 'truong-hoc-cac-cap', 'truong-hoc-cac-cap.csv'));

    expect(uploadOfLink('/data/dan-so-phuong/dan-so-phuong-2.csv')).toEqual({ datasetId: 'dan-so-phuong', name: 'dan-so-phuong-2.csv' });
    expect(uploadOfLink('https://example.org/data/a/b.csv')).toBeUndefined();
    expect(removeUpload('dan-so-phuong', 'dan-so-phuong-2.csv')).toBe(true);
    expect(removeUpload('dan-so-phuong', 'dan-so-phuong-2.csv')).toBe(false);
    expect(existsSync(path.join(uploads, 'dan-so-phuong', 'dan-so-phuong.csv'))).toBe(true);
  });

  it('checks a staged file against a dictionary with the build’s check', async () => {
    const s = await stage(csv('ma_phuong,dan_so\n26734,47000\n26737,nhiều\n', 'dan-so.csv'));
    const ok = await checkAgainstDictionary(s, editor, s.proposedDictionary, new Map());
    expect(ok.dictionary).toMatchObject({ ok: true });
    const strict = await checkAgainstDictionary(
      s,
      editor,
      [
        { name: 'ma_phuong', title: { vi: 'Mã phường' }, type: 'code', codeList: 'phuong', required: true },
        { name: 'dan_so', title: { vi: 'Dân số' }, type: 'integer' },
      ],
      new Map([['phuong', new Set(['26734'])]]),
    );
    expect(strict.dictionary?.problems).toEqual([
      expect.objectContaining({ code: 'unknown_code', column: 'ma_phuong', lines: [3] }),
      expect.objectContaining({ code: 'wrong_type', column: 'dan_so', lines: [3], values: ['nhiều'] }),
    ]);
  });
});

describe('profileUploaded', () => {
  it("profiles a dataset's saved upload against its dictionary, as the build will", async () => {
    const s = await stage(csv('ma_phuong,dan_so\n26734,47000\n26737,\n', 'bang.csv'));
    const { downloadURL } = commitStaged(s.id, editor, 'bang-dan-so');
    const dictionary = [
      { name: 'ma_phuong', title: { vi: 'Mã phường' }, type: 'integer' as const },
      { name: 'dan_so', title: { vi: 'Dân số' }, type: 'integer' as const, required: true },
    ];
    const p = await profileUploaded(downloadURL, 'csv', dictionary, 'bang-dan-so', new Map());
    expect(p).toMatchObject({ status: 'ok', answers: true, profile: { rows: 2 }, dictionary: { ok: false, problems: [{ code: 'required_empty', column: 'dan_so', lines: [3] }] } });
    // Another dataset's upload is not this dataset's file: the build would not publish it with it.
    expect(await profileUploaded(downloadURL, 'csv', dictionary, 'bo-khac', new Map())).toMatchObject({ status: 'unreachable', answers: false });
    expect(await profileUploaded('/data/bang-dan-so/khong-co.csv', 'csv', [], 'bang-dan-so', new Map())).toMatchObject({ status: 'unreachable', answers: false });
    // The public folder's files, and links elsewhere (undefined: only the build checks those).
    expect(await profileUploaded('/data/truong-hoc-cac-cap/truong-hoc-cac-cap.csv', 'csv', [], 'truong-hoc-cac-cap', new Map())).toMatchObject({ status: 'ok' });
    expect(await profileUploaded('https://example.org/a.csv', 'csv', [], 'bang-dan-so', new Map())).toBeUndefined();
  });
});

describe('safeFileName', () => {
  it('gives lowercase ASCII names with the format’s extension', () => {
    expect(safeFileName('Danh sách Phường (2025).CSV', 'csv')).toBe('danh-sach-phuong-2025.csv');
    expect(safeFileName('C:\\Users\\an\\Đường phố.xlsx', 'xlsx')).toBe('duong-pho.xlsx');
    expect(safeFileName('../../.env.json', 'json')).toBe('env.json');
    expect(safeFileName('%%%.xml', 'xml')).toBe('du-lieu.xml');
  });
});
