import { describe, expect, it } from 'vitest';
import { publiclyListed } from '../../domain/visibility.ts';
import { changedOnSite, embeddedDistributions, fileRefs, isOpen, openIds, opensNow, publishRequest, servedFileChanged } from '../src/publication.ts';

const open = { id: 'a', status: 'published', accessLevel: 'public' };

describe('isOpen', () => {
  it('is true only for published, public entries', () => {
    expect(isOpen(open)).toBe(true);
    expect(isOpen({ ...open, status: 'approved' })).toBe(false);
    expect(isOpen({ ...open, accessLevel: 'restricted' })).toBe(false);
    expect(isOpen(undefined)).toBe(false);
    expect(openIds([open, { id: 'b', status: 'draft', accessLevel: 'public' }, { id: 7, status: 'published', accessLevel: 'public' }])).toEqual(['a', '7']);
  });
});

describe('opensNow', () => {
  it('is true when an update publishes an open dataset or makes a published one public, not when it edits a live one', () => {
    expect(opensNow({ ...open, status: 'approved' }, open)).toBe(true);
    expect(opensNow({ ...open, accessLevel: 'restricted' }, open)).toBe(true);
    expect(opensNow(open, { ...open, title: 'x' })).toBe(false);
    expect(opensNow({ ...open, status: 'draft' }, { ...open, status: 'submitted' })).toBe(false);
  });
});

describe('embeddedDistributions', () => {
  it('keeps the distributions written with the dataset and leaves out ids of existing ones', () => {
    expect(embeddedDistributions({ distribution: ['d-1', { format: 'CSV' }, null] })).toEqual([{ format: 'CSV' }]);
    expect(embeddedDistributions({})).toEqual([]);
  });
});

describe('servedFileChanged', () => {
  const before = { id: 'd', dataset: 'a', format: 'CSV', downloadURL: '/data/a.csv', accessURL: null, title: 'x' };
  it('is true when the address, the format or the dataset changes, not for the title', () => {
    expect(servedFileChanged(before, { ...before, downloadURL: '/data/b.csv' })).toBe(true);
    expect(servedFileChanged(before, { ...before, format: 'JSON' })).toBe(true);
    expect(servedFileChanged(before, { ...before, dataset: 'b' })).toBe(true);
    expect(servedFileChanged(before, { ...before, title: 'y' })).toBe(false);
  });
});

describe('fileRefs', () => {
  it('names a distribution not stored yet, and reads missing addresses as none', () => {
    expect(
      fileRefs([
        { format: 'CSV', downloadURL: '/data/a.csv' },
        { id: 'd', format: 'API', accessURL: 'https://x.example' },
      ]),
    ).toEqual([
      { id: '(mới / new)', format: 'CSV', downloadURL: '/data/a.csv', accessURL: null },
      { id: 'd', format: 'API', downloadURL: null, accessURL: 'https://x.example' },
    ]);
  });
});

describe('changedOnSite', () => {
  it('names the entries open before the change (withdrawn or edited) or open after it (published)', () => {
    const wasOpen = (id: string) => id === 'withdrawn' || id === 'edited';
    const after = [
      { id: 'withdrawn', status: 'withdrawn', accessLevel: 'public' },
      { id: 'edited', status: 'published', accessLevel: 'public' },
      { id: 'published', status: 'published', accessLevel: 'public' },
      { id: 'draft', status: 'draft', accessLevel: 'public' },
    ];
    expect(changedOnSite(['withdrawn', 'edited', 'published', 'draft'], wasOpen, after)).toEqual(['withdrawn', 'edited', 'published']);
  });

  it("counts shared data whose description is public as on the site, when asked by the site's rule (domain/visibility.ts)", () => {
    const shared = { id: 'camera', status: 'published', accessLevel: 'agencies', dataKind: '["shared"]', metadataVisibility: null };
    const hidden = { ...shared, id: 'an', metadataVisibility: 'hidden' };
    const listed = (row: Record<string, unknown> | undefined) => publiclyListed('Dataset', row);
    expect(openIds([shared, hidden])).toEqual([]);
    expect(openIds([shared, hidden], listed)).toEqual(['camera']);
    expect(changedOnSite(['camera', 'an'], (id) => id === 'an', [shared, hidden], listed)).toEqual(['camera', 'an']);
  });
});

describe('publishRequest', () => {
  it('asks for nothing when no public page changed', () => {
    expect(publishRequest({ datasets: [], services: [] }, 'u-1')).toBeUndefined();
    expect(publishRequest({}, null)).toBeUndefined();
  });
  it('names each entry once, the request list when asked, and the user to tell when it fails', () => {
    expect(publishRequest({ datasets: ['a', 'a', 'b'] }, 'u-1')).toEqual({ datasets: ['a', 'b'], services: [], user: 'u-1' });
    expect(publishRequest({ requests: true }, null)).toEqual({ datasets: [], services: [], requests: true });
  });
});
