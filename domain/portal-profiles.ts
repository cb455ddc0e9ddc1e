// The profiles of a dataset's files on the portal, measured now: what the workspace's check page
// shows the editor before submitting and what the CMS scores when the entry is sent for review, so
// both see the same quality. Only the portal's own files are read (the public folder, the editors'
// uploads); a link elsewhere is left to the build, which fetches it. A file larger than `maxBytes`
// is hashed, not parsed.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { DataField } from '../catalog-schema/generated/types.ts';
import { portalFile, type FileRoot } from './pii-scan.ts';
import { profileFile } from './profile-file.ts';
import type { DistributionProfile, Profiles } from './profiles.ts';

export interface PortalFiles {
  /** The public folder, then the editors' uploads (pii-scan.ts, portalRoots). */
  roots: readonly FileRoot[];
  /** The editors' uploads: `/data/<dataset>/<file>`. */
  uploadsDir: string;
  /** The portal's own origins: a link with one of them is a file of the portal too. */
  portalOrigins: readonly string[];
  /** The values of the code lists a data dictionary names, by code list id. */
  codes: Map<string, Set<string>>;
  maxBytes: number;
}

/** A distribution as the profiles need it. */
export interface FileOfDataset {
  id: string;
  format?: string | null;
  downloadURL?: string | null;
  accessURL?: string | null;
}

/**
 * The profile of the file a link of the portal names, checked against `dictionary`; undefined for a
 * link elsewhere. An upload of another dataset counts as missing: `datasetId`'s entry cannot borrow
 * another agency's draft file by naming it.
 */
export async function portalFileProfile(url: string, format: string, dictionary: DataField[], files: PortalFiles, datasetId?: string): Promise<DistributionProfile | undefined> {
  const file = portalFile(url, files.roots, files.portalOrigins);
  if (!file) return undefined;
  const rel = path.relative(path.resolve(files.uploadsDir), file);
  const [folder, ...rest] = rel.split(path.sep);
  const othersUpload = datasetId !== undefined && !rel.startsWith('..') && !path.isAbsolute(rel) && (folder !== datasetId || rest.length !== 1);
  if (othersUpload || !existsSync(file)) return { status: 'unreachable', answers: false, message: { vi: 'Tệp không có trên Cổng.', en: 'The file is not on the portal.' } };
  return await profileFile(file, format, dictionary, files.codes, files.maxBytes);
}

/** The profiles of a dataset's files on the portal, by distribution id. */
export async function portalProfiles(dataset: { id: string; dataDictionary?: DataField[] }, distributions: readonly FileOfDataset[], files: PortalFiles): Promise<Profiles> {
  const out: Profiles = {};
  for (const x of distributions) {
    const url = x.downloadURL ?? x.accessURL;
    if (!url || !x.format) continue;
    const profile = await portalFileProfile(url, x.format, dataset.dataDictionary ?? [], files, dataset.id);
    if (profile) out[x.id] = profile;
  }
  return out;
}

/** The code lists a data dictionary checks values against. */
export function codeListsNamed(dictionary: readonly DataField[] | undefined): string[] {
  return [...new Set((dictionary ?? []).flatMap((f) => (f.codeList ? [f.codeList] : [])))];
}
