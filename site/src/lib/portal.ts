// The page data layer: the catalog snapshot indexed for pages. Pages call these functions and
// render; nothing here renders HTML.
import type { Agent, CodeListEntry, ContactPoint, DataService, InformationSystem, ServiceNotice, Theme } from '../../../catalog-schema/generated/types.ts';
import { healthByService, readHealthLog, type ServiceHealth } from '../../../domain/health.ts';
import { localePath, text, type Lang } from './i18n.ts';
import { sharedSlot, sharedWeakMap } from './process-cache.ts';
import { readProfiles, type Profiles } from '../../../domain/profiles.ts';
import { readSnapshot, type CatalogSnapshot, type DatasetWithDistributions } from '../../../domain/snapshot.ts';
import { buildConfig, healthFileFor, profilesFileFor } from '../../../platform/config.ts';

export type Dataset = DatasetWithDistributions;

export interface Portal {
  snapshot: CatalogSnapshot;
  agents: Agent[];
  agentById: Map<string, Agent>;
  contactById: Map<string, ContactPoint>;
  themes: Theme[];
  themeById: Map<string, Theme>;
  /** Most recently updated first. */
  datasets: Dataset[];
  datasetById: Map<string, Dataset>;
  services: DataService[];
  serviceById: Map<string, DataService>;
  /** Labels of place codes (dct:spatial) from the code lists, by code. */
  placeByCode: Map<string, { vi: string; en?: string }>;
  /** What the build learned about each distribution's file, by distribution id. */
  profiles: Profiles;
  /** Published notices of the public services. */
  notices: ServiceNotice[];
  /** Information systems that connect through the LGSP, by title. */
  systems: InformationSystem[];
  /** What the health monitor measured, by service id (empty when it has not run). */
  health: Map<string, ServiceHealth>;
  /**
   * The time the pages stand for: when the catalog was read (the snapshot's), so that one snapshot
   * always builds the same pages. Current states and availability are as of this instant.
   */
  now: Date;
}

const collator = new Intl.Collator('vi', { sensitivity: 'base' });

/** The date a dataset was last changed (modified, else issued). */
export function lastUpdate(d: { modified?: string; issued?: string }): string | undefined {
  return d.modified ?? d.issued;
}

function byNewest<T extends { modified?: string; issued?: string; id: string }>(a: T, b: T): number {
  return (lastUpdate(b) ?? '').localeCompare(lastUpdate(a) ?? '') || a.id.localeCompare(b.id);
}

export function buildPortal(snapshot: CatalogSnapshot, profiles: Profiles = {}, health: Map<string, ServiceHealth> = new Map(), now: Date = new Date()): Portal {
  const agents = [...snapshot.agents].sort((a, b) => collator.compare(a.name.vi, b.name.vi));
  const themes = [...snapshot.themes].sort((a, b) => (a.order ?? 999) - (b.order ?? 999) || collator.compare(a.label.vi, b.label.vi));
  const datasets = [...snapshot.datasets].sort(byNewest);
  const services = [...snapshot.dataServices].sort((a, b) => collator.compare(a.title.vi, b.title.vi));
  return {
    snapshot,
    agents,
    agentById: new Map(agents.map((a) => [a.id, a])),
    contactById: new Map(snapshot.contactPoints.map((c) => [c.id, c])),
    themes,
    themeById: new Map(themes.map((t) => [t.id, t])),
    datasets,
    datasetById: new Map(datasets.map((d) => [d.id, d])),
    services,
    serviceById: new Map(services.map((s) => [s.id, s])),
    placeByCode: new Map(snapshot.codeListEntries.map((e) => [e.code, e.label])),
    profiles,
    notices: [...(snapshot.serviceNotices ?? [])].sort((a, b) => b.start.localeCompare(a.start) || a.id.localeCompare(b.id)),
    systems: [...(snapshot.informationSystems ?? [])].sort((a, b) => collator.compare(a.title.vi, b.title.vi)),
    health,
    now,
  };
}

/**
 * Where the build (and the portal server) find the snapshot: ODP_CATALOG_FILE, or the default in the
 * state folder; in the live portal server, the catalog an incremental publish switched to.
 */
export function catalogFile(): string {
  return switched.get() ?? buildConfig().snapshotFile;
}

const switched = sharedSlot<string>('catalog-file');
const loaded = sharedSlot<Map<string, Portal>>('portals');

/**
 * The portal of a catalog file, read once per process. Two are kept: the one served and the one an
 * incremental publish is loading, so requests under way never read the old file again meanwhile.
 */
export function loadPortal(file = catalogFile()): Portal {
  let portals = loaded.get();
  if (!portals) loaded.set((portals = new Map<string, Portal>()));
  let portal = portals.get(file);
  if (!portal) {
    const snapshot = readSnapshot(file);
    const now = new Date(snapshot.generatedAt);
    portal = buildPortal(snapshot, readProfiles(profilesFileFor(file)), healthByService(readHealthLog(healthFileFor(file)), now), now);
    portals.set(file, portal);
    for (const f of portals.keys()) if (portals.size > 2 && f !== file && f !== catalogFile()) portals.delete(f);
  }
  return portal;
}

/** Whether this process has already read the portal of `file` (the portal server loads it before it listens). */
export function portalLoaded(file = catalogFile()): boolean {
  return loaded.get()?.has(file) ?? false;
}

/**
 * Makes `snapshot` (with `profiles`) the portal of `file` without reading the file: an incremental
 * publish's patch applied in memory to the catalog served now. The health log is read again.
 */
export function adoptCatalog(file: string, snapshot: CatalogSnapshot, profiles: Profiles): Portal {
  let portals = loaded.get();
  if (!portals) loaded.set((portals = new Map<string, Portal>()));
  const now = new Date(snapshot.generatedAt);
  const portal = buildPortal(snapshot, profiles, healthByService(readHealthLog(healthFileFor(file)), now), now);
  portals.set(file, portal);
  return portal;
}

/**
 * From now on the pages and routes of this process read `file` (an incremental publish): call it
 * once the portal of `file` is loaded, so the switch is one step.
 */
export function switchCatalog(file: string): void {
  switched.set(file);
  const portals = loaded.get();
  for (const f of portals?.keys() ?? []) if (f !== file) portals!.delete(f);
}

// ——— selections ———

const byTitleCache = sharedWeakMap<Portal, Partial<Record<Lang, Dataset[]>>>('datasets-by-title');

/** Every dataset by its title in one language (the request form's list): sorted once per catalog, not per request. */
export function datasetsByTitle(p: Portal, lang: Lang): Dataset[] {
  const cached = byTitleCache.get(p) ?? {};
  byTitleCache.set(p, cached);
  return (cached[lang] ??= p.datasets
    .map((d) => ({ d, t: text(d.title, lang) }))
    .sort((a, b) => collator.compare(a.t, b.t))
    .map((x) => x.d));
}

export function datasetsOfAgent(p: Portal, agentId: string): Dataset[] {
  return p.datasets.filter((d) => d.publisher === agentId || d.owningAgency === agentId);
}

export function datasetsOfTheme(p: Portal, themeId: string): Dataset[] {
  return p.datasets.filter((d) => d.theme?.includes(themeId));
}

export function servicesOfAgent(p: Portal, agentId: string): DataService[] {
  return p.services.filter((s) => s.publisher === agentId);
}

export function servicesOfDataset(p: Portal, datasetId: string): DataService[] {
  return p.services.filter((s) => s.servesDataset?.includes(datasetId));
}

export function noticesOfService(p: Portal, serviceId: string): ServiceNotice[] {
  return p.notices.filter((n) => n.service === serviceId);
}

export function systemsOfService(p: Portal, serviceId: string): InformationSystem[] {
  return p.systems.filter((x) => x.providesService?.includes(serviceId) || x.usesService?.includes(serviceId));
}

export function contactsOfAgent(p: Portal, agentId: string): ContactPoint[] {
  const order = { leader: 0, 'data-officer': 1, technical: 2 } as const;
  return p.snapshot.contactPoints.filter((c) => c.agent === agentId).sort((a, b) => order[a.role] - order[b.role] || a.id.localeCompare(b.id));
}

/** Contact points of an entry, in the order the entry lists them (unknown ids skipped). */
export function contactsOf(p: Portal, ids: string[] | undefined): ContactPoint[] {
  return (ids ?? []).map((id) => p.contactById.get(id)).filter((c): c is ContactPoint => !!c);
}

/** The newest datasets by first publication (issued). */
export function newestDatasets(p: Portal, n: number): Dataset[] {
  return [...p.datasets].sort((a, b) => (b.issued ?? '').localeCompare(a.issued ?? '') || a.id.localeCompare(b.id)).slice(0, n);
}

/** The most recently updated datasets (modified). */
export function recentlyUpdated(p: Portal, n: number): Dataset[] {
  return p.datasets.slice(0, n);
}

/** Agencies that publish something, with their counts (agencies with nothing published are kept, at 0). */
export function agentStats(p: Portal): { agent: Agent; datasets: number; services: number }[] {
  return p.agents.map((agent) => ({ agent, datasets: datasetsOfAgent(p, agent.id).length, services: servicesOfAgent(p, agent.id).length }));
}

export function themeStats(p: Portal): { theme: Theme; datasets: number }[] {
  return p.themes.map((theme) => ({ theme, datasets: datasetsOfTheme(p, theme.id).length }));
}

/** Distinct file formats of a dataset's distributions, in first-seen order. */
export function formatsOf(d: Dataset): string[] {
  return [...new Set(d.distribution.map((x) => x.format))];
}

/** Counts of each value of `values(d)` over `datasets`, most frequent first, then by value. */
export function countBy(datasets: Dataset[], values: (d: Dataset) => readonly string[] | string | undefined): { value: string; count: number }[] {
  const counts = new Map<string, number>();
  for (const d of datasets) {
    const v = values(d);
    for (const x of new Set(v === undefined ? [] : typeof v === 'string' ? [v] : v)) counts.set(x, (counts.get(x) ?? 0) + 1);
  }
  return [...counts].map(([value, count]) => ({ value, count })).sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
}

/** Values of a code list: top-level ones, and the children of each (wards of a province). */
export function codeListEntries(p: Portal, codeList: string): { top: CodeListEntry[]; childrenOf: Map<string, CodeListEntry[]> } {
  const entries = p.snapshot.codeListEntries.filter((e) => e.codeList === codeList).sort((a, b) => (a.order ?? 0) - (b.order ?? 0) || a.code.localeCompare(b.code));
  const codes = new Set(entries.map((e) => e.code));
  const childrenOf = new Map<string, CodeListEntry[]>();
  for (const e of entries) if (e.parentCode && codes.has(e.parentCode)) childrenOf.set(e.parentCode, [...(childrenOf.get(e.parentCode) ?? []), e]);
  return { top: entries.filter((e) => !e.parentCode || !codes.has(e.parentCode)), childrenOf };
}

export function placeLabel(p: Portal, code: string, lang: Lang): string {
  const label = p.placeByCode.get(code);
  return label ? text(label, lang) : code;
}

// ——— addresses of pages ———

export const paths = {
  home: (lang: Lang) => localePath(lang, '/'),
  datasets: (lang: Lang) => localePath(lang, '/datasets/'),
  dataset: (lang: Lang, id: string) => localePath(lang, `/datasets/${id}/`),
  agencies: (lang: Lang) => localePath(lang, '/agencies/'),
  agency: (lang: Lang, id: string) => localePath(lang, `/agencies/${id}/`),
  themes: (lang: Lang) => localePath(lang, '/themes/'),
  theme: (lang: Lang, id: string) => localePath(lang, `/themes/${id}/`),
  services: (lang: Lang) => localePath(lang, '/services/'),
  service: (lang: Lang, id: string) => localePath(lang, `/services/${id}/`),
  serviceReference: (lang: Lang, id: string) => localePath(lang, `/services/${id}/reference/`),
  codeLists: (lang: Lang) => localePath(lang, '/code-lists/'),
  status: (lang: Lang) => localePath(lang, '/status/'),
  systems: (lang: Lang) => localePath(lang, '/systems/'),
  contacts: (lang: Lang, agency?: string) => localePath(lang, `/contacts/${agency ? `#${agency}` : ''}`),
  openapi: (id: string) => `/openapi/${id}.json`,
  codeList: (lang: Lang, id: string, parent?: string) => localePath(lang, `/code-lists/${id}/${parent ? `${parent}/` : ''}`),
  search: (lang: Lang, query = '') => localePath(lang, `/search/${query ? `?${query}` : ''}`),
  dashboard: (lang: Lang) => localePath(lang, '/dashboard/'),
  requests: (lang: Lang) => localePath(lang, '/requests/'),
  requestForm: (lang: Lang, query = '') => localePath(lang, `/requests/new/${query ? `?${query}` : ''}`),
};
