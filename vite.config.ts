// Builds the add-on into dist/: the event page as background.js, each page as an HTML file at the
// top level, extension/ copied as is, and manifest.json beside them. Not minified: reviewers of
// add-ons read the built code.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vite';
import { noRawHtml } from './scripts/vite-no-raw-html.js';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

function manifest(): Plugin {
  return {
    name: 'firstseen-manifest',
    buildStart() {
      this.addWatchFile(here('./manifest.json'));
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'manifest.json', source: readFileSync(here('./manifest.json'), 'utf8') });
    },
  };
}

// `vite build --mode faults` (the fault tests only) writes dist-faults/, an add-on in which deciding
// about a host whose name begins with "throw-" throws: the only way to prove, in a real Firefox, what
// a failure in the request path does. Every other build defines it as null.
export default defineConfig(({ mode }) => ({
  define: { __FAULT_THROW_PREFIX__: JSON.stringify(mode === 'faults' ? 'throw-' : null) },
  root: here('./src/ui'),
  publicDir: here('./extension'),
  base: './',
  plugins: [manifest(), noRawHtml()],
  resolve: {
    // @peculiar/x509 (the certificate viewer) loads reflect-metadata, whose full build finds the
    // global object with Function() and eval() when globalThis is missing. The lite build relies
    // on globalThis, which Firefox has: no eval in the add-on, and web-ext lint stays clean.
    alias: [{ find: /^reflect-metadata$/, replacement: 'reflect-metadata/lite' }],
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: here(mode === 'faults' ? './dist-faults' : './dist'),
    emptyOutDir: true,
    minify: false,
    // The preload polyfill would fetch() chunks: the add-on makes no requests of its own.
    modulePreload: false,
    target: 'firefox140',
    sourcemap: false,
    rollupOptions: {
      input: {
        popup: here('./src/ui/popup.html'),
        manager: here('./src/ui/manager.html'),
        warning: here('./src/ui/warning.html'),
        welcome: here('./src/ui/welcome.html'),
        certificate: here('./src/ui/certificate.html'),
        background: here('./src/background/main.ts'),
      },
      output: {
        entryFileNames: (chunk) => (chunk.name === 'background' ? 'background.js' : 'assets/[name].js'),
        chunkFileNames: 'assets/[name].js',
        assetFileNames: 'assets/[name][extname]',
      },
    },
  },
}));
