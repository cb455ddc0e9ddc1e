// The agency's own forms of the workspace, as pure checks: answering a citizen's request, giving a
// service notice and recording the yearly data assessment. Each turns the posted fields into the
// change the CMS is sent, or into field errors shown beside the inputs; the CMS hook checks again.
import type { NoticeKind, RequestStatus } from '../../../../catalog-schema/generated/types.ts';
import type { FieldError } from '../../../../catalog-schema/src/errors.ts';
import { normalizeRecord } from '../../../../catalog-schema/src/normalize.ts';
import { entitySchema, vocabulary, type EntityName, type SchemaNode } from '../../../../catalog-schema/src/schemas.ts';
import { isCalendarDateTime, isIsoDate, validateRecord, type ValidateOptions } from '../../../../catalog-schema/src/validate.ts';
import { earliestMaintenanceStart, noticeRuleErrors } from '../../../../domain/notices.ts';
import { HolidayTableError, vnDate, type WorkingCalendar } from '../../../../domain/working-days.ts';
import { present, type StoredRow } from './agency-desk.ts';

export type Checked<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

const msg = (field: string, code: string, vi: string, en: string): FieldError => ({ field, code, message_vi: vi, message_en: en });

/** The posted text fields named `names`, NFC and trimmed; files and absent fields become ''. */
export function formValues<K extends string>(form: FormData, names: readonly K[]): Record<K, string> {
  const out = {} as Record<K, string>;
  for (const n of names) {
    const v = form.get(n);
    out[n] = typeof v === 'string' ? v : '';
  }
  return normalizeRecord(out);
}

export interface Words {
  vi: string;
  en: string;
}

/** The schema's node of a property: `path` is dotted, through the items of arrays (`dataAssessments.summary`). */
function propertyNode(entity: EntityName, path: string): SchemaNode | undefined {
  let node: SchemaNode | undefined = entitySchema(entity);
  for (const part of path.split('.')) node = (node?.items ?? node)?.properties?.[part];
  return node;
}

/** The label of a property as the schema gives it (x-label); the property's name when it gives none. */
export function fieldLabel(entity: EntityName, path: string): Words {
  const label = propertyNode(entity, path)?.['x-label'] as Partial<Words> | undefined;
  const name = path.split('.').at(-1) ?? path;
  return { vi: label?.vi ?? name, en: label?.en ?? label?.vi ?? name };
}

/** The help text of a property (x-help), if the schema has one. */
export function fieldHelp(entity: EntityName, path: string): Words | undefined {
  const help = propertyNode(entity, path)?.['x-help'] as Partial<Words> | undefined;
  return help?.vi ? { vi: help.vi, en: help.en ?? help.vi } : undefined;
}

// ——— answering a request ———

export const answerInputs = ['status', 'answer'] as const;
export type AnswerValues = Record<(typeof answerInputs)[number], string>;

/** Statuses that close the agency's part: the requester reads the answer on the public list. */
const answeredStatuses = new Set<string>(['answered', 'accepted', 'declined', 'done']);

/**
 * The change to a request (`before`, as stored) that the posted status and answer make: the answer
 * is required once the request is answered, accepted, declined or done, and its date is when it was
 * given or last changed.
 */
export function checkAnswer(values: AnswerValues, before: StoredRow, now: Date): Checked<{ status: RequestStatus; answer: string | null; answered: string | null }> {
  const errors: FieldError[] = [];
  if (!Object.hasOwn(vocabulary('RequestStatus'), values.status)) errors.push(msg('status', 'required', 'Hãy chọn trạng thái của yêu cầu.', 'Choose the status of the request.'));
  if (answeredStatuses.has(values.status) && !values.answer) {
    errors.push(
      msg(
        'answer',
        'required',
        'Hãy viết câu trả lời công khai: người gửi và mọi người đọc nó trên danh sách yêu cầu.',
        'Write the public answer: the requester and everyone read it on the list of requests.',
      ),
    );
  }
  const answer = values.answer || null;
  const changed = answer !== (typeof before.answer === 'string' ? before.answer : null);
  const answered = !answer ? null : changed || typeof before.answered !== 'string' ? now.toISOString() : before.answered;
  const patch = { status: values.status as RequestStatus, answer, answered };
  const reported = new Set(errors.map((e) => e.field));
  const merged = present({ ...before, ...patch });
  errors.push(...validateRecord('DataRequest', merged).filter((e) => (answerInputs as readonly string[]).includes(e.field) && !reported.has(e.field)));
  return errors.length ? { ok: false, errors } : { ok: true, value: patch };
}

// ——— service notices ———

export const noticeInputs = ['service', 'kind', 'title.vi', 'title.en', 'start', 'expectedEnd', 'reason.vi', 'reason.en', 'fallback.vi', 'fallback.en'] as const;
export type NoticeInput = (typeof noticeInputs)[number];
export type NoticeValues = Record<NoticeInput, string>;

type Need = 'required' | 'optional' | 'none';

/**
 * What each kind of notice asks for (the ServiceNotice schema's rules): planned maintenance says
 * when the service is back and what to use meanwhile; outages and terminations say why; a
 * restoration says when.
 */
export const noticeKindFields: Record<NoticeKind, { expectedEnd: Need; reason: Need; fallback: Need }> = {
  maintenance: { expectedEnd: 'required', reason: 'optional', fallback: 'required' },
  outage: { expectedEnd: 'optional', reason: 'required', fallback: 'optional' },
  termination: { expectedEnd: 'none', reason: 'required', fallback: 'optional' },
  restored: { expectedEnd: 'none', reason: 'optional', fallback: 'none' },
};

export const noticeKinds = Object.keys(noticeKindFields) as NoticeKind[];
export const isNoticeKind = (k: unknown): k is NoticeKind => typeof k === 'string' && Object.hasOwn(noticeKindFields, k);

/** A `datetime-local` value (YYYY-MM-DDTHH:MM, Vietnam time) as an instant with its offset; undefined when it is not one. */
export function vnInstant(local: string): string | undefined {
  const m = /^(\d{4}-\d\d-\d\d)[T ](\d\d:\d\d)(:\d\d)?$/.exec(local);
  if (!m) return undefined;
  const v = `${m[1]}T${m[2]}${m[3] ?? ':00'}+07:00`;
  return isCalendarDateTime(v) ? v : undefined;
}

/** An instant as the `datetime-local` value of Vietnam time, to fill an input back in. */
export function vnLocal(instant: string): string {
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? instant : new Date(ms + 7 * 3_600_000).toISOString().slice(0, 16);
}

export interface CalendarOptions {
  calendar?: WorkingCalendar;
  holidaysFile?: string | undefined;
}

/**
 * The `min` of the start input of a maintenance notice given now: the first moment of the first day
 * the 7-working-day rule allows. Undefined when the holiday table lacks a year it needs (the check
 * on saving then says so).
 */
export function noticeMinStart(now: Date, o: CalendarOptions = {}): string | undefined {
  try {
    return `${earliestMaintenanceStart(now, o)}T00:00`;
  } catch (err) {
    if (err instanceof HolidayTableError) return undefined;
    throw err;
  }
}

/** The notice's identifier: its service, kind and day, and a few random letters so two notices of a day differ. */
export function noticeId(service: string, kind: NoticeKind, now: Date, random: string): string {
  const head = service.slice(0, 60).replace(/-+$/, '');
  return `${head}-${kind}-${vnDate(now).replaceAll('-', '')}-${random}`.toLowerCase().replace(/[^a-z0-9-]/g, '');
}

/** The input a notice error belongs to ('' when it belongs to none: the summary shows it). */
export function noticeInputOf(e: Pick<FieldError, 'field' | 'code'>): NoticeInput | '' {
  if (e.field === '' && e.code === 'date_order') return 'expectedEnd';
  // The hook's "not the service's provider": the service chosen is the one to change.
  if (e.field === 'publisher') return 'service';
  const base = e.field.split('.')[0] ?? '';
  if (['title', 'reason', 'fallback'].includes(base)) return (e.field.endsWith('.en') ? `${base}.en` : `${base}.vi`) as NoticeInput;
  return (noticeInputs as readonly string[]).includes(e.field) ? (e.field as NoticeInput) : '';
}

export interface NoticeContext extends CalendarOptions {
  agency: string;
  /** The agency's data services: a notice is about one of them. */
  services: readonly string[];
  now: Date;
  id: string;
  validate?: ValidateOptions;
}

const lang = (vi: string, en: string) => (vi || en ? { vi, ...(en ? { en } : {}) } : undefined);

/**
 * The notice the posted fields make, published at once (editors publish their own notices,
 * cms/src/access-rules.ts), or field errors: the schema's, the 7-working-day rule's and a service
 * that is not the agency's. The CMS stamps `announced` itself; the same moment is used here.
 */
export function noticeFromForm(v: NoticeValues, c: NoticeContext): Checked<Record<string, unknown>> {
  const errors: FieldError[] = [];
  if (!c.services.includes(v.service)) errors.push(msg('service', 'required', 'Hãy chọn một dịch vụ của cơ quan.', "Choose one of the agency's services."));
  if (!isNoticeKind(v.kind)) {
    errors.push(msg('kind', 'required', 'Hãy chọn loại thông báo.', 'Choose the kind of notice.'));
    return { ok: false, errors };
  }
  const need = noticeKindFields[v.kind];
  const when = (input: 'start' | 'expectedEnd', required: boolean): string | undefined => {
    const raw = v[input];
    if (!raw) {
      if (required) errors.push(msg(input, 'required', 'Hãy nhập ngày và giờ.', 'Enter the date and time.'));
      return undefined;
    }
    const at = vnInstant(raw);
    if (!at) errors.push(msg(input, 'invalid_format', 'Ngày giờ không hợp lệ.', 'Not a valid date and time.'));
    return at;
  };
  const start = when('start', true);
  const expectedEnd = need.expectedEnd === 'none' ? undefined : when('expectedEnd', need.expectedEnd === 'required');
  const record: Record<string, unknown> = {
    id: c.id,
    service: v.service,
    publisher: c.agency,
    kind: v.kind,
    title: lang(v['title.vi'], v['title.en']),
    announced: c.now.toISOString(),
    status: 'published',
  };
  if (start) record.start = start;
  if (expectedEnd) record.expectedEnd = expectedEnd;
  if (need.reason !== 'none') record.reason = lang(v['reason.vi'], v['reason.en']);
  if (need.fallback !== 'none') record.fallback = lang(v['fallback.vi'], v['fallback.en']);
  const rec = present(record);
  const seen = new Set(errors.map((e) => e.field));
  for (const e of [...validateRecord('ServiceNotice', rec, c.validate), ...noticeRuleErrors(rec as Parameters<typeof noticeRuleErrors>[0], c)]) {
    const input = noticeInputOf(e);
    // A missing start is already said; the schema would say it again without the date.
    if (input && seen.has(input)) continue;
    errors.push({ ...e, field: input });
    if (input) seen.add(input);
  }
  return errors.length ? { ok: false, errors } : { ok: true, value: rec };
}

// ——— the yearly data assessment ———

export const assessmentInputs = ['year', 'submitted', 'document', 'summary.vi', 'summary.en'] as const;
export type AssessmentValues = Record<(typeof assessmentInputs)[number], string>;

export interface DataAssessment {
  year: number;
  submitted: string;
  document?: string;
  summary?: { vi: string; en?: string };
}

/**
 * The agency's assessments with the posted one in place of any earlier entry of its year, newest
 * year first, or field errors. The year is this year or an earlier one (a late report is recorded
 * too); the submission date is not in the future.
 */
export function assessmentsFromForm(v: AssessmentValues, agent: StoredRow, today: string, validate?: ValidateOptions): Checked<{ dataAssessments: DataAssessment[]; replaced: boolean; at: number }> {
  const errors: FieldError[] = [];
  const thisYear = Number(today.slice(0, 4));
  const year = /^\d{4}$/.test(v.year) ? Number(v.year) : NaN;
  if (!(year >= 2000 && year <= thisYear)) errors.push(msg('year', 'out_of_range', `Hãy nhập năm đánh giá, từ 2000 đến ${thisYear}.`, `Enter the year assessed, from 2000 to ${thisYear}.`));
  if (!v.submitted) errors.push(msg('submitted', 'required', 'Hãy nhập ngày gửi báo cáo.', 'Enter the date the report was submitted.'));
  else if (!isIsoDate(v.submitted)) errors.push(msg('submitted', 'invalid_format', 'Ngày không hợp lệ (định dạng YYYY-MM-DD).', 'Not a valid date (YYYY-MM-DD).'));
  else if (v.submitted > today) errors.push(msg('submitted', 'in_future', 'Ngày gửi không thể sau hôm nay.', 'The submission date cannot be after today.'));
  if (!v['summary.vi'] && v['summary.en'])
    errors.push(msg('summary.vi', 'required', 'Hãy viết tóm tắt tiếng Việt; tiếng Anh là bản dịch.', 'Write the Vietnamese summary; the English one is its translation.'));
  const entry: DataAssessment = { year, submitted: v.submitted };
  if (v.document) entry.document = v.document;
  const summary = lang(v['summary.vi'], v['summary.en']);
  if (summary?.vi) entry.summary = summary;
  const earlier = ((agent.dataAssessments as DataAssessment[] | null | undefined) ?? []).filter((a) => a.year !== year);
  const replaced = earlier.length !== ((agent.dataAssessments as unknown[] | null | undefined) ?? []).length;
  const dataAssessments = [entry, ...earlier].sort((a, b) => b.year - a.year);
  const at = dataAssessments.indexOf(entry);
  if (!errors.length) for (const e of validateRecord('Agent', present({ ...agent, dataAssessments }), validate)) errors.push({ ...e, field: assessmentInputOf(e.field, at) });
  return errors.length ? { ok: false, errors } : { ok: true, value: { dataAssessments, replaced, at } };
}

/**
 * The input an error of the agency record belongs to: those of the posted entry (the `at`-th
 * assessment) go beside its inputs; anything else, such as an earlier year stored wrong, to the summary ('').
 */
export function assessmentInputOf(field: string, at: number): string {
  const prefix = `dataAssessments.${at}.`;
  const input = field.startsWith(prefix) ? field.slice(prefix.length) : '';
  if (input === 'summary') return 'summary.vi';
  return (assessmentInputs as readonly string[]).includes(input) ? input : '';
}
