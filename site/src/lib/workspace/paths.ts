// The addresses of the agency workspace, in each language: /publish/… and /en/publish/….
import { localePath, type Lang } from '../i18n.ts';

/** The workspace's addresses, Vietnamese at /publish/…, English at /en/publish/…. */
export const publishPaths = {
  desk: (lang: Lang) => localePath(lang, '/publish/'),
  signOut: (lang: Lang) => localePath(lang, '/publish/sign-out'),
  newDataset: (lang: Lang) => localePath(lang, '/publish/datasets/new'),
  dataset: (lang: Lang, id: string) => localePath(lang, `/publish/datasets/${encodeURIComponent(id)}/`),
  request: (lang: Lang, id: string) => localePath(lang, `/publish/requests/${encodeURIComponent(id)}`),
  newNotice: (lang: Lang, query?: { service?: string; kind?: string }) => {
    const q = new URLSearchParams(Object.entries(query ?? {}).filter((e): e is [string, string] => !!e[1])).toString();
    return localePath(lang, `/publish/notices/new${q ? `?${q}` : ''}`);
  },
  assessment: (lang: Lang) => localePath(lang, '/publish/assessment'),
  check: (lang: Lang, id: string) => localePath(lang, `/publish/datasets/${encodeURIComponent(id)}/check`),
  validate: (lang: Lang) => localePath(lang, '/publish/datasets/validate'),
  /** A connection request to the agency holding a dataset or a data service (Lào Cai art. 12). */
  newConnection: (lang: Lang, about: { dataset: string } | { service: string }) => localePath(lang, `/publish/connections/new?${new URLSearchParams(about).toString()}`),
  connection: (lang: Lang, id: string) => localePath(lang, `/publish/connections/${encodeURIComponent(id)}`),
};
