import { hostname } from 'node:os';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../data-dir';
import { assertBuilt, installPaths } from '../paths';
import { createService, type GlossService } from '../service';
import { lockHolder, processIsAlive, releaseDataDirLock, setProcessKind } from '../store/lock';
import { startWebServer } from './server';

// The data folder's lock names this process "Gloss web" to anyone refused by it.
setProcessKind('web');

/**
 * `npm run web -- [--data-dir DIR] [--port N]`: serves Gloss on 127.0.0.1 and
 * prints the one line with its address and token.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      'data-dir': { type: 'string' },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  if (values.help) {
    process.stdout.write('Usage: npm run web -- [--data-dir DIR] [--port N]\nServes Gloss at http://127.0.0.1:<port>/?token=<token>.\n');
    return;
  }
  const port = values.port === undefined ? 0 : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`--port must be a whole number from 0 to 65535, not "${values.port}".`);
  }
  const { rendererDir, seedsDir } = installPaths(import.meta.url);
  assertBuilt(rendererDir);
  const dataDir = resolveDataDir(values['data-dir']);
  // The library opens while the server already listens: the page, its script
  // and the renderer's start need no library, so Chromium does that work while
  // the store reads the data folder, and the API calls wait for the service.
  const opening = createService({ dataDir, seedsDir });
  // Failure is reported once, below, where main() awaits it; this only stops an early rejection from counting as unhandled.
  opening.catch(() => undefined);
  // A library that another running Gloss on this machine holds will be
  // refused: wait for that answer rather than print an address that is about
  // to stop working. (Our own lock, once taken, has our pid.)
  const holder = await lockHolder(dataDir).catch(() => null);
  if (holder !== null && holder.hostname === hostname() && holder.pid !== process.pid && processIsAlive(holder.pid)) await opening;
  const server = await startWebServer({ service: opening, rendererDir, port });

  const stop = (): void => {
    // Finish any auto-export still waiting, let the last write land and give up the lock, then go.
    // A stop while the library is still opening waits for it, so the store is never cut off mid-open.
    server
      .close()
      .then(() => opening)
      .then(async (service) => {
        await service.flush();
        await closeService(service);
      })
      .then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  // Only now: whoever reads this line may stop us at once, and the handlers above must be there to shut down cleanly.
  process.stdout.write(`Gloss web: ${server.url}\n`);
  try {
    await opening;
  } catch (error) {
    await server.close();
    throw error;
  }
}

/**
 * Closes the service's store (waits for writes, releases the data folder's
 * lock). The lock is also let go here directly, in case the
 * service has no close().
 */
async function closeService(service: GlossService): Promise<void> {
  const closable = service as GlossService & { close?: () => Promise<void> };
  if (typeof closable.close === 'function') await closable.close();
  // Nothing writes any more: the lock goes now, not only at exit.
  await releaseDataDirLock(service.dataDir);
}

main().catch((error: unknown) => {
  process.stderr.write(`gloss web: ${(error as Error).message}\n`);
  process.exit(1);
});
