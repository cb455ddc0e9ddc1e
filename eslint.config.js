// ESLint for the whole project (`npm run lint`, and the checks group of `npm test`): the
// type-checked rules of typescript-eslint over TypeScript, eslint-plugin-astro over .astro files,
// zero warnings allowed. A rule is turned off only with the reason beside it.
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/',
      'scripts/toolchain/',
      '.state/',
      '.astro/',
      '**/dist/',
      'public/',
      'bench/results/',
      // Written by `npm run schema:generate` from the JSON Schemas; a test checks it matches them.
      'catalog-schema/generated/',
    ],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      ecmaVersion: 2023,
      sourceType: 'module',
      globals: globals.node,
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
        extraFileExtensions: ['.astro'],
      },
    },
    rules: {
      // A name starting with `_` is unused on purpose (a callback's parameter, a property left out of `...rest`).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  ...astro.configs['flat/recommended'],
  {
    files: ['**/*.astro'],
    // astro-eslint-parser has no project service; it reads the nearest tsconfig.json (site/tsconfig.json).
    languageOptions: { parserOptions: { projectService: false, project: true } },
    rules: {
      // Astro types every element of its markup as `any` (astroHTML.JSX.Element is `HTMLElement | any`),
      // so each `list.map((x) => <li>…</li>)` would be reported; astro check types the frontmatter.
      '@typescript-eslint/no-unsafe-return': 'off',
      // The site's layer rule of .dependency-cruiser.cjs, which cannot read .astro files: of the
      // other edges, only the search client and the one CMS client.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { regex: '(^|/)pipeline/', message: 'Trang không gọi pipeline / the site renders what the pipeline built; it does not import it.' },
            { regex: '(^|/)cms/(?!src/client\\.ts$)', message: 'Chỉ qua cms/src/client.ts / the site reaches the CMS through cms/src/client.ts only.' },
            { regex: '(^|/)search/(?!src/)', message: 'Chỉ search/src / the site may import search/src only.' },
          ],
        },
      ],
    },
  },
  {
    // <script> blocks of .astro files reach ESLint as virtual files no tsconfig holds; they only
    // import site/src/scripts, which is type-checked.
    files: ['**/*.astro/*.ts', '**/*.astro/*.js'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // The code that runs in the visitor's browser: bundled by Astro from site/src/scripts and the
    // <script> tags of .astro files.
    files: ['site/src/scripts/**', '**/*.astro/*.ts', '**/*.astro/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    // Plain JavaScript (configuration, the Node.js bootstrap) is outside tsconfig.json: no types to check against.
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
  },
);
