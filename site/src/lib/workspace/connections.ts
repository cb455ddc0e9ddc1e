// Connection requests in the workspace (Lào Cai art. 12): filing one from a dataset's or service's
// page (/publish/connections/new?dataset=<id> or ?service=<id>), following it through its five steps
// and recording the step that waits for the agency (/publish/connections/<id>), and the lists of the
// desk. Every read and write goes to Directus with the signed-in person's own token (cms.ts), so the
// hook's rules of the steps judge each change; the checks and shapes are connection-forms.ts.
import { randomBytes } from 'node:crypto';
import { createItem, readItem, readItems, updateItem } from '@directus/sdk';
import type { AstroGlobal } from 'astro';
import type { LangString } from '../../../../catalog-schema/generated/types.ts';
import type { FieldError } from '../../../../catalog-schema/src/errors.ts';
import type { ConnectionStepRecord } from '../../../../domain/connection-steps.ts';
import { vnDate } from '../../../../domain/working-days.ts';
import { fetchAllowList } from '../../../../platform/config.ts';
import type { Lang } from '../i18n.ts';
import { present, type StoredRow } from './agency-desk.ts';
import { formValues } from './agency-forms.ts';
import { cmsErrorStatus, cmsFieldErrors, editorCms } from './cms.ts';
import {
  agenciesNamed,
  connectionDefaults,
  connectionFromForm,
  connectionId,
  connectionInputOf,
  connectionInputs,
  deskConnections,
  postedStep,
  recordStep,
  stepInputOf,
  stepsWithForm,
  stepValues,
  storedSteps,
  type ConnectionTarget,
  type ConnectionValues,
  type DeskConnection,
  type Recorder,
  type StepValues,
} from './connection-forms.ts';
import { publishPaths } from './paths.ts';
import { readSession, requirePost, type Message, type Session } from './session.ts';

type Page = Pick<AstroGlobal, 'cookies' | 'request' | 'url' | 'clientAddress' | 'redirect'>;
type Cms = ReturnType<typeof editorCms>;

/** Directus answers a read of an item the reader may not see as it answers one that does not exist. */
const hidden = (err: unknown) => [403, 404].includes(cmsErrorStatus(err));
const unavailable = (errors: FieldError[]) => errors.some((e) => e.code === 'cms_unavailable');
const messageError = (m: Message): FieldError => ({ field: '', code: 'refused', message_vi: m.vi, message_en: m.en });
const notFound = () => ({ response: new Response(null, { status: 404 }) });

function signInRedirect(page: Page, lang: Lang): Response {
  return page.redirect(`${publishPaths.desk(lang)}?next=${encodeURIComponent(page.url.pathname + page.url.search)}`, 303);
}

/** The names of `ids` (agencies), by id; an agency that cannot be read keeps its id. */
async function agencyNames(cms: Cms, ids: readonly string[]): Promise<Record<string, LangString>> {
  if (!ids.length) return {};
  const rows = (await cms.request(readItems('agents', { filter: { id: { _in: [...ids] } }, fields: ['id', 'name', 'shortName'], limit: -1 } as never))) as StoredRow[];
  return Object.fromEntries(rows.map((r) => [String(r.id), ((r.shortName ?? r.name) as LangString | null) ?? { vi: String(r.id) }]));
}

// ——— the lists of the desk ———

export interface ConnectionList {
  items: DeskConnection[];
  /** The agencies' names, by id. */
  names: Record<string, LangString>;
}

const listFields = ['id', 'title', 'requestingAgency', 'providingAgency', 'steps'];

/**
 * The connection requests `agency` makes or answers; every request when `agency` is undefined (the
 * coordinating department follows them all).
 */
export async function loadConnections(session: Session, agency: string | undefined): Promise<ConnectionList> {
  const cms = editorCms(session);
  const filter = agency ? { _or: [{ requestingAgency: { _eq: agency } }, { providingAgency: { _eq: agency } }] } : undefined;
  const rows = (await cms.request(readItems('connection_requests', { ...(filter ? { filter } : {}), fields: listFields, limit: -1 } as never))) as StoredRow[];
  const items = deskConnections(rows, agency);
  return { items, names: await agencyNames(cms, agenciesNamed(items)) };
}

// ——— filing a request ———

export interface NewConnectionView {
  status: number;
  session: Session;
  target: ConnectionTarget;
  providerName: LangString;
  values: ConnectionValues;
  errors: FieldError[];
  /** The data is the agency's own: there is nothing to request, and no form. */
  own: boolean;
  /** The data could not be read (the CMS did not answer): only the errors are shown. */
  unreadable?: boolean;
}

export type NewConnectionRoute = { response: Response } | ({ response?: undefined } & NewConnectionView);

/** The dataset or service named by the query, as the editor may read it; undefined when the query names neither. */
async function readTarget(cms: Cms, url: URL): Promise<ConnectionTarget | undefined> {
  const dataset = url.searchParams.get('dataset');
  const service = url.searchParams.get('service');
  const kind = dataset ? 'dataset' : service ? 'service' : undefined;
  const id = dataset ?? service;
  if (!kind || !id) return undefined;
  const row = present(await cms.request(readItem(kind === 'dataset' ? 'datasets' : 'data_services', id, { fields: ['id', 'title', 'publisher'] } as never)));
  return { kind, id, title: (row.title as LangString | undefined) ?? { vi: id }, publisher: typeof row.publisher === 'string' ? row.publisher : '' };
}

export async function newConnectionRoute(page: Page, lang: Lang, now = new Date()): Promise<NewConnectionRoute> {
  let session = await readSession(page);
  if (!session) return { response: signInRedirect(page, lang) };
  const agency = session.editor.agency;
  // The coordinating department follows requests; agencies file them.
  if (!agency) return { response: page.redirect(`${publishPaths.desk(lang)}#odp-desk-connections`, 303) };
  const cms = editorCms(session);
  let target: ConnectionTarget | undefined;
  let providerName: LangString;
  try {
    target = await readTarget(cms, page.url);
    if (!target) return notFound();
    providerName = (await agencyNames(cms, [target.publisher]))[target.publisher] ?? { vi: target.publisher };
  } catch (err) {
    if (hidden(err)) return notFound();
    const id = page.url.searchParams.get('dataset') ?? page.url.searchParams.get('service') ?? '';
    const stub: ConnectionTarget = { kind: 'dataset', id, title: { vi: id }, publisher: '' };
    return { status: 503, session, target: stub, providerName: { vi: '' }, values: connectionDefaults(stub), errors: cmsFieldErrors(err), own: false, unreadable: true };
  }
  const own = target.publisher === agency;
  const view = (status: number, values: ConnectionValues, errors: FieldError[]): NewConnectionView => ({ status, session: session!, target: target, providerName, values, errors, own });
  if (page.request.method !== 'POST') return view(200, connectionDefaults(target), []);

  const form = await page.request.formData();
  const values = formValues(form, connectionInputs);
  const check = await requirePost(page, form);
  if (!check.ok) {
    if (check.status === 401) return { response: signInRedirect(page, lang) };
    return view(403, values, [messageError(check.message)]);
  }
  session = check.session;
  const checked = connectionFromForm(values, { requestingAgency: agency, target, id: connectionId(now, randomBytes(3).toString('hex')), now, validate: { allowedHosts: fetchAllowList() } });
  if (!checked.ok) return view(400, values, checked.errors);
  try {
    await editorCms(session).request(createItem('connection_requests', checked.value as never));
  } catch (err) {
    const errors = cmsFieldErrors(err).map((e) => ({ ...e, field: connectionInputOf(e.field) }));
    return view(unavailable(errors) ? 503 : 400, values, errors);
  }
  return { response: page.redirect(`${publishPaths.connection(lang, String(checked.value.id))}?done=filed`, 303) };
}

// ——— following a request, recording a step ———

export type ConnectionDone = 'filed' | 'recorded';

export interface ConnectionView {
  status: number;
  session: Session;
  request: StoredRow;
  steps: ConnectionStepRecord[];
  /** The agencies' names, by id. */
  names: Record<string, LangString>;
  /** The dataset or service asked for, with its title when the reader may read it. */
  target?: { kind: 'dataset' | 'service'; id: string; title?: LangString };
  /** The steps shown with a form for the reader. */
  forms: number[];
  /** Each form's values: stored, or as posted when refused. */
  values: StepValues[];
  errors: FieldError[];
  /** The step whose posted form was refused. */
  errorStep?: number;
  done?: ConnectionDone;
  today: string;
  unreadable?: boolean;
}

export type ConnectionRoute = { response: Response } | ({ response?: undefined } & ConnectionView);

const recorderOf = (session: Session): Recorder => (session.editor.agency ? { agency: session.editor.agency } : { coordinator: true });

export async function connectionRoute(page: Page, lang: Lang, id: string, now = new Date()): Promise<ConnectionRoute> {
  let session = await readSession(page);
  if (!session) return { response: signInRedirect(page, lang) };
  const today = vnDate(now);
  const who = recorderOf(session);
  const cms = editorCms(session);
  let request: StoredRow;
  let names: Record<string, LangString>;
  let target: ConnectionView['target'];
  try {
    request = present(await cms.request(readItem('connection_requests', id)));
    // The request is the two agencies' and the coordinating department's; another agency's editor is answered as if it did not exist.
    if ('agency' in who && who.agency !== request.requestingAgency && who.agency !== request.providingAgency) return notFound();
    names = await agencyNames(cms, [String(request.requestingAgency), String(request.providingAgency)]);
    const kind = typeof request.dataset === 'string' ? 'dataset' : typeof request.service === 'string' ? 'service' : undefined;
    if (kind) {
      const targetId = String(request[kind]);
      const title = await cms
        .request(readItem(kind === 'dataset' ? 'datasets' : 'data_services', targetId, { fields: ['title'] } as never))
        .then((r) => ((r as StoredRow).title as LangString | undefined) ?? undefined)
        .catch(() => undefined);
      target = { kind, id: targetId, title };
    }
  } catch (err) {
    if (hidden(err)) return notFound();
    return { status: 503, session, request: { id }, steps: [], names: {}, forms: [], values: [], errors: cmsFieldErrors(err), today, unreadable: true };
  }
  const steps = storedSteps(request);
  const forms = stepsWithForm(steps, who);
  const done = page.url.searchParams.get('done');
  const view = (status: number, values: StepValues[], errors: FieldError[] = [], errorStep?: number): ConnectionView => ({
    status,
    session: session!,
    request,
    steps,
    names,
    target,
    forms,
    values,
    errors,
    errorStep,
    done: done === 'filed' || done === 'recorded' ? done : undefined,
    today,
  });
  const stored = steps.map((s) => stepValues(s, today));
  if (page.request.method !== 'POST') return view(200, stored);

  const form = await page.request.formData();
  const { index: at, values: posted } = postedStep(form, steps);
  const values = stored.map((v, i) => (i === at ? posted : v));
  const check = await requirePost(page, form);
  if (!check.ok) {
    if (check.status === 401) return { response: signInRedirect(page, lang) };
    return view(403, values, [messageError(check.message)], at < 0 ? undefined : at);
  }
  session = check.session;
  const checked = recordStep(steps, posted, who, today);
  if (!checked.ok) {
    const refused = checked.errors.some((e) => e.code === 'not_your_step' || e.code === 'unknown_step');
    return view(refused ? 403 : 400, values, checked.errors, at < 0 ? undefined : at);
  }
  try {
    await editorCms(session).request(updateItem('connection_requests', id, { steps: checked.value.steps } as never));
  } catch (err) {
    const errors = cmsFieldErrors(err).map((e) => ({ ...e, field: stepInputOf(e.field) }));
    const status = unavailable(errors) ? 503 : [403, 400].includes(cmsErrorStatus(err)) ? cmsErrorStatus(err) : 400;
    return view(status, values, errors, checked.value.index);
  }
  return { response: page.redirect(`${publishPaths.connection(lang, id)}?done=recorded#odp-step-${checked.value.index}`, 303) };
}
