// The permission matrix: every role × every collection × read, create, update, delete, against a
// real Directus over HTTP (SQLite or PostgreSQL, see the project name). The expected outcome of
// every cell is stated in the table below; a collection in Directus that the table does not name
// fails the test, so a new collection cannot go untested. Then every relation × every role: what a
// role reads through a relation is exactly what it reads of the related items directly.
import { createItem, deleteItem, readCollections, readItem, readItems, readSingleton, updateItem, updateSingleton } from '@directus/sdk';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { example } from '../../catalog-schema/src/examples.ts';
import { collectionOf, entityNames } from '../../catalog-schema/src/schemas.ts';
import { publicClient, signIn, type Cms, type CmsSession } from '../src/client.ts';
import { directusModel } from '../src/directus-model.ts';
import { testUser } from './setup/users.ts';

const cms = inject('cms');

/**
 * yes: on any item; no: on none; own: on the editor's own agency's items only (denied on another
 * agency's); published: only published entries (public ones, for datasets and services);
 * ownOrPublished: the editor's own entries in any state, and what is published;
 * singleton: the collection holds the portal's one catalog record; those who may change it update
 * it, and the test does not create a second one or delete it (the other tests need it).
 */
type Outcome = 'yes' | 'no' | 'own' | 'published' | 'ownOrPublished' | 'singleton';
type Role = 'public' | 'editor' | 'reviewer' | 'admin';
type Row = Record<Role, [read: Outcome, create: Outcome, update: Outcome, del: Outcome]>;

const all: Row[Role] = ['yes', 'yes', 'yes', 'yes'];
// prettier-ignore
const matrix: Record<string, Row> = {
  //                  public                                     agency editor (agency A)                       reviewer                                  admin
  catalog:           { public: ['yes', 'no', 'no', 'no'],       editor: ['yes', 'no', 'no', 'no'],             reviewer: ['yes', 'singleton', 'yes', 'singleton'], admin: ['yes', 'singleton', 'yes', 'singleton'] },
  agents:            { public: ['yes', 'no', 'no', 'no'],       editor: ['yes', 'no', 'own', 'no'],            reviewer: all, admin: all },
  contact_points:    { public: ['yes', 'no', 'no', 'no'],       editor: ['yes', 'own', 'own', 'own'],          reviewer: all, admin: all },
  themes:            { public: ['yes', 'no', 'no', 'no'],       editor: ['yes', 'no', 'no', 'no'],             reviewer: all, admin: all },
  datasets:          { public: ['published', 'no', 'no', 'no'], editor: ['ownOrPublished', 'own', 'own', 'own'], reviewer: all, admin: all },
  distributions:     { public: ['published', 'no', 'no', 'no'], editor: ['ownOrPublished', 'own', 'own', 'own'], reviewer: all, admin: all },
  data_services:     { public: ['published', 'no', 'no', 'no'], editor: ['ownOrPublished', 'own', 'own', 'own'], reviewer: all, admin: all },
  service_notices:   { public: ['published', 'no', 'no', 'no'], editor: ['ownOrPublished', 'own', 'own', 'own'], reviewer: all, admin: all },
  information_systems: { public: ['published', 'no', 'no', 'no'], editor: ['ownOrPublished', 'own', 'own', 'own'], reviewer: all, admin: all },
  // Requests hold the requester's e-mail: never readable by the public through the CMS (the portal's
  // forms file them with the intake token, tested in requests.integration.test.ts). Editors see and
  // answer the requests addressed to their agency; they never create or delete one. Of connection
  // requests they read and run those their agency makes or answers, never another pair's.
  data_requests:     { public: ['no', 'no', 'no', 'no'],        editor: ['own', 'no', 'own', 'no'],            reviewer: all, admin: all },
  connection_requests: { public: ['no', 'no', 'no', 'no'],      editor: ['own', 'own', 'own', 'own'],          reviewer: all, admin: all },
  code_lists:        { public: ['published', 'no', 'no', 'no'], editor: ['ownOrPublished', 'no', 'no', 'no'],   reviewer: all, admin: all },
  // An entry of another agency's draft code list is a draft too (it was readable by editors).
  code_list_entries: { public: ['published', 'no', 'no', 'no'], editor: ['ownOrPublished', 'no', 'no', 'no'],   reviewer: all, admin: all },
};

const A = 'so-xay-dung';
const B = 'so-khcn';
const roles: Role[] = ['public', 'editor', 'reviewer', 'admin'];
const fresh = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;
type Item = Record<string, unknown> & { id: string };

let admin: CmsSession;
const clients = {} as Record<Role, Cms>;
/** What the test created, removed again at the end so the other test files see the seeded catalog. */
const made: [collection: string, id: string][] = [];
let agencyA: Item;

/** A new valid record of `collection` for `agency`, in `status` where the collection has one (parents created as needed, by the admin). */
async function sample(collection: string, agency: string, status: 'draft' | 'published' = 'draft'): Promise<Item> {
  const id = fresh('ma-tran');
  switch (collection) {
    case 'catalog':
      return { ...example('valid', 'catalog').record, id };
    case 'agents': {
      const { identifier: _i, ...r } = example('valid', 'agent-so-khcn').record;
      return { ...r, id, name: { vi: `Cơ quan thử ${id}` } };
    }
    case 'contact_points':
      return { ...example('valid', 'contact-point-so-khcn-data').record, id, agent: agency };
    case 'themes': {
      return { ...example('valid', 'theme-giao-thong').record, id, order: 900 };
    }
    case 'datasets': {
      const { distribution: _d, ...r } = example('valid', 'dataset-open-full').record;
      return { ...r, id, identifier: id, publisher: agency, owningAgency: agency, contactPoint: [], updateResponsibility: [agency], dataConfirmedBy: agency, status };
    }
    case 'distributions': {
      const parent = await sample('datasets', agency, status);
      await admin.request(createItem('datasets', parent as never));
      made.push(['datasets', parent.id]);
      const { checksum: _c, ...r } = example('valid', 'distribution-json').record;
      return { ...r, id, dataset: parent.id };
    }
    case 'data_services':
      return { ...example('valid', 'data-service-lgsp').record, id, publisher: agency, accessLevel: 'public', status };
    case 'service_notices': {
      // A notice of an outage (no notice period) of a published public service of the same agency.
      const service = await sample('data_services', agency, 'published');
      await admin.request(createItem('data_services', service as never));
      made.push(['data_services', service.id]);
      const now = new Date().toISOString();
      return { id, service: service.id, publisher: agency, kind: 'outage', title: { vi: `Sự cố thử ${id}` }, announced: now, start: now, reason: { vi: 'Mất điện tại trung tâm dữ liệu.' }, status };
    }
    case 'data_requests':
      return { ...example('valid', 'data-request-problem').record, id, agency };
    case 'connection_requests': {
      // The agency asks itself: it owns every step, so it may file the request with steps already recorded.
      const r = example('valid', 'connection-request-xe-buyt').record;
      return { ...r, id, requestingAgency: agency, providingAgency: agency, steps: (r.steps as Record<string, unknown>[]).map((s) => ({ ...s, owner: agency })) };
    }
    case 'information_systems':
      return { id, title: { vi: `Hệ thống thử ${id}` }, publisher: agency, connectionState: 'connected', status };
    case 'code_lists':
      return { id, title: { vi: `Danh mục thử ${id}` }, publisher: agency, status };
    case 'code_list_entries': {
      const list = await sample('code_lists', agency, status);
      await admin.request(createItem('code_lists', list as never));
      made.push(['code_lists', list.id]);
      const { parentCode: _p, ...r } = example('valid', 'code-list-entry').record;
      return { ...r, id, codeList: list.id, code: id };
    }
    default:
      throw new Error(`no sample record for ${collection}`);
  }
}

/** A valid change of a record of `collection`. */
function change(collection: string): Record<string, unknown> {
  if (
    collection === 'catalog' ||
    collection === 'datasets' ||
    collection === 'data_services' ||
    collection === 'code_lists' ||
    collection === 'service_notices' ||
    collection === 'information_systems'
  )
    return { title: { vi: `Đã sửa ${fresh('lan')}` } };
  if (collection === 'data_requests' || collection === 'connection_requests') return { title: `Đã sửa ${fresh('lan')}` };
  if (collection === 'agents') return { phone: '028 1234 5678' };
  if (collection === 'contact_points') return { phone: '028 8765 4321' };
  if (collection === 'themes' || collection === 'code_list_entries') return { label: { vi: `Đã sửa ${fresh('lan')}` } };
  if (collection === 'distributions') return { title: { vi: `Đã sửa ${fresh('lan')}` } };
  throw new Error(`no change for ${collection}`);
}

async function ok(p: Promise<unknown>): Promise<boolean> {
  try {
    await p;
    return true;
  } catch (e) {
    const status = (e as { response?: Response }).response?.status ?? 0;
    // Refused: invalid for this role (400), not allowed (401, 403), or no route for it (404).
    if (status >= 400 && status < 500) return false;
    throw e;
  }
}

/** Whether `who` sees the item `id` of `collection` (by id and in a listing). */
async function sees(who: Cms, collection: string, id: string): Promise<boolean> {
  const listed = await ok(
    who
      .request(readItems(collection as never, { filter: { id: { _eq: id } }, fields: ['id'] } as never))
      .then((r) => ((r as unknown[]).length === 1 ? r : Promise.reject(Object.assign(new Error('not listed'), { response: { status: 403 } })))),
  );
  const single = await ok(who.request(readItem(collection as never, id as never, { fields: ['id'] } as never)));
  expect(single, `${collection} ${id}: readItem and readItems disagree`).toBe(listed);
  return listed;
}

const exists = async (collection: string, id: string) => ((await admin.request(readItems(collection as never, { filter: { id: { _eq: id } }, fields: ['id'] } as never))) as unknown[]).length === 1;

/** An item made by the admin for the test to act on. */
async function target(collection: string, agency: string, status: 'draft' | 'published' = 'draft'): Promise<Item> {
  if (collection === 'agents') {
    if (agency === A) return { id: A };
    const r = await sample('agents', agency);
    await admin.request(createItem('agents', r as never));
    made.push(['agents', r.id]);
    return r;
  }
  const r = await sample(collection, agency, status);
  await admin.request(createItem(collection as never, r as never));
  made.push([collection, r.id]);
  return r;
}

beforeAll(async () => {
  admin = await signIn(cms.url, cms.adminEmail, cms.adminPassword);
  clients.admin = admin;
  clients.public = publicClient(cms.url);
  clients.editor = await testUser(admin, cms.url, 'bien-tap', cms.editorRole, A);
  clients.reviewer = await testUser(admin, cms.url, 'tham-dinh', cms.reviewerRole);
  agencyA = (await admin.request(readItem('agents', A as never, { fields: ['id', 'phone'] } as never))) as Item;
});

afterAll(async () => {
  for (const [collection, id] of made.reverse()) await admin.request(deleteItem(collection as never, id as never)).catch(() => undefined);
  // Agency A's own record was edited by its editor: back to the seeded value.
  await admin.request(updateItem('agents', A as never, { phone: agencyA.phone ?? null } as never));
});

describe(`permission matrix (${cms.db})`, () => {
  it('names every collection of the catalog schema and of Directus', async () => {
    const inDirectus = ((await admin.request(readCollections())) as { collection: string; schema: unknown }[])
      .filter((c) => !c.collection.startsWith('directus_') && c.schema)
      .map((c) => c.collection);
    const fromSchema = entityNames.map(collectionOf);
    const missing = [...new Set([...inDirectus, ...fromSchema])].filter((c) => !(c in matrix));
    expect(missing, `Thêm kỳ vọng quyền cho / add the expected permissions of these collections to the matrix in ${import.meta.filename}`).toEqual([]);
  });

  for (const collection of Object.keys(matrix)) {
    for (const role of roles) {
      const [read, create, update, del] = matrix[collection]![role];
      it(`${role} on ${collection}: read ${read}, create ${create}, update ${update}, delete ${del}`, async () => {
        const who = clients[role];
        // — read —
        if (collection === 'catalog') {
          expect(((await who.request(readSingleton('catalog' as never, { fields: ['id'] } as never))) as Item).id).toBeTruthy();
        } else if (read === 'yes') {
          expect(await sees(who, collection, (await target(collection, B)).id)).toBe(true);
        } else if (read === 'published' || read === 'ownOrPublished') {
          expect(await sees(who, collection, (await target(collection, B, 'published')).id), 'published').toBe(true);
          expect(await sees(who, collection, (await target(collection, B, 'draft')).id), "another agency's draft").toBe(false);
          if (read === 'ownOrPublished') expect(await sees(who, collection, (await target(collection, A, 'draft')).id), 'own draft').toBe(true);
        } else if (read === 'no') {
          expect(await sees(who, collection, (await target(collection, B)).id)).toBe(false);
        } else if (read === 'own') {
          expect(await sees(who, collection, (await target(collection, A)).id), 'own').toBe(true);
          expect(await sees(who, collection, (await target(collection, B)).id), "another agency's").toBe(false);
        } else expect.fail(`read ${read} is not tested`);

        // — create —
        if (collection === 'catalog') {
          if (create === 'no') {
            const cat = (await admin.request(readSingleton('catalog' as never, { fields: ['id'] } as never))) as Item;
            expect(await ok(who.request(createItem('catalog' as never, (await sample('catalog', B)) as never))), 'create a catalog').toBe(false);
            expect(((await admin.request(readSingleton('catalog' as never, { fields: ['id'] } as never))) as Item).id).toBe(cat.id);
          }
        } else {
          const other = await sample(collection, B);
          const created = await ok(who.request(createItem(collection as never, other as never)));
          if (created) made.push([collection, other.id]);
          expect(created, "create another agency's").toBe(create === 'yes');
          expect(await exists(collection, other.id)).toBe(create === 'yes');
          if (create === 'own' || (create === 'no' && role === 'editor')) {
            const own = await sample(collection, A);
            const createdOwn = await ok(who.request(createItem(collection as never, own as never)));
            if (createdOwn) made.push([collection, own.id]);
            expect(createdOwn, 'create own').toBe(create === 'own');
            expect(await exists(collection, own.id)).toBe(create === 'own');
          }
        }

        // — update —
        const patch = change(collection);
        if (collection === 'catalog') {
          const cat = (await admin.request(readSingleton('catalog' as never, { fields: ['id', 'title'] } as never))) as Item;
          const done = await ok(who.request(updateSingleton('catalog' as never, patch as never)));
          expect(done).toBe(update === 'yes');
          if (done) await admin.request(updateSingleton('catalog' as never, { title: cat.title } as never));
        } else {
          const other = await target(collection, B);
          expect(await ok(who.request(updateItem(collection as never, other.id as never, patch as never))), "update another agency's").toBe(update === 'yes');
          if (update === 'own' || (update === 'no' && role === 'editor')) {
            const own = await target(collection, A);
            expect(await ok(who.request(updateItem(collection as never, own.id as never, patch as never))), 'update own').toBe(update === 'own');
          }
        }

        // — delete —
        if (collection === 'catalog') {
          if (del === 'no') {
            const cat = (await admin.request(readSingleton('catalog' as never, { fields: ['id'] } as never))) as Item;
            expect(await ok(who.request(deleteItem('catalog' as never, cat.id as never))), 'delete the catalog').toBe(false);
            expect(((await admin.request(readSingleton('catalog' as never, { fields: ['id'] } as never))) as Item).id).toBe(cat.id);
          }
        } else {
          const other = await target(collection, B);
          expect(await ok(who.request(deleteItem(collection as never, other.id as never))), "delete another agency's").toBe(del === 'yes');
          expect(await exists(collection, other.id)).toBe(del !== 'yes');
          if (del === 'own' || (del === 'no' && role === 'editor' && collection !== 'agents')) {
            const own = await target(collection, A);
            expect(await ok(who.request(deleteItem(collection as never, own.id as never))), 'delete own').toBe(del === 'own');
            expect(await exists(collection, own.id)).toBe(del !== 'own');
          }
        }
      });
    }
  }
});

/** Every relation of the catalog, from the generated Directus model: each reference, and each one-to-many alias. */
const relations = [
  ...directusModel().relations.map((r) => ({ collection: r.collection, field: r.field, target: r.related_collection, many: false })),
  ...directusModel()
    .relations.filter((r) => typeof r.meta.one_field === 'string')
    .map((r) => ({ collection: r.related_collection, field: r.meta.one_field as string, target: r.collection, many: true })),
];

describe(`relational reads (${cms.db})`, () => {
  /** Items (made by the admin) whose relations name items each role may or may not read, by collection. */
  const holders: Record<string, string[]> = {};
  /** How many related items each role was not shown: the matrix must exercise hiding. */
  const hiddenSeen: Record<Role, number> = { public: 0, editor: 0, reviewer: 0, admin: 0 };

  async function hold(collection: string, record: Item): Promise<Item> {
    await admin.request(createItem(collection as never, record as never));
    made.push([collection, record.id]);
    (holders[collection] ??= []).push(record.id);
    return record;
  }

  beforeAll(async () => {
    // Agency B's draft and published entries (with the reviewer's comments), the other agency's
    // requests naming them, and one item of every other collection; parents first.
    const note = { reviewNote: `Ý kiến thẩm định ${fresh('ma-tran')}` };
    const draft = await hold('datasets', { ...(await sample('datasets', B, 'draft')), ...note });
    const published = await hold('datasets', { ...(await sample('datasets', B, 'published')), ...note });
    await hold('datasets', await sample('datasets', A, 'draft'));
    const { checksum: _c, ...file } = example('valid', 'distribution-json').record;
    for (const ds of [draft, published]) await hold('distributions', { ...file, id: fresh('ma-tran'), dataset: ds.id });
    const draftService = await hold('data_services', { ...(await sample('data_services', B, 'draft')), ...note });
    const publishedService = await hold('data_services', { ...(await sample('data_services', B, 'published')), ...note });
    const now = new Date().toISOString();
    for (const service of [draftService, publishedService]) {
      await hold('service_notices', {
        id: fresh('ma-tran'),
        service: service.id,
        publisher: B,
        kind: 'outage',
        title: { vi: 'Sự cố thử' },
        announced: now,
        start: now,
        reason: { vi: 'Mất điện.' },
        status: 'published',
      });
    }
    await hold('information_systems', await sample('information_systems', B, 'draft'));
    for (const status of ['draft', 'published'] as const) {
      const list = await hold('code_lists', await sample('code_lists', B, status));
      const { parentCode: _p, ...entry } = example('valid', 'code-list-entry').record;
      await hold('code_list_entries', { ...entry, id: fresh('ma-tran'), codeList: list.id, code: fresh('ma') });
    }
    await hold('contact_points', await sample('contact_points', B));
    await hold('agents', { ...(await sample('agents', B)), parent: B });
    for (const [ds, service] of [
      [draft, draftService],
      [published, publishedService],
    ] as const) {
      await hold('data_requests', { ...(await sample('data_requests', A)), dataset: ds.id });
      await hold('connection_requests', { ...(await sample('connection_requests', A)), providingAgency: B, dataset: ds.id, service: service.id });
    }
  });

  it('has items for every relation of the model to read through', () => {
    const without = relations.filter((r) => r.collection !== 'catalog' && !holders[r.collection]?.length).map((r) => `${r.collection}.${r.field}`);
    expect(without, `Thêm mục cho / add items for these relations in ${import.meta.filename}`).toEqual([]);
  });

  for (const rel of relations) {
    it(`${rel.collection}.${rel.field} → ${rel.target}: each role reads through it exactly what it reads of ${rel.target} directly`, async () => {
      const read = async (who: Cms, fields: string[]): Promise<Item[] | undefined> => {
        const query = { fields: ['id', ...fields], limit: -1 } as never;
        const request =
          rel.collection === 'catalog'
            ? readSingleton('catalog' as never, query)
            : readItems(rel.collection as never, { ...(query as object), filter: { id: { _in: holders[rel.collection] } } } as never);
        try {
          const out = (await who.request(request)) as Item | Item[];
          return Array.isArray(out) ? out : [out];
        } catch (e) {
          if ((e as { response?: Response }).response?.status === 403) return undefined;
          throw e;
        }
      };
      // What each holder names, as stored.
      const named = new Map(((await read(admin, [rel.field])) ?? []).map((h) => [h.id, h[rel.field]]));
      const idsIn = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : typeof v === 'string' ? [v] : []);
      const targets = [...new Set([...named.values()].flatMap(idsIn))];
      expect(targets.length, 'the holders name related items').toBeGreaterThan(0);
      for (const role of roles) {
        const who = clients[role];
        const through = await read(who, [`${rel.field}.*`]);
        if (!through) continue; // The role reads none of the holders (the matrix above says so).
        let direct = new Map<string, Item>();
        try {
          const rows = (await who.request(readItems(rel.target as never, { filter: { id: { _in: targets } }, limit: -1 } as never))) as Item[];
          direct = new Map(rows.map((r) => [String(r.id), r]));
        } catch (e) {
          if ((e as { response?: Response }).response?.status !== 403) throw e;
        }
        for (const holder of through) {
          const stored = named.get(holder.id);
          const got = holder[rel.field];
          const context = `${role}: ${rel.collection} ${holder.id}.${rel.field}`;
          if (rel.many) {
            const expected = ((stored as string[]) ?? []).filter((id) => direct.has(id)).map((id) => direct.get(id));
            hiddenSeen[role] += ((stored as string[]) ?? []).length - expected.length;
            expect(sortById(got as Item[]), context).toEqual(sortById(expected as Item[]));
          } else {
            const expected = typeof stored === 'string' ? (direct.get(stored) ?? null) : null;
            if (typeof stored === 'string' && !expected) hiddenSeen[role]++;
            expect(got ?? null, context).toEqual(expected);
          }
        }
      }
    });
  }

  // The public reads an item only when the items it names are public too (a distribution of a
  // published dataset, a notice of a public service), so only editors meet hidden related items here.
  it('hides related items from editors, and from no reviewer or administrator', () => {
    expect(hiddenSeen.editor).toBeGreaterThan(0);
    expect(hiddenSeen.reviewer).toBe(0);
    expect(hiddenSeen.admin).toBe(0);
  });
});

const sortById = (items: Item[] | null | undefined) => [...(items ?? [])].sort((a, b) => String(a.id).localeCompare(String(b.id)));
