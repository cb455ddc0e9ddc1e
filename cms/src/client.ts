// The one module that talks to the CMS: typed @directus/sdk clients for the admin (schema, seed),
// for signed-in people (editors, reviewers) and for the public.
import { authentication, createDirectus, readItems, readSingleton, rest, staticToken, type AuthenticationClient, type DirectusClient, type RestClient } from '@directus/sdk';
import type {
  Agent,
  Catalog,
  CodeList,
  CodeListEntry,
  ConnectionRequest,
  ContactPoint,
  DataRequest,
  DataService,
  Dataset,
  Distribution,
  InformationSystem,
  ServiceNotice,
  Theme,
} from '../../catalog-schema/generated/types.ts';

/** The roles' names, by which the portal's workspace tells an editor from a reviewer. */
export { roleNames } from './access-rules.ts';

/** Items as Directus stores them: catalog fields, unset ones as null, o2m aliases as id lists. */
type Stored<T> = { [K in keyof T]-?: T[K] | null };

export interface CmsSchema {
  catalog: Stored<Catalog>;
  agents: Stored<Agent>[];
  contact_points: Stored<ContactPoint>[];
  themes: Stored<Theme>[];
  datasets: (Stored<Omit<Dataset, 'distribution'>> & { distribution: (string | Stored<Distribution>)[] | null })[];
  distributions: Stored<Distribution>[];
  data_services: Stored<DataService>[];
  service_notices: Stored<ServiceNotice>[];
  information_systems: Stored<InformationSystem>[];
  code_lists: Stored<CodeList>[];
  code_list_entries: Stored<CodeListEntry>[];
  data_requests: Stored<DataRequest>[];
  connection_requests: Stored<ConnectionRequest>[];
  directus_users: { id: string; email: string; agency: string | null }[];
}

export type Cms = DirectusClient<CmsSchema> & RestClient<CmsSchema>;
export type CmsSession = Cms & AuthenticationClient<CmsSchema>;

/** A client that signs in with e-mail and password (tokens kept in memory). */
export async function signIn(url: string, email: string, password: string): Promise<CmsSession> {
  const client = createDirectus<CmsSchema>(url)
    .with(authentication('json', { autoRefresh: false }))
    .with(rest());
  await client.login({ email, password });
  return client;
}

export function tokenClient(url: string, token: string): Cms {
  return createDirectus<CmsSchema>(url).with(staticToken(token)).with(rest());
}

export function publicClient(url: string): Cms {
  return createDirectus<CmsSchema>(url).with(rest());
}

/** Turns an SDK error into one line: Directus's message, or the field errors of the validation hook. */
export function describeCmsError(err: unknown): string {
  const e = err as { errors?: { message?: string; extensions?: { code?: string; errors?: { field: string; message_vi: string; message_en: string }[] } }[]; message?: string };
  if (Array.isArray(e.errors)) {
    return e.errors
      .map((x) => (x.extensions?.errors?.length ? x.extensions.errors.map((f) => `${f.field}: ${f.message_vi} / ${f.message_en}`).join('; ') : `${x.extensions?.code ?? ''} ${x.message ?? ''}`.trim()))
      .join('; ');
  }
  return e.message ?? String(err);
}

/** Everything the public may read, as Directus returns it (unset fields null). */
export interface StoredCatalog {
  catalog: CmsSchema['catalog'];
  agents: CmsSchema['agents'];
  contactPoints: CmsSchema['contact_points'];
  themes: CmsSchema['themes'];
  datasets: CmsSchema['datasets'];
  distributions: CmsSchema['distributions'];
  dataServices: CmsSchema['data_services'];
  serviceNotices: CmsSchema['service_notices'];
  informationSystems: CmsSchema['information_systems'];
  codeLists: CmsSchema['code_lists'];
  codeListEntries: CmsSchema['code_list_entries'];
}

/**
 * Reads the catalog as `client` may see it. With the public client this is exactly what the portal
 * publishes: the CMS hook narrows every read to published, public entries (cms/src/access-rules.ts).
 */
export async function readCatalog(client: Cms): Promise<StoredCatalog> {
  const all = { limit: -1 } as const;
  const [catalog, agents, contactPoints, themes, datasets, distributions, dataServices, serviceNotices, informationSystems, codeLists, codeListEntries] = await Promise.all([
    client.request(readSingleton('catalog')),
    client.request(readItems('agents', { ...all, sort: ['id'] })),
    client.request(readItems('contact_points', { ...all, sort: ['id'] })),
    client.request(readItems('themes', { ...all, sort: ['id'] })),
    client.request(readItems('datasets', { ...all, sort: ['id'] })),
    client.request(readItems('distributions', { ...all, sort: ['id'] })),
    client.request(readItems('data_services', { ...all, sort: ['id'] })),
    client.request(readItems('service_notices', { ...all, sort: ['id'] })),
    client.request(readItems('information_systems', { ...all, sort: ['id'] })),
    client.request(readItems('code_lists', { ...all, sort: ['id'] })),
    client.request(readItems('code_list_entries', { ...all, sort: ['id'] })),
  ]);
  return { catalog, agents, contactPoints, themes, datasets, distributions, dataServices, serviceNotices, informationSystems, codeLists, codeListEntries } as StoredCatalog;
}
