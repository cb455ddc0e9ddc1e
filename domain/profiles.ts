// What the build learned about each distribution's file: whether its link answers, its size,
// checksum and last change, a column profile and the check against the data dictionary. Written by
// the build next to the catalog snapshot (profiles.json) and read by the pages.
import { existsSync, readFileSync } from 'node:fs';
import type { DictionaryCheck, TableProfile } from './tabular.ts';

export type ProfileStatus = 'ok' | 'link-only' | 'unreachable' | 'too-large' | 'unsupported' | 'unreadable';

export interface DistributionProfile {
  status: ProfileStatus;
  /** Why it could not be profiled, in both languages. */
  message?: { vi: string; en: string };
  /** The download link answered (HTTP 2xx, or the file exists on the portal). */
  answers: boolean;
  httpStatus?: number;
  byteSize?: number;
  sha256?: string;
  lastModified?: string;
  profile?: TableProfile;
  dictionary?: DictionaryCheck;
}

export type Profiles = Record<string, DistributionProfile>;

/** The profiles of the current build (the file profilesFileFor in platform/config.ts names), or none (pages then show only what the CMS says). */
export function readProfiles(file: string): Profiles {
  return existsSync(file) ? (JSON.parse(readFileSync(file, 'utf8')) as Profiles) : {};
}
