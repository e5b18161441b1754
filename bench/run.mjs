/* global process, console, URL */
// `npm run bench`: Gloss's benchmarks. Separate from `npm test`; nothing here
// fails on timing. It (1) builds the app with electron-vite when the sources
// are newer than out/ (the Chromium cases drive the built web mode), (2)
// bundles the bench itself (bench/src, TypeScript, importing main/ directly)
// with Vite into node_modules/.cache/gloss-bench, and (3) runs it in a fresh
// Node with a large heap. Arguments are passed on: --only a,b  --quick  --keep.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const cacheDir = join(root, 'node_modules', '.cache', 'gloss-bench');
const began = Date.now();

function newestMtime(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = 0;
  for (const name of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, name)));
  return newest;
}

function buildAppIfStale() {
  const stamp = join(root, 'out', 'main', 'web.js');
  const page = join(root, 'out', 'renderer', 'index.html');
  const sources = Math.max(
    ...['main', 'preload', 'renderer'].map((dir) => newestMtime(join(root, dir))),
    ...['package.json', 'electron.vite.config.ts'].map((file) => statSync(join(root, file)).mtimeMs),
  );
  const built = existsSync(stamp) && existsSync(page) ? Math.min(statSync(stamp).mtimeMs, statSync(page).mtimeMs) : 0;
  if (built >= sources) return;
  process.stderr.write('bench: building Gloss (electron-vite build)…\n');
  const result = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

async function buildBench() {
  const quiet = { configFile: false, root, logLevel: 'warn', clearScreen: false };
  // The Node side: every case, importing the app's own modules from main/.
  await build({
    ...quiet,
    build: {
      ssr: join(root, 'bench', 'src', 'main.ts'),
      outDir: cacheDir,
      emptyOutDir: true,
      target: 'node20',
      minify: false,
      sourcemap: false,
      rollupOptions: {
        output: { format: 'es', entryFileNames: '[name].mjs', chunkFileNames: 'chunks/[name]-[hash].mjs' },
        // The search case imports the search module dynamically, and the service imports it statically: expected.
        onwarn(warning, warn) {
          if (warning.code !== 'INEFFECTIVE_DYNAMIC_IMPORT') warn(warning);
        },
      },
    },
  });
  // The page side: the renderer's own painter and offset mapping, injected into Chromium.
  await build({
    ...quiet,
    build: {
      outDir: join(cacheDir, 'page'),
      emptyOutDir: true,
      minify: false,
      lib: { entry: join(root, 'bench', 'src', 'page', 'probe.ts'), formats: ['iife'], name: 'GlossBenchProbe', fileName: () => 'probe.js' },
    },
  });
}

buildAppIfStale();
await buildBench();
const prepared = ((Date.now() - began) / 1000).toFixed(1);
const run = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=12288', join(cacheDir, 'main.mjs'), ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, GLOSS_BENCH_ROOT: root, GLOSS_BENCH_PREPARED_S: prepared, GLOSS_BENCH_STARTED_MS: String(began) },
});
if (run.status === null) console.error(`bench: stopped by ${run.signal}`);
process.exit(run.status ?? 1);
