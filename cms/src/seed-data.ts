// Reads the demo catalog under cms/seed/ (JSON written by the project, in Vietnamese) and checks it
// against the catalog schema and its own references before anything is written to the CMS.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FieldError } from '../../catalog-schema/src/errors.ts';
import { propertiesOf } from '../../catalog-schema/src/model.ts';
import type { EntityName } from '../../catalog-schema/src/schemas.ts';
import { noticeRuleErrors } from '../../domain/notices.ts';
import { validateRecord } from '../../catalog-schema/src/validate.ts';
import { paths } from '../../platform/config.ts';

/** The demo catalog by default; ODP_SEED_DIR points at another catalog written in the same layout. */
export const seedDir = paths().seedDir;

export type SeedRecord = Record<string, unknown> & { id: string };

export interface SeedCatalog {
  Catalog: SeedRecord[];
  Agent: SeedRecord[];
  ContactPoint: SeedRecord[];
  Theme: SeedRecord[];
  CodeList: SeedRecord[];
  Dataset: SeedRecord[];
  Distribution: SeedRecord[];
  DataService: SeedRecord[];
  ServiceNotice: SeedRecord[];
  InformationSystem: SeedRecord[];
}

function readJson(file: string): SeedRecord[] {
  const data = JSON.parse(readFileSync(file, 'utf8')) as unknown;
  return (Array.isArray(data) ? data : [data]) as SeedRecord[];
}

/** Loads every seed file. Datasets carry their distributions inline, as DCAT does. */
export function loadSeed(dir = seedDir): SeedCatalog {
  const datasetsDir = path.join(dir, 'datasets');
  const datasets = readdirSync(datasetsDir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .flatMap((f) => readJson(path.join(datasetsDir, f)));
  return {
    Catalog: readJson(path.join(dir, 'catalog.json')),
    Agent: readJson(path.join(dir, 'agents.json')),
    ContactPoint: readJson(path.join(dir, 'contact-points.json')),
    Theme: readJson(path.join(dir, 'themes.json')),
    CodeList: readJson(path.join(dir, 'code-lists.json')),
    Dataset: datasets,
    Distribution: datasets.flatMap((d) => (d.distribution as SeedRecord[] | undefined) ?? []),
    DataService: readJson(path.join(dir, 'data-services.json')).map((s) => withOpenApi(dir, s)),
    ServiceNotice: optional(path.join(dir, 'service-notices.json')),
    InformationSystem: optional(path.join(dir, 'information-systems.json')),
  };
}

/** Files added after the first catalogs were written: a catalog without them has none. */
function optional(file: string): SeedRecord[] {
  return existsSync(file) ? readJson(file) : [];
}

/** A service's OpenAPI document lives beside the seed as openapi/<service id>.json (easier to edit than inline). */
function withOpenApi(dir: string, service: SeedRecord): SeedRecord {
  const file = path.join(dir, 'openapi', `${service.id}.json`);
  if (service.openapi !== undefined || !existsSync(file)) return service;
  return { ...service, openapi: JSON.parse(readFileSync(file, 'utf8')) as unknown };
}

export interface SeedProblem extends FieldError {
  entity: EntityName;
  id: string;
}

/** Schema errors, duplicate ids and dangling references across the whole seed. */
export function checkSeed(seed: SeedCatalog): SeedProblem[] {
  const problems: SeedProblem[] = [];
  const ids = new Map<EntityName, Set<string>>();
  for (const [entity, records] of Object.entries(seed) as [EntityName, SeedRecord[]][]) {
    const set = new Set<string>();
    for (const r of records) {
      if (set.has(r.id)) {
        problems.push({ entity, id: r.id, field: 'id', code: 'duplicate', message_vi: 'Mã bị trùng.', message_en: 'Duplicate id.' });
      }
      set.add(r.id);
      for (const e of validateRecord(entity, r)) problems.push({ entity, id: r.id, ...e });
      if (entity === 'ServiceNotice') for (const e of noticeRuleErrors(r as never, { holidaysFile: paths().holidaysFile })) problems.push({ entity, id: r.id, ...e });
    }
    ids.set(entity, set);
  }
  for (const [entity, records] of Object.entries(seed) as [EntityName, SeedRecord[]][]) {
    for (const prop of propertiesOf(entity)) {
      if (prop.kind !== 'reference' && prop.kind !== 'reference-list') continue;
      if (!prop.ref || prop.ref === 'CodeList') continue;
      const known = ids.get(prop.ref) ?? new Set();
      for (const r of records) {
        const v = r[prop.name];
        const refs = Array.isArray(v) ? v : v === undefined || v === null ? [] : [v];
        for (const ref of refs) {
          if (typeof ref === 'string' && !known.has(ref)) {
            problems.push({
              entity,
              id: r.id,
              field: prop.name,
              code: 'unknown_reference',
              message_vi: `Không tìm thấy ${prop.ref} "${ref}".`,
              message_en: `No ${prop.ref} "${ref}".`,
            });
          }
        }
      }
    }
  }
  return problems;
}
