// Editors' uploads in the build: the files of an openly published dataset go out with the site and
// are profiled from the uploads folder; a draft's, a withdrawn or a restricted dataset's never reach
// the site's folder, nor does another dataset's file linked from a published one.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DatasetWithDistributions } from '../../domain/snapshot.ts';
import { profileDistributions } from '../profile-files.ts';
import { copyPublishedUploads, uploadBelongsTo } from '../uploaded-files.ts';
import { seedSnapshot } from './fixtures.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'odp-uploaded-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const uploads = path.join(dir, 'uploads');
const publicDir = path.join(dir, 'public');

function upload(dataset: string, name: string, text = 'ma_phuong,dan_so\n26734,47000\n'): void {
  mkdirSync(path.join(uploads, dataset), { recursive: true });
  writeFileSync(path.join(uploads, dataset, name), text);
}

const template = seedSnapshot().datasets[0]!;
function dataset(id: string, over: Partial<DatasetWithDistributions>, links: string[]): DatasetWithDistributions {
  const distribution = links.map((url, i) => ({ ...template.distribution[0]!, id: `${id}-${i + 1}`, dataset: id, format: 'csv', downloadURL: url, accessURL: url }));
  return { ...template, id, status: 'published', accessLevel: 'public', ...over, distribution } as DatasetWithDistributions;
}

describe('uploaded files in the build', () => {
  upload('dan-so-phuong', 'dan-so-phuong.csv');
  upload('nhap', 'nhap.csv');
  upload('da-rut', 'da-rut.csv');
  upload('noi-bo', 'noi-bo.csv');
  upload('chia-se', 'chia-se.csv');
  upload('bi-mat', 'bi-mat.csv');
  upload('trung-ten', 'trung-ten.csv', 'from uploads\n');
  mkdirSync(path.join(uploads, '.staging', 'abc'), { recursive: true });
  writeFileSync(path.join(uploads, '.staging', 'abc', 'cho.csv'), 'a\n1\n');
  mkdirSync(path.join(publicDir, 'data', 'trung-ten'), { recursive: true });
  writeFileSync(path.join(publicDir, 'data', 'trung-ten', 'trung-ten.csv'), 'from public\n');

  const datasets = [
    dataset('dan-so-phuong', {}, ['/data/dan-so-phuong/dan-so-phuong.csv', 'http://127.0.0.1:4321/data/dan-so-phuong/dan-so-phuong.csv']),
    dataset('nhap', { status: 'draft' }, ['/data/nhap/nhap.csv']),
    dataset('da-rut', { status: 'withdrawn' }, ['/data/da-rut/da-rut.csv']),
    dataset('noi-bo', { accessLevel: 'internal' }, ['/data/noi-bo/noi-bo.csv']),
    dataset('chia-se', { accessLevel: 'agencies' }, ['/data/chia-se/chia-se.csv']),
    // A published dataset linking another dataset's upload, or a staged file, takes neither out.
    dataset('ke-muon', {}, ['/data/bi-mat/bi-mat.csv', '/data/.staging/abc/cho.csv']),
    dataset('trung-ten', {}, ['/data/trung-ten/trung-ten.csv']),
  ];

  it("copies only the published public datasets' own uploads into the site", () => {
    const client = path.join(dir, 'site', 'client');
    mkdirSync(path.join(client, 'data', 'trung-ten'), { recursive: true });
    // Astro has already copied the public folder: its file of the same path is kept.
    writeFileSync(path.join(client, 'data', 'trung-ten', 'trung-ten.csv'), 'from public\n');

    const { copied } = copyPublishedUploads(datasets, uploads, client, ['http://127.0.0.1:4321']);
    expect(copied).toEqual(['/data/dan-so-phuong/dan-so-phuong.csv']);
    expect(readFileSync(path.join(client, 'data', 'dan-so-phuong', 'dan-so-phuong.csv'), 'utf8')).toContain('26734');
    for (const id of ['nhap', 'da-rut', 'noi-bo', 'chia-se', 'bi-mat', '.staging']) expect(existsSync(path.join(client, 'data', id)), id).toBe(false);
    expect(readFileSync(path.join(client, 'data', 'trung-ten', 'trung-ten.csv'), 'utf8')).toBe('from public\n');
  });

  it('copies nothing when there is no uploads folder', () => {
    expect(copyPublishedUploads(datasets, path.join(dir, 'none'), path.join(dir, 'site2', 'client')).copied).toEqual([]);
    expect(existsSync(path.join(dir, 'site2'))).toBe(false);
  });

  it('profiles uploaded files instead of reporting them missing', async () => {
    const snapshot = { ...seedSnapshot(), datasets: datasets.filter((d) => ['dan-so-phuong', 'ke-muon', 'trung-ten'].includes(d.id)) };
    const o = { publicDir, uploadsDir: uploads, portalOrigins: ['http://127.0.0.1:4321'], cacheDir: path.join(dir, 'cache'), checkLinks: false };
    const { profiles } = await profileDistributions(snapshot, o);
    expect(profiles['dan-so-phuong-1']).toMatchObject({ status: 'ok', answers: true, profile: { rows: 1 } });
    expect(profiles['dan-so-phuong-2']).toMatchObject({ status: 'ok', answers: true });
    // Not copied into the site, so not reported as answering.
    expect(profiles['ke-muon-1']).toMatchObject({ status: 'unreachable', answers: false });
    expect(profiles['ke-muon-2']).toMatchObject({ status: 'unreachable', answers: false });
    expect(profiles['trung-ten-1']).toMatchObject({ status: 'ok', byteSize: 'from public\n'.length });
    // Without the uploads folder the same link is missing, as before.
    const without = await profileDistributions(snapshot, { ...o, uploadsDir: undefined, cacheDir: path.join(dir, 'cache2') });
    expect(without.profiles['dan-so-phuong-1']).toMatchObject({ status: 'unreachable', answers: false });
  });

  it('tells uploads of the dataset from those of another one', () => {
    expect(uploadBelongsTo(path.join(uploads, 'a-b', 'x.csv'), 'a-b', uploads)).toBe(true);
    expect(uploadBelongsTo(path.join(uploads, 'c-d', 'x.csv'), 'a-b', uploads)).toBe(false);
    expect(uploadBelongsTo(path.join(uploads, 'a-b', 'sub', 'x.csv'), 'a-b', uploads)).toBe(false);
    expect(uploadBelongsTo(path.join(publicDir, 'data', 'c-d', 'x.csv'), 'a-b', uploads)).toBe(true);
  });
});
