// Personal-data guard: before an open dataset (published, public) goes out, and whenever a file is
// added to one or changed, its files on the portal (the public folder, and the editors' uploads that
// the build publishes with it) are scanned for citizen ID numbers, phone numbers, e-mail addresses
// and the like (domain/pii-scan.ts, patterns in cms/pii-patterns.json). A hit
// refuses the write with HTTP 400 (PERSONAL_DATA_FOUND) and says where. HCMC Decision 30/2026
// art. 24.1.b; Lào Cai art. 27.4; README, "Governance: workflow, publish to live, personal-data guard, dashboard".
import type { PrimaryKey } from '@directus/types';
import { loadPiiRules, portalRoots, scanDistributions } from '../../../../domain/pii-scan.ts';
import { embeddedDistributions, fileRefs, isOpen, opensNow, servedFileChanged } from '../../../src/publication.ts';
import type { CatalogHook, Database, Item } from './catalog-hook.ts';
import { PersonalDataError } from './errors.ts';

export interface PersonalDataFiles {
  publicDir: string;
  /** Editors' uploads (`/data/<dataset>/<file>` until the build copies them into the site). */
  uploadsDir?: string;
  portalOrigins: string[];
  piiPatternsFile: string;
}

async function datasetState(knex: Database, id: unknown): Promise<Item | undefined> {
  return typeof id === 'string' ? await knex<Item>('datasets').where('id', id).first('status', 'accessLevel') : undefined;
}

export function registerPersonalDataGuard(hook: CatalogHook, { publicDir, uploadsDir, portalOrigins, piiPatternsFile }: PersonalDataFiles): void {
  const roots = portalRoots(publicDir, uploadsDir);
  /** Refuses the write when a file of these distributions holds personal data. */
  async function guard(distributions: Item[]): Promise<void> {
    if (!distributions.length) return;
    // Read on every publish: the operator's edits apply at once; a broken list stops publishing.
    const rules = loadPiiRules(piiPatternsFile);
    const report = await scanDistributions(fileRefs(distributions), rules, roots, { portalOrigins });
    if (report.hits.length) throw new PersonalDataError({ hits: report.hits, truncated: report.truncated });
  }
  const keysOfUpdate = (meta: Record<string, unknown>) => (meta.keys as PrimaryKey[] | undefined) ?? [];

  hook.filter<Item>('datasets.items.create', async (payload) => {
    if (isOpen(payload)) await guard(embeddedDistributions(payload));
    return payload;
  });

  // Publishing an open dataset (or making a published one public) scans all its files.
  hook.filter<Item>('datasets.items.update', async (payload, meta, context) => {
    const knex = hook.databaseOf(context);
    for (const before of await hook.storedItems('datasets', keysOfUpdate(meta), context)) {
      if (!opensNow(before, { ...before, ...payload })) continue;
      await guard(
        await knex<Item>('distributions')
          .where('dataset', before.id as PrimaryKey)
          .select('id', 'format', 'downloadURL', 'accessURL'),
      );
    }
    return payload;
  });

  hook.filter<Item>('distributions.items.create', async (payload, _meta, context) => {
    if (isOpen(await datasetState(hook.databaseOf(context), payload.dataset))) await guard([payload]);
    return payload;
  });

  hook.filter<Item>('distributions.items.update', async (payload, meta, context) => {
    for (const before of await hook.storedItems('distributions', keysOfUpdate(meta), context)) {
      const after = { ...before, ...payload };
      if (servedFileChanged(before, after) && isOpen(await datasetState(hook.databaseOf(context), after.dataset))) await guard([after]);
    }
    return payload;
  });
}
