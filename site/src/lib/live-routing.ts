// Which build answers a request of the live portal after incremental publishes. The live portal
// server holds two builds of the same pages: the last full static build (files, fastest) and the
// renderer (every page rendered when asked for, from the catalog loaded now; astro.config.mjs,
// ODP_RENDER=on-demand). Until something is published the static build answers everything. After
// that, a page is taken from the static build only when nothing published since can have changed it:
// the page, DCAT-AP files and OpenAPI document of a dataset or service that was not republished, and
// the code lists (no publish changes them). Lists, the home page, agencies, themes, feeds, the sitemap,
// the catalog documents and the server routes are the renderer's.

/** What has been published since the static build was made. */
export interface Staleness {
  datasets: ReadonlySet<string>;
  services: ReadonlySet<string>;
}

const datasetPath = /^\/(?:en\/)?datasets\/([^/]+)\/(?:index\.html)?$|^\/datasets\/([^/]+)\.(?:ttl|jsonld)$/;
const servicePath = /^\/(?:en\/)?services\/([^/]+)\/(?:reference\/)?(?:index\.html)?$|^\/services\/([^/]+)\.(?:ttl|jsonld)$|^\/openapi\/([^/]+)\.json$/;
// The code lists change with no publish; /data/ holds the files the publisher copies in and takes
// out itself, and /status/health.json is what the health monitor writes beside the pages. The agencies' workspace is a server route in both builds, but in the renderer its
// addresses also fit catalog pages (/publish/datasets/new is `[...lang]/datasets/[id]` with the
// language "publish", and Astro ranks that route first): the static build's server answers it, with
// the catalog loaded now all the same.
const alwaysStatic = /^\/(?:en\/)?code-lists\/|^\/data\/|^\/status\/health\.json$|^\/(?:en\/)?publish(?:\/|$)/;

/**
 * Whether the static build answers `pathname` (as sent: percent-encoded) given what has been
 * published since it was made; undefined staleness: nothing has.
 */
export function staticBuildAnswers(pathname: string, stale: Staleness | undefined): boolean {
  if (!stale) return true;
  let p: string;
  try {
    p = decodeURIComponent(pathname);
  } catch {
    return false;
  }
  if (alwaysStatic.test(p)) return true;
  const d = datasetPath.exec(p);
  if (d) return !stale.datasets.has((d[1] ?? d[2])!);
  const s = servicePath.exec(p);
  if (s) return !stale.services.has((s[1] ?? s[2] ?? s[3])!);
  return false;
}
