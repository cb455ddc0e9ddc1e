import { describe, expect, it } from 'vitest';
import { readFilter, transitionDenial, writeDenial, type Actor } from '../src/access-rules.ts';

const editor: Actor = { kind: 'editor', agency: 'so-xay-dung' };
const anon: Actor = { kind: 'public' };

describe('readFilter', () => {
  it('shows the public only published, public datasets and their distributions', () => {
    expect(readFilter('Dataset', anon)).toEqual({ _and: [{ status: { _eq: 'published' } }, { accessLevel: { _eq: 'public' } }] });
    expect(readFilter('Distribution', anon)).toEqual({ _and: [{ dataset: { status: { _eq: 'published' } } }, { dataset: { accessLevel: { _eq: 'public' } } }] });
  });
  it("shows an editor its own agency's entries and everything published", () => {
    expect(readFilter('Dataset', editor)).toEqual({ _or: [{ publisher: { _eq: 'so-xay-dung' } }, { status: { _eq: 'published' } }] });
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
