// The read guard as plain functions, over the relations of the generated Directus model, with the
// reads it asks for answered by the test: what a query becomes, which queries are refused, and what
// is taken out of an answer.
import { describe, expect, it } from 'vitest';
import type { Actor } from '../src/access-rules.ts';
import { directusModel } from '../src/directus-model.ts';
import { guardAnswer, guardFilter, guardQuery, NO_ID, QueryDenied, relationLookup, splitPath, withKeys, type Filter, type QueryGuardDeps } from '../src/read-guard.ts';

const relationOf = relationLookup(directusModel().relations);
const editor: Actor = { kind: 'editor', agency: 'so-xay-dung' };
const anon: Actor = { kind: 'public' };

/** Deps whose reads as the reader answer from `answers` (by collection), recording what was asked. */
function deps(actor: Actor, answers: Record<string, unknown[]> = {}, searchable = false) {
  const asked: { collection: string; filter: Filter; field: string }[] = [];
  const d: QueryGuardDeps = {
    actor,
    relationOf,
    searchable: () => searchable,
    matching: (collection, filter, field) => {
      asked.push({ collection, filter, field });
      return Promise.resolve(answers[collection] ?? []);
    },
  };
  return { d, asked };
}

async function denial(p: Promise<unknown>): Promise<QueryDenied> {
  try {
    await p;
  } catch (e) {
    if (e instanceof QueryDenied) return e;
    throw e;
  }
  throw new Error('expected the query to be refused');
}

describe('relationLookup', () => {
  it('knows references and their one-to-many aliases from the generated model', () => {
    expect(relationOf('distributions', 'dataset')).toEqual({ kind: 'm2o', target: 'datasets' });
    expect(relationOf('datasets', 'distribution')).toEqual({ kind: 'o2m', target: 'distributions', back: 'dataset' });
    expect(relationOf('connection_requests', 'service')).toEqual({ kind: 'm2o', target: 'data_services' });
    expect(relationOf('datasets', 'title')).toBeUndefined();
  });
});

describe('guardFilter', () => {
  it('turns a condition on a related dataset into the ids of the datasets the reader may read that meet it', async () => {
    const { d, asked } = deps(editor, { datasets: ['a', 'b'] });
    const out = await guardFilter('connection_requests', { dataset: { reviewNote: { _contains: 'sai' } } }, d);
    expect(asked).toEqual([{ collection: 'datasets', filter: { reviewNote: { _contains: 'sai' } }, field: 'id' }]);
    expect(out).toEqual({ _and: [{ dataset: { _in: ['a', 'b'] } }] });
  });
  it('matches nothing when no readable related item meets the condition (an empty list would be ignored)', async () => {
    const { d } = deps(anon);
    expect(await guardFilter('distributions', { dataset: { status: { _eq: 'draft' } } }, d)).toEqual({ _and: [{ dataset: { _in: [NO_ID] } }] });
  });
  it('resolves a one-to-many condition to the parents of the readable children, for _some and _none', async () => {
    const { d, asked } = deps(anon, { distributions: ['ds-1', 'ds-1', 'ds-2'] });
    expect(await guardFilter('datasets', { distribution: { format: { _eq: 'csv' } } }, d)).toEqual({ _and: [{ id: { _in: ['ds-1', 'ds-2'] } }] });
    expect(asked[0]).toEqual({ collection: 'distributions', filter: { format: { _eq: 'csv' } }, field: 'dataset' });
    expect(await guardFilter('datasets', { distribution: { _none: { format: { _eq: 'csv' } } } }, d)).toEqual({ _and: [{ id: { _nin: ['ds-1', 'ds-2'] } }] });
  });
  it("limits a condition on the reviewer's comments to the editor's own entries, and to none for the public", async () => {
    const atom = { reviewNote: { _contains: 'sai' } };
    expect(await guardFilter('datasets', { _or: [atom, { title: { _null: true } }] }, deps(editor).d)).toEqual({
      _or: [{ _and: [{ _and: [atom, { publisher: { _eq: 'so-xay-dung' } }] }] }, { title: { _null: true } }],
    });
    expect(await guardFilter('data_services', atom, deps(anon).d)).toEqual({ _and: [{ id: { _null: true } }] });
    expect(await guardFilter('datasets', atom, deps({ kind: 'reviewer' }).d)).toEqual(atom);
  });
  it('keeps a condition on the stored reference value itself, and refuses reverse relations', async () => {
    expect(await guardFilter('distributions', { dataset: { _eq: 'x' } }, deps(anon).d)).toEqual({ _and: [{ dataset: { _eq: 'x' } }] });
    expect((await denial(guardFilter('datasets', { '$FOLLOW(data_requests, dataset)': { requesterEmail: { _nnull: true } } }, deps(anon).d))).denial.en).toMatch(/FOLLOW/);
  });
});

describe('guardQuery', () => {
  it("leaves reviewers' and administrators' queries as they are", async () => {
    const query = { fields: ['dataset.reviewNote'], sort: ['dataset.reviewNote'], meta: ['total_count'] };
    for (const actor of [{ kind: 'reviewer' }, { kind: 'admin' }] as Actor[]) expect((await guardQuery('distributions', query, deps(actor).d)).query).toBe(query);
  });
  it('refuses counts beside the query (meta), which Directus makes without the read rules', async () => {
    expect((await denial(guardQuery('datasets', { meta: ['filter_count'] }, deps(anon).d))).denial.en).toMatch(/meta/);
  });
  it('refuses sorting, grouping or aggregating by internal fields or by related items the reader may not all read', async () => {
    const { d } = deps(editor);
    await denial(guardQuery('datasets', { sort: ['-reviewNote'] }, d));
    await denial(guardQuery('distributions', { sort: ['dataset.title'] }, deps(anon).d));
    await denial(guardQuery('datasets', { group: ['reviewNote'] }, d));
    await denial(guardQuery('datasets', { aggregate: { max: ['reviewNote'] } }, d));
    await denial(guardQuery('datasets', { alias: { n: 'reviewNote' }, sort: ['n'] }, d));
    await denial(guardQuery('connection_requests', { deep: { dataset: { _sort: ['reviewNote'] } } }, d));
    // Agencies are readable by everyone: sorting by one is fine.
    expect((await guardQuery('datasets', { sort: ['publisher.name'] }, d)).query.sort).toEqual(['publisher.name']);
  });
  it('refuses a search while an internal field is searchable, and allows it once it is not', async () => {
    await denial(guardQuery('datasets', { search: 'sai' }, deps(editor, {}, true).d));
    expect((await guardQuery('datasets', { search: 'sai' }, deps(editor, {}, false).d)).query.search).toBe('sai');
  });
  it('guards the filters of deep queries in the related collection', async () => {
    const { d, asked } = deps(editor, { datasets: ['own'] });
    const out = await guardQuery('connection_requests', { deep: { dataset: { _filter: { reviewNote: { _nnull: true } }, distribution: { _filter: { dataset: { status: { _eq: 'draft' } } } } } } }, d);
    expect(out.query.deep).toEqual({
      dataset: { _filter: { _and: [{ _and: [{ reviewNote: { _nnull: true } }, { publisher: { _eq: 'so-xay-dung' } }] }] }, distribution: { _filter: { _and: [{ dataset: { _in: ['own'] } }] } } },
    });
    expect(asked).toEqual([{ collection: 'datasets', filter: { status: { _eq: 'draft' } }, field: 'id' }]);
  });
  it('asks for the key of every level, to check the answer item by item', async () => {
    const out = await guardQuery('connection_requests', { fields: ['title', 'dataset.title', 'dataset.distribution.accessURL'] }, deps(editor).d);
    expect(out.query.fields).toEqual(['title', 'dataset.title', 'dataset.distribution.accessURL', 'id', 'dataset.id', 'dataset.distribution.id']);
    expect(out.added).toEqual(['id', 'dataset.id', 'dataset.distribution.id']);
  });
});

describe('withKeys and splitPath', () => {
  it('adds no key a wildcard or the reader already asks for', () => {
    expect(withKeys(['*', 'dataset.*']).added).toEqual([]);
    expect(withKeys(['*.*']).added).toEqual([]);
    expect(withKeys(['*.title']).added).toEqual(['*.id']);
    expect(withKeys(['id', 'dataset.id', 'dataset.title']).added).toEqual([]);
  });
  it('splits a path at dots outside function calls', () => {
    expect(splitPath('dataset.json(dataDictionary, columns.0)')).toEqual(['dataset', 'json(dataDictionary, columns.0)']);
  });
});

describe('guardAnswer', () => {
  const answerDeps = (actor: Actor, rows: Record<string, string[]>, internal: Record<string, string[]> = {}) => ({
    actor,
    relationOf,
    searchable: () => false,
    allowed: (collection: string, ids: string[], what: 'row' | 'internal') => Promise.resolve(new Set(ids.filter((id) => (what === 'row' ? rows : internal)[collection]?.includes(id)))),
  });

  it('nulls a related dataset the reader may not read, and keeps the stored reference value', async () => {
    const records = [
      { id: 'cr-1', dataset: { id: 'b-draft', title: { vi: 'Nháp' }, reviewNote: 'Sai số liệu', distribution: [{ id: 'd-1', accessURL: 'https://x' }] } },
      { id: 'cr-2', dataset: { id: 'a-own', title: { vi: 'Của mình' }, reviewNote: 'Bổ sung', distribution: [] } },
      { id: 'cr-3', dataset: 'b-draft' },
    ];
    await guardAnswer('connection_requests', records, {}, [], answerDeps(editor, { datasets: ['a-own'] }, { datasets: ['a-own'] }));
    expect(records).toEqual([
      { id: 'cr-1', dataset: null },
      { id: 'cr-2', dataset: { id: 'a-own', title: { vi: 'Của mình' }, reviewNote: 'Bổ sung', distribution: [] } },
      { id: 'cr-3', dataset: 'b-draft' },
    ]);
  });
  it("takes out the reviewer's comments of entries the reader may not read them on, also under an alias or in a function", async () => {
    const records = [
      { id: 'own', reviewNote: 'a', note: 'a' },
      { id: 'other', reviewNote: 'b', note: 'b', 'json(reviewNote, x)': 'b' },
    ];
    await guardAnswer('datasets', records, { alias: { note: 'reviewNote' } }, [], answerDeps(editor, {}, { datasets: ['own'] }));
    expect(records).toEqual([{ id: 'own', reviewNote: 'a', note: 'a' }, { id: 'other' }]);
  });
  it('leaves out children the reader may not read, as objects or ids, and an item whose key is unknown', async () => {
    const records = [{ id: 'ds', distribution: ['d-1', 'd-2', { id: 'd-3' }, { id: 'd-4' }], publisher: { name: 'x' } }];
    await guardAnswer('datasets', records, {}, [], answerDeps(anon, { distributions: ['d-1', 'd-3'] }));
    expect(records[0]!.distribution).toEqual(['d-1', { id: 'd-3' }]);
    // Agencies are readable by everyone: nothing to check, even without a key.
    expect(records[0]!.publisher).toEqual({ name: 'x' });
    const noKey = [{ id: 'n', service: { title: { vi: 't' } } }];
    await guardAnswer('service_notices', noKey, {}, [], answerDeps(editor, { data_services: ['s'] }));
    expect(noKey[0]!.service).toBeNull();
  });
  it('follows aliases and deep aliases to the relation they name', async () => {
    const records = [{ id: 'cr', ds: { id: 'b-draft', t: 'x' } }];
    await guardAnswer('connection_requests', records, { alias: { ds: 'dataset' }, deep: { ds: { _alias: { t: 'title' } } } }, [], answerDeps(editor, { datasets: [] }));
    expect(records[0]!.ds).toBeNull();
  });
  it('takes out the keys the guard added, and only those', async () => {
    const query = { fields: ['title', 'dataset.title', 'dataset.id', 'id', 'service.title', 'service.id'] };
    const records = [{ id: 'cr', title: 'x', dataset: { id: 'a-own', title: 't' }, service: { id: 's', title: 's' } }];
    await guardAnswer('connection_requests', records, query, ['id', 'service.id'], answerDeps(editor, { datasets: ['a-own'], data_services: ['s'] }));
    expect(records).toEqual([{ title: 'x', dataset: { id: 'a-own', title: 't' }, service: { title: 's' } }]);
  });
  it('leaves reviewers alone', async () => {
    const records = [{ id: 'cr', dataset: { id: 'b-draft', reviewNote: 'n' } }];
    await guardAnswer('connection_requests', records, {}, [], answerDeps({ kind: 'reviewer' }, {}));
    expect(records[0]!.dataset).toEqual({ id: 'b-draft', reviewNote: 'n' });
  });
});
