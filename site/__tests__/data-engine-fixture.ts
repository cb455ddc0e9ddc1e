// The Data API engine over real Parquet files for a test file: the snapshot's open files loaded by
// the ingest into a folder of the file's own, the engine opened on it before the tests and closed
// after. `engine()` is the engine and `dir()` its folder once the tests run.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { CatalogSnapshot } from '../../domain/snapshot.ts';
import { ingestDistributions } from '../../pipeline/data-ingest.ts';
import { projectRoot } from '../../platform/config.ts';
import { DataEngine } from '../src/lib/data-api.ts';

export function dataEngineFor(snapshot: CatalogSnapshot, name: string): { engine: () => DataEngine; dir: () => string } {
  let dir: string | undefined;
  let engine: DataEngine | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), `odp-${name}-`));
    const r = await ingestDistributions(snapshot, { publicDir: path.join(projectRoot, 'public'), dataDir: dir });
    expect(r.failed).toBe(0);
    engine = await DataEngine.open({ dir, timeoutMs: 5000, memoryMb: 256, connections: 2 });
  });
  afterAll(() => {
    engine?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });
  return { engine: () => engine!, dir: () => dir! };
}
