// Writes harvested records into Directus through its API, so the validation hook and permissions run
// as for editors. Idempotent by identifier: an unchanged record is skipped, a changed one updated
// (its workflow state is kept), a new one created as a draft. Each record is all-or-nothing.
import { createItem, createItems, deleteItems, readItems, updateItem } from '@directus/sdk';
import { describeCmsError, type Cms } from '../../cms/src/client.ts';
import { toCatalogRecord } from '../../cms/src/item-validation.ts';
import { canonical } from '../../cms/src/seed.ts';
import type { HarvestedRecord, Rejected } from '../../domain/dcat/from-rdf.ts';

type Item = Record<string, unknown>;

export interface ReportLine {
  identifier: string;
  id: string;
  notes: string[];
}

export interface HarvestReport {
  created: ReportLine[];
  updated: ReportLine[];
  skipped: ReportLine[];
  rejected: Rejected[];
}

/**
 * The dataset fields a harvest owns (what the mappers can fill in). Others (contact points, data
 * dictionary, access guidelines, the workflow state…) are the editors' and never touched.
 */
export const harvestedFields = [
  'identifier',
  'title',
  'description',
  'publisher',
  'owningAgency',
  'contactPoint',
  'keyword',
  'theme',
  'spatial',
  'legalBasis',
  'temporal',
  'issued',
  'modified',
  'accrualPeriodicity',
  'language',
  'license',
  'dataKind',
  'accessLevel',
  'containsPersonalData',
  'landingPage',
  'version',
];

function sourceFields(r: Item): Item {
  return Object.fromEntries(harvestedFields.filter((k) => r[k] !== undefined).map((k) => [k, r[k]]));
}

/** The change that makes the stored record carry the source's values (null clears a field the source dropped). */
function patch(stored: Item, source: Item): Item {
  const out: Item = {};
  for (const k of harvestedFields) if (canonical(stored[k] ?? null) !== canonical(source[k] ?? null)) out[k] = source[k] ?? null;
  return out;
}

export async function applyHarvest(cms: Cms, records: HarvestedRecord[], rejected: Rejected[], { dryRun = false, log = (_m: string) => {} } = {}): Promise<HarvestReport> {
  const report: HarvestReport = { created: [], updated: [], skipped: [], rejected: [...rejected] };
  const datasets = (await cms.request(readItems('datasets', { limit: -1 } as never))) as Item[];
  const distributions = (await cms.request(readItems('distributions', { limit: -1 } as never))) as Item[];
  const byIdentifier = new Map(datasets.filter((d) => d.identifier).map((d) => [String(d.identifier), d]));
  const usedIds = new Set(datasets.map((d) => String(d.id)));
  const usedDistIds = new Set(distributions.map((d) => String(d.id)));
  let n = 0;
  for (const rec of records) {
    n++;
    if (records.length > 20 && n % 20 === 0) log(`  harvest: ${n}/${records.length} (${Math.round((n / records.length) * 100)}%)`);
    const existing = byIdentifier.get(rec.identifier);
    const line = (id: string): ReportLine => ({ identifier: rec.identifier, id, notes: rec.notes });
    try {
      if (existing) {
        const id = String(existing.id);
        const dataset = { ...rec.dataset, id };
        const wanted = rec.distributions.map((d) => ({ ...d, dataset: id }));
        const storedDataset = toCatalogRecord('Dataset', existing);
        const stored = distributions.filter((d) => d.dataset === id).map((d) => toCatalogRecord('Distribution', d));
        const storedById = new Map(stored.map((d) => [String(d.id), d]));
        const wantedIds = new Set(wanted.map((d) => d.id));
        const datasetPatch = patch(storedDataset, sourceFields(dataset));
        const changedDataset = Object.keys(datasetPatch).length > 0;
        const toCreate = wanted.filter((d) => !storedById.has(d.id));
        const toUpdate = wanted.filter((d) => storedById.has(d.id) && canonical(storedById.get(d.id)) !== canonical(d));
        const toDelete = stored.filter((d) => !wantedIds.has(String(d.id))).map((d) => String(d.id));
        if (!changedDataset && !toCreate.length && !toUpdate.length && !toDelete.length) {
          report.skipped.push(line(id));
          continue;
        }
        for (const d of toCreate) if (usedDistIds.has(d.id)) throw new Error(`distribution id ${d.id} is used by another dataset`);
        if (!dryRun) {
          if (changedDataset) await cms.request(updateItem('datasets', id, datasetPatch as never));
          if (toCreate.length) await cms.request(createItems('distributions', toCreate as never));
          for (const d of toUpdate) await cms.request(updateItem('distributions', d.id, d as never));
          if (toDelete.length) await cms.request(deleteItems('distributions', toDelete));
        }
        report.updated.push(line(id));
      } else {
        let id = rec.dataset.id;
        for (let i = 2; usedIds.has(id); i++) id = `${rec.dataset.id.slice(0, 95)}-${i}`;
        const dists = rec.distributions.map((d) => {
          let did = d.id;
          for (let i = 2; usedDistIds.has(did); i++) did = `${d.id.slice(0, 95)}-${i}`;
          usedDistIds.add(did);
          return { ...d, id: did, dataset: id };
        });
        if (!dryRun) {
          await cms.request(createItem('datasets', { ...rec.dataset, id }));
          try {
            if (dists.length) await cms.request(createItems('distributions', dists as never));
          } catch (err) {
            // All or nothing for the record: remove the dataset created a moment ago.
            await cms.request(deleteItems('datasets', [id])).catch(() => undefined);
            throw err;
          }
        }
        usedIds.add(id);
        report.created.push(line(id));
      }
    } catch (err) {
      report.rejected.push({ identifier: rec.identifier, reasons: [describeCmsError(err)] });
    }
  }
  return report;
}
