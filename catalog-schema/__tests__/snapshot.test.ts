import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { publicHistory } from '../../domain/change-history.ts';
import { publicRequestFields, toPublicRequest } from '../../domain/request-list.ts';
import { readSnapshot, writeSnapshot, type CatalogSnapshot } from '../../domain/snapshot.ts';
import { readUsage, usageRecord } from '../../domain/usage.ts';
import { foldCounts } from '../../pipeline/governance-counts.ts';
import { seedSnapshot } from '../../pipeline/seed-snapshot.ts';
import type { CodeListEntry } from '../generated/types.ts';
import { example } from '../src/examples.ts';
import { validateRecord, validateSnapshot, validateSnapshotHeader } from '../src/validate.ts';

// The demo seed as the build writes it, with every optional member filled the way the build fills it.
function fullSnapshot(): CatalogSnapshot {
  const s = seedSnapshot([example('valid', 'code-list-entry').record as unknown as CodeListEntry]);
  const ds = s.datasets[0]!;
  const usage = readUsage('', '2026-11-23');
  usage.byPath.set(`/datasets/${ds.id}/`, { views: 12, downloads: 3 });
  return {
    ...s,
    history: publicHistory(
      [
        { id: 1, collection: 'datasets', item: ds.id, data: { id: ds.id, status: 'draft' }, delta: null, activity: { action: 'create', timestamp: '2026-11-01T08:00:00Z' } },
        {
          id: 2,
          collection: 'datasets',
          item: ds.id,
          data: { id: ds.id, status: 'published' },
          delta: { status: 'published', modified: '2026-11-02' },
          activity: { action: 'update', timestamp: '2026-11-02T08:00:00Z' },
        },
      ],
      new Set([ds.id]),
    ),
    governance: foldCounts(
      [{ publisher: ds.publisher, status: 'published', accessLevel: 'public', count: 3 }],
      [{ publisher: ds.publisher, status: 'published', connectionModel: 'lgsp', serviceState: 'operational', count: '1' }],
      s.generatedAt,
    ),
    requests: [toPublicRequest(example('valid', 'data-request-problem').record)],
    usage: usageRecord(usage),
  };
}

describe('the catalog snapshot schema', () => {
  const snapshot = fullSnapshot();

  it('accepts the demo seed snapshot with history, counts, requests and usage', () => {
    expect(snapshot.datasets.length).toBeGreaterThan(0);
    expect(Object.keys(snapshot.history ?? {})).toHaveLength(1);
    expect(validateSnapshot(snapshot)).toEqual([]);
    // As written to disk and read back (JSON drops nothing the schema needs).
    expect(validateSnapshot(JSON.parse(JSON.stringify(snapshot)))).toEqual([]);
  });

  it('names a wrong field anywhere in the snapshot, down to a distribution of a dataset', () => {
    const [first, ...rest] = snapshot.datasets;
    const badFile = { ...first!, distribution: [{ ...first!.distribution[0]!, format: 'doc' }] };
    const bad = { ...snapshot, format: 'odp-catalog-snapshot/0', agents: {}, datasets: [badFile, ...rest] };
    expect(validateSnapshot(bad)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'format', code: 'invalid_value' }),
        expect.objectContaining({ field: 'agents', code: 'invalid_type' }),
        expect.objectContaining({ field: 'datasets.0.distribution.0.format', code: 'not_in_vocabulary' }),
      ]),
    );
  });

  it('wants each dataset with its distributions embedded', () => {
    const withoutFiles: Record<string, unknown> = { ...snapshot.datasets[0]! };
    delete withoutFiles.distribution;
    expect(validateSnapshot({ ...snapshot, datasets: [withoutFiles] })).toEqual([expect.objectContaining({ field: 'datasets.0.distribution', code: 'required' })]);
  });

  it("keeps a requester's name and e-mail out of the public requests", () => {
    expect(publicRequestFields).not.toContain('requesterEmail');
    expect(publicRequestFields).not.toContain('requesterName');
    expect(publicRequestFields).not.toContain('description');
    const full = example('valid', 'data-request-problem').record;
    expect(validateSnapshot({ ...snapshot, requests: [full] })).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ field: 'requests.0.requesterEmail', code: 'unknown_field' }),
        expect.objectContaining({ field: 'requests.0.requesterName', code: 'unknown_field' }),
      ]),
    );
  });

  it('leaves out the rule of writing on link hosts: a reader has no allow-list of internal hosts', () => {
    const catalog = { ...snapshot.catalog, homepage: 'http://10.0.0.5/cong-du-lieu' };
    expect(validateRecord('Catalog', catalog)).toEqual([expect.objectContaining({ field: 'homepage', code: 'private_address' })]);
    expect(validateSnapshotHeader({ ...snapshot, catalog })).toEqual([]);
    expect(validateSnapshot({ ...snapshot, catalog })).toEqual([]);
  });

  it('checks the header without opening the datasets and their history (what a reader checks)', () => {
    const badDataset = { ...snapshot, datasets: [{ id: 'NOT A SLUG' }], history: { x: [{ date: 'yesterday' }] } };
    expect(validateSnapshotHeader(badDataset)).toEqual([]);
    expect(validateSnapshot(badDataset).map((e) => e.field)).toEqual(expect.arrayContaining(['datasets.0.id', 'history.x.0.date']));
    const noCodeLists: Record<string, unknown> = { ...snapshot, datasets: null };
    delete noCodeLists.codeLists;
    expect(validateSnapshotHeader(noCodeLists)).toEqual(
      expect.arrayContaining([expect.objectContaining({ field: 'codeLists', code: 'required' }), expect.objectContaining({ field: 'datasets', code: 'invalid_type' })]),
    );
  });
});

describe('reading a snapshot', () => {
  it('refuses a file whose header does not match the schema, naming the field', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'odp-snap-'));
    const file = path.join(dir, 'snapshot.json');
    writeSnapshot(file, fullSnapshot());
    expect(readSnapshot(file).requests).toHaveLength(1);
    const broken: Record<string, unknown> = { ...fullSnapshot(), generatedAt: 'x' };
    delete broken.catalog;
    writeFileSync(file, JSON.stringify(broken));
    let caught: unknown;
    try {
      readSnapshot(file);
    } catch (err) {
      caught = err;
    }
    expect(caught).toMatchObject({ name: 'SnapshotError', code: 'SNAPSHOT_INVALID' });
    expect((caught as Error).message).toMatch(/\bcatalog: /);
    expect((caught as Error).message).toMatch(/\bgeneratedAt: /);
  });
});
