// The dataset form of the agency workspace (/publish/datasets/new and /publish/datasets/<id>/): one
// POST carries the fields, an optional file and what the editor asked for (upload, take the proposed
// dictionary, save, remove a file). The form is the catalog schema's (domain/form); the checks are
// the CMS hook's validators run here first, so errors appear beside the fields before anything is
// written; the write itself goes to Directus with the editor's token, where the hook checks again.
// A dataset and its new file are written in one request (a nested create), so both are stored or
// neither; the file is moved into the uploads folder first and moved away again when the write fails.
import { createItem, readItem, readItems, updateItem } from '@directus/sdk';
import type { DataField } from '../../../../catalog-schema/generated/types.ts';
import type { FieldError } from '../../../../catalog-schema/src/errors.ts';
import { serverSetFields } from '../../../../catalog-schema/src/model.ts';
import { validateRecord } from '../../../../catalog-schema/src/validate.ts';
import { vocabulary } from '../../../../catalog-schema/src/schemas.ts';
import { formModel, formValues, recordFromForm, errorInputName, type FormModel } from '../../../../domain/form/index.ts';
import { portalProfiles } from '../../../../domain/portal-profiles.ts';
import { ADMIN_UNITS_CODE_LIST, placeIndex, placeText, resolvePlaces, type PlaceIndex } from '../../../../domain/places.ts';
import { slugify } from '../../../../domain/vietnamese.ts';
import { cmsFieldErrors, editorCms } from './cms.ts';
import { checkAgainstDictionary, commitStaged, portalFilesNow, readStaged, removeUpload, stageUpload, type StagedFile } from './files.ts';
import { workspaceConfig } from '../../../../platform/config.ts';
import { readSession, requirePost, type Session } from './session.ts';
import { publishPaths } from './paths.ts';
import type { AstroGlobal } from 'astro';
import type { Profiles } from '../../../../domain/profiles.ts';
import type { DictionaryCheck } from '../../../../domain/tabular.ts';
import type { Dataset } from '../portal.ts';
import { loadPortal } from '../portal.ts';
import { sharedWeakMap } from '../process-cache.ts';

/** Fields the workspace or the CMS sets itself: never inputs of the form. */
const managed = ['id', 'identifier', 'status', 'reviewNote', 'distribution', 'publisher', ...serverSetFields('Dataset')];

let model: FormModel | undefined;
/** The Dataset form, made once from the schema. */
export function datasetFormModel(): FormModel {
  return (model ??= formModel('Dataset', { omit: managed }));
}

/** One file of the dataset as stored. */
export interface StoredFile {
  id: string;
  title?: { vi: string; en?: string };
  format?: string;
  downloadURL?: string;
  accessURL?: string;
  byteSize?: number;
}

/** A dataset as the workspace reads it. */
export interface StoredDataset extends Record<string, unknown> {
  id: string;
  status?: string;
  reviewNote?: string;
  publisher?: string;
  distribution?: StoredFile[];
}

/** An error beside an input: `input` is the name of the input it belongs to ('' for the whole form). */
export interface InputError {
  input: string;
  message_vi: string;
  message_en: string;
}

export type Notice = 'created' | 'saved' | 'uploaded' | 'dictionary' | 'removed';

export interface DatasetFormView {
  status: number;
  /** Where to send the browser after a successful post (303). */
  redirect?: string;
  stored?: StoredDataset;
  values: Map<string, string | string[]>;
  errors: InputError[];
  staged?: StagedFile;
  /** The staged file checked against the dictionary the form holds (when it holds one). */
  dictionaryCheck?: DictionaryCheck;
  notice?: Notice;
}

const places = sharedWeakMap<object, PlaceIndex>('workspace-places');
/** The administrative units of the catalog, indexed once per catalog. */
export function adminPlaces(): PlaceIndex {
  const portal = loadPortal();
  let index = places.get(portal);
  if (!index) places.set(portal, (index = placeIndex(portal.snapshot.codeListEntries.filter((e) => e.codeList === ADMIN_UNITS_CODE_LIST))));
  return index;
}

const toInputErrors = (m: FormModel, errors: FieldError[]): InputError[] => errors.map((e) => ({ input: errorInputName(m, e.field), message_vi: e.message_vi, message_en: e.message_en }));

/** The dataset `id` with its files, read with the editor's token; undefined when it does not exist or is not the editor's to read. */
export async function readDataset(session: Session, id: string): Promise<StoredDataset | undefined> {
  try {
    const d = (await editorCms(session).request(readItem('datasets', id, { fields: ['*', 'distribution.*'] } as never))) as unknown as StoredDataset;
    return dropNulls(d) as StoredDataset;
  } catch {
    return undefined;
  }
}

/** Directus returns unset fields as null; the schema knows them as absent. */
function dropNulls(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropNulls);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).flatMap(([k, x]) => (x === null ? [] : [[k, dropNulls(x)]])));
  return v;
}

/** The inputs' values for a stored dataset (places written as names, so the editor can read them). */
export function storedValues(d: Record<string, unknown>): Map<string, string | string[]> {
  const values = formValues(datasetFormModel(), d);
  const codes = Array.isArray(d.spatial) ? (d.spatial as string[]) : [];
  const index = adminPlaces();
  values.set('spatial', codes.map((c) => (index.byCode.has(c) ? placeText(index.byCode.get(c)!) : c)).join('\n'));
  return values;
}

/** Whether the editor may change the dataset's files now (cms/src/access-rules.ts distributionEditableStatuses). */
export function filesEditable(status: string | undefined): boolean {
  return ['draft', 'submitted', 'changes_requested', undefined].includes(status);
}

/** A new dataset's id: the slug of its Vietnamese title, made unique among the ids the CMS has. */
async function newId(session: Session, title: string): Promise<string> {
  const base = slugify(title, 70) || 'bo-du-lieu';
  const taken = (await editorCms(session).request(readItems('datasets', { fields: ['id'], filter: { id: { _starts_with: base } }, limit: -1 } as never))) as unknown as { id: string }[];
  const ids = new Set(taken.map((x) => x.id));
  // Entries of other agencies the editor cannot read may hold the id too: the create then fails as
  // "not unique" and the next suffix is tried (createDataset).
  let id = base;
  for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
  return id;
}

function distributionFor(staged: StagedFile, datasetId: string, downloadURL: string, license: unknown, title: { vi: string; en?: string }): Record<string, unknown> {
  const label = vocabulary('FileFormat')[staged.format];
  return {
    id: `${datasetId}-${staged.format}-${staged.checksum.value.slice(0, 8)}`,
    title: { vi: `${title.vi} (${label?.vi ?? staged.format})`, ...(title.en ? { en: `${title.en} (${label?.en ?? staged.format})` } : {}) },
    format: staged.format,
    mediaType: staged.mediaType,
    downloadURL,
    accessURL: downloadURL,
    byteSize: staged.byteSize,
    checksum: staged.checksum,
    ...(typeof license === 'string' ? { license } : {}),
    issued: new Date().toISOString().slice(0, 10),
  };
}

const personalDataErrors = (staged: StagedFile): FieldError[] =>
  staged.personalData.findings.length
    ? [
        {
          field: 'file',
          code: 'personal_data',
          message_vi: `Tệp "${staged.name}" có dữ liệu cá nhân (${staged.personalData.findings.length}${staged.personalData.truncated ? '+' : ''} chỗ, xem bảng dưới). Dữ liệu mở không được chứa dữ liệu cá nhân: hãy xóa hoặc ẩn danh các cột đó rồi tải tệp lên lại.`,
          message_en: `The file "${staged.name}" holds personal data (${staged.personalData.findings.length}${staged.personalData.truncated ? '+' : ''} places, see the table below). Open data must hold none: remove or anonymise those columns and upload the file again.`,
        },
      ]
    : [];

/**
 * The checks of a save, without writing: places resolved by name, the record made from the inputs,
 * and the errors of the CMS hook's validators (the same ajv validators), the personal-data findings of
 * the staged file and the open-format rule. `full` is the record as it would be stored.
 */
export function checkDatasetEntries(
  session: Session,
  entries: [string, string][],
  stored: StoredDataset | undefined,
  staged?: StagedFile,
): { record: Record<string, unknown>; full: Record<string, unknown>; errors: FieldError[] } {
  const m = datasetFormModel();
  const agency = session.editor.agency;
  const values = new Map(entries);
  const spatial = resolvePlaces(adminPlaces(), String(values.get('spatial') ?? ''));
  const formEntries = entries.filter(([k]) => k !== 'spatial' && !k.startsWith('_') && k !== 'action' && k !== 'staged');
  for (const code of spatial.codes) formEntries.push(['spatial', code]);
  const record = recordFromForm(m, formEntries);
  // The record as it will be stored: what the form does not hold is kept, what it holds is replaced (an emptied input clears its field).
  const full: Record<string, unknown> = { ...(stored ? withoutFormFields(stored, m) : {}), ...record, publisher: stored?.publisher ?? agency, status: statusAfterEdit(stored?.status) };
  full.id = stored?.id ?? 'bo-du-lieu-moi';
  const found: FieldError[] = [...spatial.errors, ...validateRecord('Dataset', full)];
  if (staged) found.push(...personalDataErrors(staged));
  if (staged && Array.isArray(full.dataKind) && full.dataKind.includes('open') && !vocabulary('FileFormat')[staged.format]?.open)
    found.push({
      field: 'file',
      code: 'not_open_format',
      message_vi: 'Dữ liệu mở phải ở định dạng mở (CSV, JSON, XML, XLSX).',
      message_en: 'Open data must be in an open format (CSV, JSON, XML, XLSX).',
    });
  if (!agency && !stored) found.push({ field: '', code: 'no_agency', message_vi: 'Tài khoản của bạn chưa gắn với cơ quan nào.', message_en: 'Your account belongs to no agency.' });
  // The dataset's id and publisher are set by the workspace; their errors are not the editor's to fix.
  return { record, full, errors: found.filter((e) => e.field !== 'id') };
}

/** The inline check of the form (with JavaScript): the same checks as a save, as input errors. */
export function validateDatasetForm(session: Session, data: FormData, stored: StoredDataset | undefined): InputError[] {
  const staged = formText(data, 'staged') ? readStaged(formText(data, 'staged'), session.editor.id) : undefined;
  return toInputErrors(datasetFormModel(), checkDatasetEntries(session, textEntries(data), stored, staged).errors);
}

/** A text input of a posted form ('' when absent or a file). */
function formText(data: FormData, name: string): string {
  const v = data.get(name);
  return typeof v === 'string' ? v : '';
}

/** An option of a picker (themes, agencies, contact points). */
export interface PickerOption {
  value: string;
  label: string;
}

/** The entries of a multipart form as text pairs (files left out). */
function textEntries(data: FormData): [string, string][] {
  return [...data.entries()].filter((e): e is [string, string] => typeof e[1] === 'string');
}

/**
 * One post of the dataset form, from start to end. Nothing is written unless every check passes;
 * a refused post shows the form again with what was typed, the staged file kept.
 */
export async function handleDatasetPost(session: Session, data: FormData, stored: StoredDataset | undefined, lang: 'vi' | 'en'): Promise<DatasetFormView> {
  const m = datasetFormModel();
  const entries = textEntries(data).filter(([k]) => !k.startsWith('_') && k !== 'action' && k !== 'staged');
  const action = formText(data, 'action') || 'save';
  const values = new Map<string, string | string[]>();
  for (const [k, v] of entries) {
    const had = values.get(k);
    values.set(k, had === undefined ? v : [...(Array.isArray(had) ? had : [had]), v]);
  }
  const errors: InputError[] = [];
  const view = (status: number, extra: Partial<DatasetFormView> = {}): DatasetFormView => ({ status, stored, values, errors, staged, ...extra });

  // The file: a new upload replaces the one staged before.
  let staged = formText(data, 'staged') ? readStaged(formText(data, 'staged'), session.editor.id) : undefined;
  const file = data.get('file');
  if (file && typeof file !== 'string' && file.size > 0) {
    const r = await stageUpload(file, session.editor.id);
    if (!r.ok) {
      errors.push(...toInputErrors(m, r.errors));
      return view(400);
    }
    staged = r.staged;
  }
  if (action === 'upload') {
    if (!staged) {
      errors.push({ input: 'file', message_vi: 'Hãy chọn một tệp để tải lên.', message_en: 'Choose a file to upload.' });
      return view(400);
    }
    // A dictionary already written (or stored): the new file is checked against it at once, as the build will.
    const dictionary = recordFromForm(m, entries).dataDictionary as DataField[] | undefined;
    const dictionaryCheck = dictionary?.length ? (await checkAgainstDictionary(staged, session.editor.id, dictionary)).dictionary : undefined;
    return view(200, { notice: 'uploaded', staged, dictionaryCheck });
  }
  if (action === 'accept-dictionary' && staged) {
    // The proposal replaces the table's rows; the rest of the form stays as typed.
    for (const k of [...values.keys()]) if (k.startsWith('dataDictionary.')) values.delete(k);
    for (const [k, v] of formValues(m, { dataDictionary: staged.proposedDictionary })) if (k.startsWith('dataDictionary.')) values.set(k, v);
    return view(200, { notice: 'dictionary' });
  }
  if (action.startsWith('remove-file:')) {
    const fileId = action.slice('remove-file:'.length);
    const target = stored?.distribution?.find((x) => x.id === fileId);
    if (!stored || !target) return view(404);
    try {
      await editorCms(session).request(updateItem('datasets', stored.id, { distribution: { create: [], update: [], delete: [fileId] } } as never));
    } catch (err) {
      errors.push(...toInputErrors(m, cmsFieldErrors(err)).map((e) => ({ ...e, input: e.input || 'file' })));
      return view(400);
    }
    const name = target.downloadURL?.startsWith(`/data/${stored.id}/`) ? target.downloadURL.slice(`/data/${stored.id}/`.length) : undefined;
    if (name) removeUpload(stored.id, decodeURIComponent(name));
    return view(303, { redirect: `${publishPaths.dataset(lang, stored.id)}?notice=removed` });
  }

  // Save: places by name, then the record, then the schema's checks.
  const checked = checkDatasetEntries(session, entries, stored, staged);
  const { record, full } = checked;
  if (checked.errors.length) {
    errors.push(...toInputErrors(m, checked.errors));
    return view(400);
  }

  const cms = editorCms(session);
  const title = full.title as { vi: string; en?: string };
  if (!stored) {
    // Created with its file in one request: both are stored or neither.
    for (let attempt = 0; attempt < 5; attempt++) {
      const id = await newId(session, title.vi).then((x) => (attempt ? `${x}-${attempt + 1}` : x));
      const committed = staged ? commitStaged(staged.id, session.editor.id, id) : undefined;
      const item = { ...full, id, status: 'draft', ...(staged && committed ? { distribution: [distributionFor(staged, id, committed.downloadURL, full.license, title)] } : {}) };
      try {
        await cms.request(createItem('datasets', item as never));
        return view(303, { redirect: `${publishPaths.dataset(lang, id)}?notice=created` });
      } catch (err) {
        if (committed) removeUpload(id, committed.downloadURL.split('/').pop()!);
        const fieldErrors = cmsFieldErrors(err);
        if (fieldErrors.some((e) => e.code === 'RECORD_NOT_UNIQUE' || /unique/i.test(e.message_en))) continue;
        errors.push(...toInputErrors(m, fieldErrors));
        // The staged file was moved; the next post must upload it again.
        return view(400, { staged: undefined });
      }
    }
    errors.push({ input: '', message_vi: 'Không tạo được mã cho bộ dữ liệu; hãy đổi tên một chút rồi lưu lại.', message_en: 'No free id for the dataset; change the title a little and save again.' });
    return view(400);
  }

  const changes: Record<string, unknown> = { ...withNulls(record, m), status: statusAfterEdit(stored.status) };
  const committed = staged ? commitStaged(staged.id, session.editor.id, stored.id) : undefined;
  if (staged && committed) changes.distribution = { create: [distributionFor(staged, stored.id, committed.downloadURL, full.license, title)], update: [], delete: [] };
  try {
    await cms.request(updateItem('datasets', stored.id, changes as never));
  } catch (err) {
    if (committed) removeUpload(stored.id, committed.downloadURL.split('/').pop()!);
    errors.push(...toInputErrors(m, cmsFieldErrors(err)));
    return view(400, { staged: undefined });
  }
  return view(303, { redirect: `${publishPaths.dataset(lang, stored.id)}?notice=saved` });
}

/** A change to an approved or published dataset takes it back to draft (the workflow's rule for editors). */
function statusAfterEdit(status: string | undefined): string {
  return status === 'submitted' || status === 'changes_requested' ? status : 'draft';
}

function withoutFormFields(d: StoredDataset, m: FormModel): Record<string, unknown> {
  const rest: Record<string, unknown> = { ...d };
  delete rest.distribution;
  delete rest.reviewNote;
  // What the CMS records itself (when the entry was sent for review, its score then) is never sent
  // back: the CMS would ignore it, and PostgreSQL hands the score over as text the validator refuses.
  for (const f of serverSetFields('Dataset')) delete rest[f];
  for (const s of m.sections) for (const f of s.fields) delete rest[f.name];
  return rest;
}

/** The form's fields as the record has them, and null for those left empty, so the CMS forgets them. */
function withNulls(record: Record<string, unknown>, m: FormModel): Record<string, unknown> {
  const out: Record<string, unknown> = { ...record };
  for (const s of m.sections) for (const f of s.fields) if (!(f.name in out)) out[f.name] = null;
  return out;
}

/** The editor's request to submit the dataset for review (the hook checks the step). */
export async function submitDataset(session: Session, id: string): Promise<{ ok: true } | { ok: false; errors: FieldError[] }> {
  try {
    await editorCms(session).request(updateItem('datasets', id, { status: 'submitted' } as never));
    return { ok: true };
  } catch (err) {
    return { ok: false, errors: cmsFieldErrors(err) };
  }
}

type Page = Pick<AstroGlobal, 'cookies' | 'request' | 'url' | 'clientAddress' | 'redirect'>;

/** The sign-in page, coming back to `here` afterwards. */
export function signInRedirect(page: Page, lang: 'vi' | 'en'): Response {
  return page.redirect(`${publishPaths.desk(lang)}?next=${encodeURIComponent(page.url.pathname)}`, 303);
}

/** The page of a refused post: the session ended (401) or the form is not this site's (403). */
export function refusedPost(status: number, message: { vi: string; en: string }, lang: 'vi' | 'en'): Response {
  const back = publishPaths.desk(lang);
  const body = `<!doctype html><html lang="vi"><head><meta charset="utf-8"><meta name="robots" content="noindex"><title>${status}</title></head><body><main><h1>${escapeHtml(message.vi)}</h1><p lang="en">${escapeHtml(message.en)}</p><p><a href="${back}">Đăng nhập lại / Sign in again</a></p></main></body></html>`;
  return new Response(body, { status, headers: { 'Content-Type': 'text/html;charset=utf-8', 'Cache-Control': 'no-store' } });
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/** Reads a posted form, refusing bodies larger than an upload may be (before reading them). */
export async function readPostedForm(request: Request): Promise<FormData | { tooLarge: true; maxMb: number }> {
  const max = (workspaceConfig()?.uploadMaxBytes ?? 50_000_000) + 1_000_000;
  const length = Number(request.headers.get('content-length') ?? 0);
  if (length > max) return { tooLarge: true, maxMb: Math.floor(max / 1_000_000) - 1 };
  return request.formData();
}

const defaults = (): Map<string, string | string[]> => {
  const v = formValues(datasetFormModel(), { dataKind: ['open'], accessLevel: 'public', language: ['vi'], containsPersonalData: false, license: loadPortal().snapshot.catalog.license });
  return v;
};

/**
 * The dataset form's route: the editor's session (or the sign-in page), the dataset when one is
 * named (404 when it is not the editor's agency's), and the outcome of a post.
 */
export async function datasetFormRoute(page: Page, lang: 'vi' | 'en', id: string | undefined): Promise<{ response: Response } | { response?: undefined; session: Session; view: DatasetFormView }> {
  const session = await readSession(page);
  if (!session) return { response: signInRedirect(page, lang) };
  let stored: StoredDataset | undefined;
  if (id !== undefined) {
    stored = await readDataset(session, id);
    if (!stored || (session.editor.role === 'editor' && stored.publisher !== session.editor.agency)) return { response: new Response(null, { status: 404 }) };
  }
  if (page.request.method !== 'POST') {
    const notice = page.url.searchParams.get('notice') as Notice | null;
    return { session, view: { status: 200, stored, values: stored ? storedValues(stored) : defaults(), errors: [], notice: notice ?? undefined } };
  }
  const data = await readPostedForm(page.request);
  if (!(data instanceof FormData)) {
    const view: DatasetFormView = {
      status: 413,
      stored,
      values: stored ? storedValues(stored) : defaults(),
      errors: [{ input: 'file', message_vi: `Tệp lớn hơn giới hạn ${data.maxMb} MB.`, message_en: `The file is larger than the ${data.maxMb} MB limit.` }],
    };
    return { session, view };
  }
  const check = await requirePost(page, data);
  if (!check.ok) return { response: refusedPost(check.status, check.message, lang) };
  const view = await handleDatasetPost(check.session, data, stored, lang);
  if (view.redirect) return { response: page.redirect(view.redirect, 303) };
  return { session: check.session, view };
}

/** The record of a stored dataset as the public page reads it. */
function asDataset(d: StoredDataset): Dataset {
  return { ...d, distribution: d.distribution ?? [] } as unknown as Dataset;
}

/** What the build would learn of each file of the dataset, measured now from the uploads (as the CMS does when it is submitted). */
async function measuredProfiles(d: StoredDataset): Promise<Profiles> {
  return await portalProfiles({ id: d.id, dataDictionary: d.dataDictionary as DataField[] | undefined }, d.distribution ?? [], portalFilesNow());
}

export interface CheckRoute {
  response?: undefined;
  session: Session;
  status: number;
  dataset: Dataset;
  datasetStatus: string;
  reviewNote: string | undefined;
  profiles: Profiles;
  errors: FieldError[];
}

/** The check page: preview, quality and submission of one dataset. */
export async function datasetCheckRoute(page: Page, lang: 'vi' | 'en', id: string): Promise<{ response: Response } | CheckRoute> {
  let session = await readSession(page);
  if (!session) return { response: signInRedirect(page, lang) };
  const stored = await readDataset(session, id);
  if (!stored || (session.editor.role === 'editor' && stored.publisher !== session.editor.agency)) return { response: new Response(null, { status: 404 }) };
  let errors: FieldError[] = [];
  let status = 200;
  if (page.request.method === 'POST') {
    const data = await page.request.formData();
    const check = await requirePost(page, data);
    if (!check.ok) return { response: refusedPost(check.status, check.message, lang) };
    session = check.session;
    const done = await submitDataset(session, id);
    if (done.ok) return { response: page.redirect(`${publishPaths.desk(lang)}?done=submitted`, 303) };
    errors = done.errors;
    status = 400;
  }
  return { session, status, dataset: asDataset(stored), datasetStatus: stored.status ?? 'draft', reviewNote: stored.reviewNote, profiles: await measuredProfiles(stored), errors };
}
