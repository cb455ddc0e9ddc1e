// Editor accounts against a real Directus over HTTP (SQLite or PostgreSQL, see the project name):
// `npm run user:add` makes an API-only editor (no Data Studio seat) who signs in to the API, reads its
// own user with its agency and nobody else's, and cannot read another agency's draft; the demo seed
// keeps within the Core plan's 3 Data Studio seats. README, "Accounts and seats".
import { createItem, deleteItem, deleteUser, readPolicies, readUsers, updatePolicy, updateUser } from '@directus/sdk';
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { example } from '../../catalog-schema/src/examples.ts';
import { projectRoot } from '../../platform/config.ts';
import { applyAccess } from '../src/access.ts';
import { roleNames } from '../src/access-rules.ts';
import { signIn, type CmsSession } from '../src/client.ts';
import { demoAccounts } from '../src/users.ts';

const cms = inject('cms');
let admin: CmsSession;
const madeUsers: string[] = [];
const madeDatasets: string[] = [];

/** `npm run user:add -- …` against the test Directus. */
function userAdd(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [path.join(projectRoot, 'scripts', 'user-add.ts'), ...args], {
    cwd: projectRoot,
    env: { ...process.env, DIRECTUS_PORT: new URL(cms.url).port, DIRECTUS_PUBLIC_URL: '' },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

async function call(method: string, urlPath: string, token?: string, body?: unknown): Promise<{ status: number; body: { data?: unknown; errors?: { extensions?: { code?: string } }[] } }> {
  const res = await fetch(`${cms.url}${urlPath}`, {
    method,
    headers: { ...(token ? { Authorization: `Bearer ${token}` } : {}), ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as { data?: unknown }) : {} };
}

async function login(email: string, password: string): Promise<{ status: number; token?: string }> {
  const r = await call('POST', '/auth/login', undefined, { email, password, mode: 'json' });
  return { status: r.status, token: (r.body.data as { access_token?: string } | undefined)?.access_token };
}

beforeAll(async () => {
  admin = await signIn(cms.url, cms.adminEmail, cms.adminPassword);
});

afterAll(async () => {
  for (const id of madeDatasets) await admin.request(deleteItem('datasets', id)).catch(() => undefined);
  for (const id of madeUsers) await admin.request(deleteUser(id)).catch(() => undefined);
});

describe('npm run user:add', () => {
  const email = `bien-tap-${randomBytes(4).toString('hex')}@example.org`;
  let password = '';
  let token = '';

  it('creates an editor and prints its generated password once', () => {
    const r = userAdd('--email', email, '--agency', 'so-khcn', '--role', 'editor', '--name', 'Trần Thị Bình');
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('created');
    password = /password: (\S+)/.exec(r.stdout)?.[1] ?? '';
    expect(password.length).toBeGreaterThanOrEqual(16);
  });

  it('makes an API-only user: its policy has no app access, and it signs in to the API', async () => {
    const [policy] = (await admin.request(readPolicies({ filter: { name: { _eq: roleNames.editor } }, fields: ['app_access', 'admin_access'] } as never))) as {
      app_access: boolean;
      admin_access: boolean;
    }[];
    expect(policy).toEqual({ app_access: false, admin_access: false });
    const r = await login(email, password);
    expect(r.status).toBe(200);
    token = r.token!;
    const [user] = (await admin.request(readUsers({ filter: { email: { _eq: email } }, fields: ['id'] } as never))) as { id: string }[];
    madeUsers.push(user!.id);
  });

  it('reads its own user with its agency and role, and no one else’s', async () => {
    const me = await call('GET', '/users/me?fields=id,email,first_name,last_name,agency,role.name', token);
    expect(me.status).toBe(200);
    expect(me.body.data).toMatchObject({ email, first_name: 'Trần Thị Bình', agency: 'so-khcn', role: { name: roleNames.editor } });
    // The policy grants the users collection whole (the Core plan refuses `id = $CURRENT_USER`); the hook narrows it.
    const all = await call('GET', '/users?fields=id,email&limit=-1', token);
    expect(all.status).toBe(200);
    expect((all.body.data as { email: string }[]).map((u) => u.email)).toEqual([email]);
    const [other] = (await admin.request(readUsers({ filter: { email: { _eq: 'tham-dinh@example.org' } }, fields: ['id'] } as never))) as { id: string }[];
    expect(other).toBeDefined();
    expect((await call('GET', `/users/${other!.id}`, token)).status).toBe(403);
  });

  it('cannot read another agency’s draft dataset', async () => {
    const { distribution: _d, ...record } = example('valid', 'dataset-open-full').record;
    const id = `nhap-${randomBytes(4).toString('hex')}`;
    const agency = 'so-xay-dung';
    await admin.request(
      createItem('datasets', {
        ...record,
        id,
        identifier: id,
        publisher: agency,
        owningAgency: agency,
        contactPoint: [],
        updateResponsibility: [agency],
        dataConfirmedBy: agency,
        status: 'draft',
      } as never),
    );
    madeDatasets.push(id);
    expect((await call('GET', `/items/datasets/${id}`, token)).status).toBe(403);
    const list = await call('GET', `/items/datasets?filter[id][_eq]=${id}&fields=id`, token);
    expect(list.body.data).toEqual([]);
  });

  it('gives an existing user the agency asked for, keeping its password, and prints no new one', async () => {
    const r = userAdd('--email', email.toUpperCase(), '--agency', 'so-y-te', '--role', 'editor');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('updated (agency)');
    expect(r.stdout).not.toMatch(/password: /);
    const again = await login(email, password);
    const me = await call('GET', '/users/me?fields=agency', again.token);
    expect(me.body.data).toEqual({ agency: 'so-y-te' });
  });

  it('refuses an unknown agency or role with exit code 2 and a message in both languages, creating nothing', async () => {
    const stray = `khong-tao-${randomBytes(3).toString('hex')}@example.org`;
    const agency = userAdd('--email', stray, '--agency', 'so-khong-co', '--role', 'editor');
    expect(agency.status).toBe(2);
    expect(agency.stderr).toContain('Không có cơ quan "so-khong-co"');
    expect(agency.stderr).toContain('No agency "so-khong-co"');
    expect(agency.stderr).toContain('so-khcn');
    const role = userAdd('--email', stray, '--agency', 'so-khcn', '--role', 'admin');
    expect(role.status).toBe(2);
    expect(role.stderr).toContain('Vai trò không có');
    expect(role.stderr).toContain('Unknown role');
    expect(userAdd('--email', stray, '--role', 'editor').status).toBe(2);
    expect(await admin.request(readUsers({ filter: { email: { _eq: stray } }, fields: ['id'] } as never))).toEqual([]);
  });
});

describe('seats and policies', () => {
  it('seeds the demo editors and reviewer, and keeps Data Studio users within the Core plan’s 3 seats', async () => {
    const users = (await admin.request(readUsers({ fields: ['id', 'email', 'status', 'role.name'], limit: -1 } as never))) as {
      id: string;
      email: string;
      status: string;
      role: { name: string } | null;
    }[];
    for (const d of demoAccounts) expect(users.find((u) => u.email === d.email)?.role?.name, d.email).toBe(roleNames[d.role]);
    // Who holds a seat: active users given app or admin access, through their role or directly.
    const access = (await call('GET', '/access?fields=role,user,policy.app_access,policy.admin_access&limit=-1', (await admin.getToken()) ?? undefined)).body.data as {
      role: string | null;
      user: string | null;
      policy: { app_access: boolean; admin_access: boolean };
    }[];
    const seatRoles = new Set(access.filter((a) => a.role && (a.policy.app_access || a.policy.admin_access)).map((a) => a.role));
    const seatUsers = new Set(access.filter((a) => a.user && (a.policy.app_access || a.policy.admin_access)).map((a) => a.user));
    const roleOf = (await admin.request(readUsers({ fields: ['id', 'role', 'status'], limit: -1 } as never))) as { id: string; role: string | null; status: string }[];
    const seated = roleOf.filter((u) => u.status === 'active' && (seatUsers.has(u.id) || (u.role !== null && seatRoles.has(u.role))));
    expect(seated.length).toBeGreaterThanOrEqual(2); // the administrator and the demo reviewer
    expect(seated.length).toBeLessThanOrEqual(3);
  });

  it('gives existing policies the app access wanted at the next start (a CMS from before editors were API-only)', async () => {
    const policyOf = async (name: string) =>
      ((await admin.request(readPolicies({ filter: { name: { _eq: name } }, fields: ['id', 'app_access'] } as never))) as { id: string; app_access: boolean }[])[0]!;
    // Directus refuses app access that would exceed the seats: the editors are suspended meanwhile.
    const editors = (await admin.request(readUsers({ filter: { role: { name: { _eq: roleNames.editor } }, status: { _eq: 'active' } }, fields: ['id'], limit: -1 } as never))) as { id: string }[];
    for (const u of editors) await admin.request(updateUser(u.id, { status: 'suspended' }));
    try {
      await admin.request(updatePolicy((await policyOf(roleNames.editor)).id, { app_access: true }));
      await admin.request(updatePolicy((await policyOf(roleNames.reviewer)).id, { app_access: false }));
      const r = await applyAccess(admin);
      expect(r.changes).toBeGreaterThanOrEqual(2);
      expect((await policyOf(roleNames.editor)).app_access).toBe(false);
      expect((await policyOf(roleNames.reviewer)).app_access).toBe(true);
      // Once in place, nothing changes at the next start (the roles' permissions included).
      expect((await applyAccess(admin)).changes).toBe(0);
    } finally {
      for (const u of editors) await admin.request(updateUser(u.id, { status: 'active' }));
    }
  });
});
