// What state a data-sharing service is in, from its notices (HCMC 30/2026 art. 20-21) and the state
// its agency declares, at a given time (the build's). Measured health is shown beside it, not mixed in:
// a failed health call says "did not answer", while the state says what the agency announced.
import type { DataService, ServiceNotice } from '../catalog-schema/generated/types.ts';

export type ServiceStateCode = NonNullable<DataService['serviceState']>;

export interface ServiceStatus {
  state: ServiceStateCode;
  /** The notice that puts the service in `state`, when one does. */
  because?: ServiceNotice;
  /** Maintenance and terminations announced for later, soonest first. */
  upcoming: ServiceNotice[];
  /** Every notice, newest start first. */
  history: ServiceNotice[];
}

const t = (iso: string | undefined) => (iso ? Date.parse(iso) : NaN);

export function serviceStatus(service: DataService, notices: ServiceNotice[], now: Date = new Date()): ServiceStatus {
  const n = now.getTime();
  const history = notices.filter((x) => x.service === service.id).sort((a, b) => t(b.start) - t(a.start) || a.id.localeCompare(b.id));
  const started = history.filter((x) => t(x.start) <= n);
  const active =
    started.find((x) => x.kind === 'termination') ?? started.find((x) => x.kind === 'outage' && !(t(x.end) <= n)) ?? started.find((x) => x.kind === 'maintenance' && !(t(x.end ?? x.expectedEnd) <= n));
  const upcoming = history.filter((x) => (x.kind === 'maintenance' || x.kind === 'termination') && t(x.start) > n).reverse();
  const byKind: Record<string, ServiceStateCode> = { termination: 'terminated', outage: 'outage', maintenance: 'maintenance' };
  if (active) return { state: byKind[active.kind] ?? 'operational', because: active, upcoming, history };
  // A declared maintenance or outage without a current notice is what the agency last said.
  return { state: service.serviceState ?? 'operational', upcoming, history };
}
