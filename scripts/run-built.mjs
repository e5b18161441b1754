// Runs a built entry (out/main/web.js or out/main/cli.js), building first
// when the sources are newer than the last build, so `npm run web` and
// `npm run cli` always run what is in the tree.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const entry = process.argv[2];
if (entry !== 'web' && entry !== 'cli') {
  console.error('usage: node scripts/run-built.mjs web|cli [args…]');
  process.exit(2);
}
const root = new URL('..', import.meta.url).pathname;
const stamp = join(root, 'out', 'main', `${entry}.js`);

function newestMtime(dir) {
  let newest = 0;
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    const info = statSync(full);
    newest = Math.max(newest, info.isDirectory() ? newestMtime(full) : info.mtimeMs);
  }
  return newest;
}

const sources = ['main', 'preload', 'renderer'].map((dir) => newestMtime(join(root, dir)));
const configs = ['package.json', 'electron.vite.config.ts'].map((file) => statSync(join(root, file)).mtimeMs);
const built = existsSync(stamp) && existsSync(join(root, 'out', 'renderer', 'index.html')) ? statSync(stamp).mtimeMs : 0;
if (built < Math.max(...sources, ...configs)) {
  process.stderr.write('Building Gloss (sources changed since the last build)…\n');
  const build = spawnSync('npx', ['electron-vite', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], shell: process.platform === 'win32' });
  if (build.status !== 0) process.exit(build.status ?? 1);
}
const run = spawnSync(process.execPath, [stamp, ...process.argv.slice(3)], { stdio: 'inherit' });
process.exit(run.status ?? 1);
