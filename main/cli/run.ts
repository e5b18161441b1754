import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import type { ImportResult, MethodInput, MethodName, MethodResults, Result } from '../../preload/api';
import { resolveDataDir } from '../data-dir';
import { dispatch } from '../dispatch';
import { createService, type GlossService } from '../service';
import { DATABASE_FILE, NewerSchemaError, parseDatabase } from '../store/database';
import { EXPORT_FORMATS, runExport, type CallService, type ExportFormat, type ExportTarget } from './export-command';
import { CliFailure, UsageError, fsReason } from './failures';
import { USAGE, helpText } from './help';
import { importPaths } from './import-command';

/**
 * The gloss command line, as a function: arguments in, exit status out, and
 * all output through the streams it is given, so tests run it in-process and
 * main/cli/index.ts stays a thin entry.
 *
 * Every service call goes through dispatch, so input is validated by the
 * contract exactly as for IPC and HTTP. Commands that only read (list,
 * export) open the library read-only: they never write db.json, never seed,
 * never move a damaged file, so they can run while the desktop app is open.
 */

export interface CliStream {
  write(chunk: string): unknown;
}

export interface CliOptions {
  stdout: CliStream;
  stderr: CliStream;
  env?: NodeJS.ProcessEnv;
  /** Where relative paths are resolved from (default: process.cwd()). */
  cwd?: string;
  /** The sample articles a new library starts with; only `import` (which writes) adds them. */
  seedsDir?: string;
  /** A fixed clock, for tests. */
  now?: () => Date;
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

const COMMANDS = ['list', 'import', 'export', 'help'] as const;
type Command = (typeof COMMANDS)[number];

const OPTIONS = {
  'data-dir': { type: 'string' },
  article: { type: 'string' },
  tag: { type: 'string' },
  all: { type: 'boolean' },
  format: { type: 'string' },
  out: { type: 'string', short: 'o' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;
type OptionName = keyof typeof OPTIONS;

/** The options each command accepts besides --data-dir and --help. */
const COMMAND_OPTIONS: Record<Command, readonly OptionName[]> = {
  list: [],
  import: [],
  export: ['article', 'tag', 'all', 'format', 'out', 'force'],
  help: [],
};

export async function runCli(argv: readonly string[], options: CliOptions): Promise<number> {
  const env = options.env ?? process.env;
  const cwd = options.cwd ?? process.cwd();
  const err = (line: string): void => void options.stderr.write(`${line}\n`);
  try {
    return await run(argv, { ...options, env, cwd, err });
  } catch (error) {
    if (error instanceof UsageError) {
      err(`gloss: ${error.message}\n`);
      options.stderr.write(`${USAGE}\nRun "npm run cli -- --help" for every option, with examples.\n`);
      return EXIT_USAGE;
    }
    if (error instanceof CliFailure) {
      err(`gloss: ${error.message}`);
      return EXIT_FAILURE;
    }
    // A bug, not a situation: say so plainly, with the details only on request.
    err(`gloss: something went wrong: ${(error as Error)?.message ?? String(error)}`);
    if (env.GLOSS_DEBUG) err(String((error as Error)?.stack ?? error));
    else err('gloss: set GLOSS_DEBUG=1 to see the details.');
    return EXIT_FAILURE;
  }
}

interface RunContext extends CliOptions {
  env: NodeJS.ProcessEnv;
  cwd: string;
  err: (line: string) => void;
}

async function run(argv: readonly string[], context: RunContext): Promise<number> {
  const { values, positionals } = parse(argv);
  const [command, ...rest] = positionals;
  if (values.help || command === 'help') {
    context.stdout.write(helpText(resolveDataDir(undefined, { ...context.env, GLOSS_DATA_DIR: '' })));
    return EXIT_OK;
  }
  if (command === undefined) throw new UsageError('which command? Give list, import or export.');
  if (!isCommand(command)) throw new UsageError(`unknown command "${command}".`);
  for (const name of Object.keys(values) as OptionName[]) {
    if (name !== 'data-dir' && name !== 'help' && !COMMAND_OPTIONS[command].includes(name)) {
      throw new UsageError(`${command} does not take --${name}.`);
    }
  }
  if (values['data-dir'] === '') throw new UsageError('--data-dir needs a folder.');
  const dataDir = values['data-dir'] !== undefined
    ? resolve(context.cwd, values['data-dir'])
    : context.env.GLOSS_DATA_DIR
      ? resolve(context.cwd, context.env.GLOSS_DATA_DIR)
      : resolveDataDir(undefined, context.env);

  switch (command) {
    case 'list': {
      if (rest.length > 0) throw new UsageError(`list takes no arguments (got "${rest[0]}").`);
      const call = caller(await openForReading(dataDir, context), context);
      for (const article of await call('listArticles', {})) {
        context.stdout.write(`${article.id}\t${article.publishedAt ?? '----------'}\t${article.title}\n`);
      }
      return EXIT_OK;
    }
    case 'import': {
      if (rest.length === 0) throw new UsageError('import needs at least one file or folder.');
      const service = await openForWriting(dataDir, context);
      const allImported = await importPaths(rest, {
        cwd: context.cwd,
        importFile: (file) => dispatch(service, 'importFiles', { files: [file] }, logUnexpected(context)) as Promise<Result<ImportResult[]>>,
        out: (line) => void context.stdout.write(`${line}\n`),
        note: context.err,
      });
      // A re-import may have scheduled an auto-export into the app's export folder: run it before exiting.
      await service.flush();
      await reportNotices(service, context);
      return allImported ? EXIT_OK : EXIT_FAILURE;
    }
    case 'export': {
      if (rest.length > 0) throw new UsageError(`export takes no arguments (got "${rest[0]}"); did you mean --article ${rest[0]}?`);
      const target = exportTarget(values);
      const format = (values.format ?? 'md') as ExportFormat;
      if (!(EXPORT_FORMATS as readonly string[]).includes(format)) {
        throw new UsageError(`--format must be md, json or w3c, not "${values.format}".`);
      }
      const call = caller(await openForReading(dataDir, context), context);
      return runExport(
        { target, format, out: values.out ?? null, force: values.force === true },
        { call, cwd: context.cwd, dataDir, stdout: (text) => void context.stdout.write(text), note: context.err },
      );
    }
    case 'help':
      return EXIT_OK;
  }
}

function parse(argv: readonly string[]): ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>> {
  try {
    return parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const quoted = /'([^']+)'/.exec((error as Error).message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown option "${quoted ?? (error as Error).message}".`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
      const option = quoted?.split(' ')[0];
      const takesValue = option !== undefined && /<value>/.test((error as Error).message);
      throw new UsageError(takesValue ? `${option} needs a value.` : (error as Error).message);
    }
    throw new UsageError((error as Error).message);
  }
}

function isCommand(name: string): name is Command {
  return (COMMANDS as readonly string[]).includes(name);
}

function exportTarget(values: { article?: string; tag?: string; all?: boolean }): ExportTarget {
  const given = [values.article !== undefined, values.tag !== undefined, values.all === true].filter(Boolean).length;
  if (given !== 1) {
    throw new UsageError(
      given === 0 ? 'export needs --article ID, --tag TAG or --all (see "list" for the ids).' : 'export takes only one of --article, --tag and --all.',
    );
  }
  if (values.article !== undefined) return { kind: 'article', id: values.article };
  if (values.tag !== undefined) return { kind: 'tag', tag: values.tag };
  return { kind: 'all' };
}

/**
 * Opens the library for a command that only reads. A missing or unreadable
 * db.json is an error here, not a fresh start: a reader must neither create a
 * library nor set a damaged one aside (that is the app's job, with the user
 * watching), and exporting "nothing" would hide the problem.
 */
async function openForReading(dataDir: string, context: RunContext): Promise<GlossService> {
  const path = join(dataDir, DATABASE_FILE);
  let raw: string;
  try {
    raw = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new CliFailure(
        `There is no Gloss library in ${dataDir} (it has no ${DATABASE_FILE}). Give the folder the app uses with --data-dir, or add files with "import".`,
      );
    }
    throw new CliFailure(`Cannot read ${path}: ${fsReason(error)}.`);
  }
  try {
    parseDatabase(raw);
  } catch (error) {
    // A library from a newer Gloss can still be read (the service shows what it understands).
    if (!(error instanceof NewerSchemaError)) {
      throw new CliFailure(`The library ${path} cannot be read: ${(error as Error).message}. It was left exactly as it is.`);
    }
  }
  let service: GlossService;
  try {
    service = await createService({ dataDir, readOnly: true, ...(context.now ? { now: context.now } : {}) });
  } catch (error) {
    throw new CliFailure(`Cannot open the library in ${dataDir}: ${fsReason(error)}.`);
  }
  await reportNotices(service, context);
  return service;
}

/** Opens the library for `import`, as the app does: created and seeded when new. */
async function openForWriting(dataDir: string, context: RunContext): Promise<GlossService> {
  let service: GlossService;
  try {
    service = await createService({
      dataDir,
      ...(context.seedsDir ? { seedsDir: context.seedsDir } : {}),
      ...(context.now ? { now: context.now } : {}),
    });
  } catch (error) {
    throw new CliFailure(`Cannot open the library in ${dataDir}: ${fsReason(error)}.`);
  }
  await reportNotices(service, context);
  return service;
}

const reported = new WeakMap<GlossService, number>();

/** Startup warnings (a library set aside, a newer library) and auto-export problems go to standard error, each once. */
async function reportNotices(service: GlossService, context: RunContext): Promise<void> {
  const answer = await dispatch(service, 'getStartupNotices', {}, logUnexpected(context));
  if (!answer.ok) return;
  const notices = answer.value as MethodResults['getStartupNotices'];
  const seen = reported.get(service) ?? 0;
  for (const notice of notices.slice(seen)) if (notice.level === 'warning') context.err(`gloss: ${notice.message}`);
  reported.set(service, notices.length);
}

function caller(service: GlossService, context: RunContext): CallService {
  return async <M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodResults[M]> => {
    const answer = await dispatch(service, method, input, logUnexpected(context));
    if (!answer.ok) throw new CliFailure(answer.error.message);
    return answer.value as MethodResults[M];
  };
}

/** dispatch's report of a bug inside the service: one line, the stack only with GLOSS_DEBUG. */
function logUnexpected(context: RunContext): (message: string, error: unknown) => void {
  return (message, error) => {
    context.err(`${message}: ${(error as Error)?.message ?? String(error)}`);
    if (context.env.GLOSS_DEBUG) context.err(String((error as Error)?.stack ?? error));
  };
}
