// The agency's pages of the workspace: the "My agency" desk (/publish/, with the connection requests
// of connections.ts), answering a citizen's request (/publish/requests/<id>), giving a service notice
// (/publish/notices/new) and recording the yearly data assessment (/publish/assessment). Every read
// and write goes to Directus with the editor's own token (cms.ts); the checks are agency-forms.ts,
// the shaping agency-desk.ts.
import { randomBytes } from 'node:crypto';
import { createItem, readItem, readItems, updateItem } from '@directus/sdk';
import type { AstroGlobal } from 'astro';
import type { FieldError } from '../../../../catalog-schema/src/errors.ts';
import { vnDate } from '../../../../domain/working-days.ts';
import { fetchAllowList, paths as configPaths } from '../../../../platform/config.ts';
import type { Lang } from '../i18n.ts';
import { present, publishPaths, shapeDesk, waitingStatuses, type AgencyDesk, type StoredRow } from './agency-desk.ts';
import {
  answerInputs,
  assessmentInputOf,
  assessmentInputs,
  assessmentsFromForm,
  checkAnswer,
  formValues,
  isNoticeKind,
  noticeFromForm,
  noticeId,
  noticeInputOf,
  noticeInputs,
  noticeMinStart,
  type AnswerValues,
  type AssessmentValues,
  type DataAssessment,
  type NoticeValues,
} from './agency-forms.ts';
import { cmsErrorStatus, cmsFieldErrors, editorCms } from './cms.ts';
import { loadConnections, type ConnectionList } from './connections.ts';
import { handleSignIn, readSession, requirePost, workspaceSettings, type Message, type Session } from './session.ts';

type Page = Pick<AstroGlobal, 'cookies' | 'request' | 'url' | 'clientAddress' | 'redirect'>;
type Rows = StoredRow[];

/** Directus answers a read of an item the reader may not see as it answers one that does not exist. */
const hidden = (err: unknown) => [403, 404].includes(cmsErrorStatus(err));
const unavailable = (errors: FieldError[]) => errors.some((e) => e.code === 'cms_unavailable');
const messageError = (m: Message): FieldError => ({ field: '', code: 'refused', message_vi: m.vi, message_en: m.en });

function signInRedirect(page: Page, lang: Lang): Response {
  return page.redirect(`${publishPaths.desk(lang)}?next=${encodeURIComponent(page.url.pathname + page.url.search)}`, 303);
}

/** The desk, with a word on what was just done (after a redirect from a form). */
function doneRedirect(page: Page, lang: Lang, done: Done): Response {
  return page.redirect(`${publishPaths.desk(lang)}?done=${done}`, 303);
}

export type Done = 'request' | 'notice' | 'assessment' | 'submitted';
const dones: readonly Done[] = ['request', 'notice', 'assessment', 'submitted'];

/** Reads ids in slices: a filter of a thousand ids would not fit in a URL. */
async function inSlices(ids: readonly string[], read: (slice: string[]) => Promise<Rows>): Promise<Rows> {
  const out: Rows = [];
  for (let i = 0; i < ids.length; i += 100) out.push(...(await read(ids.slice(i, i + 100))));
  return out;
}

// ——— the desk ———

export type DeskOutcome =
  | { kind: 'desk'; desk: AgencyDesk; connections: ConnectionList }
  /** A reviewer or administrator: the Data Studio, and every connection request (the coordinating department follows them); `errors` when they could not be read. */
  | { kind: 'noAgency'; studioUrl: string | undefined; connections?: ConnectionList; errors?: FieldError[] }
  | { kind: 'unavailable'; errors: FieldError[] };

/** The Data Studio, where reviewers and administrators work. */
function studioUrl(): string | undefined {
  const url = workspaceSettings()?.directusUrl;
  return url ? `${url.replace(/\/+$/, '')}/admin/` : undefined;
}

/** The desk of the session's agency, read with the editor's token. */
export async function loadAgencyDesk(session: Session, now = new Date()): Promise<DeskOutcome> {
  const agency = session.editor.agency;
  if (!agency) {
    try {
      return { kind: 'noAgency', studioUrl: studioUrl(), connections: await loadConnections(session, undefined) };
    } catch (err) {
      console.error(`[workspace] the connection requests could not be read: ${err instanceof Error ? err.message : JSON.stringify(err)}`);
      return { kind: 'noAgency', studioUrl: studioUrl(), errors: cmsFieldErrors(err) };
    }
  }
  try {
    const cms = editorCms(session);
    const own = { publisher: { _eq: agency } };
    const [agent, datasets, services, notices, requests, connections] = await Promise.all([
      cms.request(readItem('agents', agency, { fields: ['id', 'name', 'kind', 'dataAssessments'] } as never)) as Promise<StoredRow>,
      cms.request(readItems('datasets', { filter: own, limit: -1 } as never)) as Promise<Rows>,
      cms.request(readItems('data_services', { filter: own, fields: ['id', 'title', 'status', 'reviewNote', 'modified', 'issued'], limit: -1 } as never)) as Promise<Rows>,
      // The latest notices: older ones are history, on the service's public page.
      cms.request(
        readItems('service_notices', { filter: own, fields: ['id', 'title', 'service', 'kind', 'status', 'start', 'expectedEnd', 'end'], sort: ['-start'], limit: 50 } as never),
      ) as Promise<Rows>,
      cms.request(
        readItems('data_requests', {
          filter: { _and: [{ agency: { _eq: agency } }, { status: { _in: waitingStatuses } }] },
          fields: ['id', 'kind', 'title', 'status', 'received', 'dataset'],
          limit: -1,
        } as never),
      ) as Promise<Rows>,
      loadConnections(session, agency),
    ]);
    const distributions = await inSlices(
      datasets.map((d) => String(d.id)),
      (slice) => cms.request(readItems('distributions', { filter: { dataset: { _in: slice } }, fields: ['id', 'dataset', 'format', 'title'], limit: -1 } as never)),
    );
    return { kind: 'desk', desk: shapeDesk({ agent, datasets, distributions, services, notices, requests }, vnDate(now)), connections };
  } catch (err) {
    console.error(`[workspace] the desk of ${agency} could not be read: ${err instanceof Error ? err.message : JSON.stringify(err)}`);
    return { kind: 'unavailable', errors: cmsFieldErrors(err) };
  }
}

export type DeskRoute =
  | { response: Response }
  | { response?: undefined; kind: 'signIn'; status: number; error?: Message; retryAfterS?: number; next?: string; email?: string }
  | { response?: undefined; kind: 'desk'; status: number; session: Session; outcome: DeskOutcome; done?: Done };

/** /publish/: the sign-in form (GET signed out, and its POST), or the desk. */
export async function deskRoute(page: Page): Promise<DeskRoute> {
  const next = page.url.searchParams.get('next') ?? undefined;
  if (page.request.method === 'POST') {
    // handleSignIn reads the body; the copy gives the e-mail and the page to go to back to a refused form.
    const copy = await page.request
      .clone()
      .formData()
      .catch(() => new FormData());
    const r = await handleSignIn(page);
    if (r.redirect) return { response: page.redirect(r.redirect, 303) };
    const field = (name: string) => {
      const v = copy.get(name);
      return typeof v === 'string' ? v : undefined;
    };
    return { kind: 'signIn', status: r.status, error: r.error, retryAfterS: r.retryAfterS, next: field('next') ?? next, email: field('email') };
  }
  const session = await readSession(page);
  if (!session) return { kind: 'signIn', status: 200, next };
  const outcome = await loadAgencyDesk(session);
  const done = page.url.searchParams.get('done') as Done | null;
  return { kind: 'desk', status: outcome.kind === 'unavailable' ? 503 : 200, session, outcome, done: done && dones.includes(done) ? done : undefined };
}

// ——— answering a request ———

/** What the agency reads of a request: everything, the requester's contact included (to answer by e-mail too). */
const requestFields = ['id', 'kind', 'title', 'description', 'dataset', 'agency', 'requesterName', 'requesterOrganisation', 'requesterEmail', 'status', 'answer', 'received', 'answered'];

export interface RequestView {
  status: number;
  session: Session;
  request: StoredRow;
  values: AnswerValues;
  errors: FieldError[];
  /** The request could not be read (the CMS did not answer): only the errors are shown. */
  unreadable?: boolean;
}

export type RequestRoute = { response: Response } | ({ response?: undefined } & RequestView);

export async function requestRoute(page: Page, lang: Lang, id: string): Promise<RequestRoute> {
  let session = await readSession(page);
  if (!session) return { response: signInRedirect(page, lang) };
  let request: StoredRow;
  try {
    request = present(await editorCms(session).request(readItem('data_requests', id, { fields: requestFields } as never)));
  } catch (err) {
    if (hidden(err)) return { response: new Response(null, { status: 404 }) };
    return { status: 503, session, request: { id }, values: { status: '', answer: '' }, errors: cmsFieldErrors(err), unreadable: true };
  }
  const stored: AnswerValues = { status: typeof request.status === 'string' ? request.status : '', answer: typeof request.answer === 'string' ? request.answer : '' };
  if (page.request.method !== 'POST') return { status: 200, session, request, values: stored, errors: [] };

  const form = await page.request.formData();
  const values = formValues(form, answerInputs);
  const check = await requirePost(page, form);
  if (!check.ok) {
    if (check.status === 401) return { response: signInRedirect(page, lang) };
    return { status: 403, session, request, values, errors: [messageError(check.message)] };
  }
  session = check.session;
  const checked = checkAnswer(values, request, new Date());
  if (!checked.ok) return { status: 400, session, request, values, errors: checked.errors };
  try {
    await editorCms(session).request(updateItem('data_requests', id, checked.value as never));
  } catch (err) {
    const errors = cmsFieldErrors(err).map((e) => ({ ...e, field: (answerInputs as readonly string[]).includes(e.field) ? e.field : '' }));
    return { status: unavailable(errors) ? 503 : 400, session, request, values, errors };
  }
  return { response: doneRedirect(page, lang, 'request') };
}

// ——— service notices ———

export interface NoticeService {
  id: string;
  title: { vi: string; en?: string };
  status: string;
}

export interface NoticeView {
  status: number;
  session: Session;
  services: NoticeService[];
  /** 'choose': which service and what kind; 'details': the rest, for the kind chosen. */
  step: 'choose' | 'details';
  values: NoticeValues;
  errors: FieldError[];
  /** The `min` of the start input (maintenance: 7 working days ahead), as a `datetime-local` value. */
  minStart?: string;
}

export type NoticeRoute = { response: Response } | ({ response?: undefined } & NoticeView);

const emptyNotice = (): NoticeValues => Object.fromEntries(noticeInputs.map((n) => [n, ''])) as NoticeValues;
const collator = new Intl.Collator('vi');

export async function noticeRoute(page: Page, lang: Lang, now = new Date()): Promise<NoticeRoute> {
  let session = await readSession(page);
  if (!session) return { response: signInRedirect(page, lang) };
  const agency = session.editor.agency;
  if (!agency) return { response: page.redirect(publishPaths.desk(lang), 303) };
  let services: NoticeService[];
  try {
    const rows = (await editorCms(session).request(readItems('data_services', { filter: { publisher: { _eq: agency } }, fields: ['id', 'title', 'status'], limit: -1 } as never))) as Rows;
    services = rows.map((r) => present(r) as unknown as NoticeService).sort((a, b) => collator.compare(a.title.vi, b.title.vi));
  } catch (err) {
    return { status: 503, session, services: [], step: 'choose', values: emptyNotice(), errors: cmsFieldErrors(err) };
  }
  const calendar = { holidaysFile: configPaths().holidaysFile };
  const view = (status: number, values: NoticeValues, errors: FieldError[], choose = false): NoticeView => {
    const ready = !choose && isNoticeKind(values.kind) && services.some((s) => s.id === values.service);
    return { status, session: session!, services, step: ready ? 'details' : 'choose', values, errors, minStart: ready && values.kind === 'maintenance' ? noticeMinStart(now, calendar) : undefined };
  };

  if (page.request.method !== 'POST') {
    // The first step is a GET form: its answers come back in the query.
    const values = { ...emptyNotice(), service: page.url.searchParams.get('service') ?? '', kind: page.url.searchParams.get('kind') ?? '' };
    const asked = page.url.searchParams.has('service') || page.url.searchParams.has('kind');
    const errors: FieldError[] = [];
    if (asked && !services.some((s) => s.id === values.service))
      errors.push({ field: 'service', code: 'required', message_vi: 'Hãy chọn một dịch vụ của cơ quan.', message_en: "Choose one of the agency's services." });
    if (asked && !isNoticeKind(values.kind)) errors.push({ field: 'kind', code: 'required', message_vi: 'Hãy chọn loại thông báo.', message_en: 'Choose the kind of notice.' });
    // "Change" on the second step comes back here with the answers and `change`.
    return view(errors.length ? 400 : 200, values, errors, page.url.searchParams.has('change'));
  }

  const form = await page.request.formData();
  const values = formValues(form, noticeInputs);
  const check = await requirePost(page, form);
  if (!check.ok) {
    if (check.status === 401) return { response: signInRedirect(page, lang) };
    return view(403, values, [messageError(check.message)]);
  }
  session = check.session;
  const kind = isNoticeKind(values.kind) ? values.kind : 'maintenance';
  const checked = noticeFromForm(values, {
    agency,
    services: services.map((s) => s.id),
    now,
    id: noticeId(values.service, kind, now, randomBytes(4).toString('hex')),
    validate: { allowedHosts: fetchAllowList() },
    ...calendar,
  });
  if (!checked.ok) return view(400, values, checked.errors);
  try {
    await editorCms(session).request(createItem('service_notices', checked.value as never));
  } catch (err) {
    // The hook's refusals (the 7-working-day rule counted from its own clock, a service of another agency) go beside their fields.
    const errors = cmsFieldErrors(err).map((e) => ({ ...e, field: noticeInputOf(e) }));
    return view(unavailable(errors) ? 503 : 400, values, errors);
  }
  return { response: doneRedirect(page, lang, 'notice') };
}

// ——— the yearly data assessment ———

export interface AssessmentView {
  status: number;
  session: Session;
  today: string;
  agent: StoredRow;
  values: AssessmentValues;
  errors: FieldError[];
}

export type AssessmentRoute = { response: Response } | ({ response?: undefined } & AssessmentView);

/** The form filled in with the stored assessment of `year`, else today's date. */
export function assessmentValues(agent: StoredRow, year: number, today: string): AssessmentValues {
  const got = ((agent.dataAssessments as DataAssessment[] | undefined) ?? []).find((a) => a.year === year);
  return { year: String(year), submitted: got?.submitted ?? today, document: got?.document ?? '', 'summary.vi': got?.summary?.vi ?? '', 'summary.en': got?.summary?.en ?? '' };
}

export async function assessmentRoute(page: Page, lang: Lang, now = new Date()): Promise<AssessmentRoute> {
  let session = await readSession(page);
  if (!session) return { response: signInRedirect(page, lang) };
  const agency = session.editor.agency;
  if (!agency) return { response: page.redirect(publishPaths.desk(lang), 303) };
  const today = vnDate(now);
  let agent: StoredRow;
  try {
    agent = present(await editorCms(session).request(readItem('agents', agency, { fields: ['id', 'name', 'kind', 'dataAssessments'] } as never)));
  } catch (err) {
    if (hidden(err)) return { response: new Response(null, { status: 404 }) };
    return { status: 503, session, today, agent: { id: agency }, values: assessmentValues({}, Number(today.slice(0, 4)), today), errors: cmsFieldErrors(err) };
  }
  if (page.request.method !== 'POST') {
    const asked = Number(page.url.searchParams.get('year'));
    const year = Number.isInteger(asked) && asked >= 2000 && asked <= Number(today.slice(0, 4)) ? asked : Number(today.slice(0, 4));
    return { status: 200, session, today, agent, values: assessmentValues(agent, year, today), errors: [] };
  }
  const form = await page.request.formData();
  const values = formValues(form, assessmentInputs);
  const check = await requirePost(page, form);
  if (!check.ok) {
    if (check.status === 401) return { response: signInRedirect(page, lang) };
    return { status: 403, session, today, agent, values, errors: [messageError(check.message)] };
  }
  session = check.session;
  const checked = assessmentsFromForm(values, agent, today, { allowedHosts: fetchAllowList() });
  if (!checked.ok) return { status: 400, session, today, agent, values, errors: checked.errors };
  try {
    // The whole list is written: earlier years kept as they are, the year posted replaced.
    await editorCms(session).request(updateItem('agents', agency, { dataAssessments: checked.value.dataAssessments } as never));
  } catch (err) {
    const errors = cmsFieldErrors(err).map((e) => ({ ...e, field: assessmentInputOf(e.field, checked.value.at) }));
    return { status: unavailable(errors) ? 503 : 400, session, today, agent, values, errors };
  }
  return { response: doneRedirect(page, lang, 'assessment') };
}
