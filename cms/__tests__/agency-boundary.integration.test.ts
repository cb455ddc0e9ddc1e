// The agency boundary against a real Directus over HTTP (SQLite or PostgreSQL, see the project name):
// what an agency editor and the public read through relations, filters and bulk routes, and what an
// editor may change once a dataset is published. Each test is named after what broke.
import { createItem, createUser, deleteItem, deleteUser, readItem, readItems, updateItem } from '@directus/sdk';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { example } from '../../catalog-schema/src/examples.ts';
import { defaultConnectionSteps } from '../../domain/connection-steps.ts';
import { signIn, type CmsSession } from '../src/client.ts';
import { testUser } from './setup/users.ts';

const cms = inject('cms');
const A = 'so-xay-dung';
const B = 'so-khcn';
const fresh = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;
type Item = Record<string, unknown>;

let admin: CmsSession;
let editorToken: string;
let reviewerToken: string;
const made: [collection: string, id: string][] = [];

async function create(collection: string, item: Item & { id: string }): Promise<string> {
  await admin.request(createItem(collection as never, item as never));
  made.push([collection, item.id]);
  return item.id;
}

function dataset(agency: string, status: string, extra: Item = {}): Item & { id: string } {
  const { distribution: _d, ...r } = example('valid', 'dataset-open-full').record;
  const id = fresh('ranh-gioi');
  return { ...r, id, identifier: id, publisher: agency, owningAgency: agency, contactPoint: [], updateResponsibility: [agency], dataConfirmedBy: agency, status, ...extra };
}

function distribution(datasetId: string, extra: Item = {}): Item & { id: string } {
  const { checksum: _c, ...r } = example('valid', 'distribution-json').record;
  return { ...r, id: fresh('tep'), dataset: datasetId, ...extra };
}

interface Answer {
  status: number;
  body: { data?: unknown; errors?: { message: string; extensions?: { code?: string; errors?: { field: string; message_vi: string; message_en: string }[] } }[] } & Item;
  text: string;
}

/** One HTTP request to Directus, as the holder of `token` (none: the public). */
async function call(method: string, path: string, token?: string, body?: unknown): Promise<Answer> {
  const res = await fetch(`${cms.url}${path}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed: Answer['body'] = {};
  try {
    parsed = text ? (JSON.parse(text) as Answer['body']) : {};
  } catch {
    parsed = {};
  }
  return { status: res.status, body: parsed, text };
}

const graphql = (query: string, token?: string) => call('POST', '/graphql', token, { query });
const q = (params: Record<string, string>) => new URLSearchParams(params).toString();

// Another agency's draft, with the reviewer's comments and a file; a published entry of that agency
// with old comments; the editor's own published dataset; a connection request and a data request
// that name the draft.
const secret = `Ý kiến thẩm định nội bộ ${randomBytes(4).toString('hex')}`;
const oldNote = `Nhận xét cũ ${randomBytes(4).toString('hex')}`;
const ownNote = `Góp ý cho sở ${randomBytes(4).toString('hex')}`;
let draftB: string;
let draftFile: string;
let publishedB: string;
let ownPublished: string;
let ownFile: string;
let draftService: string;
let requestOnDraft: string;
let dataRequestOnDraft: string;

beforeAll(async () => {
  admin = await signIn(cms.url, cms.adminEmail, cms.adminPassword);
  editorToken = (await (await testUser(admin, cms.url, 'bien-tap', cms.editorRole, A)).getToken()) ?? '';
  reviewerToken = (await (await testUser(admin, cms.url, 'tham-dinh', cms.reviewerRole)).getToken()) ?? '';
  draftB = await create('datasets', dataset(B, 'changes_requested', { reviewNote: secret }));
  draftFile = await create('distributions', distribution(draftB, { accessURL: 'https://du-lieu.example.org/ban-nhap.csv', format: 'csv' }));
  publishedB = await create('datasets', dataset(B, 'published', { reviewNote: oldNote }));
  ownPublished = await create('datasets', dataset(A, 'published', { reviewNote: ownNote }));
  ownFile = await create('distributions', distribution(ownPublished));
  const { record: service } = example('valid', 'data-service-lgsp');
  draftService = await create('data_services', { ...service, id: fresh('dich-vu'), publisher: B, accessLevel: 'public', status: 'draft', reviewNote: secret });
  const { record: cr } = example('valid', 'connection-request-xe-buyt');
  requestOnDraft = await create('connection_requests', { ...cr, id: fresh('kn'), requestingAgency: A, providingAgency: B, dataset: draftB, service: draftService });
  const { record: dr } = example('valid', 'data-request-problem');
  dataRequestOnDraft = await create('data_requests', { ...dr, id: fresh('yc'), agency: A, dataset: draftB });
});

afterAll(async () => {
  for (const [collection, id] of made.reverse()) await admin.request(deleteItem(collection as never, id as never)).catch(() => undefined);
  for (const id of extraUsers) await admin.request(deleteUser(id)).catch(() => undefined);
});

/** Editors of other agencies, made for one test (editors take no Data Studio seat) and removed at the end. */
const extraUsers: string[] = [];
async function editorTokenOf(agency: string): Promise<string> {
  const email = `${fresh('bien-tap')}@example.com`;
  const password = randomBytes(12).toString('base64url');
  const user = (await admin.request(createUser({ email, password, role: cms.editorRole, agency }))) as { id: string };
  extraUsers.push(user.id);
  return (await (await signIn(cms.url, email, password)).getToken()) ?? '';
}

describe(`regression: an editor read another agency's draft and the reviewer's comments through relations (${cms.db})`, () => {
  it('the fixture is what it should be: the reviewer reads the draft through the connection request', async () => {
    const r = await call('GET', `/items/connection_requests/${requestOnDraft}?${q({ fields: 'dataset.reviewNote,dataset.status' })}`, reviewerToken);
    expect(r.body.data).toEqual({ dataset: { reviewNote: secret, status: 'changes_requested' } });
  });

  it('REST: the related draft comes back as null, however the fields are asked for', async () => {
    const variants: Record<string, string>[] = [
      { fields: 'dataset.title,dataset.status,dataset.reviewNote,dataset.distribution.accessURL' },
      { fields: '*.*' },
      { fields: '*.*.*' },
      { fields: 'd.title', alias: JSON.stringify({ d: 'dataset' }) },
      { fields: 'dataset.*', deep: JSON.stringify({ dataset: { _filter: { status: { _neq: 'published' } } } }) },
      { fields: 'service.title,service.reviewNote' },
    ];
    for (const params of variants) {
      const r = await call('GET', `/items/connection_requests/${requestOnDraft}?${q(params)}`, editorToken);
      expect(r.status, JSON.stringify(params)).toBe(200);
      const data = r.body.data as Item;
      expect(data.dataset ?? data.d ?? null, JSON.stringify(params)).toBeNull();
      expect(r.text, JSON.stringify(params)).not.toContain(secret);
      expect(r.text).not.toContain(draftFile);
      expect(r.text).not.toContain('ban-nhap.csv');
    }
  });

  it('GraphQL: the related draft comes back as null, also under an alias', async () => {
    const r = await graphql(`{ connection_requests_by_id(id: "${requestOnDraft}") { id dataset { title status reviewNote distribution { accessURL } } service { reviewNote } } }`, editorToken);
    expect(r.status).toBe(200);
    expect(r.body.data).toEqual({ connection_requests_by_id: { id: requestOnDraft, dataset: null, service: null } });
    // Directus's GraphQL reads an aliased relation from the stored reference, so its fields come back
    // null for everyone; what matters here is that nothing of the draft does.
    const aliased = await graphql(`{ connection_requests(filter: { id: { _eq: "${requestOnDraft}" } }) { d: dataset { t: title n: reviewNote s: status } } }`, editorToken);
    expect(aliased.status).toBe(200);
    const d = (aliased.body.data as { connection_requests: { d: Item | null }[] }).connection_requests[0]!.d;
    expect(Object.values(d ?? {}).filter((v) => v !== null)).toEqual([]);
    expect(r.text + aliased.text).not.toContain(secret);
  });

  it('through data_requests.dataset too, in REST and GraphQL', async () => {
    const r = await call('GET', `/items/data_requests/${dataRequestOnDraft}?${q({ fields: 'id,dataset.*,dataset.distribution.*' })}`, editorToken);
    expect(r.body.data).toEqual({ id: dataRequestOnDraft, dataset: null });
    const g = await graphql(`{ data_requests_by_id(id: "${dataRequestOnDraft}") { dataset { reviewNote } } }`, editorToken);
    expect(g.body.data).toEqual({ data_requests_by_id: { dataset: null } });
  });

  it('a filter or a sort on the related draft tells nothing of it', async () => {
    const found = async (filter: unknown, token: string) => {
      const r = await call('GET', `/items/connection_requests?${q({ fields: 'id', filter: JSON.stringify({ _and: [{ id: { _eq: requestOnDraft } }, filter] }) })}`, token);
      return (r.body.data as Item[]).length;
    };
    for (const filter of [
      { dataset: { reviewNote: { _contains: secret } } },
      { dataset: { status: { _eq: 'changes_requested' } } },
      { dataset: { distribution: { accessURL: { _contains: 'ban-nhap' } } } },
      { service: { reviewNote: { _nnull: true } } },
    ]) {
      expect(await found(filter, reviewerToken), JSON.stringify(filter)).toBe(1);
      expect(await found(filter, editorToken), JSON.stringify(filter)).toBe(0);
    }
    const sorted = await call('GET', `/items/connection_requests?${q({ sort: 'dataset.reviewNote' })}`, editorToken);
    expect(sorted.status).toBe(403);
    const follow = await call('GET', `/items/datasets?${q({ filter: JSON.stringify({ '$FOLLOW(connection_requests, dataset)': { purpose: { _nnull: true } } }) })}`, editorToken);
    expect([400, 403]).toContain(follow.status);
  });

  it('a reference gives the same answer for an entry the writer may not read as for one that does not exist', async () => {
    const { record: cr } = example('valid', 'connection-request-xe-buyt');
    const missing = fresh('khong-co');
    const attempt = async (datasetId: string) => {
      const id = fresh('kn');
      const steps = defaultConnectionSteps({ requestingAgency: A, providingAgency: B }, '2026-11-02');
      const r = await call('POST', '/items/connection_requests', editorToken, { ...cr, id, requestingAgency: A, providingAgency: B, dataset: datasetId, steps });
      if (r.status < 300) made.push(['connection_requests', id]);
      return { status: r.status, errors: JSON.stringify(r.body.errors ?? []).replaceAll(datasetId, '<id>') };
    };
    const hidden = await attempt(draftB);
    expect(hidden.status).toBe(400);
    expect(hidden.errors).toContain('No dataset with id \\"<id>\\"');
    expect(await attempt(missing)).toEqual(hidden);
    // A published dataset of another agency may be named.
    expect((await attempt(publishedB)).status).toBeLessThan(300);
  });

  it('a change or deletion of a hidden entry is refused exactly as one of an entry that does not exist', async () => {
    const missing = fresh('khong-co');
    for (const [method, body] of [
      ['PATCH', { version: '9' }],
      ['DELETE', undefined],
    ] as const) {
      const hidden = await call(method, `/items/datasets/${draftB}`, editorToken, body);
      const none = await call(method, `/items/datasets/${missing}`, editorToken, body);
      expect(hidden.status, method).toBe(403);
      expect({ status: hidden.status, text: hidden.text }).toEqual({ status: none.status, text: none.text });
    }
    expect(((await admin.request(readItem('datasets', draftB))) as Item).version ?? null).toBeNull();
    // A Data Studio comment on the hidden draft, likewise.
    const comment = async (item: string) => call('POST', '/comments', editorToken, { collection: 'datasets', item, comment: 'Xin chào' });
    const onHidden = await comment(draftB);
    expect(onHidden.status).toBe(403);
    expect({ status: onHidden.status, text: onHidden.text }).toEqual(await comment(missing).then((r) => ({ status: r.status, text: r.text })));
  });
});

describe(`regression: the reviewer's comments were public (${cms.db})`, () => {
  const noteOf = async (id: string, token?: string, fields = 'reviewNote') => {
    const r = await call('GET', `/items/datasets/${id}?${q({ fields })}`, token);
    expect(r.status).toBe(200);
    return (r.body.data as Item).reviewNote;
  };

  it("only the entry's agency, reviewers and administrators read reviewNote, asked for or with *", async () => {
    expect(await noteOf(publishedB)).toBeUndefined();
    expect(await noteOf(publishedB, undefined, '*')).toBeUndefined();
    expect(await noteOf(publishedB, editorToken)).toBeUndefined();
    expect(await noteOf(ownPublished, editorToken)).toBe(ownNote);
    expect(await noteOf(publishedB, reviewerToken)).toBe(oldNote);
    expect(((await admin.request(readItem('datasets', publishedB, { fields: ['reviewNote'] } as never))) as Item).reviewNote).toBe(oldNote);
    const list = await call('GET', `/items/datasets?${q({ filter: JSON.stringify({ id: { _in: [publishedB, ownPublished] } }), fields: 'id,reviewNote', sort: 'id' })}`, editorToken);
    expect(Object.fromEntries((list.body.data as Item[]).map((d) => [d.id, d.reviewNote ?? null]))).toEqual({ [publishedB]: null, [ownPublished]: ownNote });
  });

  it('not through relations, nor in GraphQL', async () => {
    const r = await call('GET', `/items/distributions?${q({ filter: JSON.stringify({ dataset: { _eq: ownPublished } }), fields: 'dataset.reviewNote,dataset.id' })}`);
    expect(r.body.data).toEqual([{ dataset: { id: ownPublished } }]);
    const g = await graphql(`{ datasets_by_id(id: "${publishedB}") { id reviewNote } }`);
    expect((g.body.data as { datasets_by_id: Item }).datasets_by_id).toEqual({ id: publishedB, reviewNote: null });
    expect(g.text + r.text).not.toContain(oldNote);
    expect(r.text).not.toContain(ownNote);
  });

  it('a filter, a search, a sort or a count by reviewNote tells nothing of it', async () => {
    const word = oldNote.split(' ').at(-1)!;
    const ids = async (params: Record<string, string>, token?: string) => {
      const r = await call('GET', `/items/datasets?${q({ fields: 'id', limit: '-1', ...params })}`, token);
      return (r.body.data as Item[]).map((d) => d.id);
    };
    expect(await ids({ filter: JSON.stringify({ reviewNote: { _contains: word } }) }, reviewerToken)).toEqual([publishedB]);
    expect(await ids({ filter: JSON.stringify({ reviewNote: { _contains: word } }) })).toEqual([]);
    expect(await ids({ filter: JSON.stringify({ reviewNote: { _contains: word } }) }, editorToken)).toEqual([]);
    expect(await ids({ search: word })).toEqual([]);
    expect(await ids({ search: word }, editorToken)).toEqual([]);
    const refused: Record<string, string>[] = [
      { sort: 'reviewNote' },
      { 'aggregate[max]': 'reviewNote' },
      { 'groupBy[]': 'reviewNote' },
      { meta: 'filter_count', filter: JSON.stringify({ reviewNote: { _contains: word } }) },
    ];
    for (const params of refused) {
      const r = await call('GET', `/items/datasets?${q(params)}`);
      expect(r.status, JSON.stringify(params)).toBe(403);
      expect(r.body.errors?.[0]?.message).toMatch(/ \/ /);
    }
  });
});

describe(`regression: an editor changed a published dataset's files without review (${cms.db})`, () => {
  it('refuses creating, changing and deleting a distribution of a published dataset, changing nothing', async () => {
    const before = (await admin.request(readItem('distributions', ownFile))) as Item;
    const added = distribution(ownPublished);
    const create = await call('POST', '/items/distributions', editorToken, added);
    const change = await call('PATCH', `/items/distributions/${ownFile}`, editorToken, { description: { vi: 'Mô tả mới chưa duyệt' } });
    const remove = await call('DELETE', `/items/distributions/${ownFile}`, editorToken);
    for (const r of [create, change, remove]) {
      expect(r.status).toBe(400);
      expect(r.body.errors?.[0]?.extensions?.code).toBe('WORKFLOW_TRANSITION');
      expect(r.body.errors?.[0]?.message).toMatch(/bản nháp.* \/ .*back to draft/);
    }
    expect(await admin.request(readItems('distributions', { filter: { id: { _eq: added.id } } } as never))).toEqual([]);
    expect(await admin.request(readItem('distributions', ownFile))).toEqual(before);
  });

  it('reviewers are not held to it, and the editor changes the files once the dataset is back in draft', async () => {
    const reviewed = await call('PATCH', `/items/distributions/${ownFile}`, reviewerToken, { description: { vi: 'Sửa của cán bộ thẩm định' } });
    expect(reviewed.status).toBe(200);
    await admin.request(updateItem('datasets', ownPublished, { status: 'approved' } as never));
    expect((await call('PATCH', `/items/distributions/${ownFile}`, editorToken, { description: { vi: 'x' } })).status).toBe(400);
    expect((await call('PATCH', `/items/datasets/${ownPublished}`, editorToken, { status: 'draft' })).status).toBe(200);
    expect((await call('PATCH', `/items/distributions/${ownFile}`, editorToken, { description: { vi: 'Sửa khi là bản nháp' } })).status).toBe(200);
    const added = distribution(ownPublished);
    expect((await call('POST', '/items/distributions', editorToken, added)).status).toBe(200);
    made.push(['distributions', added.id]);
    await admin.request(updateItem('datasets', ownPublished, { status: 'published' } as never));
  });
});

describe(`regression: an anonymous bulk export was accepted (${cms.db})`, () => {
  it('refuses export and import to everyone but reviewers and administrators, whatever the case of the path', async () => {
    for (const token of [undefined, editorToken]) {
      for (const [path, body] of [
        ['/utils/export/datasets', { query: { limit: -1 }, format: 'csv' }],
        ['/UTILS/Export/datasets', { query: { limit: -1 }, format: 'json' }],
        ['/utils/import/datasets', {}],
        ['/utils/import', [{ collection: 'datasets', items: [] }]],
      ] as const) {
        const r = await call('POST', path, token, body);
        expect(r.status, `${path} ${token ? 'editor' : 'public'}`).toBe(403);
        expect(r.body.errors?.[0]?.message).toMatch(/xuất hay nhập .* \/ .*export or import/);
      }
    }
    // A reviewer passes the guard: Directus itself then asks for the query (nothing is exported).
    const reviewer = await call('POST', '/utils/export/datasets', reviewerToken, {});
    expect(reviewer.status).toBe(400);
    expect(reviewer.text).toContain('query');
  });

  it('the other ways to read in bulk stay within the read rules', async () => {
    const csv = await call('GET', `/items/datasets?${q({ export: 'csv', limit: '-1' })}`);
    expect(csv.status).toBe(200);
    expect(csv.text).toContain(publishedB);
    expect(csv.text).not.toContain(draftB);
    expect(csv.text).not.toContain(oldNote);
    const search = await call('SEARCH', '/items/datasets', undefined, { query: { filter: { id: { _eq: draftB } }, fields: ['id'] } });
    expect(search.body.data).toEqual([]);
    for (const meta of ['total_count', 'filter_count']) expect((await call('GET', `/items/datasets?${q({ meta })}`)).status).toBe(403);
    const count = await graphql('{ datasets_aggregated { countDistinct { id } } }');
    const listed = await call('GET', `/items/datasets?${q({ fields: 'id', limit: '-1' })}`);
    expect((count.body.data as { datasets_aggregated: { countDistinct: { id: number } }[] }).datasets_aggregated[0]!.countDistinct.id).toBe((listed.body.data as unknown[]).length);
    expect((await call('POST', '/utils/cache/clear')).status).toBe(403);
    const spec = await call('GET', '/server/specs/oas');
    expect(spec.text).not.toContain(draftB);
    expect(spec.text).not.toContain(oldNote);
    expect((await call('GET', '/revisions?limit=1')).status).toBe(403);
  });
});

describe(`regression: every agency's editor read every connection request (${cms.db})`, () => {
  it("a third agency's editor neither reads nor changes another pair's request; the two parties and the reviewers still read it", async () => {
    const third = await editorTokenOf('so-y-te');
    const provider = await editorTokenOf(B);
    const listed = async (token: string) => {
      const r = await call('GET', `/items/connection_requests?${q({ filter: JSON.stringify({ id: { _eq: requestOnDraft } }), fields: 'id,title' })}`, token);
      expect(r.status).toBe(200);
      return (r.body.data as Item[]).map((x) => x.id);
    };
    expect(await listed(third)).toEqual([]);
    expect(await listed(editorToken)).toEqual([requestOnDraft]);
    expect(await listed(provider)).toEqual([requestOnDraft]);
    expect(await listed(reviewerToken)).toEqual([requestOnDraft]);
    // By id, counted, through GraphQL, changed or deleted: as if it did not exist.
    const missing = fresh('kn-khong-co');
    const byId = await call('GET', `/items/connection_requests/${requestOnDraft}`, third);
    expect(byId.status).toBe(403);
    expect(byId.text).toBe((await call('GET', `/items/connection_requests/${missing}`, third)).text.replaceAll(missing, requestOnDraft));
    const counted = await call('GET', `/items/connection_requests?${q({ 'aggregate[count]': '*', filter: JSON.stringify({ id: { _eq: requestOnDraft } }) })}`, third);
    expect(Number((counted.body.data as { count: unknown }[])[0]?.count)).toBe(0);
    const g = await graphql(`{ connection_requests(filter: { id: { _eq: "${requestOnDraft}" } }) { id purpose } }`, third);
    expect(g.body.data).toEqual({ connection_requests: [] });
    expect((await call('PATCH', `/items/connection_requests/${requestOnDraft}`, third, { title: 'Đã sửa' })).status).toBe(403);
    expect((await call('DELETE', `/items/connection_requests/${requestOnDraft}`, third)).status).toBe(403);
    expect(((await admin.request(readItem('connection_requests', requestOnDraft))) as Item).title).not.toBe('Đã sửa');
  });
});
