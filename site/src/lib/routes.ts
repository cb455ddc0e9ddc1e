// The static paths of every page, in every language: one route file per page under
// pages/[...lang]/, whose `lang` parameter is absent for Vietnamese (/datasets/x/) and "en" for
// English (/en/datasets/x/). Each path hands the page its language as the `lang` prop.
import { feedKinds } from './discovery.ts';
import { languages, langParam, type Lang } from './i18n.ts';
import { codeListEntries, loadPortal } from './portal.ts';

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
