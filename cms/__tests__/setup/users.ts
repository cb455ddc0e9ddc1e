// Test users of a role. Directus 12 without a licence allows 3 Data Studio users (admin included),
// so every test file shares one user per role: an existing one gets a fresh password (and the
// agency asked for) instead of a new user being created.
import { createUser, readUsers, updateUser } from '@directus/sdk';
import { randomBytes } from 'node:crypto';
import { signIn, type CmsSession } from '../../src/client.ts';

export async function testUser(admin: CmsSession, url: string, key: string, role: string, agency?: string): Promise<CmsSession> {
  const password = randomBytes(12).toString('base64url');
  const found = (await admin.request(readUsers({ filter: { role: { _eq: role } }, fields: ['id', 'email'], limit: 1 } as never))) as { id: string; email: string }[];
  if (found[0]) {
    await admin.request(updateUser(found[0].id, { password, agency: agency ?? null }));
    return signIn(url, found[0].email, password);
  }
  const email = `${key}.${randomBytes(3).toString('hex')}@example.com`;
  await admin.request(createUser({ email, password, role, ...(agency ? { agency } : {}) }));
  return signIn(url, email, password);
}
