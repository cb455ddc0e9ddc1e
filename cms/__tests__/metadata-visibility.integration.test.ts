// The catalog of shared data against a real Directus over HTTP (SQLite or PostgreSQL, see the project
// name): anyone reads the description of published shared and master data and of every sharing
// service, never their files, and never a description its agency keeps hidden; Directus's own files
// (`/assets`) are never the public's (domain/visibility.ts, cms/src/access-rules.ts, cms/src/access.ts).
import { createItem, createPermission, createUser, deleteItem, deleteUser } from '@directus/sdk';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { example } from '../../catalog-schema/src/examples.ts';
import { applyAccess, publicNeverReads } from '../src/access.ts';
import { signIn, type CmsSession } from '../src/client.ts';
import { testUser } from './setup/users.ts';

const cms = inject('cms');
const A = 'so-xay-dung';
const B = 'so-du-lich';
const fresh = (prefix: string) => `${prefix}-${randomBytes(4).toString('hex')}`;
type Item = Record<string, unknown>;

let admin: CmsSession;
let adminToken: string;
let editorA: string;
let editorB: string;
let editorBUser: string | undefined;
const made: [collection: string, id: string][] = [];

async function create(collection: string, item: Item & { id: string }): Promise<string> {
  await admin.request(createItem(collection as never, item as never));
  made.push([collection, item.id]);
  return item.id;
}

/** A published dataset of agency B, shared with agencies by default, with `extra` on top. */
function dataset(extra: Item = {}): Item & { id: string } {
  const id = fresh('dung-chung');
  return { ...example('valid', 'dataset-shared-minimal').record, id, identifier: id, publisher: B, status: 'published', sharingMethod: ['api-on-request'], ...extra };
}

function distribution(datasetId: string): Item & { id: string } {
  const { checksum: _c, byteSize: _b, downloadURL: _d, ...r } = example('valid', 'distribution-json').record;
  return { ...r, id: fresh('tep'), dataset: datasetId, accessURL: `https://lgsp.tphcm.gov.vn/api/thu/${datasetId}/v1`, format: 'json' };
}

interface Answer {
  status: number;
  body: { data?: unknown; errors?: unknown[] } & Item;
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
const ids = (a: Answer) => ((a.body.data as Item[] | undefined) ?? []).map((x) => x.id).sort();

let shared: string;
let sharedFile: string;
let hidden: string;
let hiddenFile: string;
let sectoral: string;
let openOne: string;
let openFile: string;
let service: string;
let fileId: string;

beforeAll(async () => {
  admin = await signIn(cms.url, cms.adminEmail, cms.adminPassword);
  adminToken = (await admin.getToken()) ?? '';
  editorA = (await (await testUser(admin, cms.url, 'bien-tap', cms.editorRole, A)).getToken()) ?? '';
  // A second editor, of the agency that owns the entries: testUser shares one user per role between
  // files, so this one is made here (editors take no Data Studio seat) and removed at the end.
  const password = randomBytes(12).toString('base64url');
  const email = `bien-tap-du-lich.${randomBytes(3).toString('hex')}@example.com`;
  editorBUser = String(((await admin.request(createUser({ email, password, role: cms.editorRole, agency: B }))) as { id: string }).id);
  editorB = (await (await signIn(cms.url, email, password)).getToken()) ?? '';
  shared = await create('datasets', dataset());
  sharedFile = await create('distributions', distribution(shared));
  hidden = await create('datasets', dataset({ metadataVisibility: 'hidden' }));
  hiddenFile = await create('distributions', distribution(hidden));
  // Sectoral data kept within the agencies: described to the agencies only, by default.
  sectoral = await create('datasets', dataset({ accessLevel: 'internal', dataKind: ['sectoral'] }));
  const { distribution: _d, ...open } = example('valid', 'dataset-open-full').record;
  openOne = await create('datasets', {
    ...open,
    id: fresh('mo'),
    identifier: fresh('mo'),
    publisher: B,
    owningAgency: B,
    contactPoint: [],
    updateResponsibility: [B],
    dataConfirmedBy: B,
    status: 'published',
  });
  openFile = await create('distributions', { ...distribution(openOne), accessURL: 'https://du-lieu.example.org/mo.json' });
  service = await create('data_services', {
    ...example('valid', 'data-service-lgsp').record,
    id: fresh('dich-vu'),
    publisher: B,
    accessLevel: 'agencies',
    status: 'published',
    servesDataset: [shared],
  });
  // A file uploaded to Directus itself (the Data Studio's file library), as an administrator.
  const form = new FormData();
  form.append('file', new Blob(['ma_phuong,ten\n26740,Phường Sài Gòn\n'], { type: 'text/csv' }), 'dung-chung.csv');
  const up = await fetch(`${cms.url}/files`, { method: 'POST', headers: { Authorization: `Bearer ${adminToken}` }, body: form });
  expect(up.status).toBe(200);
  fileId = String(((await up.json()) as { data: { id: string } }).data.id);
});

afterAll(async () => {
  if (fileId) await call('DELETE', `/files/${fileId}`, adminToken);
  if (editorBUser) await admin.request(deleteUser(editorBUser)).catch(() => undefined);
  for (const [collection, id] of made.reverse()) await admin.request(deleteItem(collection as never, id as never)).catch(() => undefined);
});

describe(`the catalog of shared data, read anonymously (${cms.db})`, () => {
  it('REST: the description of published shared data, not a hidden one nor sectoral data kept for the agencies', async () => {
    const list = await call('GET', `/items/datasets?${q({ fields: 'id,title,accessLevel,dataKind,accessGuidelines', filter: JSON.stringify({ id: { _in: [shared, hidden, sectoral, openOne] } }) })}`);
    expect(list.status).toBe(200);
    expect(ids(list)).toEqual([openOne, shared].sort());
    expect((list.body.data as Item[]).find((x) => x.id === shared)).toMatchObject({ accessLevel: 'agencies', dataKind: ['shared', 'sectoral'] });
    expect((await call('GET', `/items/datasets/${shared}`)).status).toBe(200);
    for (const id of [hidden, sectoral]) expect([403, 404], id).toContain((await call('GET', `/items/datasets/${id}`)).status);
  });

  it('REST: no file of shared data, directly, through the dataset or by a filter; the files of open data still', async () => {
    const files = await call('GET', `/items/distributions?${q({ fields: 'id,accessURL,downloadURL', filter: JSON.stringify({ dataset: { _in: [shared, hidden, openOne] } }) })}`);
    expect(ids(files)).toEqual([openFile]);
    for (const id of [sharedFile, hiddenFile]) expect([403, 404], id).toContain((await call('GET', `/items/distributions/${id}`)).status);
    const through = await call('GET', `/items/datasets/${shared}?${q({ fields: 'id,distribution.*' })}`);
    expect(through.body.data).toEqual({ id: shared, distribution: [] });
    const everything = await call('GET', `/items/datasets/${shared}?${q({ fields: '*.*' })}`);
    expect(everything.status).toBe(200);
    expect(everything.text).not.toContain('lgsp.tphcm.gov.vn/api/thu');
    const byUrl = await call('GET', `/items/datasets?${q({ fields: 'id', filter: JSON.stringify({ distribution: { accessURL: { _contains: 'api/thu' } } }) })}`);
    expect(ids(byUrl)).toEqual([]);
  });

  it('GraphQL: the same, a hidden description comes back as null', async () => {
    const g = await graphql(`{ datasets(filter: { id: { _in: ["${shared}", "${hidden}", "${sectoral}"] } }) { id accessLevel distribution { id accessURL downloadURL } } }`);
    expect(g.status).toBe(200);
    expect(g.body.data).toEqual({ datasets: [{ id: shared, accessLevel: 'agencies', distribution: [] }] });
    const files = await graphql(`{ distributions(filter: { dataset: { id: { _in: ["${shared}", "${hidden}"] } } }) { id accessURL } }`);
    expect(files.body.data).toEqual({ distributions: [] });
    const one = await graphql(`{ datasets_by_id(id: "${hidden}") { id title { vi } } }`);
    expect((one.body.data as { datasets_by_id: unknown } | undefined)?.datasets_by_id ?? null).toBeNull();
    expect(g.text + files.text + one.text).not.toContain('lgsp.tphcm.gov.vn/api/thu');
  });

  it('every published sharing service, for agencies only included, with the datasets it serves', async () => {
    const r = await call('GET', `/items/data_services/${service}?${q({ fields: 'id,accessLevel,endpointURL,servesDataset' })}`);
    expect(r.status).toBe(200);
    expect(r.body.data).toMatchObject({ id: service, accessLevel: 'agencies', servesDataset: [shared] });
    const g = await graphql(`{ data_services_by_id(id: "${service}") { id accessLevel } }`);
    expect(g.body.data).toEqual({ data_services_by_id: { id: service, accessLevel: 'agencies' } });
    // The seeded registry: the services for agencies only are listed with the public ones.
    const seeded = await call('GET', `/items/data_services?${q({ fields: 'id', filter: JSON.stringify({ id: { _in: ['lgsp-vi-tri-xe-buyt', 'api-du-lieu-xe-buyt', 'api-truong-hoc'] } }) })}`);
    expect(ids(seeded)).toEqual(['api-du-lieu-xe-buyt', 'lgsp-vi-tri-xe-buyt']);
  });

  it('the seeded catalog of shared and master data, without its files', async () => {
    const seeded = ['camera-giam-sat-giao-thong', 'co-so-du-lieu-dat-dai', 'du-lieu-dan-cu-dung-chung', 'ho-so-suc-khoe-dien-tu'];
    const r = await call('GET', `/items/datasets?${q({ fields: 'id', filter: JSON.stringify({ id: { _in: seeded } }) })}`);
    // Electronic health records (sectoral, internal): described to the agencies only.
    expect(ids(r)).toEqual(['camera-giam-sat-giao-thong', 'co-so-du-lieu-dat-dai', 'du-lieu-dan-cu-dung-chung']);
    const files = await call('GET', `/items/distributions?${q({ fields: 'id', filter: JSON.stringify({ dataset: { _in: seeded } }) })}`);
    expect(ids(files)).toEqual([]);
  });
});

describe(`the agencies (${cms.db})`, () => {
  it("read what is described to the agencies, and a hidden description only when it is their agency's", async () => {
    const filter = JSON.stringify({ id: { _in: [shared, hidden, sectoral] } });
    expect(ids(await call('GET', `/items/datasets?${q({ fields: 'id', filter })}`, editorA))).toEqual([sectoral, shared].sort());
    expect(ids(await call('GET', `/items/datasets?${q({ fields: 'id', filter })}`, editorB))).toEqual([hidden, sectoral, shared].sort());
    const files = await call('GET', `/items/distributions?${q({ fields: 'id', filter: JSON.stringify({ dataset: { _in: [shared, hidden] } }) })}`, editorA);
    expect(ids(files)).toEqual([sharedFile]);
  });
});

describe(`Directus's own files (${cms.db})`, () => {
  it('are refused to anonymous readers, /assets included, and served to the administrator', async () => {
    for (const path of [`/assets/${fileId}`, `/assets/${fileId}?download`, `/files/${fileId}`]) expect((await fetch(`${cms.url}${path}`)).status, path).toBe(403);
    expect((await call('GET', '/files')).status).toBe(403);
    const g = await graphql(
      `
        {
          files {
            id
          }
        }
      `,
      undefined,
    );
    expect(g.text).not.toContain(fileId);
    expect((await fetch(`${cms.url}/assets/${fileId}`, { headers: { Authorization: `Bearer ${adminToken}` } })).status).toBe(200);
  });

  it('a read grant made by hand for the public is taken away again at the next start', async () => {
    const { publicPolicy } = await applyAccess(admin);
    await admin.request(createPermission({ policy: publicPolicy, collection: 'directus_files', action: 'read', permissions: {}, fields: ['*'] }));
    // The grant is real: the file is served to anyone now.
    expect((await fetch(`${cms.url}/assets/${fileId}`)).status).toBe(200);
    const { changes } = await applyAccess(admin);
    expect(changes).toBeGreaterThan(0);
    expect(publicNeverReads).toContain('directus_files');
    expect((await fetch(`${cms.url}/assets/${fileId}`)).status).toBe(403);
  });
});
