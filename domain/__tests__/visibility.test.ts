import { describe, expect, it } from 'vitest';
import { loadSeed } from '../../cms/src/seed-data.ts';
import { agenciesRead, filesPublic, metadataVisibility, openForDownload, publiclyListed, type VisibilityFields } from '../visibility.ts';

const open = { status: 'published', accessLevel: 'public', dataKind: ['open'] };
const shared = { status: 'published', accessLevel: 'agencies', dataKind: ['shared', 'sectoral'] };
const master = { status: 'published', accessLevel: 'internal', dataKind: ['master', 'sectoral'] };
const sectoral = { status: 'published', accessLevel: 'internal', dataKind: ['sectoral'] };

describe('metadata visibility', () => {
  it('is public by default for open, shared, master and reference data and for every sharing service', () => {
    expect(metadataVisibility('Dataset', open)).toBe('public');
    expect(metadataVisibility('Dataset', shared)).toBe('public');
    expect(metadataVisibility('Dataset', master)).toBe('public');
    expect(metadataVisibility('Dataset', { ...sectoral, dataKind: ['reference'] })).toBe('public');
    expect(metadataVisibility('Dataset', { ...sectoral, accessLevel: 'public' })).toBe('public');
    expect(metadataVisibility('DataService', { accessLevel: 'agencies' })).toBe('public');
    expect(metadataVisibility('DataService', { accessLevel: 'internal' })).toBe('public');
  });

  it('keeps the description of sectoral data that is not public with the agencies, unless the agency publishes it', () => {
    expect(metadataVisibility('Dataset', sectoral)).toBe('agencies');
    expect(metadataVisibility('Dataset', { ...sectoral, metadataVisibility: 'public' })).toBe('public');
  });

  it('follows the value set, whatever the default would be, and ignores a value that is not one of the vocabulary', () => {
    expect(metadataVisibility('Dataset', { ...shared, metadataVisibility: 'hidden' })).toBe('hidden');
    expect(metadataVisibility('Dataset', { ...open, metadataVisibility: 'agencies' })).toBe('agencies');
    expect(metadataVisibility('DataService', { metadataVisibility: 'hidden' })).toBe('hidden');
    expect(metadataVisibility('Dataset', { ...sectoral, metadataVisibility: 'everyone' })).toBe('agencies');
    expect(metadataVisibility('Dataset', { ...shared, metadataVisibility: null })).toBe('public');
  });

  it('reads the kinds of data as a database hands a JSON column over (text) too', () => {
    expect(metadataVisibility('Dataset', { ...sectoral, dataKind: '["master","sectoral"]' })).toBe('public');
    expect(metadataVisibility('Dataset', { ...sectoral, dataKind: '["sectoral"]' })).toBe('agencies');
    expect(metadataVisibility('Dataset', { ...sectoral, dataKind: 'not json' })).toBe('agencies');
    expect(metadataVisibility('Dataset', { accessLevel: 'agencies' })).toBe('agencies');
  });
});

describe('what the public reads', () => {
  it('lists published entries with a public description, whatever their access level', () => {
    expect(publiclyListed('Dataset', open)).toBe(true);
    expect(publiclyListed('Dataset', shared)).toBe(true);
    expect(publiclyListed('Dataset', master)).toBe(true);
    expect(publiclyListed('Dataset', sectoral)).toBe(false);
    expect(publiclyListed('Dataset', { ...shared, status: 'approved' })).toBe(false);
    expect(publiclyListed('Dataset', { ...open, metadataVisibility: 'hidden' })).toBe(false);
    expect(publiclyListed('DataService', { status: 'published', accessLevel: 'agencies' })).toBe(true);
    expect(publiclyListed('DataService', { status: 'draft', accessLevel: 'public' })).toBe(false);
    expect(publiclyListed('Dataset', undefined)).toBe(false);
  });

  it('has the files of open data only', () => {
    expect(filesPublic(open)).toBe(true);
    expect(filesPublic(shared)).toBe(false);
    expect(filesPublic(master)).toBe(false);
    expect(openForDownload(open)).toBe(true);
    expect(openForDownload(shared)).toBe(false);
    expect(openForDownload({ ...open, status: 'withdrawn' })).toBe(false);
    expect(openForDownload({ ...open, metadataVisibility: 'agencies' })).toBe(false);
  });

  it('leaves to agencies what is public or for agencies, not what is hidden', () => {
    expect(agenciesRead('Dataset', sectoral)).toBe(true);
    expect(agenciesRead('Dataset', { ...shared, metadataVisibility: 'hidden' })).toBe(false);
  });

  it('in the demo catalog: every published shared and master dataset and every published service', () => {
    const seed = loadSeed();
    const listed = seed.Dataset.filter((d) => publiclyListed('Dataset', d as VisibilityFields));
    const kinds = (d: Record<string, unknown>) => d.dataKind as string[];
    expect(seed.Dataset.filter((d) => d.status === 'published' && kinds(d).some((k) => k === 'shared' || k === 'master')).every((d) => listed.includes(d))).toBe(true);
    expect(listed).toHaveLength(60);
    expect(listed.filter((d) => !filesPublic(d as VisibilityFields))).toHaveLength(12);
    expect(seed.DataService.filter((s) => publiclyListed('DataService', s as VisibilityFields))).toHaveLength(16);
  });
});
