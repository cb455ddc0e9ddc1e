// The demo seed as a catalog snapshot, the way the build makes one (what the public reads: published
// entries with a public description, the files of open data only; domain/visibility.ts; through
// snapshotFromStored), without a running CMS. Used by tests and by the benchmark's synthetic catalog.
import type { StoredCatalog } from '../cms/src/client.ts';
import { loadSeed, type SeedRecord } from '../cms/src/seed-data.ts';
import type { CodeListEntry } from '../catalog-schema/generated/types.ts';
import type { CatalogSnapshot } from '../domain/snapshot.ts';
import { openForDownload, publiclyListed, type VisibilityFields } from '../domain/visibility.ts';
import { snapshotFromStored } from './catalog-source.ts';

export function seedSnapshot(codeListEntries: CodeListEntry[] = [], generatedAt = '2026-11-23T00:00:00.000Z'): CatalogSnapshot {
  const seed = loadSeed();
  const datasets = seed.Dataset.filter((d) => publiclyListed('Dataset', d as VisibilityFields));
  const service = (r: SeedRecord | undefined) => publiclyListed('DataService', r as VisibilityFields | undefined);
  const ids = new Set(datasets.filter((d) => openForDownload(d as VisibilityFields)).map((d) => d.id));
  const strip = ({ distribution: _d, ...rest }: SeedRecord) => rest;
  const stored = {
    catalog: seed.Catalog[0],
    agents: seed.Agent,
    contactPoints: seed.ContactPoint,
    themes: seed.Theme,
    datasets: datasets.map(strip),
    distributions: seed.Distribution.filter((x) => ids.has(x.dataset as string)),
    dataServices: seed.DataService.filter(service),
    serviceNotices: seed.ServiceNotice.filter((n) => n.status === 'published' && service(seed.DataService.find((x) => x.id === n.service))),
    informationSystems: seed.InformationSystem.filter((x) => x.status === 'published'),
    codeLists: seed.CodeList.filter((c) => c.status === 'published'),
    codeListEntries,
  } as unknown as StoredCatalog;
  return snapshotFromStored(stored, 'seed', generatedAt);
}
