// Counts of every dataset and data service in the CMS by agency, read by the administrator client at
// build time: the governance dashboard shows shared and internal data, drafts and entries awaiting
// review, which the public catalog does not list; and the agencies' connection requests by the step
// they are at. Only counts leave the CMS: no titles, no names, no purposes.
import { aggregate, readItems } from '@directus/sdk';
import type { Cms } from '../cms/src/client.ts';
import { countConnections, type ConnectionStepRecord } from '../domain/connection-steps.ts';
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
  // The step a request is at is read from its steps (a JSON list Directus cannot group by): only the
  // steps are fetched, and only the counts are kept.
  const connections = (await admin.request(readItems('connection_requests', { fields: ['steps'], limit: -1 } as never))) as unknown as { steps: unknown }[];
  return { ...foldCounts(datasets, services, countedAt), connections: connectionCounts(connections.map((c) => c.steps)) };
}

/** Connection requests by the step they are at and its state; steps not stored as the five are left out. */
export function connectionCounts(stored: readonly unknown[]): NonNullable<GovernanceCounts['connections']> {
  const parsed = (s: unknown): unknown => {
    if (typeof s !== 'string') return s;
    try {
      return JSON.parse(s);
    } catch {
      return undefined;
    }
  };
  return countConnections(stored.map(parsed).filter((s): s is ConnectionStepRecord[] => Array.isArray(s)));
}
