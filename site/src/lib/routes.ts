// The static paths of every page, in every language: one route file per page under
// pages/[...lang]/, whose `lang` parameter is absent for Vietnamese (/datasets/x/) and "en" for
// English (/en/datasets/x/). Each path hands the page its language as the `lang` prop.
import { feedKinds } from './discovery.ts';
import { languages, langParam, type Lang } from './i18n.ts';
import { codeListEntries, loadPortal } from './portal.ts';
import { sharedWeakMap } from './process-cache.ts';

/** What a prerendered page gets from its static path. */
export interface LangProps {
  lang: Lang;
}

/** The paths `list` gives, once in each language. */
const everyLang =
  <P extends Record<string, string>>(list: () => P[]) =>
  () => {
    const paths = list();
    return languages.flatMap((lang) => paths.map((params) => ({ params: { ...params, lang: langParam(lang) }, props: { lang } satisfies LangProps })));
  };

const ids = (list: { id: string }[]) => list.map((x) => ({ id: x.id }));
const withOpenapi = () => loadPortal().services.filter((s) => s.openapi);

export const routes = {
  /** A page without parameters of its own: the home page, the lists. */
  page: everyLang(() => [{}]),
  datasets: everyLang(() => ids(loadPortal().datasets)),
  agencies: everyLang(() => ids(loadPortal().agents)),
  themes: everyLang(() => ids(loadPortal().themes)),
  services: everyLang(() => ids(loadPortal().services)),
  /** The reference pages of the services that publish an OpenAPI document. */
  serviceReferences: everyLang(() => ids(withOpenapi())),
  /** The OpenAPI documents themselves (/openapi/<id>.json, one for both languages). */
  openapi: () => ids(withOpenapi()).map((params) => ({ params })),
  codeLists: everyLang(() => ids(loadPortal().snapshot.codeLists)),
  /** One page per parent value of hierarchical code lists (the wards of a province). */
  codeListParents: everyLang(() => {
    const p = loadPortal();
    return p.snapshot.codeLists.flatMap((c) => [...codeListEntries(p, c.id).childrenOf.keys()].map((parent) => ({ id: c.id, parent })));
  }),
  /** The Atom feeds: /feeds/new.atom, /en/feeds/new.atom… */
  feeds: everyLang(() => feedKinds.map((kind) => ({ kind }))),
};

// ——— the same pages, rendered when asked for ———

type StaticPath<T> = { params: Record<string, string | undefined>; props?: T };

const keyOf = (params: Record<string, string | undefined>) =>
  Object.keys(params)
    .sort()
    .map((k) => `${k}=${params[k] ?? ''}`)
    .join('&');

const pathsByList = sharedWeakMap<object, Map<unknown, Map<string, unknown>>>('paths-by-list');

/**
 * The props of the page at `params`, found in the list its getStaticPaths gives (`list`), or
 * undefined when the list has no such page: a prerendered page gets its props from Astro, a page
 * rendered on demand (the incremental publisher's renderer, ODP_RENDER=on-demand) from here, so both
 * render the same pages from the same props. The list is computed once per catalog.
 */
export function propsAt<T>(list: () => StaticPath<T>[], params: Record<string, string | undefined>): T | undefined {
  const portal = loadPortal();
  let lists = pathsByList.get(portal);
  if (!lists) pathsByList.set(portal, (lists = new Map<unknown, Map<string, unknown>>()));
  let found = lists.get(list);
  if (!found) lists.set(list, (found = new Map(list().map((x) => [keyOf(x.params), x.props ?? {}]))));
  return found.get(keyOf(params)) as T | undefined;
}

/** A page's own props: from Astro when prerendered, else from its list (undefined: no such page, answer 404). */
export function pageProps<T extends object>(astro: { props: Partial<T>; params: Record<string, string | undefined> }, list: () => StaticPath<T>[]): T | undefined {
  return Object.keys(astro.props).length ? (astro.props as T) : propsAt(list, astro.params);
}
