// The static paths of every dynamic page, shared by the Vietnamese and English route files.
import { codeListEntries, loadPortal } from './portal.ts';

const ids = (list: { id: string }[]) => list.map((x) => ({ params: { id: x.id } }));

export const routes = {
  datasets: () => ids(loadPortal().datasets),
  agencies: () => ids(loadPortal().agents),
  themes: () => ids(loadPortal().themes),
  services: () => ids(loadPortal().services),
  /** Services that publish an OpenAPI document. */
  openapi: () => ids(loadPortal().services.filter((s) => s.openapi)),
  codeLists: () => ids(loadPortal().snapshot.codeLists),
  /** One page per parent value of hierarchical code lists (the wards of a province). */
  codeListParents: () => {
    const p = loadPortal();
    return p.snapshot.codeLists.flatMap((c) => [...codeListEntries(p, c.id).childrenOf.keys()].map((parent) => ({ params: { id: c.id, parent } })));
  },
};
