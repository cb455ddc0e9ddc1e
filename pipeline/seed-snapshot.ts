// The demo seed as a catalog snapshot, the way the build makes one (published, public entries only,
// through snapshotFromStored), without a running CMS. Used by tests and by the benchmark's synthetic
// catalog.
import type { StoredCatalog } from '../cms/src/client.ts';
import { loadSeed, type SeedRecord } from '../cms/src/seed-data.ts';
import type { CodeListEntry } from '../catalog-schema/generated/types.ts';
import type { CatalogSnapshot } from '../domain/snapshot.ts';
import { snapshotFromStored } from './catalog-source.ts';

export function seedSnapshot(codeListEntries: CodeListEntry[] = [], generatedAt = '2026-11-23T00:00:00.000Z'): CatalogSnapshot {
  const seed = loadSeed();
  const visible = (r: SeedRecord) => r.status === 'published' && r.accessLevel === 'public';
  const datasets = seed.Dataset.filter(visible);
  const ids = new Set(datasets.map((d) => d.id));
  const strip = ({ distribution: _d, ...rest }: SeedRecord) => rest;
  const stored = {
    catalog: seed.Catalog[0],
    agents: seed.Agent,
    contactPoints: seed.ContactPoint,
    themes: seed.Theme,
    datasets: datasets.map(strip),
    distributions: seed.Distribution.filter((x) => ids.has(x.dataset as string)),
    dataServices: seed.DataService.filter(visible),
    serviceNotices: seed.ServiceNotice.filter((n) => n.status === 'published' && seed.DataService.some((x) => x.id === n.service && visible(x))),
    informationSystems: seed.InformationSystem.filter((x) => x.status === 'published'),
    codeLists: seed.CodeList.filter((c) => c.status === 'published'),
    codeListEntries,
  } as unknown as StoredCatalog;
  return snapshotFromStored(stored, 'seed', generatedAt);
}
