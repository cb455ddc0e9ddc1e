// Applies the generated model to a running Directus, idempotently: missing collections, fields and
// relations are created, changed field settings are updated, nothing is ever dropped (a field that
// left the schema is reported, and its data kept, until an operator removes it by hand).
import { createCollection, createField, createRelation, readCollections, readFields, readRelations, updateCollection, updateField, updateRelation } from '@directus/sdk';
import type { Cms } from './client.ts';
import { directusModel, type FieldDef } from './directus-model.ts';

export interface ApplyReport {
  created: string[];
  updated: string[];
  orphans: string[];
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Only the settings the model owns are compared, so values Directus adds itself don't count as drift. */
function metaDiffers(want: Record<string, unknown>, have: Record<string, unknown> | null | undefined): boolean {
  return Object.entries(want).some(([k, v]) => !same(v, have?.[k]));
}

export async function applySchema(cms: Cms, log: (msg: string) => void = () => {}): Promise<ApplyReport> {
  const model = directusModel();
  const report: ApplyReport = { created: [], updated: [], orphans: [] };
  const any = cms;
  const collections = (await cms.request(readCollections())) as { collection: string; meta: Record<string, unknown> | null }[];
  const have = new Map(collections.map((c) => [c.collection, c]));

  for (const def of model.collections) {
    const existing = have.get(def.collection);
    if (!existing) {
      const idField = model.fields.find((f) => f.collection === def.collection && f.field === 'id') as FieldDef;
      await any.request(createCollection({ collection: def.collection, meta: def.meta, schema: {}, fields: [idField] } as never));
      report.created.push(def.collection);
      log(`+ collection ${def.collection}`);
    } else if (metaDiffers(def.meta, existing.meta)) {
      await any.request(updateCollection(def.collection as never, { meta: def.meta }));
      report.updated.push(def.collection);
    }
  }

  const fields = (await cms.request(readFields())) as { collection: string; field: string; type: string; meta: Record<string, unknown> | null }[];
  const haveFields = new Map(fields.map((f) => [`${f.collection}.${f.field}`, f]));
  for (const def of model.fields) {
    const key = `${def.collection}.${def.field}`;
    const existing = haveFields.get(key);
    if (!existing) {
      await any.request(createField(def.collection as never, { field: def.field, type: def.type, meta: def.meta, schema: def.schema } as never));
      report.created.push(key);
      log(`+ field ${key}`);
    } else if (metaDiffers(def.meta, existing.meta) || (def.field !== 'id' && existing.type !== def.type)) {
      // The primary key's column stays as created; its name, hint and place in the form follow the schema.
      await any.request(updateField(def.collection as never, def.field as never, def.field === 'id' ? { meta: def.meta } : { type: def.type, meta: def.meta }));
      report.updated.push(key);
      log(`~ field ${key}`);
    }
  }
  const modelCollections = new Set(model.collections.map((c) => c.collection));
  const modelFields = new Set(model.fields.map((f) => `${f.collection}.${f.field}`));
  for (const f of fields) {
    if (modelCollections.has(f.collection) && !modelFields.has(`${f.collection}.${f.field}`)) report.orphans.push(`${f.collection}.${f.field}`);
  }

  const relations = (await cms.request(readRelations())) as { collection: string; field: string; meta: Record<string, unknown> | null }[];
  const haveRelations = new Map(relations.map((r) => [`${r.collection}.${r.field}`, r]));
  for (const def of model.relations) {
    const key = `${def.collection}.${def.field}`;
    const existing = haveRelations.get(key);
    if (!existing) {
      await any.request(createRelation(def as never));
      report.created.push(`relation ${key}`);
      log(`+ relation ${key} → ${def.related_collection}`);
    } else if (metaDiffers(def.meta, existing.meta)) {
      await any.request(updateRelation(def.collection, def.field, { meta: def.meta }));
      report.updated.push(`relation ${key}`);
    }
  }
  return report;
}
