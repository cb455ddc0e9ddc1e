// Sent for review: when a dataset or a data service moves to `submitted` (or is created submitted),
// the hook records when (`submitted`) and the entry's quality score at that moment (`qualityScore`),
// for the reviewers' list "Chờ duyệt" (cms/src/data-studio.ts). A dataset is scored as the
// workspace's check page scores it before the editor submits (domain/quality.ts): its metadata and
// the profiles of its files on the portal, each read up to the upload limit
// (domain/portal-profiles.ts); a data service by how complete its description is. Values given by
// anyone but an administrator were dropped before validation (validation.ts, withServerSetFields).
// README, "Governance: workflow, publish to live, personal-data guard, dashboard".
import type { EventContext, PrimaryKey } from '@directus/types';
import type { DataField, DataService } from '../../../../catalog-schema/generated/types.ts';
import { collectionOf } from '../../../../catalog-schema/src/schemas.ts';
import { portalRoots } from '../../../../domain/pii-scan.ts';
import { codeListsNamed, portalProfiles, type FileOfDataset } from '../../../../domain/portal-profiles.ts';
import { assessQuality, assessServiceQuality } from '../../../../domain/quality.ts';
import type { DatasetWithDistributions } from '../../../../domain/snapshot.ts';
import { sentForReview } from '../../../src/access-rules.ts';
import { toCatalogRecord } from '../../../src/item-validation.ts';
import { embeddedDistributions } from '../../../src/publication.ts';
import { keysOf, type CatalogHook, type Database, type Item } from './catalog-hook.ts';

export interface SubmissionFiles {
  publicDir: string;
  uploadsDir: string;
  portalOrigins: string[];
  /** The largest file read to profile it (ODP_UPLOAD_MAX_BYTES, as the check page). */
  maxBytes: number;
}

const reviewed = ['Dataset', 'DataService'] as const;
type Reviewed = (typeof reviewed)[number];

export function registerSubmissionStamp(hook: CatalogHook, files: SubmissionFiles): void {
  const roots = portalRoots(files.publicDir, files.uploadsDir);

  /** The values of the published code lists a data dictionary names: what the check page has from the published catalog. */
  async function codesFor(knex: Database, dictionary: DataField[] | undefined): Promise<Map<string, Set<string>>> {
    const codes = new Map<string, Set<string>>();
    const named = codeListsNamed(dictionary);
    if (!named.length) return codes;
    const published = ((await knex('code_lists').whereIn('id', named).where('status', 'published').pluck('id')) as unknown[]).map(String);
    if (!published.length) return codes;
    for (const r of await knex<Item>('code_list_entries').whereIn('codeList', published).select('codeList', 'code')) {
      codes.set(String(r.codeList), (codes.get(String(r.codeList)) ?? new Set()).add(String(r.code)));
    }
    return codes;
  }

  /** A dataset's stored distributions, read as Directus hands them over (JSON fields parsed). */
  async function storedDistributions(id: unknown, context: EventContext): Promise<Item[]> {
    if (typeof id !== 'string') return [];
    const service = new hook.directus.services.ItemsService<Item>('distributions', { schema: await hook.schemaOf(context), knex: hook.databaseOf(context) });
    return await service.readByQuery({ filter: { dataset: { _eq: id } }, limit: -1 }, { emitEvents: false });
  }

  /** The entry's quality score now, 0–100. `row` is the entry as it will be stored; `distributions` a dataset's files. */
  async function scoreOf(entity: Reviewed, row: Item, distributions: Item[], knex: Database): Promise<number> {
    if (entity === 'DataService') return assessServiceQuality(toCatalogRecord('DataService', row) as unknown as DataService).overall;
    const record = toCatalogRecord('Dataset', row);
    // A file written with the entry that the validation of files will refuse is not scored (it has no title or format to name).
    const distribution = distributions.map((x) => toCatalogRecord('Distribution', x)).filter((x) => typeof x.format === 'string' && !!x.title && typeof x.title === 'object');
    const dictionary = record.dataDictionary as DataField[] | undefined;
    const profiles = await portalProfiles({ id: String(record.id), dataDictionary: dictionary }, distribution as unknown as FileOfDataset[], {
      roots,
      uploadsDir: files.uploadsDir,
      portalOrigins: files.portalOrigins,
      codes: await codesFor(knex, dictionary),
      maxBytes: files.maxBytes,
    });
    // The check page's day: the score an editor saw there is the one recorded.
    const today = new Date().toISOString().slice(0, 10);
    return assessQuality({ ...record, distribution } as unknown as DatasetWithDistributions, profiles, today).overall;
  }

  /** The payload with the moment and the score; a value an administrator gave is kept. */
  async function stamped(entity: Reviewed, payload: Item, row: Item, distributions: () => Promise<Item[]>, knex: Database): Promise<Item> {
    const out = { ...payload };
    if (!('submitted' in payload)) out.submitted = new Date().toISOString();
    if (!('qualityScore' in payload)) out.qualityScore = await scoreOf(entity, row, await distributions(), knex);
    return out;
  }

  for (const entity of reviewed) {
    const collection = collectionOf(entity);

    hook.filter<Item>(`${collection}.items.create`, async (payload, _meta, context) => {
      if (!sentForReview(undefined, payload)) return payload;
      return await stamped(entity, payload, payload, () => Promise.resolve(embeddedDistributions(payload)), hook.databaseOf(context));
    });

    hook.filter<Item>(`${collection}.items.update`, async (payload, meta, context) => {
      const keys = (meta.keys as PrimaryKey[] | undefined) ?? [];
      const moving = (await hook.storedItems(collection, keys, context)).filter((before) => sentForReview(before, { ...before, ...payload }));
      if (!moving.length) return payload;
      if (keys.length === 1) {
        const before = moving[0]!;
        const distributions = async () => {
          const stored = await storedDistributions(before.id, context);
          const added = embeddedDistributions(payload).filter((x) => !stored.some((s) => s.id === x.id));
          return [...stored, ...added];
        };
        return await stamped(entity, payload, { ...before, ...payload }, distributions, hook.databaseOf(context));
      }
      // Directus stores one payload for every key of the update: the moment is the same for all, and
      // each entry's own score is written once the change is made (the action below).
      return 'submitted' in payload ? payload : { ...payload, submitted: new Date().toISOString() };
    });

    hook.action(`${collection}.items.update`, async (meta, context) => {
      const keys = keysOf(meta);
      const payload = (meta.payload ?? {}) as Item;
      if (keys.length < 2 || !('submitted' in payload) || 'qualityScore' in payload) return;
      const knex = hook.databaseOf(context);
      for (const row of await hook.storedItems(collection, keys, context)) {
        if (row.status !== 'submitted') continue;
        const score = await scoreOf(entity, row, entity === 'Dataset' ? await storedDistributions(row.id, context) : [], knex);
        await knex(collection)
          .where('id', row.id as PrimaryKey)
          .update({ qualityScore: score });
      }
    });
  }
}
