// Where a build gets its catalog: the CMS (Directus, read as the public sees it) when it answers,
// otherwise the last snapshot. The build always says which one it used. The public reads the
// descriptions of shared and master data and of every sharing service, and the files of open data
// only (domain/visibility.ts); the snapshot holds no more than that, whatever the CMS answers.
import type { Agent, Catalog, CodeList, CodeListEntry, ContactPoint, DataService, Dataset, Distribution, InformationSystem, ServiceNotice, Theme } from '../catalog-schema/generated/types.ts';
import type { FieldError } from '../catalog-schema/src/errors.ts';
import { openApiErrors } from '../catalog-schema/src/openapi.ts';
import type { EntityName } from '../catalog-schema/src/schemas.ts';
import { validateRecord } from '../catalog-schema/src/validate.ts';
import { describeCmsError, publicClient, readCatalog, type Cms, type StoredCatalog } from '../cms/src/client.ts';
import { toCatalogRecord } from '../cms/src/item-validation.ts';
import { applyPatch, readSnapshot, SNAPSHOT_FORMAT, SnapshotError, writeSnapshot, type CatalogPatch, type CatalogSnapshot } from '../domain/snapshot.ts';
import { filesPublic, metadataVisibility } from '../domain/visibility.ts';
import { mergeHistory } from '../domain/change-history.ts';
import { readHistory } from './change-history.ts';
import { readGovernanceCounts } from './governance-counts.ts';
import { readUsage, usageRecord } from '../domain/usage.ts';
import { usageFileFor, fetchAllowList } from '../platform/config.ts';
import { readItems } from '@directus/sdk';
import { publicRequestFields, toPublicRequest, type PublicRequest } from '../domain/request-list.ts';

/** The requests for the public list, read as administrator but only their public fields. */
export async function readPublicRequests(admin: Cms): Promise<PublicRequest[]> {
  const rows = await admin.request(readItems('data_requests', { fields: [...publicRequestFields], sort: ['-received'], limit: -1 } as never));
  return (rows as Record<string, unknown>[]).map(toPublicRequest);
}

type Item = Record<string, unknown>;

function records<T>(entity: EntityName, items: readonly object[], problems: string[]): T[] {
  const out: T[] = [];
  for (const item of items) {
    const rec = toCatalogRecord(entity, item as Item);
    const errors: FieldError[] = validateRecord(entity, rec, { allowedHosts: fetchAllowList() });
    if (errors.length) problems.push(`${entity} ${String(rec.id)}: ${errors.map((e) => `${e.field} ${e.message_en}`).join('; ')}`);
    else out.push(rec as T);
  }
  return out;
}

/**
 * Turns what the CMS returned into a snapshot: nulls dropped, types coerced, every record validated
 * against the catalog schema. A record that fails validation stops the build (all or nothing), with
 * the list of problems; the live site is never built from a half-valid catalog. Entries whose
 * description is not public, and the files of data that is not open, are left out: the CMS's read
 * rules already hold them back, and a build must not publish them if a permission were ever widened.
 * (The status is the read rules' alone: a harvest's round trip reads its drafts back through here.)
 */
export function snapshotFromStored(stored: StoredCatalog, source: string, generatedAt = new Date().toISOString()): CatalogSnapshot {
  const problems: string[] = [];
  const [catalog] = records<Catalog>('Catalog', [stored.catalog], problems);
  const datasets = publicDatasets(stored.datasets, stored.distributions, problems);
  const snapshot: CatalogSnapshot = {
    format: SNAPSHOT_FORMAT,
    generatedAt,
    source,
    catalog: catalog as Catalog,
    agents: records<Agent>('Agent', stored.agents, problems),
    contactPoints: records<ContactPoint>('ContactPoint', stored.contactPoints, problems),
    themes: records<Theme>('Theme', stored.themes, problems),
    datasets,
    dataServices: publicServices(stored.dataServices, problems),
    serviceNotices: records<ServiceNotice>('ServiceNotice', stored.serviceNotices ?? [], problems),
    informationSystems: records<InformationSystem>('InformationSystem', stored.informationSystems ?? [], problems),
    codeLists: records<CodeList>('CodeList', stored.codeLists, problems),
    codeListEntries: records<CodeListEntry>('CodeListEntry', stored.codeListEntries, problems),
  };
  if (!catalog) problems.push('Catalog: the catalog record is missing');
  stopOnProblems(problems);
  return snapshot;
}

function stopOnProblems(problems: string[]): void {
  if (problems.length) {
    throw new SnapshotError(
      'SNAPSHOT_INVALID',
      `Danh mục trong CMS có ${problems.length} mục không hợp lệ; không dựng trang / the CMS catalog has ${problems.length} invalid record(s); nothing was built:\n  ${problems.slice(0, 20).join('\n  ')}`,
    );
  }
}

/** The datasets whose description is public, each with its files when they are public too. */
function publicDatasets(rows: readonly object[], distributionRows: readonly object[], problems: string[]): CatalogSnapshot['datasets'] {
  const byDataset = new Map<string, Distribution[]>();
  for (const d of records<Distribution>('Distribution', distributionRows, problems)) byDataset.set(d.dataset, [...(byDataset.get(d.dataset) ?? []), d]);
  return records<Dataset>('Dataset', rows, problems)
    .filter((d) => metadataVisibility('Dataset', d) === 'public')
    .map((d) => ({
      ...d,
      distribution: filesPublic(d) ? (byDataset.get(d.id) ?? []).sort((a, b) => a.id.localeCompare(b.id)) : [],
    }));
}

function publicServices(rows: readonly object[], problems: string[]): DataService[] {
  return records<DataService>('DataService', rows, problems).filter((x) => metadataVisibility('DataService', x) === 'public');
}

/** What an incremental publish changes: entries by id (published, edited, withdrawn or deleted). */
export interface CatalogChange {
  datasets: readonly string[];
  services: readonly string[];
  /** The public list of requests changed. */
  requests?: boolean;
}

/**
 * The catalog `prev` with the entries of `change` read again from the CMS as the public sees them
 * (an entry the public no longer reads leaves the catalog): the incremental publish reads only
 * these, not the whole catalog. Validated as a full read is; the change history of the changed
 * datasets, the requests (when they changed) and the dashboard's counts are read as administrator.
 * The time the pages stand for stays `prev`'s: the pages not rendered again show that time.
 */
export async function patchCatalog(prev: CatalogSnapshot, cmsUrl: string, change: CatalogChange, { admin }: { admin?: Cms } = {}): Promise<LoadedCatalog & { patch: CatalogPatch }> {
  const client = publicClient(cmsUrl);
  const ids = { datasets: [...new Set(change.datasets)], services: [...new Set(change.services)] };
  const some = (list: string[]) => (list.length ? list : ['-']);
  let rows: [object[], object[], object[], object[]];
  try {
    rows = await Promise.all([
      client.request(readItems('datasets', { filter: { id: { _in: some(ids.datasets) } }, limit: -1, sort: ['id'] } as never)),
      client.request(readItems('distributions', { filter: { dataset: { _in: some(ids.datasets) } }, limit: -1, sort: ['id'] } as never)),
      client.request(readItems('data_services', { filter: { id: { _in: some(ids.services) } }, limit: -1, sort: ['id'] } as never)),
      client.request(readItems('service_notices', { filter: { service: { _in: some(ids.services) } }, limit: -1, sort: ['id'] } as never)),
    ]);
  } catch (err) {
    throw new SnapshotError('CMS_READ_FAILED', `Không đọc được danh mục từ CMS / could not read the catalog from ${cmsUrl}: ${describeCmsError(err)}`, { cause: err });
  }
  const problems: string[] = [];
  const datasets = publicDatasets(rows[0], rows[1], problems);
  const services = publicServices(rows[2], problems);
  const notices = records<ServiceNotice>('ServiceNotice', rows[3], problems);
  stopOnProblems(problems);
  await checkServiceDocuments({ ...prev, dataServices: services });
  const patch: CatalogPatch = {
    datasets,
    removedDatasets: ids.datasets.filter((id) => !datasets.some((d) => d.id === id)),
    dataServices: services,
    removedServices: ids.services.filter((id) => !services.some((x) => x.id === id)),
    serviceNotices: notices,
  };
  let historyNote: string | undefined;
  const note = (m: string) => (historyNote = [historyNote, m].filter(Boolean).join('; '));
  if (admin) {
    try {
      const now = await readHistory(admin, new Set(ids.datasets), { datasets: ids.datasets, distributions: datasets.flatMap((d) => d.distribution.map((x) => x.id)) });
      const present = new Set(datasets.map((d) => d.id));
      patch.history = mergeHistory(prev.history, now, present);
    } catch (err) {
      note(`không đọc được lịch sử thay đổi / could not read the revisions: ${describeCmsError(err)}`);
    }
    try {
      patch.governance = await readGovernanceCounts(admin, new Date().toISOString());
    } catch (err) {
      note(`không đếm được các mục trong CMS / could not count the CMS entries: ${describeCmsError(err)}`);
    }
    if (change.requests) {
      try {
        patch.requests = await readPublicRequests(admin);
      } catch (err) {
        note(`không đọc được danh sách yêu cầu / could not read the requests: ${describeCmsError(err)}`);
      }
    }
  } else note('không có tài khoản quản trị để đọc lịch sử thay đổi / no administrator client to read the revisions');
  return { snapshot: applyPatch(prev, patch), patch, from: 'cms', ...(historyNote ? { historyNote } : {}) };
}

/**
 * Checks every service's OpenAPI document with the OpenAPI validator (the CMS hook checks it on
 * save; this catches documents stored before that check, or a snapshot edited by hand). Throws
 * naming each service whose document is invalid.
 */
async function checkServiceDocuments(snapshot: CatalogSnapshot): Promise<void> {
  const problems: string[] = [];
  for (const s of snapshot.dataServices) {
    for (const e of await openApiErrors(s.openapi)) problems.push(`DataService ${s.id}: ${e.message_vi} / ${e.message_en}`);
  }
  if (problems.length) {
    throw new SnapshotError(
      'OPENAPI_INVALID',
      `${problems.length} dịch vụ có đặc tả OpenAPI không hợp lệ; không dựng trang. Sửa trường "openapi" của dịch vụ trong CMS / ${problems.length} service(s) have an invalid OpenAPI document; nothing was built. Fix the service's "openapi" field in the CMS:\n  ${problems.join('\n  ')}`,
    );
  }
}

export interface LoadedCatalog {
  snapshot: CatalogSnapshot;
  /** 'cms' when read from Directus just now, 'snapshot' when the CMS did not answer. */
  from: 'cms' | 'snapshot';
  /** Why the CMS was not used (from = 'snapshot'). */
  reason?: string;
  /** Why the change history is not current (no administrator client, or the revisions could not be read). */
  historyNote?: string;
}

async function cmsAnswers(url: string): Promise<boolean> {
  try {
    return (await fetch(`${url}/server/ping`, { signal: AbortSignal.timeout(3000) })).ok;
  } catch {
    return false;
  }
}

/**
 * Reads the catalog from the CMS at `cmsUrl` and saves it as the new snapshot; when the CMS does not
 * answer, reads the last snapshot instead. An invalid catalog in the CMS is an error (never silently
 * replaced by an old snapshot: the editor must see it).
 */
export async function loadCatalog(cmsUrl: string | undefined, snapshotFile: string, { admin }: { admin?: Cms } = {}): Promise<LoadedCatalog> {
  if (cmsUrl && (await cmsAnswers(cmsUrl))) {
    let stored: StoredCatalog;
    try {
      stored = await readCatalog(publicClient(cmsUrl));
    } catch (err) {
      throw new SnapshotError('CMS_READ_FAILED', `Không đọc được danh mục từ CMS / could not read the catalog from ${cmsUrl}: ${describeCmsError(err)}`, { cause: err });
    }
    const snapshot = snapshotFromStored(stored, cmsUrl);
    // The change history needs the revisions, which only an administrator reads; without one, the
    // history of the last snapshot is kept.
    const ids = new Set(snapshot.datasets.map((d) => d.id));
    let earlier: CatalogSnapshot['history'];
    let earlierCounts: CatalogSnapshot['governance'];
    let earlierRequests: CatalogSnapshot['requests'];
    try {
      ({ history: earlier, governance: earlierCounts, requests: earlierRequests } = readSnapshot(snapshotFile));
    } catch {
      earlier = undefined;
    }
    let historyNote: string | undefined;
    let now: CatalogSnapshot['history'] = {};
    if (admin) {
      try {
        now = await readHistory(admin, ids);
      } catch (err) {
        historyNote = `không đọc được lịch sử thay đổi / could not read the revisions: ${describeCmsError(err)}`;
      }
    } else historyNote = 'không có tài khoản quản trị để đọc lịch sử thay đổi / no administrator client to read the revisions';
    snapshot.history = mergeHistory(earlier, now, ids);
    // The dashboard's counts of all entries (shared, internal, drafts) need the administrator too;
    // without one, the last counts are kept with the time they were taken.
    let counts = earlierCounts;
    if (admin) {
      try {
        counts = await readGovernanceCounts(admin, snapshot.generatedAt);
      } catch (err) {
        historyNote = [historyNote, `không đếm được các mục trong CMS / could not count the CMS entries: ${describeCmsError(err)}`].filter(Boolean).join('; ');
      }
    }
    if (counts) snapshot.governance = counts;
    // Requests hold personal data, so the public client cannot read them; without an administrator
    // the list of the last snapshot is kept.
    snapshot.requests = earlierRequests ?? [];
    if (admin) {
      try {
        snapshot.requests = await readPublicRequests(admin);
      } catch (err) {
        historyNote = `${historyNote ? `${historyNote}; ` : ''}không đọc được danh sách yêu cầu / could not read the requests: ${describeCmsError(err)}`;
      }
    }
    // Views and downloads so far, kept with the catalog: a build from this snapshot shows the same.
    snapshot.usage = usageRecord(readUsage(usageFileFor(snapshotFile), snapshot.generatedAt.slice(0, 10)));
    await checkServiceDocuments(snapshot);
    writeSnapshot(snapshotFile, snapshot);
    return { snapshot, from: 'cms', ...(historyNote ? { historyNote } : {}) };
  }
  const reason = cmsUrl ? `CMS ${cmsUrl} không trả lời / did not answer` : 'no CMS address given';
  try {
    const snapshot = readSnapshot(snapshotFile);
    await checkServiceDocuments(snapshot);
    return { snapshot, from: 'snapshot', reason };
  } catch (err) {
    if (err instanceof SnapshotError && err.code === 'SNAPSHOT_MISSING') {
      throw new SnapshotError(
        'NO_CATALOG',
        `Không có nguồn danh mục / no catalog to build from: ${reason}, and there is no snapshot at ${snapshotFile}. Khởi động CMS rồi chạy lại / start the CMS (npm start) and run again.`,
        { cause: err },
      );
    }
    throw err;
  }
}
