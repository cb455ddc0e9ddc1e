// Roles and policies of the CMS, applied idempotently:
// - administrator: Directus's own admin role (created at bootstrap);
// - reviewer (the coordinating department): reads, edits and approves everything, in the Data Studio,
//   and changes their own profile there (its language among it: ownProfile);
// - agency editor: creates and edits only its own agency's entries, and cannot publish; API-only (no
//   Data Studio, so no seat of the plan's three): editors work in the portal's workspace (/publish/);
// - request intake: the portal's forms; files new data requests, reads nothing;
// - public: reads published entries whose description is public, whatever their access level (the
//   lists of shared and master data, the sharing services), and the files of open data only; never
//   Directus's own files (`/assets` included).
// Directus grants each role whole collections (but for ownProfile); which rows and fields (also through relations), and
// which status changes, are decided by the catalog hook with cms/src/access-rules.ts and
// cms/src/read-guard.ts. An editor's agency is the `agency` field of users.
import {
  createField,
  createPermission,
  createPolicy,
  createRelation,
  createRole,
  createUser,
  deletePermission,
  readFields,
  readPermissions,
  readPolicies,
  readRelations,
  readRoles,
  readUsers,
  updateField,
  updatePermission,
  updatePolicy,
  updateUser,
} from '@directus/sdk';
import { collectionOf, type EntityName } from '../../catalog-schema/src/schemas.ts';
import { internalFields, roleNames } from './access-rules.ts';
import type { Cms } from './client.ts';

export const catalogCollections = [
  'catalog',
  'agents',
  'contact_points',
  'themes',
  'datasets',
  'distributions',
  'data_services',
  'service_notices',
  'information_systems',
  'code_lists',
  'code_list_entries',
];
/** Requests hold personal data (the requester's e-mail): never readable by the public. */
const requestCollections = ['data_requests', 'connection_requests'];
const managedCollections = [...catalogCollections, ...requestCollections];
/**
 * Directus's own collections the signed-in people read: their user (agency, name) and role name, for
 * the portal's workspace. Without app access Directus gives a user not even its own row. Only the
 * whole-collection form passes the Core plan (a filter `id = $CURRENT_USER` is refused); the hook
 * narrows an editor's reads of users to its own row (cms/src/access-rules.ts, userReadFilter).
 */
const accountCollections = ['directus_users', 'directus_roles'];
const syncedCollections = [...managedCollections, ...accountCollections];
/**
 * Directus's files and folders: never the public's. Uploads of data that is not open stay with the
 * agencies, and Directus serves `/assets/<id>` to whoever may read `directus_files`; a grant made by
 * hand in the Data Studio is taken away again at every start.
 */
export const publicNeverReads = ['directus_files', 'directus_folders'];
const crud: Action[] = ['create', 'read', 'update', 'delete'];

type Action = 'create' | 'read' | 'update' | 'delete';
/**
 * Whole-collection grants: the rows each role may touch are decided by the hook (access-rules.ts).
 * The one exception is a permission Directus itself recommends to Data Studio users (ownProfile).
 */
interface Rule {
  collection: string;
  action: Action;
  permissions?: Record<string, unknown>;
  fields?: string[];
}

/**
 * A Data Studio user changes their own profile, the language of the Data Studio among it (English, or
 * the project's Vietnamese): Directus's recommended permission for app users, to the letter. The Core
 * plan refuses any permission with a rule or a field list, except those equal to one of Directus's
 * `appRecommendedPermissions` (@directus/api, license/entitlements/lib/custom-permission-rules-enabled.js,
 * isRecommendedAppPermission): the same filter, and the same fields in the same order. So it grants
 * the person's name, e-mail, password, avatar, language, appearance and two-factor secret on their own
 * row only; never the role, status, agency or token, nor anybody else's row.
 */
export const ownProfile: Rule = {
  collection: 'directus_users',
  action: 'update',
  permissions: { id: { _eq: '$CURRENT_USER' } },
  fields: [
    'first_name',
    'last_name',
    'email',
    'password',
    'location',
    'title',
    'description',
    'avatar',
    'language',
    'appearance',
    'theme_light',
    'theme_dark',
    'theme_light_overrides',
    'theme_dark_overrides',
    'tfa_secret',
  ],
};

export const roles = {
  reviewer: { name: roleNames.reviewer, icon: 'fact_check', description: 'Đơn vị điều phối: xem, thẩm định và công bố mọi mục. / Coordinating department: reviews and publishes every entry.' },
  editor: { name: roleNames.editor, icon: 'edit_note', description: 'Tạo và sửa mục của cơ quan mình; không được công bố. / Creates and edits its own agency entries; cannot publish.' },
  intake: { name: roleNames.intake, icon: 'inbox', description: 'Máy chủ cổng: chỉ được gửi yêu cầu dữ liệu mới. / The portal server: may only file new data requests.' },
} as const;

const accountRules = (): Rule[] => accountCollections.map((collection) => ({ collection, action: 'read' as const }));

/** Who changed what in an entry, and when: the Data Studio's revisions panel reads these (kept 30 days on the Core plan). */
const historyCollections = ['directus_revisions', 'directus_activity'];

export function reviewerRules(): Rule[] {
  return [
    ...managedCollections.flatMap((collection) => crud.map((action) => ({ collection, action }))),
    ...accountRules(),
    ...historyCollections.map((collection) => ({ collection, action: 'read' as const })),
    ownProfile,
  ];
}

export function editorRules(): Rule[] {
  return [
    ...['datasets', 'distributions', 'data_services', 'service_notices', 'information_systems', 'contact_points'].flatMap((collection) => crud.map((action) => ({ collection, action }))),
    { collection: 'agents', action: 'read' },
    { collection: 'agents', action: 'update' },
    ...['catalog', 'themes', 'code_lists', 'code_list_entries'].map((collection) => ({ collection, action: 'read' as const })),
    // Agencies answer the requests addressed to them and run their connection requests (access-rules.ts).
    { collection: 'data_requests', action: 'read' },
    { collection: 'data_requests', action: 'update' },
    ...crud.map((action) => ({ collection: 'connection_requests', action })),
    ...accountRules(),
  ];
}

/** The portal's request forms: create data requests, nothing else (not even read them back). */
export function intakeRules(): Rule[] {
  return [{ collection: 'data_requests', action: 'create' }];
}

export function publicRules(): Rule[] {
  return catalogCollections.map((collection) => ({ collection, action: 'read' as const }));
}

interface PermissionRow {
  id: number;
  policy: string;
  collection: string;
  action: Action;
  permissions: unknown;
  validation: unknown;
  fields: string[] | null;
}

/** The policy's id; an existing one is given the app access wanted (a CMS from before editors were API-only). */
async function ensurePolicy(cms: Cms, name: string, icon: string, description: string, appAccess: boolean): Promise<{ id: string; changes: number }> {
  const found = (await cms.request(readPolicies({ filter: { name: { _eq: name } }, fields: ['id', 'app_access'] } as never))) as { id: string; app_access: boolean | number | null }[];
  const policy = found[0];
  if (policy) {
    if (Boolean(policy.app_access) === appAccess) return { id: policy.id, changes: 0 };
    await cms.request(updatePolicy(policy.id, { app_access: appAccess }));
    return { id: policy.id, changes: 1 };
  }
  const created = (await cms.request(createPolicy({ name, icon, description, app_access: appAccess, admin_access: false, enforce_tfa: false }))) as { id: string };
  return { id: created.id, changes: 1 };
}

async function ensureRole(cms: Cms, role: { name: string; icon: string; description: string }, policyId: string): Promise<string> {
  const found = (await cms.request(readRoles({ filter: { name: { _eq: role.name } }, fields: ['id'] } as never))) as { id: string }[];
  if (found[0]) return found[0].id;
  const created = (await cms.request(createRole({ ...role, policies: [{ policy: policyId }] }))) as { id: string };
  return created.id;
}

/**
 * Makes the policy's permissions on the catalog collections (and on `alsoSynced`) exactly `rules`.
 * Returns the number of changes.
 */
async function syncPermissions(cms: Cms, policy: string, rules: Rule[], alsoSynced: readonly string[] = []): Promise<number> {
  const existing = (await cms.request(readPermissions({ filter: { policy: { _eq: policy } }, limit: -1 } as never))) as PermissionRow[];
  let changes = 0;
  const wanted = new Set<string>();
  for (const r of rules) {
    const key = `${r.collection}:${r.action}`;
    wanted.add(key);
    const row = { policy, collection: r.collection, action: r.action, permissions: r.permissions ?? {}, validation: null, fields: r.fields ?? ['*'] };
    const hit = existing.find((p) => p.collection === r.collection && p.action === r.action);
    if (!hit) {
      await cms.request(createPermission(row as never));
      changes++;
    } else if (JSON.stringify([hit.permissions, hit.validation, hit.fields]) !== JSON.stringify([row.permissions, row.validation, row.fields])) {
      await cms.request(updatePermission(hit.id, row as never));
      changes++;
    }
  }
  for (const p of existing) {
    if ((syncedCollections.includes(p.collection) || alsoSynced.includes(p.collection)) && !wanted.has(`${p.collection}:${p.action}`)) {
      await cms.request(deletePermission(p.id));
      changes++;
    }
  }
  return changes;
}

async function ensureUserAgencyField(cms: Cms): Promise<number> {
  const fields = (await cms.request(readFields())) as { collection: string; field: string }[];
  let changes = 0;
  if (!fields.some((f) => f.collection === 'directus_users' && f.field === 'agency')) {
    await cms.request(
      createField('directus_users', {
        field: 'agency',
        type: 'string',
        meta: { interface: 'select-dropdown-m2o', special: ['m2o'], note: 'Cơ quan của biên tập viên / the editor’s agency', options: { template: '{{name.vi}}' } },
        schema: { max_length: 100, is_nullable: true },
      }),
    );
    changes++;
  }
  const relations = (await cms.request(readRelations())) as { collection: string; field: string }[];
  if (!relations.some((r) => r.collection === 'directus_users' && r.field === 'agency')) {
    await cms.request(createRelation({ collection: 'directus_users', field: 'agency', related_collection: 'agents', schema: { on_delete: 'SET NULL' } } as never));
    changes++;
  }
  return changes;
}

/**
 * Directus's `search` looks into every text field a collection has, whoever asks: the internal fields
 * (the reviewer's comments) are kept out of it, so that a search cannot tell what they say.
 */
async function ensureInternalFieldsUnsearchable(cms: Cms): Promise<number> {
  const fields = (await cms.request(readFields())) as { collection: string; field: string; meta: { searchable?: boolean } | null }[];
  let changes = 0;
  for (const [entity, names] of Object.entries(internalFields) as [EntityName, readonly string[]][]) {
    for (const name of names) {
      const collection = collectionOf(entity);
      const found = fields.find((f) => f.collection === collection && f.field === name);
      if (!found || found.meta?.searchable === false) continue;
      await cms.request(updateField(collection as never, name as never, { meta: { searchable: false } }));
      changes++;
    }
  }
  return changes;
}

export interface AccessIds {
  reviewerRole: string;
  editorRole: string;
  intakeRole: string;
  publicPolicy: string;
}

/** The intake user: no password, no Data Studio, only the static `token` the portal server is given. */
async function ensureIntakeUser(cms: Cms, role: string, token: string): Promise<number> {
  const email = 'request-intake@example.org';
  const found = (await cms.request(readUsers({ filter: { email: { _eq: email } }, fields: ['id', 'token', 'role'] } as never))) as { id: string; token: string | null; role: string }[];
  const user = found[0];
  if (!user) {
    await cms.request(createUser({ email, first_name: 'Cổng dữ liệu mở', last_name: '(request intake)', role, token, status: 'active' }));
    return 1;
  }
  if (user.token !== token || user.role !== role) {
    await cms.request(updateUser(user.id, { token, role }));
    return 1;
  }
  return 0;
}

export async function applyAccess(cms: Cms, intakeToken?: string): Promise<AccessIds & { changes: number }> {
  let changes = await ensureUserAgencyField(cms);
  changes += await ensureInternalFieldsUnsearchable(cms);
  const policies = {
    reviewer: await ensurePolicy(cms, roles.reviewer.name, roles.reviewer.icon, roles.reviewer.description, true),
    editor: await ensurePolicy(cms, roles.editor.name, roles.editor.icon, roles.editor.description, false),
    intake: await ensurePolicy(cms, roles.intake.name, roles.intake.icon, roles.intake.description, false),
  };
  changes += policies.reviewer.changes + policies.editor.changes + policies.intake.changes;
  const [reviewerPolicy, editorPolicy, intakePolicy] = [policies.reviewer.id, policies.editor.id, policies.intake.id];
  const reviewerRole = await ensureRole(cms, roles.reviewer, reviewerPolicy);
  const editorRole = await ensureRole(cms, roles.editor, editorPolicy);
  const intakeRole = await ensureRole(cms, roles.intake, intakePolicy);
  const publicPolicies = (await cms.request(readPolicies({ filter: { name: { _eq: '$t:public_label' } }, fields: ['id'] } as never))) as { id: string }[];
  const publicPolicy = publicPolicies[0]?.id;
  if (!publicPolicy) throw new Error('Directus has no public policy ($t:public_label)');
  changes += await syncPermissions(cms, reviewerPolicy, reviewerRules());
  changes += await syncPermissions(cms, editorPolicy, editorRules());
  changes += await syncPermissions(cms, publicPolicy, publicRules(), publicNeverReads);
  changes += await syncPermissions(cms, intakePolicy, intakeRules());
  if (intakeToken) changes += await ensureIntakeUser(cms, intakeRole, intakeToken);
  return { reviewerRole, editorRole, intakeRole, publicPolicy, changes };
}
