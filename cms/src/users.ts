// People who sign in: agency editors (API-only, they publish on the portal's workspace and take no
// Data Studio seat) and reviewers (the coordinating department, in the Data Studio). Created or
// updated through the admin API, so Directus hashes the password and the agency must exist
// (`npm run user:add`; the demo catalog's users at start).
import { createUser, readItems, readRoles, readUsers, updateUser } from '@directus/sdk';
import { randomBytes } from 'node:crypto';
import { OdpError } from '../../catalog-schema/src/errors.ts';
import { roleNames } from './access-rules.ts';
import type { Cms } from './client.ts';

export type AccountRole = 'editor' | 'reviewer';
export const accountRoles: readonly AccountRole[] = ['editor', 'reviewer'];

export interface AccountInput {
  email: string;
  role: AccountRole;
  /** The agency's id (agents); required for editors. */
  agency?: string;
  /** The person's full name, as written (Vietnamese order). */
  name?: string;
  /** Unset: a new user gets a generated one; an existing user keeps theirs. */
  password?: string;
}

export interface AccountResult {
  id: string;
  email: string;
  created: boolean;
  /** What changed on an existing user (role, agency, name, password, status). */
  changed: string[];
  /** The password made for a new user: shown once, kept nowhere. */
  generatedPassword?: string;
}

/** Input `npm run user:add` refuses: `code` names the problem, the messages say how to fix it. */
export class AccountInputError extends OdpError {
  override name = 'AccountInputError';
  readonly message_vi: string;
  readonly message_en: string;
  constructor(code: string, vi: string, en: string) {
    super(code, `${vi} / ${en}`);
    this.message_vi = vi;
    this.message_en = en;
  }
}

export const generatePassword = (): string => randomBytes(12).toString('base64url');

const emailPattern = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** Checks what can be checked without the CMS; the agency's existence is checked by ensureAccount. */
export function checkAccountInput(input: { email?: string; role?: string; agency?: string; password?: string }): AccountInput {
  const email = (input.email ?? '').trim().toLowerCase();
  if (!emailPattern.test(email)) throw new AccountInputError('invalid_email', `Email không hợp lệ: "${email}".`, `Not a valid email address: "${email}".`);
  const role = input.role as AccountRole;
  if (!accountRoles.includes(role)) {
    throw new AccountInputError(
      'unknown_role',
      `Vai trò không có: "${input.role ?? ''}"; chỉ có ${accountRoles.join(', ')}.`,
      `Unknown role "${input.role ?? ''}"; the roles are ${accountRoles.join(', ')}.`,
    );
  }
  if (role === 'editor' && !input.agency) throw new AccountInputError('agency_required', 'Biên tập viên cần có cơ quan (--agency).', 'An editor needs an agency (--agency).');
  if (input.password !== undefined && input.password.length < 8) throw new AccountInputError('password_too_short', 'Mật khẩu cần ít nhất 8 ký tự.', 'The password needs at least 8 characters.');
  return { ...input, email, role };
}

async function roleId(cms: Cms, role: AccountRole): Promise<string> {
  const name = roleNames[role];
  const found = (await cms.request(readRoles({ filter: { name: { _eq: name } }, fields: ['id'] } as never))) as { id: string }[];
  if (!found[0]) throw new AccountInputError('role_missing', `CMS chưa có vai trò "${name}"; hãy khởi động bằng npm start trước.`, `The CMS has no role "${name}" yet; run npm start first.`);
  return found[0].id;
}

async function checkAgency(cms: Cms, agency: string): Promise<void> {
  const found = (await cms.request(readItems('agents', { filter: { id: { _eq: agency } }, fields: ['id'], limit: 1 } as never))) as { id: string }[];
  if (found[0]) return;
  const known = (await cms.request(readItems('agents', { fields: ['id'], sort: ['id'], limit: -1 } as never))) as { id: string }[];
  throw new AccountInputError(
    'unknown_agency',
    `Không có cơ quan "${agency}". Các cơ quan: ${known.map((a) => a.id).join(', ')}.`,
    `No agency "${agency}". The agencies: ${known.map((a) => a.id).join(', ')}.`,
  );
}

interface StoredUser {
  id: string;
  email: string;
  role: string | null;
  agency: string | null;
  first_name: string | null;
  status: string;
}

/**
 * Creates the user, or brings an existing one (same email) to the role, agency and name asked for.
 * With `onlyIfMissing`, an existing user is left exactly as it is.
 */
export async function ensureAccount(cms: Cms, input: AccountInput, { onlyIfMissing = false } = {}): Promise<AccountResult> {
  const a = checkAccountInput(input);
  const role = await roleId(cms, a.role);
  if (a.agency) await checkAgency(cms, a.agency);
  const found = (await cms.request(readUsers({ filter: { email: { _eq: a.email } }, fields: ['id', 'email', 'role', 'agency', 'first_name', 'status'], limit: 1 } as never))) as StoredUser[];
  const user = found[0];
  const agency = a.agency ?? null;
  if (!user) {
    const password = a.password ?? generatePassword();
    const created = (await cms.request(createUser({ email: a.email, password, role, agency, first_name: a.name ?? null, status: 'active' }))) as { id: string };
    return { id: created.id, email: a.email, created: true, changed: [], ...(a.password ? {} : { generatedPassword: password }) };
  }
  if (onlyIfMissing) return { id: user.id, email: user.email, created: false, changed: [] };
  const patch: Record<string, unknown> = {};
  if (user.role !== role) patch.role = role;
  if (user.agency !== agency) patch.agency = agency;
  if (a.name !== undefined && user.first_name !== a.name) patch.first_name = a.name;
  if (a.password !== undefined) patch.password = a.password;
  if (user.status !== 'active') patch.status = 'active';
  if (Object.keys(patch).length) await cms.request(updateUser(user.id, patch as never));
  return { id: user.id, email: user.email, created: false, changed: Object.keys(patch) };
}

/** The demo catalog's people: an editor for three agencies that publish datasets, and one reviewer. */
export const demoAccounts: readonly (Omit<AccountInput, 'password'> & { agency?: string })[] = [
  { email: 'bien-tap.so-khcn@example.org', role: 'editor', agency: 'so-khcn', name: 'Biên tập viên Sở Khoa học và Công nghệ (demo)' },
  { email: 'bien-tap.so-xay-dung@example.org', role: 'editor', agency: 'so-xay-dung', name: 'Biên tập viên Sở Xây dựng (demo)' },
  { email: 'bien-tap.so-y-te@example.org', role: 'editor', agency: 'so-y-te', name: 'Biên tập viên Sở Y tế (demo)' },
  { email: 'tham-dinh@example.org', role: 'reviewer', name: 'Cán bộ thẩm định (demo)' },
];

/**
 * The demo users, created only where missing, all with `password`: one that exists is left as it is
 * (an operator may have changed its password or agency since). An editor whose agency the seeded
 * catalog lacks (ODP_SEED_DIR names another catalog) is left out. Returns the emails of those there.
 */
export async function ensureDemoAccounts(cms: Cms, password: string): Promise<{ created: number; present: string[] }> {
  let created = 0;
  const present: string[] = [];
  for (const account of demoAccounts) {
    try {
      const r = await ensureAccount(cms, { ...account, password }, { onlyIfMissing: true });
      if (r.created) created++;
      present.push(r.email);
    } catch (err) {
      if (err instanceof AccountInputError && err.code === 'unknown_agency') continue;
      throw err;
    }
  }
  return { created, present };
}
