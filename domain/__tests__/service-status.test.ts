import { describe, expect, it } from 'vitest';
import type { DataService, ServiceNotice } from '../../catalog-schema/generated/types.ts';
import { serviceStatus } from '../service-status.ts';
import { seedSnapshot } from '../../pipeline/__tests__/fixtures.ts';

const snapshot = seedSnapshot();
const bus = snapshot.dataServices.find((s) => s.id === 'api-du-lieu-xe-buyt')!;
const notice = (over: Partial<ServiceNotice>): ServiceNotice => ({
  id: 'n',
  service: bus.id,
  publisher: bus.publisher,
  kind: 'maintenance',
  title: { vi: 'Bảo trì' },
  announced: '2026-11-01T02:00:00.000Z',
  start: '2026-12-05T15:00:00.000Z',
  expectedEnd: '2026-12-05T23:00:00.000Z',
  status: 'published',
  ...over,
});

describe('serviceStatus', () => {
  it('is under maintenance only inside the window, and lists the window as coming up before it', () => {
    const n = notice({});
    expect(serviceStatus(bus, [n], new Date('2026-12-01T00:00:00Z'))).toMatchObject({ state: 'operational', upcoming: [n] });
    expect(serviceStatus(bus, [n], new Date('2026-12-05T16:00:00Z'))).toMatchObject({ state: 'maintenance', because: n, upcoming: [] });
    expect(serviceStatus(bus, [n], new Date('2026-12-06T00:00:00Z')).state).toBe('operational');
  });

  it('keeps an outage until the agency says the service is back, and a termination for good', () => {
    const outage = notice({ id: 'o', kind: 'outage', start: '2026-11-20T00:00:00.000Z', expectedEnd: undefined, reason: { vi: 'Mất điện' } });
    expect(serviceStatus(bus, [outage], new Date('2026-11-22T00:00:00Z')).state).toBe('outage');
    expect(serviceStatus(bus, [{ ...outage, end: '2026-11-21T00:00:00.000Z' }], new Date('2026-11-22T00:00:00Z')).state).toBe('operational');
    const end = notice({ id: 't', kind: 'termination', start: '2027-01-30T17:00:00.000Z', reason: { vi: 'Thay bằng v2' } });
    expect(serviceStatus(bus, [end], new Date('2027-02-01T00:00:00Z')).state).toBe('terminated');
  });

  it('falls back to the state the agency declares, and reads the seeded notices newest first', () => {
    const declared: DataService = { ...bus, serviceState: 'degraded' };
    expect(serviceStatus(declared, [], new Date()).state).toBe('degraded');
    const s = serviceStatus(bus, snapshot.serviceNotices ?? [], new Date('2026-11-23T00:00:00Z'));
    expect(s.history.map((n) => n.id)).toEqual(['xe-buyt-bao-tri-2026-12', 'xe-buyt-bao-tri-2026-09']);
    expect(s.upcoming.map((n) => n.id)).toEqual(['xe-buyt-bao-tri-2026-12']);
  });

  it('the public snapshot holds no notice of a service the public cannot see, and those of every service it lists', () => {
    const ids = new Set(snapshot.dataServices.map((s) => s.id));
    expect((snapshot.serviceNotices ?? []).every((n) => ids.has(n.service))).toBe(true);
    // Every published service is listed, those for agencies only included (domain/visibility.ts): so are their notices.
    expect(snapshot.serviceNotices?.length).toBe(6);
  });
});
