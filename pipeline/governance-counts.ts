// Counts of every dataset and data service in the CMS by agency, read by the administrator client at
// build time: the governance dashboard shows shared and internal data, drafts and entries awaiting
// review, which the public catalog does not list. Only counts leave the CMS: no titles, no names.
import { aggregate } from '@directus/sdk';
import type { Cms } from '../cms/src/client.ts';
import type { AgencyCounts, GovernanceCounts } from '../domain/snapshot.ts';

interface Group {
  publisher: string | null;
  status: string | null;
  accessLevel?: string | null;
  connectionModel?: string | null;
  serviceState?: string | null;
  count: number | string | { '*': number | string };
}

const empty = (): AgencyCounts => ({ datasetsByStatus: {}, publishedByAccess: {}, servicesByStatus: {}, publishedServicesByConnection: {}, servicesOperational: 0 });
const add = (m: Record<string, number>, k: string | null | undefined, n: number) => {
  const key = k ?? 'unknown';
  m[key] = (m[key] ?? 0) + n;
};
const countOf = (g: Group): number => Number(typeof g.count === 'object' ? g.count['*'] : g.count);

/** Folds grouped counts (as Directus's aggregate returns them) into counts by agency. */
export function foldCounts(datasets: Group[], services: Group[], countedAt: string): GovernanceCounts {
  const byAgency: Record<string, AgencyCounts> = {};
  const of = (id: string | null) => (byAgency[id ?? 'unknown'] ??= empty());
  for (const g of datasets) {
    const a = of(g.publisher);
    const n = countOf(g);
    add(a.datasetsByStatus, g.status, n);
    if (g.status === 'published') add(a.publishedByAccess, g.accessLevel, n);
  }
  for (const g of services) {
    const a = of(g.publisher);
    const n = countOf(g);
    add(a.servicesByStatus, g.status, n);
    if (g.status === 'published') {
      add(a.publishedServicesByConnection, g.connectionModel, n);
      if (g.serviceState === 'operational' || g.serviceState == null) a.servicesOperational += n;
    }
  }
  return { countedAt, byAgency };
}

export async function readGovernanceCounts(admin: Cms, countedAt = new Date().toISOString()): Promise<GovernanceCounts> {
  const datasets = (await admin.request(aggregate('datasets', { aggregate: { count: '*' }, groupBy: ['publisher', 'status', 'accessLevel'] } as never))) as unknown as Group[];
  const services = (await admin.request(aggregate('data_services', { aggregate: { count: '*' }, groupBy: ['publisher', 'status', 'connectionModel', 'serviceState'] } as never))) as unknown as Group[];
  return foldCounts(datasets, services, countedAt);
}
