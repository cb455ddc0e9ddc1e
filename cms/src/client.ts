// The one module that talks to the CMS: typed @directus/sdk clients for the admin (schema, seed),
// for signed-in people (editors, reviewers) and for the public.
import { authentication, createDirectus, rest, staticToken, type AuthenticationClient, type DirectusClient, type RestClient } from '@directus/sdk';
import type { Agent, Catalog, CodeList, CodeListEntry, ContactPoint, DataService, Dataset, Distribution, Theme } from '../../catalog-schema/generated/types.ts';

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
  code_lists: Stored<CodeList>[];
  code_list_entries: Stored<CodeListEntry>[];
  directus_users: { id: string; email: string; agency: string | null }[];
}

export type Cms = DirectusClient<CmsSchema> & RestClient<CmsSchema>;
export type CmsSession = Cms & AuthenticationClient<CmsSchema>;

/** A client that signs in with e-mail and password (tokens kept in memory). */
export async function signIn(url: string, email: string, password: string): Promise<CmsSession> {
  const client = createDirectus<CmsSchema>(url).with(authentication('json', { autoRefresh: false })).with(rest());
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
