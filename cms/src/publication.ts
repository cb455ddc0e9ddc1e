// Which entries the public site shows, and which writes change what it shows: the CMS hook scans
// files for personal data before they go out and asks the pipeline to publish to live after (README,
// "Governance: workflow, publish to live, personal-data guard, dashboard").

type Item = Record<string, unknown>;

/**
 * Whether the public has the entry's files: published, and public. The public site also shows
 * entries whose description alone is public (domain/visibility.ts, publiclyListed); their files never.
 */
export function isOpen(entry: Item | undefined): boolean {
  return entry?.status === 'published' && entry.accessLevel === 'public';
}

/** Ids of the entries among `rows` that are on the public site (by default: open). */
export function openIds(rows: readonly Item[], onSite: (row: Item) => boolean = isOpen): string[] {
  return rows.filter((r) => onSite(r)).map((r) => String(r.id));
}

/** Whether an update takes a dataset onto the public site: open after it, not before. */
export function opensNow(before: Item, after: Item): boolean {
  return isOpen(after) && !isOpen(before);
}

/** The distributions written together with a new dataset (objects only; ids name existing ones). */
export function embeddedDistributions(dataset: Item): Item[] {
  return Array.isArray(dataset.distribution) ? (dataset.distribution as unknown[]).filter((x): x is Item => typeof x === 'object' && x !== null) : [];
}

/** Whether an update of a distribution changes the file the portal serves: its address, its format or its dataset. */
export function servedFileChanged(before: Item, after: Item): boolean {
  return after.downloadURL !== before.downloadURL || after.accessURL !== before.accessURL || after.format !== before.format || after.dataset !== before.dataset;
}

export interface FileRef {
  id: string;
  format: string;
  downloadURL: string | null;
  accessURL: string | null;
}

/** Distributions as the personal-data scan reads them; one not stored yet has no id. */
export function fileRefs(distributions: readonly Item[]): FileRef[] {
  return distributions.map((x) => ({
    id: typeof x.id === 'string' || typeof x.id === 'number' ? String(x.id) : '(mới / new)',
    format: typeof x.format === 'string' ? x.format : '',
    downloadURL: (x.downloadURL as string | null | undefined) ?? null,
    accessURL: (x.accessURL as string | null | undefined) ?? null,
  }));
}

/**
 * The ids of an update whose pages change on the public site: those that were open before the
 * change (withdrawn, made internal, or edited) and those open after it (published, or edited).
 */
export function changedOnSite(ids: readonly string[], wasOpen: (id: string) => boolean, rowsAfter: readonly Item[], onSite: (row: Item | undefined) => boolean = isOpen): string[] {
  return ids.filter((id) => wasOpen(id) || onSite(rowsAfter.find((r) => String(r.id) === id)));
}

export interface PublishEntries {
  datasets?: readonly string[];
  services?: readonly string[];
  /** The public list of data requests. */
  requests?: boolean;
}

export interface PublishRequest {
  datasets: string[];
  services: string[];
  requests?: true;
  /** Who made the change: the pipeline sends them a notification when the publish fails. */
  user?: string;
}

/** The body of the pipeline's publish request (pipeline/publish-live.ts); undefined when nothing public changed. */
export function publishRequest(entries: PublishEntries, user: string | null | undefined): PublishRequest | undefined {
  const datasets = [...new Set(entries.datasets ?? [])];
  const services = [...new Set(entries.services ?? [])];
  if (!datasets.length && !services.length && !entries.requests) return undefined;
  return { datasets, services, ...(entries.requests ? { requests: true as const } : {}), ...(user ? { user } : {}) };
}
