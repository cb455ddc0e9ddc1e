// Writes the demo catalog (cms/seed/) into Directus through its API, so the validation hook and
// permissions run as for any editor. It only creates what is missing: a record that exists is never
// changed, whatever it holds now, because `npm start` seeds at every start and an edit made in the
// CMS since must survive a restart. A second run changes nothing (and records no revision).
import { createItems, readItems, readSingleton, updateSingleton } from '@directus/sdk';
import { CatalogValidationError } from '../../catalog-schema/src/errors.ts';
import { normalizeRecord } from '../../catalog-schema/src/normalize.ts';
import { collectionOf, entitySchema, type EntityName } from '../../catalog-schema/src/schemas.ts';
import type { Cms } from './client.ts';
import { toCatalogRecord } from './item-validation.ts';
import { checkSeed, loadSeed, type SeedCatalog, type SeedRecord } from './seed-data.ts';

export interface SeedReport {
  /** Records the seed has and the CMS had not: created. */
  created: number;
  /** Records that exist already: kept as they are. */
  kept: number;
  /** Of those kept, how many differ from the seed now (edited in the CMS since). */
  edited: number;
  perEntity: Record<string, { created: number; kept: number; edited: number }>;
}

/** JSON with sorted keys: two records are the same when their canonical forms are. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** Parents before children, so that Agent.parent always points at a stored agent. */
function parentsFirst(records: SeedRecord[]): SeedRecord[] {
  const byId = new Map(records.map((r) => [r.id, r]));
  const out: SeedRecord[] = [];
  const done = new Set<string>();
  const visit = (r: SeedRecord, depth = 0) => {
    if (done.has(r.id) || depth > 50) return;
    const parent = typeof r.parent === 'string' ? byId.get(r.parent) : undefined;
    if (parent) visit(parent, depth + 1);
    done.add(r.id);
    out.push(r);
  };
  records.forEach((r) => visit(r));
  return out;
}

const order: (keyof SeedCatalog & EntityName)[] = ['Agent', 'Theme', 'ContactPoint', 'CodeList', 'Catalog', 'Dataset', 'Distribution', 'DataService', 'ServiceNotice', 'InformationSystem'];

export async function seedCatalog(cms: Cms, seed: SeedCatalog = loadSeed(), log: (m: string) => void = () => {}): Promise<SeedReport> {
  // All-or-nothing: a seed with any problem writes nothing.
  const problems = checkSeed(seed);
  if (problems.length)
    throw new CatalogValidationError(
      'seed',
      problems.map((p) => ({ ...p, field: `${p.entity}:${p.id}.${p.field}` })),
    );

  const report: SeedReport = { created: 0, kept: 0, edited: 0, perEntity: {} };
  for (const entity of order) {
    const collection = collectionOf(entity);
    const stats = { created: 0, kept: 0, edited: 0 };
    let records = seed[entity].map((r) => toCatalogRecord(entity, normalizeRecord(r)) as SeedRecord);
    if (entity === 'Agent') records = parentsFirst(records);

    if (entitySchema(entity)['x-singleton']) {
      const current = (await cms.request(readSingleton(collection as never))) as Record<string, unknown> | null;
      const record = records[0];
      if (record) {
        if (current?.id) {
          stats.kept++;
          if (canonical(toCatalogRecord(entity, current)) !== canonical(record)) stats.edited++;
        } else {
          await cms.request(updateSingleton(collection as never, record as never));
          stats.created++;
        }
      }
    } else {
      const existing = (await cms.request(readItems(collection as never, { limit: -1 } as never))) as Record<string, unknown>[];
      const byId = new Map(existing.map((e) => [String(e.id), e]));
      const toCreate: SeedRecord[] = [];
      for (const record of records) {
        const stored = byId.get(record.id);
        if (!stored) toCreate.push(record);
        else {
          stats.kept++;
          if (canonical(toCatalogRecord(entity, stored)) !== canonical(record)) stats.edited++;
        }
      }
      for (let i = 0; i < toCreate.length; i += 100) {
        await cms.request(createItems(collection as never, toCreate.slice(i, i + 100) as never));
      }
      stats.created += toCreate.length;
    }
    report.perEntity[entity] = stats;
    report.created += stats.created;
    report.kept += stats.kept;
    report.edited += stats.edited;
    log(`  ${entity.padEnd(13)} +${stats.created} =${stats.kept}${stats.edited ? ` (${stats.edited} edited in the CMS, kept)` : ''}`);
  }
  return report;
}
