// Connection requests between agencies in the workspace, as pure checks and shapes: the request an
// agency files from a dataset's or service's page (its need, the five steps as domain/connection-steps.ts
// starts them), the change one step's form makes, and the lines of the desk. The CMS hook checks every
// change again (cms/src/access-rules.ts, connectionDenial); the loading is in connections.ts.
import type { LangString } from '../../../../catalog-schema/generated/types.ts';
import type { FieldError } from '../../../../catalog-schema/src/errors.ts';
import { validateRecord, isIsoDate, type ValidateOptions } from '../../../../catalog-schema/src/validate.ts';
import {
  actionableSteps,
  connectionOutcome,
  currentStep,
  defaultConnectionSteps,
  stepStates,
  type ConnectionOutcome,
  type ConnectionParty,
  type ConnectionStepRecord,
  type CurrentStep,
  type StepState,
} from '../../../../domain/connection-steps.ts';
import { vnDate } from '../../../../domain/working-days.ts';
import { formValues, type Checked } from './agency-forms.ts';
import { present, type StoredRow } from './agency-desk.ts';

const msg = (field: string, code: string, vi: string, en: string): FieldError => ({ field, code, message_vi: vi, message_en: en });

// ——— filing a request ———

/** What the request is about: a dataset or a data service of another agency, as the CMS gives it to the editor. */
export interface ConnectionTarget {
  kind: 'dataset' | 'service';
  id: string;
  title: LangString;
  /** The agency that publishes it: the providing agency. */
  publisher: string;
}

export const connectionInputs = ['title', 'purpose', 'scope', 'method', 'frequency'] as const;
export type ConnectionInput = (typeof connectionInputs)[number];
export type ConnectionValues = Record<ConnectionInput, string>;

/** The form as first shown: the title proposed from the data asked for, the rest empty. */
export function connectionDefaults(target: ConnectionTarget): ConnectionValues {
  return { title: `Kết nối dữ liệu: ${target.title.vi}`.slice(0, 200), purpose: '', scope: '', method: '', frequency: '' };
}

/** The request's reference: kn-YYYYMMDD-xxxxxx, the day (Vietnam time) and a few random letters; nothing of who asks or what. */
export function connectionId(now: Date, random: string): string {
  return `kn-${vnDate(now).replaceAll('-', '')}-${random.toLowerCase().replace(/[^a-z0-9]/g, '')}`;
}

export interface FileContext {
  requestingAgency: string;
  target: ConnectionTarget;
  id: string;
  now: Date;
  validate?: ValidateOptions;
}

/**
 * The request the posted need makes, with the five steps as a new request starts (the need done today
 * by the requesting agency), or field errors beside the inputs. An agency does not ask itself.
 */
export function connectionFromForm(values: ConnectionValues, c: FileContext): Checked<Record<string, unknown>> {
  if (c.target.publisher === c.requestingAgency) {
    return {
      ok: false,
      errors: [msg('', 'own_data', 'Đây là dữ liệu của chính cơ quan bạn: không cần đề nghị kết nối.', "This is your own agency's data: there is nothing to request.")],
    };
  }
  const parties = { requestingAgency: c.requestingAgency, providingAgency: c.target.publisher };
  const record = present({
    id: c.id,
    title: values.title,
    ...parties,
    [c.target.kind]: c.target.id,
    purpose: values.purpose,
    scope: values.scope,
    method: values.method,
    frequency: values.frequency,
    steps: defaultConnectionSteps(parties, vnDate(c.now)),
  });
  for (const k of connectionInputs) if (record[k] === '') delete record[k];
  const errors = validateRecord('ConnectionRequest', record, c.validate).map((e) => ({ ...e, field: connectionInputOf(e.field) }));
  return errors.length ? { ok: false, errors } : { ok: true, value: record };
}

/** The input an error of the request belongs to ('' when none: the summary shows it). */
export function connectionInputOf(field: string): ConnectionInput | '' {
  const base = field.split('.')[0] ?? '';
  return (connectionInputs as readonly string[]).includes(base) ? (base as ConnectionInput) : '';
}

// ——— recording a step ———

export const stepInputs = ['step', 'state', 'date', 'outcome'] as const;
export type StepValues = Record<(typeof stepInputs)[number], string>;

/** Who records: an agency's editor, or the coordinating department (reviewers and administrators), who may correct any step. */
export type Recorder = { agency: string } | { coordinator: true };

/** The steps of a stored request (Directus may give a JSON field as text); [] when they are not a list. */
export function storedSteps(request: StoredRow): ConnectionStepRecord[] {
  let v: unknown = request.steps;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return [];
    }
  }
  return Array.isArray(v) ? (v as ConnectionStepRecord[]).map((s) => present(s as unknown as StoredRow) as unknown as ConnectionStepRecord) : [];
}

/** The steps `who` has a form for: the coordinating department every step, an agency the step waiting for it. */
export function stepsWithForm(steps: readonly ConnectionStepRecord[], who: Recorder): number[] {
  if ('coordinator' in who) return steps.map((_, i) => i);
  return actionableSteps(steps, who.agency);
}

/** The name of a step form's input: `steps.<i>.<field>`, unique on a page that shows several step forms. */
export const stepInputName = (index: number, field: 'state' | 'date' | 'outcome') => `steps.${index}.${field}`;

/** The step a posted step form is about (its index, -1 when the request has no such step) and its values, NFC and trimmed. */
export function postedStep(form: FormData, steps: readonly Pick<ConnectionStepRecord, 'step'>[]): { index: number; values: StepValues } {
  const step = formValues(form, ['step']).step;
  const index = steps.findIndex((s) => s.step === step);
  const names = { state: stepInputName(index, 'state'), date: stepInputName(index, 'date'), outcome: stepInputName(index, 'outcome') };
  const v = formValues(form, Object.values(names));
  return { index, values: { step, state: v[names.state] ?? '', date: v[names.date] ?? '', outcome: v[names.outcome] ?? '' } };
}

/** A step's form as first shown: what is stored, today's date when none is. */
export function stepValues(step: ConnectionStepRecord, today: string): StepValues {
  return { step: step.step, state: step.state, date: step.date ?? today, outcome: step.outcome ?? '' };
}

/**
 * The request's steps with the posted step recorded, or field errors beside the step's inputs. A step
 * done or rejected has its date, which is not after today; a rejected step says why. A step not
 * waiting for the recorder is refused here first (the CMS refuses it too, for a forged post).
 */
export function recordStep(steps: readonly ConnectionStepRecord[], values: StepValues, who: Recorder, today: string): Checked<{ steps: ConnectionStepRecord[]; index: number }> {
  const index = steps.findIndex((s) => s.step === values.step);
  if (index < 0) return { ok: false, errors: [msg('', 'unknown_step', 'Không có bước này trong yêu cầu.', 'The request has no such step.')] };
  if (!stepsWithForm(steps, who).includes(index)) {
    return {
      ok: false,
      errors: [
        msg(
          '',
          'not_your_step',
          'Bước này không chờ cơ quan của bạn: chỉ cơ quan thực hiện bước hiện tại ghi kết quả.',
          'This step is not waiting for your agency: only the agency that owns the current step records it.',
        ),
      ],
    };
  }
  const errors: FieldError[] = [];
  if (!(stepStates as readonly string[]).includes(values.state)) errors.push(msg('state', 'required', 'Hãy chọn trạng thái của bước.', 'Choose the state of the step.'));
  const closing = values.state === 'done' || values.state === 'rejected';
  if (!values.date) {
    if (closing) errors.push(msg('date', 'required', 'Hãy nhập ngày hoàn thành hoặc kết luận bước.', 'Enter the date the step was completed or concluded.'));
  } else if (!isIsoDate(values.date)) errors.push(msg('date', 'invalid_format', 'Ngày không hợp lệ (định dạng YYYY-MM-DD).', 'Not a valid date (YYYY-MM-DD).'));
  else if (values.date > today) errors.push(msg('date', 'in_future', 'Ngày không thể sau hôm nay.', 'The date cannot be after today.'));
  if (values.state === 'rejected' && !values.outcome) errors.push(msg('outcome', 'required', 'Hãy nêu lý do không đạt để cơ quan kia biết.', 'Say why, so that the other agency knows.'));
  if (values.outcome.length > 2000) errors.push(msg('outcome', 'too_long', 'Kết quả dài quá 2000 ký tự.', 'The outcome is longer than 2000 characters.'));
  if (errors.length) return { ok: false, errors };
  const at = steps[index]!;
  const next: ConnectionStepRecord = { step: at.step, owner: at.owner, state: values.state as StepState };
  if (values.date) next.date = values.date;
  if (values.outcome) next.outcome = values.outcome;
  return { ok: true, value: { steps: steps.map((s, i) => (i === index ? next : s)), index } };
}

/** The step form an error of the CMS belongs to: its own input, else the summary (''). */
export function stepInputOf(field: string): (typeof stepInputs)[number] | '' {
  const last = field.split('.').at(-1) ?? '';
  return last === 'state' || last === 'date' || last === 'outcome' ? last : '';
}

// ——— the desk ———

export interface DeskConnection {
  id: string;
  title: string;
  requestingAgency: string;
  providingAgency: string;
  /** The agency's part in the request; undefined for the coordinating department. */
  role?: ConnectionParty;
  current: CurrentStep;
  outcome: ConnectionOutcome;
  /** The current step waits for the desk's agency. */
  yourTurn: boolean;
  /** The latest date recorded on a step. */
  lastDate?: string;
}

const outcomeRank: Record<ConnectionOutcome, number> = { open: 0, rejected: 1, operating: 2 };

/**
 * The connection requests of the desk, shaped from the rows the CMS returns: those the agency makes
 * or answers (every request, for the coordinating department: `agency` undefined). Those waiting for
 * the agency first, then open ones, then the closed; the latest first within each.
 */
export function deskConnections(rows: readonly StoredRow[], agency: string | undefined): DeskConnection[] {
  const out: DeskConnection[] = [];
  for (const row of rows) {
    const r = present(row);
    const steps = storedSteps(r);
    const current = currentStep(steps);
    const requestingAgency = typeof r.requestingAgency === 'string' ? r.requestingAgency : '';
    const providingAgency = typeof r.providingAgency === 'string' ? r.providingAgency : '';
    if (!current) continue;
    if (agency && agency !== requestingAgency && agency !== providingAgency) continue;
    const role: ConnectionParty | undefined = !agency ? undefined : agency === requestingAgency ? 'requesting' : 'providing';
    const dates = steps.map((s) => s.date).filter((d): d is string => !!d);
    out.push({
      id: String(r.id),
      title: String(r.title ?? r.id),
      requestingAgency,
      providingAgency,
      role,
      current,
      outcome: connectionOutcome(steps),
      yourTurn: !!agency && (current.state === 'pending' || current.state === 'in_progress') && steps[current.index]!.owner === agency,
      lastDate: dates.sort().at(-1),
    });
  }
  return out.sort(
    (a, b) => Number(b.yourTurn) - Number(a.yourTurn) || outcomeRank[a.outcome] - outcomeRank[b.outcome] || (b.lastDate ?? '').localeCompare(a.lastDate ?? '') || a.title.localeCompare(b.title, 'vi'),
  );
}

/** The agencies a list of requests names, for their names. */
export function agenciesNamed(connections: readonly Pick<DeskConnection, 'requestingAgency' | 'providingAgency'>[]): string[] {
  return [...new Set(connections.flatMap((c) => [c.requestingAgency, c.providingAgency]).filter(Boolean))];
}
