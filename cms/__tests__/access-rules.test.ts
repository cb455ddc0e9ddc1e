import { describe, expect, it } from 'vitest';
import {
  distributionDenial,
  fieldValue,
  internalFields,
  internalReadFilter,
  meetsConditions,
  readFilter,
  resolvedReadFilter,
  splitConditions,
  transitionDenial,
  writeDenial,
  type Actor,
} from '../src/access-rules.ts';

const editor: Actor = { kind: 'editor', agency: 'so-xay-dung' };
const anon: Actor = { kind: 'public' };

describe('readFilter', () => {
  it('shows the public published datasets whose description is public, and the distributions of open data only', () => {
    expect(readFilter('Dataset', anon)).toEqual({ _and: [{ status: { _eq: 'published' } }, { metadataVisibility: { _eq: 'public' } }] });
    expect(readFilter('DataService', anon)).toEqual(readFilter('Dataset', anon));
    expect(readFilter('Distribution', anon)).toEqual({
      _and: [{ dataset: { status: { _eq: 'published' } } }, { dataset: { metadataVisibility: { _eq: 'public' } } }, { dataset: { accessLevel: { _eq: 'public' } } }],
    });
  });
  it("shows an editor its own agency's entries and what is published for the agencies (not the hidden ones)", () => {
    expect(readFilter('Dataset', editor)).toEqual({
      _or: [{ publisher: { _eq: 'so-xay-dung' } }, { _and: [{ status: { _eq: 'published' } }, { metadataVisibility: { _in: ['public', 'agencies'] } }] }],
    });
    expect(readFilter('Distribution', editor)).toEqual({
      _or: [{ dataset: { publisher: { _eq: 'so-xay-dung' } } }, { _and: [{ dataset: { status: { _eq: 'published' } } }, { dataset: { metadataVisibility: { _in: ['public', 'agencies'] } } }] }],
    });
    expect(readFilter('CodeList', editor)).toEqual({ _or: [{ publisher: { _eq: 'so-xay-dung' } }, { status: { _eq: 'published' } }] });
    expect(readFilter('ServiceNotice', editor)).toEqual({
      _or: [{ publisher: { _eq: 'so-xay-dung' } }, { _and: [{ status: { _eq: 'published' } }, { service: { metadataVisibility: { _in: ['public', 'agencies'] } } }] }],
    });
  });
  it('hides nothing from reviewers and administrators, and nothing of agencies or themes', () => {
    expect(readFilter('Dataset', { kind: 'reviewer' })).toBeUndefined();
    expect(readFilter('Dataset', { kind: 'admin' })).toBeUndefined();
    expect(readFilter('Agent', anon)).toBeUndefined();
  });
});

describe('writeDenial', () => {
  const own = { id: 'a', publisher: 'so-xay-dung', status: 'draft' };
  it('lets an editor create and submit its own agency entries', () => {
    expect(writeDenial('Dataset', editor, undefined, own)).toBeUndefined();
    expect(writeDenial('Dataset', editor, own, { ...own, status: 'submitted' })).toBeUndefined();
  });
  it("refuses another agency's entry, and moving one's own entry to another agency", () => {
    expect(writeDenial('Dataset', editor, { ...own, publisher: 'so-khcn' }, { ...own, publisher: 'so-khcn' })?.en).toMatch(/own agency/);
    expect(writeDenial('Dataset', editor, own, { ...own, publisher: 'so-khcn' })).toBeDefined();
  });
  it('refuses publishing or approving by an editor, in Vietnamese and English', () => {
    const d = writeDenial('Dataset', editor, own, { ...own, status: 'published' });
    expect(d?.vi).toMatch(/không được duyệt hay công bố/);
    expect(writeDenial('DataService', editor, undefined, { ...own, status: 'approved' })).toBeDefined();
  });
  it('lets an editor delete only drafts', () => {
    expect(writeDenial('Dataset', editor, own, undefined)).toBeUndefined();
    expect(writeDenial('Dataset', editor, { ...own, status: 'submitted' }, undefined)).toBeDefined();
  });
  it("checks a distribution by its dataset's publisher", () => {
    expect(writeDenial('Distribution', editor, undefined, { dataset: 'x' }, { after: 'so-xay-dung' })).toBeUndefined();
    expect(writeDenial('Distribution', editor, undefined, { dataset: 'x' }, { after: 'so-khcn' })).toBeDefined();
  });
  it('leaves themes and the catalog to the coordinating department', () => {
    expect(writeDenial('Theme', editor, undefined, { id: 't' })).toBeDefined();
    expect(writeDenial('Theme', { kind: 'reviewer' }, undefined, { id: 't' })).toBeUndefined();
  });
  it('lets an editor publish and withdraw notices of its own services, but not delete a published one', () => {
    const notice = { id: 'n', publisher: 'so-xay-dung', service: 's', status: 'draft' };
    expect(writeDenial('ServiceNotice', editor, undefined, { ...notice, status: 'published' })).toBeUndefined();
    expect(writeDenial('ServiceNotice', editor, { ...notice, status: 'published' }, { ...notice, status: 'withdrawn' })).toBeUndefined();
    expect(writeDenial('ServiceNotice', editor, { ...notice, status: 'published' }, undefined)?.en).toMatch(/withdraw/);
    expect(writeDenial('ServiceNotice', editor, undefined, { ...notice, publisher: 'so-khcn' })?.en).toMatch(/own agency/);
    expect(writeDenial('ServiceNotice', editor, undefined, { ...notice, status: 'approved' })).toBeDefined();
  });
});

describe('readFilter of service notices', () => {
  it('shows the public only published notices of services it reads', () => {
    expect(readFilter('ServiceNotice', anon)).toEqual({ _and: [{ status: { _eq: 'published' } }, { service: readFilter('DataService', anon) }] });
  });
});

describe('resolvedReadFilter', () => {
  it('turns conditions on a related item into the ids that meet them (Directus drops relational conditions added by a hook)', async () => {
    const asked: unknown[] = [];
    const ids = (entity: string, conditions: Record<string, unknown>) => {
      asked.push([entity, conditions]);
      return Promise.resolve(['api-du-lieu-xe-buyt']);
    };
    expect(await resolvedReadFilter('ServiceNotice', anon, ids)).toEqual({ _and: [{ status: { _eq: 'published' } }, { service: { _in: ['api-du-lieu-xe-buyt'] } }] });
    expect(asked).toEqual([['DataService', { status: 'published', metadataVisibility: 'public' }]]);
    expect(await resolvedReadFilter('Distribution', editor, ids)).toEqual({
      _or: [{ dataset: { _in: ['api-du-lieu-xe-buyt'] } }, { _and: [{ dataset: { _in: ['api-du-lieu-xe-buyt'] } }, { dataset: { _in: ['api-du-lieu-xe-buyt'] } }] }],
    });
    expect(asked.at(-1)).toEqual(['Dataset', { metadataVisibility: ['public', 'agencies'] }]);
    expect(await resolvedReadFilter('Dataset', { kind: 'admin' }, ids)).toBeUndefined();
  });

  it('turns a condition on the metadata visibility into the ids of the rows that meet it, since an empty value means its default', async () => {
    const asked: unknown[] = [];
    const ids = (entity: string, conditions: Record<string, unknown>) => {
      asked.push([entity, conditions]);
      return Promise.resolve(['camera-giam-sat-giao-thong']);
    };
    expect(await resolvedReadFilter('Dataset', anon, ids)).toEqual({ _and: [{ status: { _eq: 'published' } }, { id: { _in: ['camera-giam-sat-giao-thong'] } }] });
    expect(asked).toEqual([['Dataset', { metadataVisibility: 'public' }]]);
    expect(await resolvedReadFilter('DataService', editor, ids)).toEqual({
      _or: [{ publisher: { _eq: 'so-xay-dung' } }, { _and: [{ status: { _eq: 'published' } }, { id: { _in: ['camera-giam-sat-giao-thong'] } }] }],
    });
  });
});

describe('conditions on computed fields', () => {
  // As the database gives them: SQLite hands a JSON column over as text.
  const shared = { id: 'camera', status: 'published', accessLevel: 'agencies', dataKind: '["shared"]', metadataVisibility: null };
  const sectoral = { id: 'benh-an', status: 'published', accessLevel: 'internal', dataKind: ['sectoral'], metadataVisibility: null };
  it('compares the metadata visibility in effect, the default when none is set', () => {
    expect(fieldValue('Dataset', shared, 'metadataVisibility')).toBe('public');
    expect(fieldValue('Dataset', sectoral, 'metadataVisibility')).toBe('agencies');
    expect(fieldValue('Dataset', { ...shared, metadataVisibility: 'hidden' }, 'metadataVisibility')).toBe('hidden');
    expect(fieldValue('DataService', { accessLevel: 'agencies' }, 'metadataVisibility')).toBe('public');
    expect(meetsConditions('Dataset', shared, { metadataVisibility: 'public' })).toBe(true);
    expect(meetsConditions('Dataset', sectoral, { metadataVisibility: ['public', 'agencies'] })).toBe(true);
    expect(meetsConditions('Dataset', sectoral, { metadataVisibility: 'public' })).toBe(false);
    expect(meetsConditions('Dataset', shared, { status: 'draft' })).toBe(false);
  });
  it('leaves the stored fields to the database and names the columns the computed ones read', () => {
    expect(splitConditions('Dataset', { status: 'published', metadataVisibility: 'public' })).toEqual({
      stored: { status: 'published' },
      computed: { metadataVisibility: 'public' },
      columns: ['metadataVisibility', 'accessLevel', 'dataKind'],
    });
    expect(splitConditions('CodeList', { status: 'published' })).toEqual({ stored: { status: 'published' }, computed: {}, columns: [] });
  });
});

describe('requests', () => {
  const intake: Actor = { kind: 'intake' };
  const received = { id: 'yc-20261123-k7m2qa', status: 'received', agency: 'so-xay-dung' };
  it('lets the portal file a new request as received, and nothing else', () => {
    expect(writeDenial('DataRequest', intake, undefined, received)).toBeUndefined();
    expect(writeDenial('DataRequest', intake, undefined, { ...received, status: 'accepted' })?.en).toMatch(/only file new requests/);
    expect(writeDenial('DataRequest', intake, undefined, { ...received, answer: 'Đồng ý' })).toBeDefined();
    expect(writeDenial('DataRequest', intake, received, { ...received, status: 'in_review' })).toBeDefined();
    expect(writeDenial('DataRequest', intake, received, undefined)).toBeDefined();
    expect(writeDenial('Dataset', intake, undefined, { id: 'x', status: 'draft' })).toBeDefined();
  });
  it('lets an agency answer only the requests addressed to it, and shows it only those', () => {
    expect(readFilter('DataRequest', editor)).toEqual({ agency: { _eq: 'so-xay-dung' } });
    expect(writeDenial('DataRequest', editor, received, { ...received, status: 'answered', answer: 'Đã bổ sung.' })).toBeUndefined();
    expect(writeDenial('DataRequest', editor, { ...received, agency: 'so-khcn' }, { ...received, agency: 'so-khcn', answer: 'x' })).toBeDefined();
    expect(writeDenial('DataRequest', editor, undefined, received)).toBeDefined();
  });
  it('lets an agency run the connection requests it makes or answers, and shows it only those', () => {
    expect(readFilter('ConnectionRequest', editor)).toEqual({ _or: [{ requestingAgency: { _eq: 'so-xay-dung' } }, { providingAgency: { _eq: 'so-xay-dung' } }] });
    expect(readFilter('ConnectionRequest', { kind: 'reviewer' })).toBeUndefined();
    const c = { id: 'kn', requestingAgency: 'so-xay-dung', providingAgency: 'so-khcn' };
    expect(writeDenial('ConnectionRequest', editor, undefined, c)).toBeUndefined();
    expect(writeDenial('ConnectionRequest', { kind: 'editor', agency: 'so-khcn' }, c, c)).toBeUndefined();
    expect(writeDenial('ConnectionRequest', { kind: 'editor', agency: 'so-tai-chinh' }, c, c)).toBeDefined();
  });
});

describe('transitionDenial (publishing workflow)', () => {
  const reviewer: Actor = { kind: 'reviewer' };
  const at = (status: string, reviewNote?: string) => ({ id: 'a', publisher: 'so-xay-dung', status, ...(reviewNote ? { reviewNote } : {}) });
  it('lets an entry go draft → submitted → approved → published → withdrawn', () => {
    expect(transitionDenial(editor, at('draft'), at('submitted'))).toBeUndefined();
    expect(transitionDenial(reviewer, at('submitted'), at('approved'))).toBeUndefined();
    expect(transitionDenial(reviewer, at('approved'), at('published'))).toBeUndefined();
    expect(transitionDenial(reviewer, at('published'), at('withdrawn'))).toBeUndefined();
  });
  it('does not publish a sent-back entry until it is submitted again', () => {
    const d = transitionDenial(reviewer, at('changes_requested', 'x'), at('published', 'x'));
    expect(d?.code).toBe('WORKFLOW_TRANSITION');
    expect(d?.vi).toMatch(/gửi duyệt lại/);
    expect(transitionDenial(reviewer, at('changes_requested', 'x'), at('approved', 'x'))).toBeDefined();
    expect(transitionDenial(editor, at('changes_requested', 'x'), at('submitted', 'x'))).toBeUndefined();
  });
  it("requires the reviewer's comments when sending an entry back", () => {
    expect(transitionDenial(reviewer, at('submitted'), at('changes_requested'))?.code).toBe('REVIEW_NOTE_REQUIRED');
    expect(transitionDenial(reviewer, at('submitted', 'old'), at('changes_requested', 'old'))?.code).toBe('REVIEW_NOTE_REQUIRED');
    expect(transitionDenial(reviewer, at('submitted'), at('changes_requested', 'Thiếu mô tả cột'))).toBeUndefined();
  });
  it('refuses a draft jumping straight to published, and leaves administrators free', () => {
    expect(transitionDenial(reviewer, at('draft'), at('published'))).toBeDefined();
    expect(transitionDenial({ kind: 'admin' }, at('draft'), at('published'))).toBeUndefined();
    expect(transitionDenial(editor, undefined, at('approved'))).toBeDefined();
  });
});

describe("regression: code list entries of another agency's draft code list were readable by editors", () => {
  it("shows an editor the entries of its own agency's code lists and of published ones only", () => {
    expect(readFilter('CodeListEntry', editor)).toEqual({ _or: [{ codeList: { publisher: { _eq: 'so-xay-dung' } } }, { codeList: { status: { _eq: 'published' } } }] });
  });
});

describe("regression: reviewer's comments were public (internalReadFilter)", () => {
  it("lets the entry's agency, reviewers and administrators read reviewNote, and no one else", () => {
    expect(internalReadFilter('Dataset', editor)).toEqual({ publisher: { _eq: 'so-xay-dung' } });
    expect(internalReadFilter('DataService', anon)).toBe('none');
    expect(internalReadFilter('Dataset', { kind: 'intake' })).toBe('none');
    expect(internalReadFilter('Dataset', { kind: 'reviewer' })).toBeUndefined();
    expect(internalReadFilter('Dataset', { kind: 'admin' })).toBeUndefined();
    // Entities without internal fields hide nothing.
    expect(internalReadFilter('Distribution', anon)).toBeUndefined();
    // When an entry was sent for review, and its score then, are the workflow's too.
    for (const entity of ['Dataset', 'DataService'] as const) expect(internalFields[entity]).toEqual(expect.arrayContaining(['reviewNote', 'submitted', 'qualityScore']));
  });
});

describe('regression: published data changed without review (distributionDenial)', () => {
  it('lets editors change the files of a dataset only while it is with the agency', () => {
    for (const status of ['draft', 'submitted', 'changes_requested']) expect(distributionDenial(editor, status)).toBeUndefined();
    for (const status of ['approved', 'published', 'withdrawn']) {
      const d = distributionDenial(editor, status);
      expect(d?.code).toBe('WORKFLOW_TRANSITION');
      expect(d?.vi).toMatch(/bản nháp/);
      expect(d?.en).toMatch(/back to draft/);
    }
  });
  it('does not hold reviewers and administrators to it', () => {
    expect(distributionDenial({ kind: 'reviewer' }, 'published')).toBeUndefined();
    expect(distributionDenial({ kind: 'admin' }, 'published')).toBeUndefined();
  });
});
