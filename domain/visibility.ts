// Who may read an entry's description, and who may download its data: two questions, not one. The
// regulations ask the portal to publish the list of master data, the catalog of shared databases and
// the sharing services with their technical documents, so that agencies know what exists and how to
// ask for it (HCMC 30/2026 art. 16; Sóc Trăng art. 8; Decree 47/2020 art. 24.3); the data itself
// stays with those its access level names. So an entry's `metadataVisibility` says who reads its
// description, and its `accessLevel` who uses the data. This is the one place the rule is written:
// the CMS's read rules (cms/src/access-rules.ts), the build, the search index and the tests use it.
import type { MetadataVisibility } from '../catalog-schema/generated/types.ts';

export type { MetadataVisibility };

/** The entities that carry a metadata visibility. */
export type VisibilityEntity = 'Dataset' | 'DataService';

/** An entry as stored or as read: only the fields the rule looks at. */
export interface VisibilityFields {
  status?: unknown;
  accessLevel?: unknown;
  dataKind?: unknown;
  metadataVisibility?: unknown;
}

const levels: readonly MetadataVisibility[] = ['public', 'agencies', 'hidden'];

/** Kinds of data whose lists the regulations publish: the description is public unless the agency says otherwise. */
export const listedKinds: readonly string[] = ['open', 'shared', 'master', 'reference'];

/**
 * The kinds of a dataset as given: a list, or the JSON text of one (a database column read without
 * Directus's casting, as SQLite hands a JSON field over).
 */
function kindsOf(value: unknown): string[] {
  let v = value;
  if (typeof v === 'string') {
    try {
      v = JSON.parse(v);
    } catch {
      return [v as string];
    }
  }
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/**
 * Who may read the entry's description: its `metadataVisibility` when set, otherwise the default.
 * The default is public for every sharing service, and for a dataset that is open, shared, master or
 * reference data or has the Public access level; any other dataset (sectoral data kept within the
 * agencies) is described to the agencies only, until its agency chooses to publish its description.
 */
export function metadataVisibility(entity: VisibilityEntity, entry: VisibilityFields): MetadataVisibility {
  const set = entry.metadataVisibility;
  if (typeof set === 'string' && (levels as readonly string[]).includes(set)) return set as MetadataVisibility;
  if (entity === 'DataService') return 'public';
  if (entry.accessLevel === 'public') return 'public';
  return kindsOf(entry.dataKind).some((k) => listedKinds.includes(k)) ? 'public' : 'agencies';
}

/** Whether anyone, signed in or not, reads the entry's description: published, with a public description. */
export function publiclyListed(entity: VisibilityEntity, entry: VisibilityFields | undefined): boolean {
  return !!entry && entry.status === 'published' && metadataVisibility(entity, entry) === 'public';
}

/**
 * Whether the public may have the dataset's files (its distributions: download and access links):
 * only with the Public access level. Shared, master and internal data are described, never handed
 * out: the page says who may use it and how to ask.
 */
export function filesPublic(entry: VisibilityFields | undefined): boolean {
  return !!entry && entry.accessLevel === 'public';
}

/** Whether the public site shows the dataset with its files: listed publicly, and its files public. */
export function openForDownload(entry: VisibilityFields | undefined): boolean {
  return publiclyListed('Dataset', entry) && filesPublic(entry);
}

/** Who may read the description of an entry an agency's editor does not own: agencies read what is public or for agencies. */
export function agenciesRead(entity: VisibilityEntity, entry: VisibilityFields): boolean {
  return metadataVisibility(entity, entry) !== 'hidden';
}
