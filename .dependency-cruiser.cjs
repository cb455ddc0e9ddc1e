// Layers of the project, checked by `npm run deps:check` (and the checks group of `npm test`).
//
//   catalog-schema ← domain, platform ← cms, search, pipeline, site (the edges) ← scripts
//
// Nothing imports upward. Tests (`__tests__/`) may import anything: they set up whole scenarios.
// dependency-cruiser does not read .astro files; eslint.config.js holds them to the site's rule.
// No orphan rule: pages, client scripts and routes are reached only from .astro files or by Astro
// itself, so they would all look unused.

const notTest = '(^|/)__tests__/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'catalog-schema-imports-nothing',
      comment: 'catalog-schema/ is what a catalog entry is: every other layer reads it, so it cannot depend on any of them.',
      severity: 'error',
      from: { path: '^catalog-schema/', pathNot: notTest },
      to: { path: '^(domain|platform|cms|search|pipeline|site|scripts)/' },
    },
    {
      name: 'domain-only-catalog-schema',
      comment: 'domain/ is pure logic over catalog records: no configuration, process, network or framework, so it stays testable on its own.',
      severity: 'error',
      from: { path: '^domain/', pathNot: notTest },
      to: { path: '^(platform|cms|search|pipeline|site|scripts)/' },
    },
    {
      name: 'platform-only-catalog-schema',
      comment: 'platform/ (configuration, processes) sits beside domain/ under the edges; it must not pull domain logic or an edge into every process.',
      severity: 'error',
      from: { path: '^platform/', pathNot: notTest },
      to: { path: '^(domain|cms|search|pipeline|site|scripts)/' },
    },
    {
      name: 'cms-src-no-other-edge',
      comment: 'cms/src (and its command-line helpers in cms/scripts) talks to Directus only; search, pipeline and site call it, never the other way round. The hook extension sits above it.',
      severity: 'error',
      from: { path: '^cms/(src|scripts)/', pathNot: notTest },
      to: { path: '^(search|pipeline|site|scripts|cms/extensions)/' },
    },
    {
      name: 'search-src-no-other-edge',
      comment: 'search/src talks to Meilisearch only; the pipeline, the site and the CMS hook call it.',
      severity: 'error',
      from: { path: '^search/src/', pathNot: notTest },
      to: { path: '^(cms|pipeline|site|scripts)/' },
    },
    {
      name: 'site-only-search-and-cms-client',
      comment: 'The site renders the snapshot the pipeline wrote; of the other edges it may use the search client and the one typed CMS client.',
      severity: 'error',
      from: { path: '^site/', pathNot: notTest },
      to: { path: '^(pipeline|scripts)/|^search/(?!src/)|^cms/(?!src/client\\.ts$)' },
    },
    {
      name: 'pipeline-only-cms-and-search-src',
      comment: 'The pipeline reads the CMS and feeds the index through their modules, not through their scripts, tests or the hook extension.',
      severity: 'error',
      from: { path: '^pipeline/', pathNot: notTest },
      to: { path: '^(site|scripts)/|^search/(?!src/)|^cms/(?!src/)' },
    },
    {
      name: 'cms-extension-only-cms-src-and-live-index',
      comment: 'The hook extension runs inside Directus: it may use cms/src and update the live index, nothing that builds or serves the site.',
      severity: 'error',
      from: { path: '^cms/extensions/', pathNot: notTest },
      to: { path: '^(pipeline|site|scripts)/|^search/(?!src/live-index\\.ts$)' },
    },
    {
      name: 'only-scripts-and-tests-import-site-or-pipeline',
      comment: 'site/ and pipeline/ are the top of the edges; only command-line entry points and tests start them.',
      severity: 'error',
      from: { path: '^(catalog-schema|domain|platform|cms|search)/', pathNot: notTest },
      to: { path: '^(site|pipeline)/' },
    },
    {
      name: 'no-circular',
      comment: 'A cycle makes module load order matter and hides which layer a module belongs to.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that does not resolve fails at run time, often only on the path no test takes.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'no-non-package-json',
      comment: 'A package used but not declared in package.json works only while another package happens to bring it.',
      severity: 'error',
      from: {},
      to: { dependencyTypes: ['npm-no-pkg', 'npm-unknown'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(node_modules|scripts/toolchain|\\.state|\\.astro|dist)/|/dist/' },
    // Type-only imports count: a type from an upper layer couples the code just the same.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
