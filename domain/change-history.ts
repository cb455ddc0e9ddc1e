// The public change history of each dataset, from the CMS revisions: what changed (field names), when,
// and the workflow's status transitions. Nothing personal leaves the CMS: no user, no e-mail, no IP,
// and neither the values nor the reviewer's internal comments, only which public fields changed.
import { propertiesOf } from '../catalog-schema/src/model.ts';
import type { HistoryEntry } from './snapshot.ts';

/** A revision as read from Directus: the item after the change (data) and what changed (delta). */
export interface RevisionRow {
  id: number;
  collection: string;
  item: string;
  data: Record<string, unknown> | null;
  delta: Record<string, unknown> | null;
  activity: { action: string; timestamp: string } | null;
}

// Workflow-internal fields: they change with every review and mean nothing to the public.
const internal = new Set(['reviewNote', 'submitted', 'qualityScore', 'status', 'distribution']);
const publicFields = {
  datasets: new Set(
    propertiesOf('Dataset')
      .map((p) => p.name)
      .filter((n) => !internal.has(n)),
  ),
  distributions: new Set(
    propertiesOf('Distribution')
      .map((p) => p.name)
      .filter((n) => !internal.has(n) && n !== 'dataset'),
  ),
};

/**
 * Reduces revisions (any order) to a public history per dataset of `datasetIds`, newest first.
 * Updates that touched only internal fields and kept the status are left out.
 */
export function publicHistory(revisions: readonly RevisionRow[], datasetIds: ReadonlySet<string>): Record<string, HistoryEntry[]> {
  const out: Record<string, HistoryEntry[]> = {};
  const lastStatus = new Map<string, string>();
  for (const r of [...revisions].sort((a, b) => a.id - b.id)) {
    if (!r.activity || (r.collection !== 'datasets' && r.collection !== 'distributions')) continue;
    const action = r.activity.action === 'create' || r.activity.action === 'delete' ? r.activity.action : 'update';
    const data = r.data ?? {};
    const delta = r.delta ?? {};
    // A distribution's `dataset` is the dataset's id (a slug, the primary key it refers to).
    const ref = data.dataset ?? delta.dataset;
    const datasetId = r.collection === 'datasets' ? r.item : typeof ref === 'string' ? ref : '';
    if (!datasetIds.has(datasetId)) continue;
    const allowed = publicFields[r.collection];
    const fields = Object.keys(action === 'create' ? {} : delta)
      .filter((f) => allowed.has(f))
      .sort();
    const entry: HistoryEntry = { date: r.activity.timestamp, action, target: r.collection === 'datasets' ? 'dataset' : r.item, fields };
    if (r.collection === 'datasets') {
      const to = typeof delta.status === 'string' ? delta.status : action === 'create' && typeof data.status === 'string' ? data.status : undefined;
      const from = lastStatus.get(r.item);
      if (to && to !== from) entry.status = from ? { from, to } : { to };
      if (typeof data.status === 'string') lastStatus.set(r.item, data.status);
    }
    if (action === 'update' && !fields.length && !entry.status) continue;
    (out[datasetId] ??= []).push(entry);
  }
  for (const list of Object.values(out)) list.reverse();
  return out;
}

const keyOf = (e: HistoryEntry) => `${e.date}|${e.target}|${e.action}`;

/**
 * Keeps what an earlier snapshot knew: Directus's Core plan serves revisions through the API for
 * 30 days only (README, "Directus plan"), so older steps come from the previous snapshot.
 */
export function mergeHistory(earlier: Record<string, HistoryEntry[]> | undefined, now: Record<string, HistoryEntry[]>, datasetIds: ReadonlySet<string>): Record<string, HistoryEntry[]> {
  const out: Record<string, HistoryEntry[]> = {};
  for (const id of datasetIds) {
    const seen = new Map<string, HistoryEntry>();
    for (const e of [...(earlier?.[id] ?? []), ...(now[id] ?? [])]) seen.set(keyOf(e), e);
    const list = [...seen.values()].sort((a, b) => b.date.localeCompare(a.date) || b.target.localeCompare(a.target));
    if (list.length) out[id] = list;
  }
  return out;
}
