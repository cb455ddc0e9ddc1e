// Editors' uploads in the build: files agencies upload in the workspace wait under ODP_UPLOADS_DIR
// (`<dataset>/<file>`), outside the public folder, so nothing is public before review. A build copies
// into the site only the files of the datasets its snapshot publishes openly (published, public
// access level); a draft's, a withdrawn or a restricted dataset's files stay where they are.
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { filesPublic } from '../domain/visibility.ts';
import path from 'node:path';
import { isOpen } from '../cms/src/publication.ts';
import { portalFile } from '../domain/pii-scan.ts';
import type { DatasetWithDistributions } from '../domain/snapshot.ts';

/**
 * Whether the build serves `file` (as portalFile found it) with dataset `datasetId`: a file outside
 * the uploads always (the public folder is served as it is), an upload only in the dataset's own
 * folder, so that a published dataset cannot link another dataset's unpublished file out.
 */
export function uploadBelongsTo(file: string, datasetId: string, uploadsDir: string | undefined): boolean {
  if (!uploadsDir) return true;
  const rel = path.relative(path.resolve(uploadsDir), file);
  if (rel.startsWith('..') || path.isAbsolute(rel)) return true;
  const parts = rel.split(path.sep);
  return parts.length === 2 && parts[0] === datasetId;
}

/**
 * Copies the uploaded files of the open datasets of a snapshot into a build's client folder, at the
 * address they are linked by (`/data/<dataset>/<file>` → `<clientDir>/data/<dataset>/<file>`). A
 * file the public folder already put there is kept: links resolve to the public folder first too.
 */
export function copyPublishedUploads(datasets: readonly DatasetWithDistributions[], uploadsDir: string, clientDir: string, portalOrigins: readonly string[] = []): { copied: string[] } {
  const copied: string[] = [];
  if (!existsSync(uploadsDir)) return { copied };
  const root = [{ dir: uploadsDir, at: '/data/' }];
  for (const d of datasets) {
    if (!isOpen({ status: d.status, accessLevel: d.accessLevel })) continue;
    for (const x of d.distribution) {
      for (const url of new Set([x.downloadURL, x.accessURL])) {
        const file = url ? portalFile(url, root, portalOrigins) : undefined;
        if (!file || !existsSync(file) || !uploadBelongsTo(file, d.id, uploadsDir)) continue;
        const rel = path.relative(path.resolve(uploadsDir), file);
        const target = path.join(clientDir, 'data', rel);
        if (existsSync(target)) continue;
        mkdirSync(path.dirname(target), { recursive: true });
        copyFileSync(file, target);
        copied.push(`/data/${rel.split(path.sep).join('/')}`);
      }
    }
  }
  return { copied };
}

/**
 * Removes from a build's client folder the uploaded files of the datasets among `ids` whose files are
 * no longer public in `datasets` (withdrawn, made restricted, deleted): an incremental publish takes
 * them down as a full build would not copy them. Files the public folder put there stay.
 */
export function withdrawUploads(ids: readonly string[], datasets: readonly DatasetWithDistributions[], uploadsDir: string, clientDir: string, publicDir: string): { removed: string[] } {
  const removed: string[] = [];
  const open = new Set(datasets.filter((d) => filesPublic(d)).map((d) => d.id));
  for (const id of ids) {
    if (open.has(id) || !existsSync(path.join(uploadsDir, id))) continue;
    for (const f of readdirSync(path.join(uploadsDir, id))) {
      const target = path.join(clientDir, 'data', id, f);
      if (!existsSync(target) || existsSync(path.join(publicDir, 'data', id, f))) continue;
      rmSync(target, { force: true });
      removed.push(`/data/${id}/${f}`);
    }
  }
  return { removed };
}
