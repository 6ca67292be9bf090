// Lint, including the architecture's boundaries: the core stays pure, pages never reach into the
// background, and nothing builds HTML from strings.
import js from '@eslint/js';
import noUnsanitized from 'eslint-plugin-no-unsanitized';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const browserGlobals = ['browser', 'chrome', 'indexedDB', 'document', 'window', 'localStorage', 'fetch', 'XMLHttpRequest'];

export default tseslint.config(
  { ignores: ['dist/', 'dist-faults/', 'artifacts/', 'node_modules/', 'coverage/', 'test/fixtures/capture-extension/', 'test/bench/pageload/', 'test/bench/coldstart/', 'test/bench/read-cost/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  noUnsanitized.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-globals': ['error', { name: 'fetch', message: 'FirstSeen makes no network requests of its own.' }],
      'no-restricted-syntax': [
        'error',
        { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: 'Render certificate data as text only.' },
      ],
    },
  },
  {
    files: ['scripts/**/*.{js,mjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    // The domain: plain data and functions, runnable in Node.
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-globals': ['error', ...browserGlobals],
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/background/*', '**/store/*', '**/platform/*', '**/ui/*', '**/protocol.js'], message: 'core imports nothing of ours but core.' },
        { group: ['webextension-polyfill', 'idb', 'preact', 'preact/*'], message: 'core runs without a browser.' },
      ] }],
    },
  },
  {
    files: ['src/store/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/background/*', '**/ui/*', '**/platform/*', 'webextension-polyfill'], message: 'store depends on core and idb only.' },
      ] }],
    },
  },
  {
    files: ['src/ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/background/*', '**/store/*', '**/platform/*'], message: 'pages talk to the background through src/protocol.ts only.' },
      ] }],
    },
  },
  {
    // The one exception, and read-only: the export worker gathers the stored pages into the file
    // itself instead of having 280 MB sent through messages (docs/DESIGN.md, "Export").
    files: ['src/ui/manager/export-worker.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/background/*', '**/platform/*'], message: 'pages talk to the background through src/protocol.ts only.' },
        { group: ['**/store/*', '!**/store/page-export.js'], message: 'the export worker reads the database through store/page-export.ts only.' },
      ] }],
    },
  },
  {
    files: ['src/platform/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [
        { group: ['**/background/*', '**/ui/*', '**/store/*'], message: 'platform adapters wrap browser.* and know nothing above them.' },
      ] }],
    },
  },
);
