import { mkdir, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ArticleSummary, HighlightColor } from '../../preload/api';
import { runCli } from '../../main/cli/run';
import { exportFileName } from '../../main/export/managed-region';
import { createService, type GlossService } from '../../main/service';

/**
 * The command line, run in-process on real temporary libraries: every test
 * calls runCli as the built entry does, with output captured as text.
 */

const SEEDS = join(process.cwd(), 'seeds');
const FIXED_NOW = () => new Date('2026-01-02T03:04:05.000Z');

let root: string;
let dataDir: string;
let service: GlossService;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'gloss-cli-'));
  dataDir = join(root, 'data');
  service = await createService({ dataDir, seedsDir: SEEDS });
});

afterEach(async () => {
  await service.flush();
  await rm(root, { recursive: true, force: true });
});

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(argv: string[], env: NodeJS.ProcessEnv = {}): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    env,
    cwd: root,
    seedsDir: SEEDS,
    now: FIXED_NOW,
  });
  return { code, stdout, stderr };
}

async function seeds(): Promise<{ first: ArticleSummary; second: ArticleSummary }> {
  const [first, second] = (await service.listArticles({})).sort((a, b) => (a.publishedAt ?? '').localeCompare(b.publishedAt ?? ''));
  return { first: first!, second: second! };
}

async function highlight(articleId: string, quote: string, tags: string[] = [], color: HighlightColor = 'yellow') {
  const { text } = await service.getArticle({ id: articleId });
  const start = text.indexOf(quote);
  expect(start, quote).toBeGreaterThanOrEqual(0);
  return service.createAnnotation({ articleId, start, end: start + quote.length, color, tags });
}

/** The library as a fresh reader sees it on disk (the test's own service would not see another writer). */
async function libraryOnDisk(dir = dataDir): Promise<ArticleSummary[]> {
  const fresh = await createService({ dataDir: dir, readOnly: true });
  return fresh.listArticles({});
}

describe('list', () => {
  it('prints id, date and title of every article, tab-separated', async () => {
    const { first, second } = await seeds();
    const run = await cli(['list', '--data-dir', dataDir]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines).toContain(`${first.id}\t${first.publishedAt}\t${first.title}`);
    expect(lines).toContain(`${second.id}\t${second.publishedAt}\t${second.title}`);
  });

  it('finds the library through GLOSS_DATA_DIR, relative to where it was run', async () => {
    const run = await cli(['list'], { GLOSS_DATA_DIR: 'data' });
    expect(run.code).toBe(0);
    expect(run.stdout.trimEnd().split('\n')).toHaveLength(2);
  });

  it('refuses a folder that holds no library instead of pretending it is empty', async () => {
    const empty = join(root, 'nothing-here');
    const run = await cli(['list', '--data-dir', empty]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^gloss: There is no Gloss library in .*nothing-here/);
    await expect(stat(empty)).rejects.toThrow(/ENOENT/);
  });
});

describe('import', () => {
  it('prints one line per file, keeps going past a bad file, and exits 1', async () => {
    await writeFile(join(root, 'tides.txt'), 'Tides of the Bay\n\nThe moon pulls the water twice a day.\n\nSailors learned the rhythm.\n');
    await writeFile(join(root, 'ferns.md'), '# Ferns in Winter\n\nFerns keep their green under snow.\n');
    await writeFile(join(root, 'photo.txt'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x00, 0x00, 0xff, 0xfe, 0x00, 0x01]));

    const run = await cli(['import', 'tides.txt', 'photo.txt', join(root, 'ferns.md'), '--data-dir', dataDir]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^[A-Za-z0-9_-]+\tTides of the Bay$/);
    expect(lines[1]).toMatch(/^error\tphoto\.txt: .*(PNG image|binary|UTF-8)/);
    expect(lines[2]).toMatch(/^[A-Za-z0-9_-]+\tFerns in Winter$/);

    const library = await libraryOnDisk();
    const tides = library.find((article) => article.title === 'Tides of the Bay');
    expect(tides?.id).toBe(lines[0]!.split('\t')[0]);
    expect(tides?.source).toEqual({ kind: 'file', location: join(root, 'tides.txt') });
    expect(library.some((article) => article.title === 'Ferns in Winter')).toBe(true);
    expect(library).toHaveLength(4);
  });

  it('reports a re-imported, edited file as updated, and an unchanged one as already there', async () => {
    const path = join(root, 'essay.txt');
    await writeFile(path, 'On Walking\n\nI like to walk in the morning.\n\nThe streets are quiet then.\n');
    const added = await cli(['import', path, '--data-dir', dataDir]);
    expect(added.code).toBe(0);
    const [id] = added.stdout.trimEnd().split('\t');

    const again = await cli(['import', path, '--data-dir', dataDir]);
    expect(again.stdout).toBe(`${id}\tOn Walking\t(already in library)\n`);

    await writeFile(path, 'On Walking\n\nI like to walk in the early morning.\n\nThe streets are quiet then.\n');
    const updated = await cli(['import', path, '--data-dir', dataDir]);
    expect(updated.code).toBe(0);
    expect(updated.stdout).toBe(`${id}\tOn Walking\t(updated)\n`);
    const library = await libraryOnDisk();
    expect(library.filter((article) => article.title === 'On Walking')).toHaveLength(1);
  });

  it('imports the text files directly inside a folder, and reports missing paths', async () => {
    const folder = join(root, 'reading');
    await mkdir(join(folder, 'deeper'), { recursive: true });
    await writeFile(join(folder, 'a.txt'), 'Alpha note\n\nFirst text here.\n');
    await writeFile(join(folder, 'b.md'), '# Beta note\n\nSecond text here.\n');
    await writeFile(join(folder, 'picture.png'), 'not imported');
    await writeFile(join(folder, 'deeper', 'c.txt'), 'Gamma note\n\nNot reached.\n');

    const run = await cli(['import', 'reading', 'missing.txt', '--data-dir', dataDir]);
    expect(run.code).toBe(1);
    const lines = run.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/\tAlpha note$/);
    expect(lines[1]).toMatch(/\tBeta note$/);
    expect(lines[2]).toBe('error\tmissing.txt: no such file or folder');
  });

  it('creates and seeds a new library, as the app would', async () => {
    const fresh = join(root, 'fresh');
    await writeFile(join(root, 'one.txt'), 'One title\n\nSome words.\n');
    const run = await cli(['import', 'one.txt', '--data-dir', fresh]);
    expect(run.code).toBe(0);
    expect(await libraryOnDisk(fresh)).toHaveLength(3);
  });
});

describe('export to standard output', () => {
  it('writes one article as Markdown with its title and highlights', async () => {
    const { first } = await seeds();
    await highlight(first.id, 'mutual trust', ['asean'], 'green');
    const run = await cli(['export', '--article', first.id, '--data-dir', dataDir]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain(`\n# ${first.title}\n`);
    expect(run.stdout).toContain('> mutual trust');
    expect(run.stdout).toMatch(/^---\ntitle: /);
  });

  it('says which id is unknown, with no stack trace, and exits 1', async () => {
    const run = await cli(['export', '--article', 'nope', '--data-dir', dataDir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe('gloss: No article has the id "nope".\n');
  });

  it('writes a tag note with the tagged highlights of every article', async () => {
    const { first, second } = await seeds();
    await highlight(first.id, 'mutual trust', ['asean/trust']);
    await highlight(second.id, 'good neighbor', ['ASEAN']);
    await highlight(first.id, 'Treaty of Amity', ['treaties']);
    const run = await cli(['export', '--tag', 'asean', '--data-dir', dataDir]);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('> mutual trust');
    expect(run.stdout).toContain('> good neighbor');
    expect(run.stdout).not.toContain('Treaty of Amity');
    expect(run.stdout).toContain(`## ${first.title}`);

    const none = await cli(['export', '--tag', 'nothing-tagged', '--data-dir', dataDir]);
    expect(none.code).toBe(1);
    expect(none.stderr).toBe('gloss: No highlight has the tag "nothing-tagged".\n');
  });

  it('--format json gives the article and its annotations, an array for --all, the highlights for --tag', async () => {
    const { first } = await seeds();
    const made = await highlight(first.id, 'mutual trust', ['asean']);

    const one = await cli(['export', '--article', first.id, '--format', 'json', '--data-dir', dataDir]);
    expect(one.code).toBe(0);
    const parsed = JSON.parse(one.stdout) as { article: ArticleSummary; annotations: { id: string; quote: string }[] };
    expect(parsed.article.id).toBe(first.id);
    expect(parsed.article.title).toBe(first.title);
    expect(parsed.annotations).toEqual([expect.objectContaining({ id: made.id, quote: 'mutual trust', tags: ['asean'] })]);

    const all = JSON.parse((await cli(['export', '--all', '--format', 'json', '--data-dir', dataDir])).stdout) as unknown[];
    expect(all).toHaveLength(2);

    const tagged = JSON.parse((await cli(['export', '--tag', 'asean', '--format', 'json', '--data-dir', dataDir])).stdout) as {
      annotation: { id: string };
      articleTitle: string;
    }[];
    expect(tagged).toEqual([{ annotation: expect.objectContaining({ id: made.id }), articleTitle: first.title }]);
  });

  it('--format w3c gives W3C annotation collections', async () => {
    const { first } = await seeds();
    await highlight(first.id, 'mutual trust');
    const one = await cli(['export', '--article', first.id, '--format', 'w3c', '--data-dir', dataDir]);
    expect(one.code).toBe(0);
    const collection = JSON.parse(one.stdout) as { '@context': string; type: string; total: number };
    expect(collection['@context']).toBe('http://www.w3.org/ns/anno.jsonld');
    expect(collection.type).toBe('AnnotationCollection');
    expect(collection.total).toBe(1);

    const all = JSON.parse((await cli(['export', '--all', '--format', 'w3c', '--data-dir', dataDir])).stdout) as { '@context': string }[];
    expect(all).toHaveLength(2);
    expect(all.every((item) => item['@context'] === 'http://www.w3.org/ns/anno.jsonld')).toBe(true);

    const tag = await cli(['export', '--tag', 'x', '--format', 'w3c', '--data-dir', dataDir]);
    expect(tag.code).toBe(2);
  });
});

describe('export into files', () => {
  async function exportAll(out: string, ...more: string[]): Promise<Run> {
    return cli(['export', '--all', '--out', out, '--data-dir', dataDir, ...more]);
  }

  it('--all --out DIR writes one note per article and reports each file', async () => {
    const { first, second } = await seeds();
    await highlight(first.id, 'mutual trust');
    const run = await exportAll('notes');
    expect(run.code).toBe(0);
    expect(run.stdout).toBe('');
    const folder = join(root, 'notes');
    const names = [exportFileName(first), exportFileName(second)];
    expect((await readdir(folder)).sort()).toEqual([...names].sort());
    expect(run.stderr.trimEnd().split('\n').sort()).toEqual(names.map((name) => `created ${join(folder, name)}`).sort());
    const note = await readFile(join(folder, exportFileName(first)), 'utf8');
    expect(note).toContain('%% gloss:begin sha256=');
    expect(note).toContain('> mutual trust');
  });

  it('keeps edits outside the managed region byte for byte on re-export', async () => {
    const { first } = await seeds();
    await highlight(first.id, 'mutual trust');
    await exportAll('notes');
    const path = join(root, 'notes', exportFileName(first));
    const original = await readFile(path, 'utf8');
    const edited = original.replace(/^title: .*$/m, 'title: "My own title"\naliases: ["asean-note"]') + '\nMy own closing thought.\n';
    await writeFile(path, edited);

    const again = await exportAll('notes');
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(`unchanged ${path}`);
    expect(await readFile(path, 'utf8')).toBe(edited);

    await highlight(first.id, 'Treaty of Amity');
    const third = await exportAll('notes');
    expect(third.code).toBe(0);
    expect(third.stderr).toContain(`updated ${path}`);
    const updated = await readFile(path, 'utf8');
    expect(updated).toContain('> Treaty of Amity');
    const frontMatter = edited.slice(0, edited.indexOf('%% gloss:begin'));
    expect(updated.startsWith(frontMatter)).toBe(true);
    expect(updated.endsWith('%% gloss:end %%\n\nMy own closing thought.\n')).toBe(true);
  });

  it('leaves a note whose region the user edited alone, exits 1, and --force overwrites it', async () => {
    const { first } = await seeds();
    await highlight(first.id, 'mutual trust');
    await exportAll('notes');
    const path = join(root, 'notes', exportFileName(first));
    const edited = (await readFile(path, 'utf8')).replace('> mutual trust', '> mutual trust (my emphasis)');
    await writeFile(path, edited);
    await highlight(first.id, 'Treaty of Amity');

    const refused = await exportAll('notes');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`conflict ${path}`);
    expect(refused.stderr).toContain('--force');
    expect(await readFile(path, 'utf8')).toBe(edited);

    const forced = await exportAll('notes', '--force');
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain(`updated ${path}`);
    const after = await readFile(path, 'utf8');
    expect(after).not.toContain('(my emphasis)');
    expect(after).toContain('> Treaty of Amity');
  });

  it('--out FILE writes exactly what standard output would get, and refuses the data directory', async () => {
    const { first } = await seeds();
    await highlight(first.id, 'mutual trust');
    const printed = await cli(['export', '--article', first.id, '--data-dir', dataDir]);
    const written = await cli(['export', '--article', first.id, '--out', 'out/note.md', '--data-dir', dataDir]);
    expect(written.code).toBe(0);
    expect(written.stdout).toBe('');
    expect(written.stderr).toBe(`created ${join(root, 'out', 'note.md')}\n`);
    expect(await readFile(join(root, 'out', 'note.md'), 'utf8')).toBe(printed.stdout);

    const inside = await cli(['export', '--article', first.id, '--out', join(dataDir, 'db.json'), '--data-dir', dataDir]);
    expect(inside.code).toBe(1);
    expect(inside.stderr).toMatch(/inside the library's data directory/);
  });

  it('gives articles with the same title different files, stable across exports', async () => {
    await writeFile(join(root, 'a.txt'), 'Same Title\n\nThe first text.\n');
    await writeFile(join(root, 'b.txt'), 'Same Title\n\nThe second text.\n');
    const imported = await cli(['import', 'a.txt', 'b.txt', '--data-dir', dataDir]);
    const secondId = imported.stdout.trimEnd().split('\n')[1]!.split('\t')[0]!;
    const run = await exportAll('notes');
    expect(run.code).toBe(0);
    const names = await readdir(join(root, 'notes'));
    expect(names).toContain('same-title.md');
    expect(names).toContain(`same-title-${secondId}.md`);
    const again = (await exportAll('notes')).stderr.trimEnd().split('\n');
    expect(again).toHaveLength(4);
    expect(again.every((line) => line.startsWith('unchanged '))).toBe(true);
  });
});

describe('reading while the app may be writing', () => {
  it('never writes db.json when listing or exporting, not even to seed a library', async () => {
    // A library the app made without the samples: a writing CLI would seed it now.
    const unseeded = join(root, 'unseeded');
    const app = await createService({ dataDir: unseeded });
    await app.importFiles({ files: [{ name: '/elsewhere/one.txt', dataBase64: Buffer.from('One title\n\nSome words.\n').toString('base64') }] });
    const dbPath = join(unseeded, 'db.json');
    const bytesBefore = await readFile(dbPath);
    const mtimeBefore = (await stat(dbPath)).mtimeMs;
    const filesBefore = await readdir(unseeded);

    expect((await cli(['list', '--data-dir', unseeded])).stdout.trimEnd().split('\n')).toHaveLength(1);
    expect((await cli(['export', '--all', '--format', 'json', '--data-dir', unseeded])).code).toBe(0);
    expect((await cli(['export', '--all', '--out', 'notes', '--data-dir', unseeded])).code).toBe(0);

    expect(await readFile(dbPath)).toEqual(bytesBefore);
    expect((await stat(dbPath)).mtimeMs).toBe(mtimeBefore);
    expect(await readdir(unseeded)).toEqual(filesBefore);
  });

  it('leaves a damaged db.json where it is and says it cannot be read', async () => {
    const dbPath = join(dataDir, 'db.json');
    await writeFile(dbPath, '{"schemaVersion": 1, "articles": [');
    const run = await cli(['export', '--all', '--format', 'json', '--data-dir', dataDir]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.stderr).toMatch(/^gloss: The library .*db\.json cannot be read: the file is not valid JSON/);
    expect(run.stderr).toContain('left exactly as it is');
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await readFile(dbPath, 'utf8')).toBe('{"schemaVersion": 1, "articles": [');
    expect((await readdir(dataDir)).filter((name) => name.startsWith('db.json'))).toEqual(['db.json']);
  });
});

describe('usage', () => {
  it('--help documents every command and option and exits 0', async () => {
    for (const argv of [['--help'], ['-h'], ['help'], ['export', '--help']]) {
      const run = await cli(argv);
      expect(run.code, argv.join(' ')).toBe(0);
      for (const word of ['list', 'import', 'export', '--article', '--tag', '--all', '--format', '--out', '--force', '--data-dir', 'GLOSS_DATA_DIR', 'Examples']) {
        expect(run.stdout, word).toContain(word);
      }
    }
  });

  it('exits 2 with the usage for unknown options, unknown commands and incomplete commands', async () => {
    const cases: [string[], RegExp][] = [
      [['list', '--bogus'], /unknown option "--bogus"/],
      [['frobnicate'], /unknown command "frobnicate"/],
      [[], /which command/],
      [['export', '--data-dir', dataDir], /needs --article ID, --tag TAG or --all/],
      [['export', '--all', '--tag', 'x'], /only one of/],
      [['export', '--all', '--format', 'pdf'], /--format must be md, json or w3c/],
      [['export', '--article'], /--article needs a value/],
      [['list', '--force'], /list does not take --force/],
      [['import'], /needs at least one file/],
    ];
    for (const [argv, message] of cases) {
      const run = await cli(argv);
      expect(run.code, argv.join(' ')).toBe(2);
      expect(run.stderr, argv.join(' ')).toMatch(message);
      expect(run.stderr, argv.join(' ')).toContain('Usage:');
    }
  });
});
