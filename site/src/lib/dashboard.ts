// The governance dashboard, computed at build time from the catalog snapshot: what the portal
// publishes, by agency, theme, data kind and file format, and which datasets are late with their
// declared updates (by agency). Each chart is a table first; the page draws the chart from it.
import { assessQuality } from './quality.ts';
import { t, term, text, type Lang } from './i18n.ts';
import { paths, type Portal } from './portal.ts';
import { requestOutcomes, requestStatuses } from './request-list.ts';

export interface DashboardTable {
  id: string;
  title: string;
  /** Column headings: the label column, then one per series. */
  columns: string[];
  rows: { label: string; href?: string; values: number[] }[];
  /** Chart kind the page draws (bar for counts, stacked bar for on time / overdue). */
  chart: 'bar' | 'stacked';
}

function counted(entries: Iterable<string>): Map<string, number> {
  const m = new Map<string, number>();
  for (const e of entries) m.set(e, (m.get(e) ?? 0) + 1);
  return m;
}

const byCount = (a: { values: number[]; label: string }, b: { values: number[]; label: string }) => b.values[0]! - a.values[0]! || a.label.localeCompare(b.label, 'vi');

/** `today` (YYYY-MM-DD) is the build's date, as for the quality reports. */
export function dashboard(p: Portal, lang: Lang, today: string): DashboardTable[] {
  const n = t(lang, 'dashboard.datasets');
  const agencies = counted(p.datasets.map((d) => d.publisher));
  const themes = counted(p.datasets.flatMap((d) => d.theme ?? []));
  const kinds = counted(p.datasets.flatMap((d) => d.dataKind));
  const formats = counted(p.datasets.flatMap((d) => d.distribution.map((x) => x.format)));
  const late = new Map<string, { onTime: number; overdue: number }>();
  for (const d of p.datasets) {
    const q = assessQuality(d, p.profiles, today);
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
      rows: [...late]
        .map(([id, s]) => ({ label: agencyName(id), values: [s.onTime, s.overdue] }))
        .sort((a, b) => b.values[1]! - a.values[1]! || a.label.localeCompare(b.label, 'vi')),
      chart: 'stacked',
    },
    {
      id: 'requests',
      title: t(lang, 'dashboard.requests'),
      columns: [t(lang, 'request.kind'), ...requestStatuses.map((st) => term('RequestStatus', st, lang))],
      rows: requestOutcomes(p.snapshot.requests ?? []).map((r) => ({ label: term('RequestKind', r.kind, lang), href: paths.requests(lang), values: r.counts })),
      chart: 'stacked',
    },
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
