import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where the built renderer and the sample articles are, seen from a built
 * entry file in out/main/ (web.js, cli.js, index.js). Pass the entry's own
 * `import.meta.url`: shared chunks live elsewhere and must not guess.
 */
export function installPaths(entryUrl: string): { rendererDir: string; seedsDir: string } {
  const here = dirname(fileURLToPath(entryUrl));
  const root = join(here, '..', '..');
  return { rendererDir: join(here, '..', 'renderer'), seedsDir: join(root, 'seeds') };
}

export function assertBuilt(rendererDir: string): void {
  if (!existsSync(join(rendererDir, 'index.html'))) {
    throw new Error(`The renderer is not built (no ${join(rendererDir, 'index.html')}). Run "npm run build" first.`);
  }
}
