// Writes the demo catalog (cms/seed/) into Directus through its API, so the validation hook and
// permissions run as for any editor. Idempotent: records are created when missing and updated only
// when they differ, so a second run changes nothing (and records no revision).
import { createItems, readItems, readSingleton, updateItem, updateSingleton } from '@directus/sdk';
import { CatalogValidationError } from '../../catalog-schema/src/errors.ts';
import { normalizeRecord } from '../../catalog-schema/src/normalize.ts';
import { collectionOf, entitySchema, type EntityName } from '../../catalog-schema/src/schemas.ts';
import type { Cms } from './client.ts';
import { toCatalogRecord } from './item-validation.ts';
import { checkSeed, loadSeed, type SeedCatalog, type SeedRecord } from './seed-data.ts';

export interface SeedReport {
  created: number;
  updated: number;
  unchanged: number;
  perEntity: Record<string, { created: number; updated: number; unchanged: number }>;
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
  if (problems.length) throw new CatalogValidationError('seed', problems.map((p) => ({ ...p, field: `${p.entity}:${p.id}.${p.field}` })));

  const report: SeedReport = { created: 0, updated: 0, unchanged: 0, perEntity: {} };
  for (const entity of order) {
    const collection = collectionOf(entity);
    const stats = { created: 0, updated: 0, unchanged: 0 };
    let records = seed[entity].map((r) => toCatalogRecord(entity, normalizeRecord(r)) as SeedRecord);
    if (entity === 'Agent') records = parentsFirst(records);

    if (entitySchema(entity)['x-singleton']) {
      const current = (await cms.request(readSingleton(collection as never))) as Record<string, unknown> | null;
      const record = records[0];
      if (record) {
        if (current && canonical(toCatalogRecord(entity, current)) === canonical(record)) stats.unchanged++;
        else {
          await cms.request(updateSingleton(collection as never, record as never));
          stats[current?.id ? 'updated' : 'created']++;
        }
      }
    } else {
      const existing = (await cms.request(readItems(collection as never, { limit: -1 } as never))) as Record<string, unknown>[];
      const byId = new Map(existing.map((e) => [String(e.id), e]));
      const toCreate: SeedRecord[] = [];
      for (const record of records) {
        const stored = byId.get(record.id);
        if (!stored) {
          toCreate.push(record);
          continue;
        }
        const storedRecord = toCatalogRecord(entity, stored);
        if (canonical(storedRecord) === canonical(record)) {
          stats.unchanged++;
          continue;
        }
        // Fields the seed no longer sets are cleared.
        const change: Record<string, unknown> = { ...record };
        for (const k of Object.keys(storedRecord)) if (!(k in record)) change[k] = null;
        await cms.request(updateItem(collection as never, record.id, change as never));
        stats.updated++;
      }
      for (let i = 0; i < toCreate.length; i += 100) {
        await cms.request(createItems(collection as never, toCreate.slice(i, i + 100) as never));
      }
      stats.created += toCreate.length;
    }
    report.perEntity[entity] = stats;
    report.created += stats.created;
    report.updated += stats.updated;
    report.unchanged += stats.unchanged;
    log(`  ${entity.padEnd(13)} +${stats.created} ~${stats.updated} =${stats.unchanged}`);
  }
  return report;
}
