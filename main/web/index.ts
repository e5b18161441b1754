import { parseArgs } from 'node:util';
import { resolveDataDir } from '../data-dir';
import { assertBuilt, installPaths } from '../paths';
import { createService } from '../service';
import { startWebServer } from './server';

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
  const service = await createService({ dataDir, seedsDir });
  const server = await startWebServer({ service, rendererDir, port });
  process.stdout.write(`Gloss web: ${server.url}\n`);

  const stop = (): void => {
    // Finish any auto-export still waiting before going away.
    server
      .close()
      .then(() => service.flush())
      .then(() => process.exit(0), () => process.exit(1));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`gloss web: ${(error as Error).message}\n`);
  process.exit(1);
});
