import { describe, expect, it } from 'vitest';
import { seedSnapshot } from '../../pipeline/__tests__/fixtures.ts';
import { applyPatch } from '../snapshot.ts';

const seed = seedSnapshot();
// As read from the CMS: by id.
const prev = { ...seed, datasets: [...seed.datasets].sort((x, y) => (x.id < y.id ? -1 : 1)) };
const [a, b] = prev.datasets;
const service = prev.dataServices[0]!;

describe('an incremental publish applied to a snapshot', () => {
  it('replaces changed entries in place, adds new ones by id and leaves withdrawn ones out', () => {
    const edited = { ...a!, title: { vi: 'Tên mới', en: 'New title' } };
    const added = { ...b!, id: `${b!.id}-moi` };
    const next = applyPatch(prev, { datasets: [edited, added], removedDatasets: [b!.id], dataServices: [], removedServices: [service.id], serviceNotices: [] });
    expect(next.datasets.find((d) => d.id === a!.id)?.title.vi).toBe('Tên mới');
    expect(next.datasets.findIndex((d) => d.id === a!.id)).toBe(prev.datasets.findIndex((d) => d.id === a!.id));
    expect(next.datasets.some((d) => d.id === b!.id)).toBe(false);
    const i = next.datasets.findIndex((d) => d.id === added.id);
    expect(next.datasets[i - 1]!.id < added.id && (next.datasets[i + 1]?.id ?? '\uffff') > added.id).toBe(true);
    expect(next.dataServices.some((x) => x.id === service.id)).toBe(false);
    expect((next.serviceNotices ?? []).some((n) => n.service === service.id)).toBe(false);
    expect(next.datasets).toHaveLength(prev.datasets.length);
    // The snapshot it started from is left as it was.
    expect(prev.datasets.find((d) => d.id === a!.id)?.title.vi).not.toBe('Tên mới');
  });

  it('replaces the history of the changed datasets and keeps everyone else’s', () => {
    const withHistory = {
      ...prev,
      history: { [a!.id]: [{ date: '2026-01-01', target: 'dataset', fields: ['title'] }], [b!.id]: [{ date: '2026-01-02', target: 'dataset', fields: ['title'] }] },
    } as typeof prev;
    const next = applyPatch(withHistory, { datasets: [a!], removedDatasets: [], dataServices: [], removedServices: [], serviceNotices: [], history: {} });
    expect(next.history?.[a!.id]).toBeUndefined();
    expect(next.history?.[b!.id]).toEqual(withHistory.history![b!.id]);
  });
});
