// The parts of the access rules that the CMS hook applies around the rules themselves: who a user is,
// how a read query is narrowed, and the fields the server sets.
import { describe, expect, it } from 'vitest';
import { actorOfUser, narrowedQuery, roleNames, sentForReview, withServerSetFields, type Actor } from '../src/access-rules.ts';

describe('actorOfUser', () => {
  it('reads reviewers and the request intake by role, editors by the agency on the user', () => {
    expect(actorOfUser({ roleName: roleNames.reviewer, agency: 'so-xay-dung' })).toEqual({ kind: 'reviewer' });
    expect(actorOfUser({ roleName: roleNames.intake })).toEqual({ kind: 'intake' });
    expect(actorOfUser({ roleName: roleNames.editor, agency: 'so-xay-dung' })).toEqual({ kind: 'editor', agency: 'so-xay-dung' });
  });
  it('reads a signed-in user with neither role nor agency as the public', () => {
    expect(actorOfUser({ roleName: roleNames.editor, agency: '' })).toEqual({ kind: 'public' });
    expect(actorOfUser({})).toEqual({ kind: 'public' });
  });
});

describe('narrowedQuery', () => {
  const extra = { status: { _eq: 'published' } };
  it("ANDs the reader's filter to the query's own, and leaves a query alone when nothing is hidden", () => {
    expect(narrowedQuery({ limit: 5, filter: { id: { _eq: 'a' } } }, extra)).toEqual({ limit: 5, filter: { _and: [{ id: { _eq: 'a' } }, extra] } });
    expect(narrowedQuery({ limit: 5 }, extra)).toEqual({ limit: 5, filter: extra });
    const query = { filter: { id: { _eq: 'a' } } };
    expect(narrowedQuery(query, undefined)).toBe(query);
  });
});

describe('withServerSetFields', () => {
  const editor: Actor = { kind: 'editor', agency: 'so-xay-dung' };
  const now = new Date('2026-11-23T08:00:00.000Z');
  it("stamps an editor's new notice with the time it is given, whatever was sent", () => {
    expect(withServerSetFields('ServiceNotice', editor, { title: 'x', announced: '2020-01-01T00:00:00Z' }, 'create', now)).toEqual({ title: 'x', announced: '2026-11-23T08:00:00.000Z' });
  });
  it('keeps an editor from moving the stamp later', () => {
    expect(withServerSetFields('ServiceNotice', editor, { title: 'y', announced: '2020-01-01T00:00:00Z' }, 'update', now)).toEqual({ title: 'y' });
  });
  it('leaves reviewers, administrators and other entities alone', () => {
    const payload = { title: 'x', announced: '2026-11-01T00:00:00.000Z' };
    expect(withServerSetFields('ServiceNotice', { kind: 'reviewer' }, payload, 'create', now)).toBe(payload);
    expect(withServerSetFields('ServiceNotice', { kind: 'admin' }, payload, 'update', now)).toBe(payload);
    expect(withServerSetFields('Dataset', editor, payload, 'create', now)).toBe(payload);
  });
  it('ignores when an entry was sent for review and its score then, given by anyone but an administrator: the CMS records them', () => {
    const forged = { status: 'submitted', submitted: '2020-01-01T00:00:00.000Z', qualityScore: 100 };
    for (const actor of [editor, { kind: 'reviewer' } as Actor, { kind: 'public' } as Actor]) {
      for (const entity of ['Dataset', 'DataService'] as const) {
        expect(withServerSetFields(entity, actor, forged, 'update', now), `${actor.kind} ${entity}`).toEqual({ status: 'submitted' });
        expect(withServerSetFields(entity, actor, forged, 'create', now)).toEqual({ status: 'submitted' });
      }
    }
    // An administrator's repair or import keeps its values.
    expect(withServerSetFields('Dataset', { kind: 'admin' }, forged, 'update', now)).toBe(forged);
  });
});

describe('sentForReview', () => {
  it('is a step to submitted, or a new entry submitted at once; not a change of a submitted entry', () => {
    expect(sentForReview({ status: 'draft' }, { status: 'submitted' })).toBe(true);
    expect(sentForReview({ status: 'changes_requested' }, { status: 'submitted' })).toBe(true);
    expect(sentForReview(undefined, { status: 'submitted' })).toBe(true);
    expect(sentForReview({ status: 'submitted' }, { status: 'submitted', title: 'x' })).toBe(false);
    expect(sentForReview({ status: 'submitted' }, { status: 'approved' })).toBe(false);
    expect(sentForReview(undefined, { status: 'draft' })).toBe(false);
  });
});
