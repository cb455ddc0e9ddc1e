// Reads the public change history of each dataset from the CMS revisions (reduced by
// domain/change-history.ts, which keeps no person and no value, only which public fields changed).
import { readRevisions } from '@directus/sdk';
import type { Cms } from '../cms/src/client.ts';
import { publicHistory, type RevisionRow } from '../domain/change-history.ts';
import type { HistoryEntry } from '../domain/snapshot.ts';

/**
 * Reads the revisions of datasets and distributions with an administrator's client, page by page;
 * `only`: those of these datasets and distributions (an incremental publish), else all.
 */
export async function readHistory(admin: Cms, datasetIds: ReadonlySet<string>, only?: { datasets: string[]; distributions: string[] }): Promise<Record<string, HistoryEntry[]>> {
  const rows: RevisionRow[] = [];
  const pageSize = 5000;
  const filter = only
    ? {
        _or: [
          { _and: [{ collection: { _eq: 'datasets' } }, { item: { _in: only.datasets.length ? only.datasets : ['-'] } }] },
          { _and: [{ collection: { _eq: 'distributions' } }, { item: { _in: only.distributions.length ? only.distributions : ['-'] } }] },
        ],
      }
    : { collection: { _in: ['datasets', 'distributions'] } };
  for (let page = 1; ; page++) {
    const batch = (await admin.request(
      readRevisions({
        filter,
        fields: ['id', 'collection', 'item', 'data', 'delta', 'activity.action', 'activity.timestamp'],
        sort: ['id'],
        limit: pageSize,
        page,
      } as never),
    )) as unknown as RevisionRow[];
    rows.push(...batch);
    if (batch.length < pageSize) break;
  }
  return publicHistory(rows, datasetIds);
}
