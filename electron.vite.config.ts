import { resolve } from 'node:path';
import { defineConfig } from 'electron-vite';
import react from '@vitejs/plugin-react';

// The project keeps main/, preload/ and renderer/ at the top level rather than
// under src/, so every entry is named here instead of being discovered.
export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      // Start-up time: Node resolves, reads and compiles every file of an
      // external package one by one (zod alone is over a hundred ESM files,
      // locales included: about 55 ms of web mode's start). The small pure-JS
      // packages the service loads at start are bundled instead, so they cost
      // one parse of the code actually used. jsdom and the other importers'
      // parsers stay external: main/articles/lazy-modules.ts loads them on the
      // first import of a file, and electron must never be bundled.
      externalizeDeps: { exclude: ['zod', 'lowdb', 'mustache', 'approx-string-match'] },
      rollupOptions: {
        input: {
          // The Electron main process.
          index: resolve('main/index.ts'),
          // Web mode and the CLI reuse the same service without Electron.
          web: resolve('main/web/index.ts'),
          cli: resolve('main/cli/index.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      // A sandboxed preload can require only 'electron' and a few built-ins, so
      // anything it imports must be bundled in, never left to node_modules.
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('preload/index.ts') },
        // A sandboxed preload cannot be an ES module, whatever package.json says.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: 'renderer',
    plugins: [react()],
    build: {
      outDir: 'out/renderer',
      minify: true,
      rollupOptions: { input: { index: resolve('renderer/index.html') } },
    },
  },
});
