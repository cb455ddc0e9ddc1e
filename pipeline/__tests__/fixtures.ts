// A catalog snapshot built from the demo seed the way the build does it (published, public entries
// only, through snapshotFromStored), for tests that need no running CMS.
import type { CatalogSnapshot } from '../../domain/snapshot.ts';
import { seedSnapshot as fromSeed } from '../seed-snapshot.ts';

export function seedSnapshot(): CatalogSnapshot {
  return fromSeed();
}
