// The governance dashboard, computed at build time from the catalog snapshot: what the portal
// publishes, by agency, theme, data kind and file format, and which datasets are late with their
// declared updates (by agency); from the CMS counts, open against shared data, the workflow and the
// sharing status of each agency, agencies' connection requests by step; views and downloads; the
// agency scorecard and the yearly assessments; requests and their outcomes. Each chart is a table
// first; the page draws the chart from it.
import { assessQuality, type QualityReport } from '../../../domain/quality.ts';
import { usageSummary, type UsageSummary } from '../../../domain/usage.ts';
import { formatDate, formatDateTime, t, term, text, type Lang } from './i18n.ts';
import { paths, type Portal } from './portal.ts';
import { requestOutcomes, requestStatuses } from '../../../domain/request-list.ts';
import { assessmentState, type AssessmentState } from '../../../domain/data-assessment.ts';
import { connectionSteps, stepStates } from '../../../domain/connection-steps.ts';

// The yearly assessment's state is domain logic (the agency workspace uses it too); kept importable from here.
export { assessmentState, type AssessmentState } from '../../../domain/data-assessment.ts';

export interface DashboardTable {
  id: string;
  title: string;
  /** Column headings: the label column, then one per series. */
  columns: string[];
  rows: { label: string; href?: string; values: number[] }[];
  /** Chart kind the page draws (bar for counts, stacked bar for on time / overdue). */
  chart: 'bar' | 'stacked' | 'line';
  /** Why the table is empty or what it stands for, when that needs saying. */
  note?: string;
}

function counted(entries: Iterable<string>): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of entries) m.set(e, (m.get(e) ?? 0) + 1);
  return m;
}

const byCount = (a: { values: number[]; label: string }, b: { values: number[]; label: string }) => b.values[0]! - a.values[0]! || a.label.localeCompare(b.label, 'vi');

/** `today` (YYYY-MM-DD) is the build's date, as for the quality reports. */
export function dashboard(p: Portal, lang: Lang, today: string, usage?: UsageSummary): DashboardTable[] {
  const n = t(lang, 'dashboard.datasets');
  const agencies = counted(p.datasets.map((d) => d.publisher));
  const themes = counted(p.datasets.flatMap((d) => d.theme ?? []));
  const kinds = counted(p.datasets.flatMap((d) => d.dataKind));
  const formats = counted(p.datasets.flatMap((d) => d.distribution.map((x) => x.format)));
  const late = new Map<string, { onTime: number; overdue: number }>();
  const reports = new Map<string, QualityReport>();
  for (const d of p.datasets) {
    const q = assessQuality(d, p.profiles, today);
    reports.set(d.id, q);
    const s = late.get(d.publisher) ?? { onTime: 0, overdue: 0 };
    if (q.overdue) s.overdue++;
    else s.onTime++;
    late.set(d.publisher, s);
  }
  const agencyName = (id: string) => text(p.agentById.get(id)?.name, lang) || id;
  return [
    {
      id: 'agency',
      title: t(lang, 'dashboard.byAgency'),
      columns: [t(lang, 'field.publisher'), n],
      rows: [...agencies].map(([id, c]) => ({ label: agencyName(id), href: paths.agency(lang, id), values: [c] })).sort(byCount),
      chart: 'bar',
    },
    {
      id: 'theme',
      title: t(lang, 'dashboard.byTheme'),
      columns: [t(lang, 'field.theme'), n],
      rows: [...themes].map(([id, c]) => ({ label: text(p.themeById.get(id)?.label, lang) || id, values: [c] })).sort(byCount),
      chart: 'bar',
    },
    {
      id: 'kind',
      title: t(lang, 'dashboard.byKind'),
      columns: [t(lang, 'field.dataKind'), n],
      rows: [...kinds].map(([k, c]) => ({ label: term('DataKind', k, lang), values: [c] })).sort(byCount),
      chart: 'bar',
    },
    {
      id: 'format',
      title: t(lang, 'dashboard.byFormat'),
      columns: [t(lang, 'dataset.format'), t(lang, 'dashboard.files')],
      rows: [...formats].map(([f, c]) => ({ label: term('FileFormat', f, lang), values: [c] })).sort(byCount),
      chart: 'bar',
    },
    {
      id: 'timeliness',
      title: t(lang, 'dashboard.timeliness'),
      columns: [t(lang, 'field.publisher'), t(lang, 'dashboard.onTime'), t(lang, 'dashboard.overdue')],
      rows: [...late].map(([id, s]) => ({ label: agencyName(id), values: [s.onTime, s.overdue] })).sort((a, b) => b.values[1]! - a.values[1]! || a.label.localeCompare(b.label, 'vi')),
      chart: 'stacked',
    },
    {
      id: 'requests',
      title: t(lang, 'dashboard.requests'),
      columns: [t(lang, 'request.kind'), ...requestStatuses.map((st) => term('RequestStatus', st, lang))],
      rows: requestOutcomes(p.snapshot.requests ?? []).map((r) => ({ label: term('RequestKind', r.kind, lang), href: paths.requests(lang), values: r.counts })),
      chart: 'stacked',
    },
    ...governanceTables(p, lang),
    ...usageTables(p, lang, usage ?? usageSummary(p.snapshot.usage, today)),
    scorecardTable(p, lang, today, reports),
  ];
}

/** Totals for the summary line: datasets, overdue datasets, agencies publishing. */
export function dashboardTotals(tables: DashboardTable[]): { datasets: number; overdue: number; agencies: number } {
  const timeliness = tables.find((x) => x.id === 'timeliness')!;
  return {
    datasets: timeliness.rows.reduce((s, r) => s + r.values[0]! + r.values[1]!, 0),
    overdue: timeliness.rows.reduce((s, r) => s + r.values[1]!, 0),
    agencies: timeliness.rows.length,
  };
}

const sum = (m: Record<string, number> | undefined) => Object.values(m ?? {}).reduce((a, b) => a + b, 0);
const agencyLabel = (p: Portal, id: string, lang: Lang) => text(p.agentById.get(id)?.shortName, lang) || text(p.agentById.get(id)?.name, lang) || id;

/**
 * From the counts of every CMS entry (taken by the build with the administrator client): open against
 * shared data, the publishing workflow and the sharing status of each agency (Sóc Trăng art. 17.1.đ).
 */
function governanceTables(p: Portal, lang: Lang): DashboardTable[] {
  const g = p.snapshot.governance;
  const note = g ? t(lang, 'dashboard.countedAt', { date: formatDateTime(g.countedAt, lang) }) : t(lang, 'dashboard.noCounts');
  const agencies = Object.entries(g?.byAgency ?? {}).sort(([a], [b]) => agencyLabel(p, a, lang).localeCompare(agencyLabel(p, b, lang), 'vi'));
  const row = (id: string, values: number[]) => ({ label: agencyLabel(p, id, lang), href: p.agentById.has(id) ? paths.agency(lang, id) : undefined, values });
  const statuses = ['draft', 'submitted', 'changes_requested', 'approved', 'published', 'withdrawn'];
  const connections = ['lgsp', 'ndxp', 'direct'];
  return [
    {
      id: 'access',
      title: t(lang, 'dashboard.openShared'),
      columns: [t(lang, 'field.publisher'), term('AccessLevel', 'public', lang), term('AccessLevel', 'agencies', lang), term('AccessLevel', 'internal', lang)],
      rows: agencies
        .map(([id, c]) =>
          row(
            id,
            ['public', 'agencies', 'internal'].map((k) => c.publishedByAccess[k] ?? 0),
          ),
        )
        .filter((r) => r.values.some(Boolean)),
      chart: 'stacked',
      note,
    },
    {
      id: 'workflow',
      title: t(lang, 'dashboard.workflow'),
      columns: [t(lang, 'field.publisher'), ...statuses.map((k) => term('PublicationStatus', k, lang))],
      rows: agencies
        .map(([id, c]) =>
          row(
            id,
            statuses.map((k) => (c.datasetsByStatus[k] ?? 0) + (c.servicesByStatus[k] ?? 0)),
          ),
        )
        .filter((r) => r.values.some(Boolean)),
      chart: 'stacked',
      note,
    },
    {
      id: 'sharing',
      title: t(lang, 'dashboard.sharing'),
      columns: [
        t(lang, 'field.publisher'),
        t(lang, 'dashboard.sharedDatasets'),
        ...connections.map((k) => t(lang, 'dashboard.servicesVia', { model: term('ConnectionModel', k, lang) })),
        t(lang, 'dashboard.servicesOperational'),
      ],
      rows: agencies
        .map(([id, c]) => row(id, [c.publishedByAccess.agencies ?? 0, ...connections.map((k) => c.publishedServicesByConnection[k] ?? 0), c.servicesOperational]))
        .filter((r) => r.values.some(Boolean)),
      chart: 'bar',
      note,
    },
    connectionTable(g, lang, note),
  ];
}

/**
 * Agencies' connection requests (Lào Cai art. 12) by the step each is at and that step's state:
 * counts only, taken by the build with the other CMS counts; requests name agencies and purposes,
 * which stay between the agencies and the coordinating department.
 */
function connectionTable(g: Portal['snapshot']['governance'], lang: Lang, countedNote: string): DashboardTable {
  return {
    id: 'connections',
    title: t(lang, 'dashboard.connections'),
    columns: [t(lang, 'dashboard.connections.step'), ...stepStates.map((st) => term('StepState', st, lang))],
    rows: g?.connections ? connectionSteps.map((step) => ({ label: term('ConnectionStep', step, lang), values: stepStates.map((st) => g.connections?.[step]?.[st] ?? 0) })) : [],
    chart: 'stacked',
    note: g?.connections ? `${t(lang, 'dashboard.connections.note')} ${countedNote}` : countedNote,
  };
}

/** Views and downloads of the last 30 days, by day, and the most viewed datasets. */
function usageTables(p: Portal, lang: Lang, u: UsageSummary): DashboardTable[] {
  const datasetOf = (path: string): string | undefined => /^(?:\/en)?\/datasets\/([^/]+)\/$/.exec(path)?.[1];
  const perDataset = new Map<string, { views: number; downloads: number }>();
  const fileOwner = new Map<string, string>();
  for (const d of p.datasets) for (const x of d.distribution) if (x.downloadURL?.startsWith('/')) fileOwner.set(x.downloadURL, d.id);
  for (const [path, c] of u.byPath) {
    const id = datasetOf(path) ?? fileOwner.get(path);
    if (!id || !p.datasetById.has(id)) continue;
    const t0 = perDataset.get(id) ?? { views: 0, downloads: 0 };
    t0.views += c.views;
    t0.downloads += c.downloads;
    perDataset.set(id, t0);
  }
  const note = t(lang, 'dashboard.usageNote');
  return [
    {
      id: 'usage',
      title: t(lang, 'dashboard.usage'),
      columns: [t(lang, 'dashboard.day'), t(lang, 'dashboard.views'), t(lang, 'dashboard.downloads')],
      rows: u.days.map((d) => ({ label: formatDate(d.day, lang), values: [d.views, d.downloads] })),
      chart: 'line',
      note,
    },
    {
      id: 'top',
      title: t(lang, 'dashboard.topDatasets'),
      columns: [t(lang, 'dashboard.dataset'), t(lang, 'dashboard.views'), t(lang, 'dashboard.downloads')],
      rows: [...perDataset]
        .map(([id, c]) => ({ label: text(p.datasetById.get(id)!.title, lang), href: paths.dataset(lang, id), values: [c.views, c.downloads] }))
        .sort((a, b) => b.values[0]! + b.values[1]! - (a.values[0]! + a.values[1]!) || a.label.localeCompare(b.label, 'vi'))
        .slice(0, 20),
      chart: 'bar',
      note,
    },
  ];
}

/** Formats every file format the regulations count as open and machine-readable. */
const openFormats = new Set(['csv', 'json', 'xml', 'xlsx', 'ods', 'geojson', 'jsonld', 'ttl', 'rdf']);

export interface AssessmentRow {
  agency: string;
  label: string;
  href: string;
  year: number;
  state: AssessmentState;
  submitted?: string;
  document?: string;
}

/** Agencies owing the assessment: every agency of the catalog but enterprises and others. */
export function assessments(p: Portal, lang: Lang, today: string): AssessmentRow[] {
  const year = Number(today.slice(0, 4));
  return p.agents
    .filter((a) => a.kind !== 'enterprise' && a.kind !== 'other')
    .map((a) => {
      const got = a.dataAssessments?.find((x) => x.year === year);
      return { agency: a.id, label: text(a.name, lang), href: paths.agency(lang, a.id), year, state: assessmentState(got?.submitted, year, today), submitted: got?.submitted, document: got?.document };
    });
}

/** Assessment score of an agency: last year's report on time 100, late 50, missing 0. */
function assessmentScore(a: Portal['agents'][number], today: string): number {
  const year = Number(today.slice(0, 4)) - 1;
  const state = assessmentState(a.dataAssessments?.find((x) => x.year === year)?.submitted, year, today);
  return state === 'submitted' ? 100 : state === 'late' ? 50 : 0;
}

/**
 * The agency scorecard, by the criteria of Lào Cai art. 25 as the portal can measure them, each
 * 0–100: metadata complete, data quality (the five criteria), updates on time, open formats, sharing
 * (published services operational) and the yearly assessment; the total is the mean of the criteria
 * that apply to the agency.
 */
function scorecardTable(p: Portal, lang: Lang, today: string, reports: Map<string, QualityReport>): DashboardTable {
  const rows: DashboardTable['rows'] = [];
  for (const a of p.agents) {
    const ds = p.datasets.filter((d) => d.publisher === a.id);
    const counts = p.snapshot.governance?.byAgency[a.id];
    const services = sum(counts?.publishedServicesByConnection);
    if (!ds.length && !services) continue;
    const mean = (xs: number[]) => (xs.length ? Math.round(xs.reduce((x, y) => x + y, 0) / xs.length) : undefined);
    const qs = ds.map((d) => reports.get(d.id)!);
    const files = ds.flatMap((d) => (d as unknown as { distribution: { format: string }[] }).distribution);
    const values: (number | undefined)[] = [
      mean(qs.map((q) => q.results.find((r) => r.criterion === 'complete')?.score).filter((x): x is number => x !== undefined)),
      mean(qs.map((q) => q.overall)),
      ds.length ? Math.round((qs.filter((q) => !q.overdue).length / ds.length) * 100) : undefined,
      files.length ? Math.round((files.filter((f) => openFormats.has(f.format)).length / files.length) * 100) : undefined,
      services ? Math.round((counts!.servicesOperational / services) * 100) : undefined,
      assessmentScore(a, today),
    ];
    const total = mean(values.filter((x): x is number => x !== undefined))!;
    rows.push({ label: agencyLabel(p, a.id, lang), href: paths.agency(lang, a.id), values: [total, ...values.map((x) => x ?? -1)] });
  }
  return {
    id: 'scorecard',
    title: t(lang, 'dashboard.scorecard'),
    columns: [
      t(lang, 'field.publisher'),
      t(lang, 'dashboard.score.total'),
      t(lang, 'dashboard.score.complete'),
      t(lang, 'dashboard.score.quality'),
      t(lang, 'dashboard.score.timely'),
      t(lang, 'dashboard.score.formats'),
      t(lang, 'dashboard.score.sharing'),
      t(lang, 'dashboard.score.assessment'),
    ],
    rows: rows.sort(byCount),
    chart: 'bar',
    note: t(lang, 'dashboard.scorecardNote'),
  };
}
