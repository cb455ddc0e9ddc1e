// The "My agency" desk of the publishing workspace, shaped from what the CMS returns to the agency's
// editor: its entries with their workflow status and the reviewer's comments, the quality and update
// deadline of each dataset (the build's own rules, domain/quality.ts), the citizens' requests still
// waiting for an answer and this year's data assessment. Pure: the loading is in agency.ts.
import type {
  DataRequest,
  DataService,
  DatasetWithDistributions,
  Distribution,
  LangString,
  NoticeKind,
  PublicationStatus,
  RequestKind,
  RequestStatus,
} from '../../../../catalog-schema/generated/types.ts';
import { assessmentDeadline, assessmentState, type AssessmentState } from '../../../../domain/data-assessment.ts';
import { assessQuality, criteria } from '../../../../domain/quality.ts';
export { publishPaths } from './paths.ts';
import { lastUpdate } from '../portal.ts';

/** A row as Directus returns it: unset fields are null. */
export type StoredRow = Record<string, unknown>;

/** The row without its unset fields, and without `drop` (relation aliases, which are id lists, not catalog data). */
export function present(row: StoredRow, drop: readonly string[] = []): StoredRow {
  const out: StoredRow = {};
  for (const [k, v] of Object.entries(row)) if (v !== null && v !== undefined && !drop.includes(k)) out[k] = v;
  return out;
}

/** The order the desk lists entries in: what the agency must act on first. */
const statusOrder: PublicationStatus[] = ['changes_requested', 'draft', 'submitted', 'approved', 'published', 'withdrawn'];
const rank = (s: string) => {
  const i = statusOrder.indexOf(s as PublicationStatus);
  return i < 0 ? statusOrder.length : i;
};
const collator = new Intl.Collator('vi');
const byStatusThenTitle = (a: { status: string; title: LangString }, b: { status: string; title: LangString }) => rank(a.status) - rank(b.status) || collator.compare(a.title.vi, b.title.vi);

/** Days before a declared update falls due from which the desk says it is due soon. */
export const DUE_SOON_DAYS = 14;

export type DueState = 'overdue' | 'soon' | 'onTime' | 'unknown';

export interface DeskQuality {
  /** The build's overall score, 0–100, from what is known before the files are profiled. */
  overall: number;
  /** Criteria with no failing finding, of the five. */
  met: number;
  of: number;
}

export interface DeskDataset {
  id: string;
  title: LangString;
  status: PublicationStatus;
  quality: DeskQuality;
  due: { state: DueState; date?: string };
  /** The data's last update (modified, else issued), YYYY-MM-DD. */
  lastChange?: string;
  /** The reviewer's comments, on an entry sent back. */
  reviewNote?: string;
  files: number;
}

export interface DeskService {
  id: string;
  title: LangString;
  status: PublicationStatus;
  lastChange?: string;
  reviewNote?: string;
}

export interface DeskNotice {
  id: string;
  title: LangString;
  service: string;
  serviceTitle?: LangString;
  kind: NoticeKind;
  status: PublicationStatus;
  start: string;
  expectedEnd?: string;
  end?: string;
}

export interface DeskRequest {
  id: string;
  title: string;
  kind: RequestKind;
  status: RequestStatus;
  received: string;
  dataset?: string;
}

export interface DeskAssessment {
  year: number;
  deadline: string;
  state: AssessmentState;
  submitted?: string;
  document?: string;
  /** Days left to the deadline (0 on the day), while it is due. */
  daysLeft?: number;
}

export interface AgencyDesk {
  agency: { id: string; name: LangString };
  today: string;
  datasets: DeskDataset[];
  services: DeskService[];
  notices: DeskNotice[];
  requests: DeskRequest[];
  assessment: DeskAssessment;
}

const dayMs = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / dayMs);

/**
 * When the dataset's next update is due, by the rule that puts the "overdue" badge on its public
 * page (assessQuality), and whether that is soon.
 */
export function dueState(report: { overdue: boolean; dueDate?: string }, today: string): DeskDataset['due'] {
  if (!report.dueDate) return { state: 'unknown' };
  if (report.overdue) return { state: 'overdue', date: report.dueDate };
  return { state: daysBetween(today, report.dueDate) <= DUE_SOON_DAYS ? 'soon' : 'onTime', date: report.dueDate };
}

/**
 * One dataset of the desk. The quality is the build's, without file profiles (the files of a draft
 * are not profiled yet): metadata, the confirming agency and the update deadline count; the checks of
 * the files' contents wait for the build.
 */
export function deskDataset(row: StoredRow, distributions: readonly StoredRow[], today: string): DeskDataset {
  const rec = present(row, ['distribution']);
  const d = {
    ...rec,
    title: (rec.title as LangString | undefined) ?? { vi: String(rec.id) },
    description: (rec.description as LangString | undefined) ?? { vi: '' },
    distribution: distributions.map((x) => present(x) as unknown as Distribution),
  } as unknown as DatasetWithDistributions;
  const report = assessQuality(d, {}, today);
  const met = report.results.filter((r) => r.findings.every((f) => f.ok)).length;
  return {
    id: d.id,
    title: d.title,
    status: d.status,
    quality: { overall: report.overall, met, of: criteria.length },
    due: dueState(report, today),
    lastChange: lastUpdate(d),
    reviewNote: d.status === 'changes_requested' ? d.reviewNote : undefined,
    files: d.distribution.length,
  };
}

export function deskService(row: StoredRow): DeskService {
  const s = present(row) as unknown as DataService;
  return { id: s.id, title: s.title ?? { vi: s.id }, status: s.status, lastChange: lastUpdate(s), reviewNote: s.status === 'changes_requested' ? s.reviewNote : undefined };
}

/** The requests that still wait for the agency: received or in review, oldest first. */
export const waitingStatuses: RequestStatus[] = ['received', 'in_review'];

export function deskRequests(rows: readonly StoredRow[]): DeskRequest[] {
  return rows
    .map((r) => present(r) as unknown as DataRequest)
    .filter((r) => waitingStatuses.includes(r.status))
    .map((r) => ({ id: r.id, title: r.title, kind: r.kind, status: r.status, received: r.received, dataset: r.dataset }))
    .sort((a, b) => a.received.localeCompare(b.received) || a.id.localeCompare(b.id));
}

/** This year's assessment (the year of `today`, Vietnam time), from the agency's list. */
export function deskAssessment(assessments: readonly { year: number; submitted?: string; document?: string }[] | undefined, today: string): DeskAssessment {
  const year = Number(today.slice(0, 4));
  const got = (assessments ?? []).find((a) => a.year === year);
  const deadline = assessmentDeadline(year);
  const state = assessmentState(got?.submitted, year, today);
  return { year, deadline, state, submitted: got?.submitted, document: got?.document, daysLeft: state === 'due' ? daysBetween(today, deadline) : undefined };
}

export interface DeskInput {
  agent: StoredRow;
  datasets: readonly StoredRow[];
  distributions: readonly StoredRow[];
  services: readonly StoredRow[];
  notices: readonly StoredRow[];
  requests: readonly StoredRow[];
}

/** The whole desk; `today` is the Vietnam date (YYYY-MM-DD). */
export function shapeDesk(input: DeskInput, today: string): AgencyDesk {
  const agent = present(input.agent);
  const filesOf = new Map<string, StoredRow[]>();
  for (const x of input.distributions) {
    const ds = String(x.dataset);
    filesOf.set(ds, [...(filesOf.get(ds) ?? []), x]);
  }
  const services = input.services.map(deskService).sort(byStatusThenTitle);
  const serviceTitle = new Map(services.map((s) => [s.id, s.title]));
  const notices = input.notices
    .map((n) => present(n) as unknown as DeskNotice)
    .map((n) => ({ id: n.id, title: n.title, service: n.service, serviceTitle: serviceTitle.get(n.service), kind: n.kind, status: n.status, start: n.start, expectedEnd: n.expectedEnd, end: n.end }))
    .sort((a, b) => b.start.localeCompare(a.start) || a.id.localeCompare(b.id));
  return {
    agency: { id: String(agent.id), name: (agent.name as LangString | undefined) ?? { vi: String(agent.id) } },
    today,
    datasets: input.datasets.map((d) => deskDataset(d, filesOf.get(String(d.id)) ?? [], today)).sort(byStatusThenTitle),
    services,
    notices,
    requests: deskRequests(input.requests),
    assessment: deskAssessment(agent.dataAssessments as { year: number; submitted?: string; document?: string }[] | undefined, today),
  };
}

/** How many entries of the desk are in each workflow status, in the desk's order; statuses with none left out. */
export function statusCounts(entries: readonly { status: string }[]): { status: PublicationStatus; count: number }[] {
  return statusOrder.map((status) => ({ status, count: entries.filter((e) => e.status === status).length })).filter((c) => c.count > 0);
}
