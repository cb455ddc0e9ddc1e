// The coordinating department's Data Studio, applied idempotently at every start: Vietnamese by default
// (English per person: each reviewer chooses it in their own profile, cms/src/access.ts, ownProfile),
// the project named in Vietnamese, and the list views a reviewer needs ready-made, as bookmarks of the
// reviewer role. Collection and field
// names come with the generated model (directus-model.ts); this module holds what is not the model.
import { createPreset, readPresets, readSettings, updatePreset, updateSettings } from '@directus/sdk';
import { propertiesOf } from '../../catalog-schema/src/model.ts';
import { collectionOf, entityNames, vocabulary, type EntityName } from '../../catalog-schema/src/schemas.ts';
import type { Cms } from './client.ts';
import { studioLanguages } from './directus-model.ts';

export const studioSettings = {
  default_language: studioLanguages.vi,
  project_name: 'Danh mục dữ liệu mở',
  project_descriptor: 'Open data catalog',
} as const;

/** A saved list view of Directus (directus_presets) for one role. */
export interface PresetDef {
  /** The bookmark's name in the navigation; null for the role's default view of the collection. */
  bookmark: string | null;
  collection: string;
  icon?: string;
  filter: Record<string, unknown> | null;
  fields: string[];
  sort: string[];
}

type Filter = Record<string, unknown>;

/**
 * Published entries whose data is due for an update: the last update (`modified`, else `issued`) is
 * older than the longest gap the declared frequency allows (the Frequency vocabulary's `days`), the
 * rule of the "timely" criterion in domain/quality.ts. Directus compares with `$NOW(-N days)` when the
 * list is opened, so the view needs no stored flag; frequencies without a gap (irregular, never,
 * unknown) are never overdue.
 */
export function overdueFilter(): Filter {
  const byFrequency = Object.entries(vocabulary('Frequency')).flatMap(([code, term]) => {
    const days = term.days;
    if (typeof days !== 'number') return [];
    // Overdue once the due date (last update + days) has passed: the last update is on or before
    // today − days − 1. `_lte` against that moment holds on both databases: SQLite compares the date
    // text with the moment's text ("2026-10-25" ≤ "2026-10-25T21:40…"), PostgreSQL compares the date
    // column with the moment cut to its date (with `_lt`, PostgreSQL missed the datasets due exactly then).
    const onOrBefore = `$NOW(-${days + 1} days)`;
    return [
      { accrualPeriodicity: { _eq: code }, modified: { _lte: onOrBefore } },
      { accrualPeriodicity: { _eq: code }, modified: { _null: true }, issued: { _lte: onOrBefore } },
    ];
  });
  // Kept shallow, conditions of one object being all required: the Data Studio sends a view's filter in
  // the query string, whose parser reads nesting only five levels deep.
  return { status: { _eq: 'published' }, _or: byFrequency };
}

function has(entity: EntityName, name: string): boolean {
  return propertiesOf(entity).some((p) => p.name === name);
}

/** The columns of a collection's default list: what names the entry, its agency, state and last update. */
function defaultColumns(entity: EntityName): string[] {
  const names = propertiesOf(entity).map((p) => p.name);
  const main = ['title', 'name', 'label', 'code'].find((n) => names.includes(n)) ?? 'id';
  const more = ['code', 'publisher', 'agent', 'agency', 'requestingAgency', 'codeList', 'service', 'dataset', 'status', 'serviceState', 'modified', 'received'].filter(
    (n) => n !== main && names.includes(n),
  );
  return [main, ...more].slice(0, 5);
}

/**
 * The reviewer role's list views. Datasets and data services waiting for review, the longest waiting
 * first (`submitted`, when the entry was last sent for review), with the agency and the quality score
 * at that moment (`qualityScore`): both recorded by the CMS hook, read-only in the Data Studio. Sent
 * back: what agencies still have to correct. Overdue: see overdueFilter.
 */
export function reviewerPresets(): PresetDef[] {
  const presets: PresetDef[] = entityNames.map((entity) => ({
    bookmark: null,
    collection: collectionOf(entity),
    filter: null,
    fields: defaultColumns(entity),
    sort: has(entity, 'modified') ? ['-modified'] : [],
  }));
  for (const entity of ['Dataset', 'DataService'] as const) {
    const collection = collectionOf(entity);
    const base = ['title', 'publisher', 'status', 'modified'];
    presets.push(
      {
        bookmark: 'Chờ duyệt (Awaiting review)',
        icon: 'pending_actions',
        collection,
        filter: { status: { _eq: 'submitted' } },
        fields: ['title', 'publisher', 'qualityScore', 'submitted'],
        sort: ['submitted'],
      },
      { bookmark: 'Bị trả lại (Sent back)', icon: 'undo', collection, filter: { status: { _eq: 'changes_requested' } }, fields: [...base.slice(0, 2), 'reviewNote', 'modified'], sort: ['modified'] },
    );
    if (has(entity, 'accrualPeriodicity')) {
      presets.push({
        bookmark: 'Quá hạn cập nhật (Update overdue)',
        icon: 'update',
        collection,
        filter: overdueFilter(),
        fields: [...base.slice(0, 2), 'accrualPeriodicity', 'modified'],
        sort: ['modified'],
      });
    }
  }
  return presets;
}

interface PresetRow {
  id: number;
  bookmark: string | null;
  collection: string;
  role: string | null;
  user: string | null;
  layout: string | null;
  layout_query: unknown;
  layout_options: unknown;
  filter: unknown;
  icon: string | null;
}

function presetRow(p: PresetDef, role: string): Omit<PresetRow, 'id'> {
  return {
    bookmark: p.bookmark,
    collection: p.collection,
    role,
    user: null,
    layout: 'tabular',
    layout_query: { tabular: { fields: p.fields, sort: p.sort, page: 1 } },
    // Names and comments get room; codes, states and dates need little.
    layout_options: { tabular: { widths: Object.fromEntries(p.fields.map((f, i) => [f, i === 0 || f === 'reviewNote' ? 340 : 180])) } },
    filter: p.filter,
    icon: p.icon ?? (p.bookmark ? 'bookmark' : null),
  };
}

/** Settings and the reviewer's list views; the number of changes made. */
export async function applyDataStudio(cms: Cms, reviewerRole: string): Promise<number> {
  let changes = 0;
  const settings = (await cms.request(readSettings())) as { default_language?: string | null; project_name?: string | null };
  const wanted: Record<string, string> = {};
  if (settings.default_language !== studioSettings.default_language) wanted.default_language = studioSettings.default_language;
  // The name Directus starts with is replaced; a name an operator gave is kept.
  if (!settings.project_name || settings.project_name === 'Directus') {
    wanted.project_name = studioSettings.project_name;
    wanted.project_descriptor = studioSettings.project_descriptor;
  }
  if (Object.keys(wanted).length) {
    await cms.request(updateSettings(wanted as never));
    changes++;
  }

  const existing = (await cms.request(readPresets({ filter: { role: { _eq: reviewerRole }, user: { _null: true } }, limit: -1 } as never))) as PresetRow[];
  for (const p of reviewerPresets()) {
    const row = presetRow(p, reviewerRole);
    const hit = existing.find((e) => e.collection === p.collection && (e.bookmark ?? null) === p.bookmark);
    if (!hit) {
      await cms.request(createPreset(row as never));
      changes++;
    } else if (JSON.stringify([hit.layout, hit.layout_query, hit.layout_options, hit.filter, hit.icon]) !== JSON.stringify([row.layout, row.layout_query, row.layout_options, row.filter, row.icon])) {
      await cms.request(updatePreset(hit.id, row as never));
      changes++;
    }
  }
  return changes;
}
