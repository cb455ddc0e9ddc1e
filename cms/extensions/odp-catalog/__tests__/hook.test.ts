// The concerns put together as Directus runs them: every filter of an event in the order registered,
// each given the payload the one before returned.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { example } from '../../../../catalog-schema/src/examples.ts';
import { assessQuality } from '../../../../domain/quality.ts';
import type { DatasetWithDistributions } from '../../../../domain/snapshot.ts';
import { roleNames } from '../../../src/access-rules.ts';
import { toCatalogRecord } from '../../../src/item-validation.ts';
import hook from '../src/index.ts';

type Row = Record<string, unknown>;
type Filter = (payload: unknown, meta: Row, context: unknown) => unknown;

/** Just enough of Knex for the hook's lookups; a table not given holds every id asked for. */
function fakeDatabase(tables: Record<string, Row[]>) {
  return (table: string) => {
    let rows = tables[table] ?? [];
    const q = {
      where: (col: string, value: unknown) => ((rows = rows.filter((r) => r[col] === value)), q),
      whereIn: (col: string, values: unknown[]) => ((rows = tables[table] ? rows.filter((r) => values.includes(r[col])) : values.map((v) => ({ [col]: v }))), q),
      first: () => Promise.resolve(rows[0]),
      pluck: (col: string) => Promise.resolve(rows.map((r) => r[col])),
      select: () => Promise.resolve(rows),
    };
    return q;
  };
}

const stored: Row = { ...example('valid', 'dataset-open-full').record, status: 'submitted', distribution: ['tuyen-xe-buyt-csv'] };
const id = String(stored.id);
const published: Row = { ...stored, id: 'da-cong-bo', status: 'published' };

/** The ids an `id: { _in: [...] }` anywhere in a filter names. */
function idsIn(filter: unknown, out = new Set<unknown>()): Set<unknown> {
  if (Array.isArray(filter)) filter.forEach((f) => idsIn(f, out));
  else if (filter && typeof filter === 'object') {
    for (const [k, v] of Object.entries(filter)) {
      if (k === 'id' && v && typeof v === 'object' && Array.isArray((v as Row)._in)) ((v as Row)._in as unknown[]).forEach((x) => out.add(x));
      else idsIn(v, out);
    }
  }
  return out;
}

function start() {
  const filters = new Map<string, Filter[]>();
  const tables: Record<string, Row[]> = {
    directus_users: [
      { id: 'u-editor', agency: 'so-xay-dung', role: 'r-editor' },
      { id: 'u-other', agency: 'so-khcn', role: 'r-editor' },
      { id: 'u-reviewer', agency: null, role: 'r-reviewer' },
    ],
    directus_roles: [
      { id: 'r-editor', name: roleNames.editor },
      { id: 'r-reviewer', name: roleNames.reviewer },
    ],
    datasets: [stored, published],
    distributions: [],
  };
  const database = fakeDatabase(tables);
  const reads: unknown[][] = [];
  class ItemsService {
    collection: string;
    constructor(collection: string) {
      this.collection = collection;
    }
    readMany(keys: unknown[]) {
      reads.push(keys);
      return Promise.resolve((tables[this.collection] ?? []).filter((d) => keys.includes(d.id)));
    }
    /** Whether items are readable: here, every item the filter names by id. */
    readByQuery(query: { filter?: unknown }) {
      const ids = idsIn(query.filter);
      return Promise.resolve((tables[this.collection] ?? []).filter((r) => ids.has(r.id)));
    }
  }
  const inits = new Map<string, (meta: Row) => void>();
  const register = {
    filter: (event: string, handler: Filter) => filters.set(event, [...(filters.get(event) ?? []), handler]),
    action: () => undefined,
    init: (event: string, handler: (meta: Row) => void) => inits.set(event, handler),
  };
  const schema = { collections: {}, relations: [] };
  (hook as (r: unknown, c: unknown) => void)(register, { services: { ItemsService }, database, getSchema: () => Promise.resolve(schema), logger: { info() {}, warn() {} }, env: {}, emitter: {} });
  /** Runs an event's filters as Directus's emitter does: one context object, a fresh meta each. */
  const emit = async (event: string, payload: unknown, meta: Row, user: string) => {
    const context = { database, schema: null, accountability: { user, admin: false, role: null } };
    let p = payload;
    for (const f of filters.get(event) ?? []) p = (await f(p, { event, ...meta }, context)) ?? p;
    return p;
  };
  return { filters, reads, emit, inits, tables };
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => expect.fail('the write went through'),
    (e: { code: string; status: number; extensions: Row }) => e,
  );

describe('the catalog hook', () => {
  beforeEach(() => {
    vi.stubEnv('ODP_PUBLISH_URL', 'http://127.0.0.1:9/publish');
    vi.stubEnv('ODP_PUBLISH_SECRET', 'secret');
  });
  afterEach(() => vi.unstubAllEnvs());

  const update = { keys: [id], collection: 'datasets' };

  it("refuses another agency's editor with FORBIDDEN before the workflow or validation look at the change", async () => {
    const e = await refusal(start().emit('datasets.items.update', { status: 'approved', accessLevel: 'nope' }, update, 'u-other'));
    expect([e.status, e.code]).toEqual([403, 'FORBIDDEN']);
  });

  it('refuses a step outside the workflow before validation', async () => {
    const e = await refusal(start().emit('datasets.items.update', { status: 'withdrawn', accessLevel: 'nope' }, update, 'u-reviewer'));
    expect([e.status, e.code]).toEqual([400, 'WORKFLOW_TRANSITION']);
  });

  it("asks for the reviewer's comments when sending an entry back", async () => {
    const e = await refusal(start().emit('datasets.items.update', { status: 'changes_requested' }, update, 'u-reviewer'));
    expect(e.code).toBe('REVIEW_NOTE_REQUIRED');
  });

  it('refuses an invalid record with its field errors', async () => {
    const e = await refusal(start().emit('datasets.items.update', { accessLevel: 'nope' }, update, 'u-editor'));
    expect([e.status, e.code]).toEqual([400, 'CATALOG_VALIDATION_FAILED']);
    expect(e.extensions.errors).toContainEqual(expect.objectContaining({ field: 'accessLevel' }));
  });

  it('stores a valid change normalised, reading the stored item once for all the concerns', async () => {
    const { emit, reads, filters } = start();
    const nfd = 'Danh sách tuyến xe buýt'.normalize('NFD');
    const out = await emit('datasets.items.update', { title: { vi: nfd, en: 'Bus routes' } }, update, 'u-editor');
    expect(out).toEqual({ title: { vi: nfd.normalize('NFC'), en: 'Bus routes' } });
    expect(filters.get('datasets.items.update')?.length).toBeGreaterThan(3);
    expect(reads).toEqual([[id]]);
  });

  it('records when an entry is sent for review and its quality score then, whatever the editor sent', async () => {
    const { emit, tables } = start();
    const draft = { ...stored, id: 'ban-nhap', status: 'draft' };
    tables.datasets!.push(draft);
    const before = Date.now();
    const out = (await emit(
      'datasets.items.update',
      { status: 'submitted', submitted: '2020-01-01T00:00:00.000Z', qualityScore: 100 },
      { keys: ['ban-nhap'], collection: 'datasets' },
      'u-editor',
    )) as Row;
    expect(Object.keys(out).sort()).toEqual(['qualityScore', 'status', 'submitted']);
    expect(Date.parse(String(out.submitted))).toBeGreaterThanOrEqual(before - 1000);
    // The check page's score of the same record: its metadata, no file on the portal.
    const today = new Date().toISOString().slice(0, 10);
    const expected = assessQuality({ ...toCatalogRecord('Dataset', { ...draft, status: 'submitted' }), distribution: [] } as unknown as DatasetWithDistributions, {}, today).overall;
    expect(out.qualityScore).toBe(expected);
    expect(expected).toBeLessThan(100);
  });

  it('ignores the workflow’s own fields in any other change, by editors and reviewers alike', async () => {
    const { emit } = start();
    expect(await emit('datasets.items.update', { submitted: '2020-01-01T00:00:00.000Z', qualityScore: 100 }, update, 'u-reviewer')).toEqual({});
    expect(await emit('datasets.items.update', { qualityScore: 100 }, update, 'u-editor')).toEqual({});
  });

  it('narrows the public to published entries whose description is public, the default of open data', async () => {
    const query = await start().emit('datasets.items.query', { limit: 1 }, { collection: 'datasets' }, 'u-nobody');
    expect(query).toEqual({ limit: 1, filter: { _and: [{ status: { _eq: 'published' } }, { id: { _in: [id, 'da-cong-bo'] } }] } });
  });

  it("refuses a change to a published dataset's files by its agency's editor, not by a reviewer", async () => {
    const { emit } = start();
    const file = { id: 'tep-moi', dataset: 'da-cong-bo', format: 'csv', accessURL: 'https://example.org/a.csv' };
    const e = await refusal(emit('distributions.items.create', file, { collection: 'distributions' }, 'u-editor'));
    expect([e.status, e.code]).toEqual([400, 'WORKFLOW_TRANSITION']);
    // The workflow does not hold reviewers; what follows it (validation) may still speak.
    const r = await emit('distributions.items.create', file, { collection: 'distributions' }, 'u-reviewer').then(
      () => undefined,
      (err: { code: string }) => err.code,
    );
    expect(r).not.toBe('WORKFLOW_TRANSITION');
  });

  it('refuses bulk export and import to the public and editors before Directus starts them, and lets reviewers through', async () => {
    const { inits } = start();
    const middlewares: ((req: Row, res: unknown, next: (err?: unknown) => void) => void)[] = [];
    inits.get('middlewares.after')?.({ app: { use: (fn: (typeof middlewares)[number]) => middlewares.push(fn) } });
    expect(middlewares).toHaveLength(1);
    const pass = (path: string, user: string | null) => new Promise<unknown>((resolve) => middlewares[0]!({ path, accountability: { user, admin: false, role: null } }, {}, resolve));
    for (const path of ['/utils/export/datasets', '/UTILS/Import/datasets', '/utils/import']) {
      for (const user of [null, 'u-editor']) expect(await pass(path, user), `${path} ${user}`).toMatchObject({ status: 403, code: 'FORBIDDEN' });
      expect(await pass(path, 'u-reviewer')).toBeUndefined();
    }
    expect(await pass('/items/datasets', null)).toBeUndefined();
  });
});
