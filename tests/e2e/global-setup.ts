import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { electronBinary } from './fixtures';

/** Fails early with a clear message when the app is not built, and says why the electron project skips. */
export default function globalSetup(): void {
  const root = resolve(import.meta.dirname, '..', '..');
  for (const file of ['out/main/web.js', 'out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) {
    if (!existsSync(join(root, file))) throw new Error(`${file} is missing: run "npm run build" before the end-to-end tests.`);
  }
  const binary = electronBinary();
  console.log(binary ? `electron project: using ${binary}` : 'electron project: skipped: no Electron binary (it downloads on first run, which needs the network)');
}
