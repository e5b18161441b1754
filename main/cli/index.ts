import { installPaths } from '../paths';
import { runCli } from './run';

/**
 * The built entry (out/main/cli.js) of the gloss command line. All the logic
 * is in run.ts; this file only knows where it was installed (the sample
 * articles sit beside the build) and where the user typed the command.
 */

// `npm run cli` runs in the project's folder; npm keeps the folder the user was in as INIT_CWD.
const cwd = process.env.npm_lifecycle_event === 'cli' && process.env.INIT_CWD ? process.env.INIT_CWD : process.cwd();

// A reader that stops early (`| head`) is not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

runCli(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd,
  seedsDir: installPaths(import.meta.url).seedsDir,
}).then(
  (code) => {
    // Let piped output drain instead of cutting it off with process.exit().
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`gloss: ${(error as Error)?.message ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
