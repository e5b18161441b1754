import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import type { MethodName, MethodResults } from '../../preload/api';
import { resolveDataDir } from '../data-dir';
import { dispatch } from '../dispatch';
import { installPaths } from '../paths';
import { createService } from '../service';

/**
 * The gloss command line: the same service, no window. Every command goes
 * through the contract's validation like the other transports do.
 */
const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  list                         List the articles in the library (id, date, title).
  export --article ID          Export one article's highlights as Markdown.
         [--out FILE]          Write to FILE instead of standard output.

Options:
  --data-dir DIR               Use this data directory (default: GLOSS_DATA_DIR, then
                               the desktop app's own directory).
  -h, --help                   Show this help.
`;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      article: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    strict: true,
  });
  const command = positionals[0];
  if (values.help || command === undefined || command === 'help') {
    process.stdout.write(USAGE);
    return command === undefined && !values.help ? 2 : 0;
  }
  const service = await createService({
    dataDir: resolveDataDir(values['data-dir']),
    seedsDir: installPaths(import.meta.url).seedsDir,
  });
  async function call<M extends MethodName>(method: M, input: unknown): Promise<MethodResults[M]> {
    const result = await dispatch(service, method, input);
    if (!result.ok) throw new Error(result.error.message);
    return result.value as MethodResults[M];
  }

  switch (command) {
    case 'list': {
      for (const article of await call('listArticles', {})) {
        process.stdout.write(`${article.id}\t${article.publishedAt ?? '----------'}\t${article.title}\n`);
      }
      return 0;
    }
    case 'export': {
      if (!values.article) throw new Error('export needs --article ID (see "npm run cli -- list").');
      const { markdown } = await call('exportMarkdown', { articleId: values.article });
      if (values.out) {
        await writeFile(values.out, markdown, 'utf8');
        process.stderr.write(`Wrote ${values.out}\n`);
      } else {
        process.stdout.write(markdown);
      }
      return 0;
    }
    default:
      process.stderr.write(`Unknown command "${command}".\n\n${USAGE}`);
      return 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`gloss: ${(error as Error).message}\n`);
    process.exit(1);
  },
);
