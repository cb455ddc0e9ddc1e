// Who may read and write what, as plain functions the CMS hook applies to every request.
//
// Why in a hook and not in Directus permissions: Directus 12 without a licence key (the "Core"
// plan) refuses item-level permission rules (filters, validation) — see README, "Directus plan".
// Directus permissions therefore grant whole collections, and these rules narrow them, on any plan.
import { serverSetFields } from '../../catalog-schema/src/model.ts';
import { vocabulary, type EntityName } from '../../catalog-schema/src/schemas.ts';
import { connectionSteps, stepOutOfOrder, stepOwner } from '../../domain/connection-steps.ts';
import { metadataVisibility } from '../../domain/visibility.ts';

export const roleNames = {
  reviewer: 'Cán bộ thẩm định (Reviewer)',
  editor: 'Biên tập viên cơ quan (Agency editor)',
  intake: 'Tiếp nhận yêu cầu từ cổng (Request intake)',
} as const;

export type Actor =
  | { kind: 'system' } // Directus internals (no accountability)
  | { kind: 'admin' }
  | { kind: 'reviewer' }
  | { kind: 'editor'; agency: string }
  | { kind: 'intake' } // the portal's request forms: may only file new data requests
  | { kind: 'public' }; // anonymous, or a signed-in user with no agency and no reviewer role

/** The actor a signed-in user is: by role (reviewer, request intake), else by the agency set on the user. */
export function actorOfUser(user: { agency?: unknown; roleName?: unknown }): Actor {
  if (user.roleName === roleNames.reviewer) return { kind: 'reviewer' };
  if (user.roleName === roleNames.intake) return { kind: 'intake' };
  if (typeof user.agency === 'string' && user.agency) return { kind: 'editor', agency: user.agency };
  return { kind: 'public' };
}

/** Editors move their entries only between these states; reviewers approve and publish. */
export const editorStatuses = ['draft', 'submitted'];

/**
 * Service notices are the providing agency's own word about its service (HCMC 30/2026 art. 20-21):
 * an outage cannot wait for a review, so editors publish and withdraw them themselves.
 */
export const noticeEditorStatuses = ['draft', 'published', 'withdrawn'];

type Filter = Record<string, unknown>;
/**
 * Published, with a public description (domain/visibility.ts): what anyone reads of datasets and
 * services, whatever their access level. `metadataVisibility` is compared by its value in effect
 * (computedFields), so an entry that leaves it empty is read by its default.
 */
const listedPublicly: Filter = { _and: [{ status: { _eq: 'published' } }, { metadataVisibility: { _eq: 'public' } }] };
/** Agencies read every published description but the hidden ones. */
const agencyVisibility = { _in: ['public', 'agencies'] };

/** Extra filter ANDed to every read of `entity` by `actor`; undefined when nothing is hidden. */
export function readFilter(entity: EntityName, actor: Actor): Filter | undefined {
  if (actor.kind === 'system' || actor.kind === 'admin' || actor.kind === 'reviewer') return undefined;
  if (actor.kind === 'editor') {
    // Agencies see the requests addressed to them, and the connection requests they make or answer:
    // another pair's request (its purpose, scope, contacts) is between those two and the coordinating department.
    if (entity === 'DataRequest') return { agency: { _eq: actor.agency } };
    if (entity === 'ConnectionRequest') return { _or: [{ requestingAgency: { _eq: actor.agency } }, { providingAgency: { _eq: actor.agency } }] };
    const own = { publisher: { _eq: actor.agency } };
    const ownOrPublished = { _or: [own, { status: { _eq: 'published' } }] };
    if (entity === 'Dataset' || entity === 'DataService') return { _or: [own, { _and: [{ status: { _eq: 'published' } }, { metadataVisibility: agencyVisibility }] }] };
    if (entity === 'CodeList' || entity === 'InformationSystem') return ownOrPublished;
    // A notice of a service kept hidden stays with the service's agency too.
    if (entity === 'ServiceNotice') return { _or: [own, { _and: [{ status: { _eq: 'published' } }, { service: { metadataVisibility: agencyVisibility } }] }] };
    if (entity === 'Distribution') return { _or: [{ dataset: own }, { _and: [{ dataset: { status: { _eq: 'published' } } }, { dataset: { metadataVisibility: agencyVisibility } }] }] };
    // An entry of another agency's draft code list is a draft too.
    if (entity === 'CodeListEntry') return { _or: [{ codeList: own }, { codeList: { status: { _eq: 'published' } } }] };
    return undefined;
  }
  if (entity === 'Dataset' || entity === 'DataService') return listedPublicly;
  // One condition per relational filter: Directus let distributions of draft datasets through with
  // `{ dataset: { _and: [...] } }` (found by the permission matrix test). The files of a dataset whose
  // access level is not public are never the public's, even when its description is: no download
  // link of shared, master or internal data leaves the CMS (domain/visibility.ts, filesPublic).
  if (entity === 'Distribution')
    return { _and: [{ dataset: { status: { _eq: 'published' } } }, { dataset: { metadataVisibility: { _eq: 'public' } } }, { dataset: { accessLevel: { _eq: 'public' } } }] };
  if (entity === 'CodeList' || entity === 'InformationSystem') return { status: { _eq: 'published' } };
  // Notices of a service the public cannot see stay with the agencies.
  if (entity === 'ServiceNotice') return { _and: [{ status: { _eq: 'published' } }, { service: listedPublicly }] };
  if (entity === 'CodeListEntry') return { codeList: { status: { _eq: 'published' } } };
  return undefined;
}

/**
 * Extra filter on reads of Directus's users: readers who do not read everything (agency editors) see
 * their own user only (name, agency: the portal's workspace), never other people's e-mail addresses.
 */
export function userReadFilter(actor: Actor, userId: string | null | undefined): Filter | undefined {
  if (readsEverything(actor)) return undefined;
  return userId ? { id: { _eq: userId } } : { id: { _null: true } };
}

/** Plain conditions on one collection, all of them: the field equals the value, or is one of the values of a list. */
export type Conditions = Record<string, unknown>;
export type IdsMatching = (entity: EntityName, conditions: Conditions) => Promise<string[]>;

type Row = Record<string, unknown>;

/**
 * Fields the read rules compare by their value in effect, computed from the row (`sources` are the
 * columns it reads), not by the value stored: an empty `metadataVisibility` means its default. The
 * database cannot answer such a condition (the default looks into a JSON list, which SQLite and
 * PostgreSQL query differently), so it is answered with the ids of the rows that meet it.
 */
export const computedFields: Partial<Record<EntityName, Record<string, { sources: readonly string[]; value: (row: Row) => unknown }>>> = {
  Dataset: { metadataVisibility: { sources: ['metadataVisibility', 'accessLevel', 'dataKind'], value: (row) => metadataVisibility('Dataset', row) } },
  DataService: { metadataVisibility: { sources: ['metadataVisibility'], value: (row) => metadataVisibility('DataService', row) } },
};

/** A field of a row as the read rules compare it: its value in effect for a computed field, else as stored. */
export function fieldValue(entity: EntityName, row: Row, field: string): unknown {
  const computed = computedFields[entity]?.[field];
  return computed ? computed.value(row) : row[field];
}

/** Whether a row meets plain conditions. */
export function meetsConditions(entity: EntityName, row: Row, conditions: Conditions): boolean {
  return Object.entries(conditions).every(([field, wanted]) => {
    const value = fieldValue(entity, row, field);
    return Array.isArray(wanted) ? wanted.includes(value) : value === wanted;
  });
}

/** Conditions split into those on stored fields (for the database) and those on computed fields, with the columns the latter read. */
export function splitConditions(entity: EntityName, conditions: Conditions): { stored: Conditions; computed: Conditions; columns: string[] } {
  const stored: Conditions = {};
  const computed: Conditions = {};
  const columns = new Set<string>();
  for (const [field, value] of Object.entries(conditions)) {
    const c = computedFields[entity]?.[field];
    if (!c) stored[field] = value;
    else {
      computed[field] = value;
      for (const col of c.sources) columns.add(col);
    }
  }
  return { stored, computed, columns: [...columns] };
}

/** References a read filter may follow, by the entity that holds them. */
const relations: Partial<Record<EntityName, Record<string, EntityName>>> = {
  Distribution: { dataset: 'Dataset' },
  ServiceNotice: { service: 'DataService' },
  CodeListEntry: { codeList: 'CodeList' },
};

/**
 * Fields of the publishing workflow that stay between the agency and the coordinating department:
 * the reviewer's comments, when the entry was last sent for review and its quality score then.
 * Readable by the entry's agency, reviewers and administrators only, the entry itself being readable
 * by more (README, "Governance").
 */
export const internalFields: Partial<Record<EntityName, readonly string[]>> = {
  Dataset: ['reviewNote', 'submitted', 'qualityScore'],
  DataService: ['reviewNote', 'submitted', 'qualityScore'],
};

/**
 * The rows of `entity` whose internal fields `actor` may read: every row (undefined), none, or the
 * rows matching a filter on the row's own fields (an editor: its own agency's entries).
 */
export function internalReadFilter(entity: EntityName, actor: Actor): Filter | 'none' | undefined {
  if (!internalFields[entity]?.length || actor.kind === 'system' || actor.kind === 'admin' || actor.kind === 'reviewer') return undefined;
  if (actor.kind === 'editor') return { publisher: { _eq: actor.agency } };
  return 'none';
}

/** Whether `actor` reads everything: the read rules, internal fields and query checks leave it alone. */
export function readsEverything(actor: Actor): boolean {
  return actor.kind === 'system' || actor.kind === 'admin' || actor.kind === 'reviewer';
}

/** `{_and: [{status: {_eq: 'x'}}, …]}` or `{status: {_eq: 'x'}}` (or `_in` a list) as plain conditions; undefined for anything else. */
function plainConditions(filter: Filter): Conditions | undefined {
  const parts = Array.isArray(filter._and) ? (filter._and as Filter[]) : [filter];
  const out: Conditions = {};
  for (const part of parts) {
    const entries = Object.entries(part);
    if (entries.length !== 1) return undefined;
    const [field, cond] = entries[0]!;
    const op = cond as Filter;
    if (field.startsWith('_') || !op || typeof op !== 'object' || Object.keys(op).length !== 1) return undefined;
    if ('_eq' in op) out[field] = op._eq;
    else if (Array.isArray(op._in)) out[field] = op._in;
    else return undefined;
  }
  return out;
}

/**
 * The read filter with every condition on a related item (a distribution's dataset, a notice's
 * service) turned into a list of the related ids that satisfy it, and every condition on a computed
 * field (computedFields) into the list of the item's own ids that satisfy it. Directus drops
 * relational conditions that a hook adds to a query, and the rows they were meant to hide would be
 * served; a condition on the item's own stored field always holds.
 */
export async function resolvedReadFilter(entity: EntityName, actor: Actor, idsMatching: IdsMatching): Promise<Filter | undefined> {
  const filter = readFilter(entity, actor);
  const rels = relations[entity] ?? {};
  const computed = computedFields[entity] ?? {};
  const walk = async (f: Filter): Promise<Filter> => {
    const out: Filter = {};
    const byId: Filter[] = [];
    for (const [key, value] of Object.entries(f)) {
      if ((key === '_and' || key === '_or') && Array.isArray(value)) out[key] = await Promise.all((value as Filter[]).map(walk));
      else if (rels[key]) {
        const conditions = plainConditions(value as Filter);
        if (!conditions) throw new Error(`Unsupported relational read filter on ${entity}.${key}`);
        out[key] = { _in: await idsMatching(rels[key], conditions) };
      } else if (computed[key]) {
        const conditions = plainConditions({ [key]: value });
        if (!conditions) throw new Error(`Unsupported read filter on ${entity}.${key}`);
        byId.push({ id: { _in: await idsMatching(entity, conditions) } });
      } else out[key] = value;
    }
    if (!byId.length) return out;
    return byId.length === 1 && !Object.keys(out).length ? byId[0]! : { _and: [...(Object.keys(out).length ? [out] : []), ...byId] };
  };
  return filter ? walk(filter) : undefined;
}

/** A read query with the reader's extra filter ANDed to the query's own; unchanged when nothing is hidden. */
export function narrowedQuery(query: Record<string, unknown>, extra: Filter | undefined): Record<string, unknown> {
  if (!extra) return query;
  return { ...query, filter: query.filter ? { _and: [query.filter, extra] } : extra };
}

export interface Denial {
  vi: string;
  en: string;
}

type Item = Record<string, unknown>;

/**
 * The payload with the fields the server sets itself. The time a notice is given is when the agency
 * gives it: the 7-working-day rule counts from it (HCMC 30/2026 art. 20-21), so an editor's notice
 * is stamped on create and an editor cannot move the stamp later. What the workflow records itself
 * (the schemas' `readOnly` properties: when an entry was sent for review, its quality score then) is
 * ignored from anyone but an administrator (seed, imports, repairs); the CMS hook sets it.
 */
export function withServerSetFields(entity: EntityName, actor: Actor, payload: Item, action: 'create' | 'update', now: Date = new Date()): Item {
  let out = payload;
  const given = actor.kind === 'admin' || actor.kind === 'system' ? [] : serverSetFields(entity).filter((f) => f in out);
  if (given.length) out = Object.fromEntries(Object.entries(out).filter(([k]) => !given.includes(k)));
  if (entity !== 'ServiceNotice' || (actor.kind !== 'editor' && actor.kind !== 'public')) return out;
  if (action === 'create') return { ...out, announced: now.toISOString() };
  if (!('announced' in out)) return out;
  const { announced: _ignored, ...rest } = out;
  return rest;
}

/**
 * Whether `actor` may create (before undefined), update (both) or delete (after undefined) an item.
 * `parentPublisher` is the publisher of a distribution's dataset (before and after the change).
 */
export function writeDenial(entity: EntityName, actor: Actor, before: Item | undefined, after: Item | undefined, parentPublisher?: { before?: unknown; after?: unknown }): Denial | undefined {
  if (actor.kind === 'system' || actor.kind === 'admin' || actor.kind === 'reviewer') return undefined;
  if (actor.kind === 'public') return { vi: 'Bạn không có quyền thay đổi dữ liệu này.', en: 'You may not change this data.' };
  if (actor.kind === 'intake') {
    // A request arrives as received, with no answer: only the agency and reviewers move it on.
    if (entity === 'DataRequest' && !before && after && after.status === 'received' && after.answer == null && after.answered == null) return undefined;
    return { vi: 'Cổng chỉ được gửi yêu cầu mới ở trạng thái "Đã tiếp nhận".', en: 'The portal may only file new requests as received.' };
  }
  const agency = actor.agency;
  const notOwn = { vi: 'Chỉ được tạo và sửa mục của cơ quan mình.', en: "Editors create and edit only their own agency's entries." };
  switch (entity) {
    case 'Dataset':
    case 'DataService':
    case 'InformationSystem': {
      if (before && before.publisher !== agency) return notOwn;
      if (after && after.publisher !== agency) return notOwn;
      if (after && !editorStatuses.includes(String(after.status))) {
        return { vi: 'Biên tập viên không được duyệt hay công bố; hãy gửi duyệt (submitted).', en: 'Editors cannot approve or publish; submit the entry for review instead.' };
      }
      if (before && !after && before.status !== 'draft') return { vi: 'Chỉ được xóa bản nháp.', en: 'Only drafts can be deleted.' };
      return undefined;
    }
    case 'ServiceNotice':
      if (before && before.publisher !== agency) return notOwn;
      if (after && after.publisher !== agency) return notOwn;
      if (after && !noticeEditorStatuses.includes(String(after.status))) {
        return { vi: 'Thông báo chỉ ở trạng thái nháp, đã công bố hoặc đã thu hồi.', en: 'A notice is a draft, published or withdrawn.' };
      }
      if (before && !after && before.status !== 'draft')
        return { vi: 'Thông báo đã công bố không xóa được; hãy thu hồi (withdrawn).', en: 'A published notice cannot be deleted; withdraw it instead.' };
      return undefined;
    case 'Distribution':
      if (parentPublisher && 'before' in parentPublisher && parentPublisher.before !== agency) return notOwn;
      if (parentPublisher && 'after' in parentPublisher && parentPublisher.after !== agency) return notOwn;
      return undefined;
    case 'ContactPoint':
      if ((before && before.agent !== agency) || (after && after.agent !== agency)) return notOwn;
      return undefined;
    case 'Agent':
      if (before && after && before.id === agency && after.id === agency) return undefined;
      return { vi: 'Biên tập viên chỉ được sửa thông tin cơ quan mình.', en: 'Editors may only edit their own agency.' };
    case 'DataRequest':
      // The agency addressed answers; requests come from the portal, never from editors.
      if (before && after && before.agency === agency && after.agency === agency) return undefined;
      return { vi: 'Chỉ được trả lời yêu cầu gửi tới cơ quan mình.', en: 'Editors may only answer requests addressed to their agency.' };
    case 'ConnectionRequest': {
      const involved = (x: Item | undefined) => !x || x.requestingAgency === agency || x.providingAgency === agency;
      if (involved(before) && involved(after)) return undefined;
      return { vi: 'Chỉ được tạo và sửa yêu cầu kết nối mà cơ quan mình yêu cầu hoặc cung cấp.', en: 'Editors may only create and edit connection requests their agency makes or answers.' };
    }
    default:
      return { vi: 'Mục này do đơn vị điều phối quản lý.', en: 'This is managed by the coordinating department.' };
  }
}

/** A change to a connection request that its five steps do not allow (Lào Cai art. 12; domain/connection-steps.ts). */
export interface ConnectionDenial extends Denial {
  code: 'CONNECTION_REQUESTER_ONLY' | 'CONNECTION_FIXED' | 'CONNECTION_NEED_LOCKED' | 'CONNECTION_STEP_OWNER' | 'CONNECTION_STEP_ORDER';
  /** What the refusal is about: a field of the request, or `steps.<i>` for one step. */
  field: string;
}

/** The fields that state the need. The providing agency appraises them: once appraisal has begun they stay as appraised. */
export const connectionNeedFields = ['purpose', 'scope', 'method', 'frequency', 'dataset', 'service'] as const;

/** The steps as stored (Directus may hand a JSON field over as text). */
function stepsOf(value: unknown): Item[] {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return [];
    }
  }
  return Array.isArray(v) ? v.filter((x): x is Item => !!x && typeof x === 'object') : [];
}

const sameValue = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
const stepChanged = (a: Item | undefined, b: Item | undefined) => !a || !b || ['state', 'date', 'outcome'].some((k) => !sameValue(a[k], b[k]));
const stepWords = (step: unknown) => vocabulary('ConnectionStep')[String(step)] ?? { vi: String(step), en: String(step) };

/**
 * Whether an agency's editor may make this change to a connection request: the requesting agency
 * files it (its need stated, every other step pending) and alone changes or withdraws it; the parties
 * and the owner of each step are fixed when it is filed; the need stays as appraised once appraisal
 * has begun; each agency records only the steps it owns, and a step begins only once the one before
 * it is done. Reviewers (the coordinating department) and administrators may change anything; who may
 * touch the request at all is writeDenial's.
 */
export function connectionDenial(actor: Actor, before: Item | undefined, after: Item | undefined): ConnectionDenial | undefined {
  if (actor.kind !== 'editor') return undefined;
  const agency = actor.agency;
  if (!after) {
    if (before?.requestingAgency === agency) return undefined;
    return {
      code: 'CONNECTION_REQUESTER_ONLY',
      field: '',
      vi: 'Chỉ cơ quan đề nghị được rút (xóa) yêu cầu kết nối; cơ quan cung cấp ghi kết quả "Không đạt" ở bước thẩm định.',
      en: 'Only the requesting agency may withdraw (delete) a connection request; the providing agency records the appraisal as rejected instead.',
    };
  }
  const steps = stepsOf(after.steps);
  let baseline: Item[];
  if (!before) {
    if (after.requestingAgency !== agency) {
      return {
        code: 'CONNECTION_REQUESTER_ONLY',
        field: 'requestingAgency',
        vi: 'Yêu cầu kết nối do cơ quan cần dữ liệu gửi: cơ quan đề nghị phải là cơ quan của bạn.',
        en: 'A connection request is filed by the agency that needs the data: the requesting agency must be yours.',
      };
    }
    const parties = { requestingAgency: String(after.requestingAgency), providingAgency: String(after.providingAgency) };
    if (steps.length !== connectionSteps.length || connectionSteps.some((step, i) => steps[i]?.step !== step || steps[i]?.owner !== stepOwner(step, parties))) {
      return {
        code: 'CONNECTION_FIXED',
        field: 'steps',
        vi: 'Yêu cầu kết nối có đủ năm bước theo thứ tự (xác định nhu cầu, thẩm định, thiết lập, kiểm thử và nghiệm thu, vận hành), mỗi bước do cơ quan phụ trách theo quy định.',
        en: 'A connection request has the five steps in order (need, appraisal, setup, acceptance, operation), each owned by the agency the regulation names.',
      };
    }
    // What the creator records is measured against a request with every step still pending.
    baseline = steps.map((s) => ({ step: s.step, owner: s.owner, state: 'pending' }));
  } else {
    if (before.requestingAgency !== after.requestingAgency || before.providingAgency !== after.providingAgency) {
      return {
        code: 'CONNECTION_FIXED',
        field: before.requestingAgency !== after.requestingAgency ? 'requestingAgency' : 'providingAgency',
        vi: 'Cơ quan đề nghị và cơ quan cung cấp không đổi được sau khi gửi; hãy gửi yêu cầu mới hoặc nhờ đơn vị điều phối.',
        en: 'The requesting and providing agencies cannot change once the request is filed; file a new request or ask the coordinating department.',
      };
    }
    const changed = ['title', ...connectionNeedFields].filter((f) => !sameValue(before[f], after[f]));
    if (changed.length && before.requestingAgency !== agency) {
      return {
        code: 'CONNECTION_REQUESTER_ONLY',
        field: changed[0]!,
        vi: 'Chỉ cơ quan đề nghị được sửa nội dung yêu cầu kết nối.',
        en: 'Only the requesting agency may change what the connection request asks for.',
      };
    }
    const need = changed.filter((f) => f !== 'title');
    const appraisal = stepsOf(before.steps).find((s) => s.step === 'appraisal');
    if (need.length && appraisal && appraisal.state !== 'pending') {
      return {
        code: 'CONNECTION_NEED_LOCKED',
        field: need[0]!,
        vi: 'Cơ quan cung cấp đã bắt đầu thẩm định: mục đích, phạm vi, phương thức và tần suất giữ như đã thẩm định. Hãy gửi yêu cầu mới nếu nhu cầu thay đổi.',
        en: 'The providing agency has begun its appraisal: the purpose, scope, method and frequency stay as appraised. File a new request if the need has changed.',
      };
    }
    baseline = stepsOf(before.steps);
    if (sameValue(baseline, steps)) return undefined;
    if (steps.length !== baseline.length || steps.some((s, i) => s.step !== baseline[i]?.step || s.owner !== baseline[i]?.owner)) {
      return {
        code: 'CONNECTION_FIXED',
        field: 'steps',
        vi: 'Các bước và cơ quan phụ trách từng bước không đổi được; chỉ ghi ngày, kết quả và trạng thái của bước.',
        en: "The steps and each step's owner cannot change; record a step's date, outcome and state only.",
      };
    }
  }
  for (const [i, s] of steps.entries()) {
    if (!stepChanged(baseline[i], s) || s.owner === agency) continue;
    const step = stepWords(s.step);
    return {
      code: 'CONNECTION_STEP_OWNER',
      field: `steps.${i}`,
      vi: `Bước "${step.vi}" do cơ quan ${String(s.owner)} thực hiện và ghi kết quả; cơ quan của bạn không sửa được bước này.`,
      en: `The step "${step.en}" is carried out and recorded by ${String(s.owner)}; your agency cannot change it.`,
    };
  }
  const early = stepOutOfOrder(steps.map((s) => ({ state: String(s.state) })));
  if (early !== undefined) {
    const step = stepWords(steps[early]?.step);
    const previous = stepWords(steps[early - 1]?.step);
    return {
      code: 'CONNECTION_STEP_ORDER',
      field: `steps.${early}`,
      vi: `Bước "${step.vi}" chỉ bắt đầu khi bước "${previous.vi}" đã xong.`,
      en: `The step "${step.en}" begins only once "${previous.en}" is done.`,
    };
  }
  return undefined;
}

/**
 * The publishing workflow: which status may follow which. Editors move an entry between draft and
 * submitted (and take a sent-back or published entry back to revise it); reviewers approve, send
 * back with comments, publish and withdraw. A sent-back entry must be submitted again before it can
 * be approved or published.
 */
export const workflowTransitions: Record<string, readonly string[]> = {
  draft: ['submitted'],
  submitted: ['draft', 'changes_requested', 'approved', 'published'],
  changes_requested: ['draft', 'submitted'],
  approved: ['changes_requested', 'published', 'draft'],
  published: ['withdrawn', 'draft', 'submitted'],
  withdrawn: ['draft', 'submitted', 'published'],
};

/** A step outside the workflow, or a sending back without the reviewer's comments. */
export interface WorkflowDenial extends Denial {
  code: 'WORKFLOW_TRANSITION' | 'REVIEW_NOTE_REQUIRED';
}

/** An item's status as stored; an item without one is a draft. */
const statusOf = (item: Item): string => (typeof item.status === 'string' ? item.status : 'draft');

/**
 * Whether a change sends the entry for review (a new entry submitted at once, or a step to
 * `submitted`): the CMS then records when, and the entry's quality score at that moment.
 */
export function sentForReview(before: Item | undefined, after: Item): boolean {
  return statusOf(after) === 'submitted' && (!before || statusOf(before) !== 'submitted');
}

/**
 * Whether a change of `status` from `before` to `after` follows the workflow. Administrators (the
 * operator's repairs, seed and imports) are not held to it; editors and reviewers are.
 */
export function transitionDenial(actor: Actor, before: Item | undefined, after: Item): WorkflowDenial | undefined {
  if (actor.kind !== 'editor' && actor.kind !== 'reviewer') return undefined;
  const to = statusOf(after);
  const from = before ? statusOf(before) : undefined;
  if (from === undefined) {
    // A new entry starts as a draft or is submitted at once; reviewers may also publish what they write.
    if (to === 'draft' || to === 'submitted' || (actor.kind === 'reviewer' && to === 'published')) return undefined;
    return { code: 'WORKFLOW_TRANSITION', vi: 'Mục mới phải là bản nháp hoặc gửi duyệt.', en: 'A new entry starts as a draft or is submitted for review.' };
  }
  if (from === to) return undefined;
  if (!(workflowTransitions[from] ?? []).includes(to)) {
    return {
      code: 'WORKFLOW_TRANSITION',
      vi: `Không thể chuyển trạng thái từ "${from}" sang "${to}"${from === 'changes_requested' ? '; mục bị trả lại phải được sửa và gửi duyệt lại trước' : ''}.`,
      en: `The status cannot go from "${from}" to "${to}"${from === 'changes_requested' ? '; a sent-back entry must be revised and submitted again first' : ''}.`,
    };
  }
  if (to === 'changes_requested' && !(typeof after.reviewNote === 'string' && after.reviewNote.trim() && after.reviewNote !== before?.reviewNote)) {
    return {
      code: 'REVIEW_NOTE_REQUIRED',
      vi: 'Khi trả lại, hãy ghi ý kiến thẩm định (reviewNote) để cơ quan biết cần sửa gì.',
      en: "When sending an entry back, write the reviewer's comments (reviewNote) so the agency knows what to fix.",
    };
  }
  return undefined;
}

/**
 * The dataset states in which its agency's editors add, change or remove its distributions: while the
 * entry is with the agency. Once approved or published, a new or changed file would reach the public
 * page without review, so the editor takes the dataset back to draft first (and submits it again).
 * Notices are not held to this: editors publish them themselves (noticeEditorStatuses).
 */
export const distributionEditableStatuses = ['draft', 'submitted', 'changes_requested'];

/** Whether `actor` may create, change or delete a distribution of a dataset in `datasetStatus`. */
export function distributionDenial(actor: Actor, datasetStatus: unknown): WorkflowDenial | undefined {
  if (actor.kind !== 'editor' || typeof datasetStatus !== 'string') return undefined;
  const status = datasetStatus;
  if (distributionEditableStatuses.includes(status)) return undefined;
  return {
    code: 'WORKFLOW_TRANSITION',
    vi: `Bộ dữ liệu đang ở trạng thái "${status}": tệp phân phối chỉ được thêm, sửa hay xóa khi bộ dữ liệu là bản nháp, đang chờ duyệt hoặc bị trả lại. Hãy chuyển bộ dữ liệu về bản nháp (draft), sửa rồi gửi duyệt lại, hoặc nhờ cán bộ thẩm định.`,
    en: `The dataset is "${status}": its distributions are added, changed or removed only while it is a draft, submitted or sent back. Take the dataset back to draft, make the change and submit it again, or ask a reviewer.`,
  };
}

/** Queries a reader the read rules narrow may not make, and why (cms/src/read-guard.ts). */
export const queryDenials = {
  meta: {
    vi: 'Tham số meta (tổng số, số theo bộ lọc) không dùng được với quyền này; hãy dùng aggregate[count]=*.',
    en: 'The meta parameter (total and filter counts) is not available to this role; use aggregate[count]=* instead.',
  },
  ordering: {
    vi: 'Không được sắp xếp, nhóm, tính gộp hay tìm theo trường nội bộ, hay theo mục liên quan mà bạn có thể không được xem.',
    en: 'You may not sort, group, aggregate or search by an internal field, or by related entries you may not be allowed to read.',
  },
  follow: {
    vi: 'Không hỗ trợ lọc theo quan hệ ngược ($FOLLOW) với quyền này.',
    en: 'Filtering through reverse relations ($FOLLOW) is not available to this role.',
  },
  bulk: {
    vi: 'Chỉ cán bộ thẩm định và quản trị viên được xuất hay nhập dữ liệu hàng loạt.',
    en: 'Only reviewers and administrators may export or import data in bulk.',
  },
} satisfies Record<string, Denial>;
