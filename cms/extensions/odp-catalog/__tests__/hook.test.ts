// The concerns put together as Directus runs them: every filter of an event in the order registered,
// each given the payload the one before returned.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { example } from '../../../../catalog-schema/src/examples.ts';
import { roleNames } from '../../../src/access-rules.ts';
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

function start() {
  const filters = new Map<string, Filter[]>();
  const database = fakeDatabase({
    directus_users: [
      { id: 'u-editor', agency: 'so-xay-dung', role: 'r-editor' },
      { id: 'u-other', agency: 'so-khcn', role: 'r-editor' },
      { id: 'u-reviewer', agency: null, role: 'r-reviewer' },
    ],
    directus_roles: [
      { id: 'r-editor', name: roleNames.editor },
      { id: 'r-reviewer', name: roleNames.reviewer },
    ],
    datasets: [stored],
    distributions: [],
  });
  const reads: unknown[][] = [];
  class ItemsService {
    collection: string;
    constructor(collection: string) {
      this.collection = collection;
    }
    readMany(keys: unknown[]) {
      reads.push(keys);
      return Promise.resolve(this.collection === 'datasets' ? [stored].filter((d) => keys.includes(d.id)) : []);
    }
  }
  const register = {
    filter: (event: string, handler: Filter) => filters.set(event, [...(filters.get(event) ?? []), handler]),
    action: () => undefined,
  };
  (hook as (r: unknown, c: unknown) => void)(register, { services: { ItemsService }, database, getSchema: () => Promise.resolve({}), logger: { info() {}, warn() {} }, env: {}, emitter: {} });
  /** Runs an event's filters as Directus's emitter does: one context object, a fresh meta each. */
  const emit = async (event: string, payload: unknown, meta: Row, user: string) => {
    const context = { database, schema: null, accountability: { user, admin: false, role: null } };
    let p = payload;
    for (const f of filters.get(event) ?? []) p = (await f(p, { event, ...meta }, context)) ?? p;
    return p;
  };
  return { filters, reads, emit };
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

  it('narrows the public to published, public entries', async () => {
    const query = await start().emit('datasets.items.query', { limit: 1 }, { collection: 'datasets' }, 'u-nobody');
    expect(query).toEqual({ limit: 1, filter: { _and: [{ status: { _eq: 'published' } }, { accessLevel: { _eq: 'public' } }] } });
  });
});
