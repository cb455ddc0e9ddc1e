// What the server routes build once per catalog (the search page, the request form, the CKAN API),
// built by the portal server before it listens, so the first request costs no more than the next.
import { facetLabels } from './facet-labels.ts';
import { languages } from './i18n.ts';
import { catalogFile, datasetsByTitle, loadPortal } from './portal.ts';
import { knownIds } from './requests.ts';
import { catalogVocabulary } from './suggest.ts';

/** Loads the catalog and the routes' per-catalog caches; returns how many datasets it holds. */
export function preloadCatalog(file = catalogFile()): { datasets: number } {
  const p = loadPortal(file);
  knownIds(p);
  catalogVocabulary(p);
  for (const lang of languages) {
    facetLabels(p, lang);
    datasetsByTitle(p, lang);
  }
  return { datasets: p.datasets.length };
}
