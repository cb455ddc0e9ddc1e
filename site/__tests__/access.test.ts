import { describe, expect, it } from 'vitest';
import { seedSnapshot } from '../../pipeline/__tests__/fixtures.ts';
import { datasetAccess, serviceRestricted } from '../src/lib/access.ts';
import { buildPortal } from '../src/lib/portal.ts';

const p = buildPortal(seedSnapshot());
const dataset = (id: string) => p.datasetById.get(id)!;

describe('how to get data the public may not download', () => {
  it('says nothing for open data: its files are on the page', () => {
    expect(datasetAccess(p, dataset('cho-truyen-thong'), 'vi')).toBeUndefined();
  });

  it('says who may use shared data, through which service and how to ask', () => {
    const a = datasetAccess(p, dataset('camera-giam-sat-giao-thong'), 'vi')!;
    expect(a.level).toBe('Chỉ cơ quan nhà nước');
    expect(a.who.kind).toBe('listed');
    if (a.who.kind === 'listed') expect(a.who.agencies.map((x) => x.id)).toEqual(dataset('camera-giam-sat-giao-thong').allowedAgencies);
    expect(a.services.map((s) => s.id)).toContain('lgsp-camera-giao-thong');
    expect(a.services.find((s) => s.id === 'lgsp-camera-giao-thong')).toMatchObject({ href: '/services/lgsp-camera-giao-thong/', connection: expect.stringContaining('LGSP') as string });
    expect(a.methods.length).toBeGreaterThan(0);
    expect(a.connectionHref).toBe('/publish/connections/new?dataset=camera-giam-sat-giao-thong');
    expect(a.proposeHref).toBe('/requests/new/?kind=open_data&dataset=camera-giam-sat-giao-thong');
    expect(a.guidelines?.vi).toBeTruthy();
  });

  it("names the owning agency of internal data, and every agency when a shared dataset lists none, in the reader's language", () => {
    const land = datasetAccess(p, dataset('co-so-du-lieu-dat-dai'), 'en')!;
    expect(land.who.kind).toBe('internal');
    expect(land.level).toBe('Internal');
    expect(land.connectionHref).toBe('/en/publish/connections/new?dataset=co-so-du-lieu-dat-dai');
    const power = datasetAccess(p, dataset('san-luong-dien-tieu-thu'), 'vi')!;
    expect(power.who).toEqual({ kind: 'agencies' });
  });

  it('tells a service for agencies only (a connection request first) from a public one', () => {
    expect(serviceRestricted(p.serviceById.get('lgsp-vi-tri-xe-buyt')!)).toBe(true);
    expect(serviceRestricted(p.serviceById.get('api-du-lieu-xe-buyt')!)).toBe(false);
  });
});
