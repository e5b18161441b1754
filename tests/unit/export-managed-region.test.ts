import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Annotation, ColorSetting } from '../../preload/api';
import { renderArticleMarkdown, type MarkdownInput } from '../../main/export/markdown';
import {
  createManagedNote,
  exportFileName,
  mergeIntoExisting,
  regionHash,
  splitFrontMatter,
  wrapManaged,
} from '../../main/export/managed-region';
import { unifiedLineDiff } from '../../main/export/line-diff';

const COLORS: ColorSetting[] = [{ id: 'yellow', label: 'Yellow' }];
const ARTICLE: MarkdownInput['article'] = {
  id: 'article1',
  title: 'The article',
  source: { kind: 'url', location: 'https://example.com/a' },
};

function annotation(id: string, start: number, quote: string, note = ''): Annotation {
  return {
    id,
    articleId: ARTICLE.id,
    start,
    end: start + quote.length,
    quote,
    prefix: '',
    suffix: '',
    color: 'yellow',
    note,
    tags: [],
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
  };
}

const FIRST = annotation('aaaaaaaaaaaaaaaa', 10, 'first passage', 'my note');
const SECOND = annotation('bbbbbbbbbbbbbbbb', 20, 'second passage');
const THIRD = annotation('cccccccccccccccc', 30, 'third passage');

function generate(annotations: Annotation[], exportedAt = '2024-05-06T07:08:09.000Z', article = ARTICLE): string {
  return renderArticleMarkdown({ article, annotations, colors: COLORS, exportedAt: new Date(exportedAt) });
}

const count = (text: string, needle: string): number => text.split(needle).length - 1;

describe('creating a note', () => {
  it('writes the front matter at the very top, then the region with its hash', () => {
    const result = mergeIntoExisting(null, generate([FIRST]));
    expect(result.status).toBe('created');
    expect(result.userEditedRegion).toBe(false);
    const { frontMatter, body } = splitFrontMatter(result.content);
    expect(result.content.startsWith('---\ntitle: "The article"\n')).toBe(true);
    expect(frontMatter).toContain('exported: "2024-05-06T07:08:09.000Z"');
    const lines = body.split('\n');
    expect(lines[0]).toBe('');
    expect(lines[1]).toMatch(/^%% gloss:begin sha256=[0-9a-f]{16} %%$/);
    expect(lines[3]).toBe('# The article');
    expect(result.content.endsWith('\n%% gloss:end %%\n')).toBe(true);
    expect(result.content).toBe(createManagedNote(generate([FIRST])));
  });

  it('treats an empty file like no file', () => {
    expect(mergeIntoExisting('', generate([FIRST])).status).toBe('created');
    expect(mergeIntoExisting(' \n', generate([FIRST])).content).toBe(createManagedNote(generate([FIRST])));
  });

  it('stores a hash of exactly what is between the markers', () => {
    const wrapped = wrapManaged('# Title\n\nbody\n');
    const [begin, ...rest] = wrapped.split('\n');
    const inner = rest.slice(0, rest.indexOf('%% gloss:end %%')).join('\n');
    expect(begin).toBe(`%% gloss:begin sha256=${regionHash(inner)} %%`);
    expect(inner).toBe('\n# Title\n\nbody\n');
  });

  it('never lets generated text forge a marker', () => {
    const wrapped = wrapManaged('text\n%% gloss:end %%\nmore');
    expect(count(wrapped, '\n%% gloss:end %%')).toBe(1);
    expect(wrapped).toContain('\\%% gloss:end %%');
  });
});

describe('re-exporting', () => {
  it('is idempotent: same highlights, later export time → unchanged, same bytes', () => {
    const created = mergeIntoExisting(null, generate([FIRST, SECOND])).content;
    const again = mergeIntoExisting(created, generate([FIRST, SECOND], '2030-01-01T00:00:00.000Z'));
    expect(again).toEqual({ content: created, status: 'unchanged', userEditedRegion: false });
  });

  it("adds new highlights, drops deleted ones, never duplicates, and keeps the user's text byte for byte", () => {
    const created = mergeIntoExisting(null, generate([FIRST, SECOND])).content;
    const { frontMatter, body } = splitFrontMatter(created);
    const userTop = 'My thoughts before the highlights.\n\n- [ ] follow up  \n';
    const userBottom = '\n## My summary\n\nIt was *good*. %% private %%\n\n';
    const editedFront = frontMatter.replace('---\n', '---\naliases: ["asean"]\n');
    const edited = `${editedFront}\n${userTop}${body.replace(/^\n/, '')}${userBottom}`;

    const result = mergeIntoExisting(edited, generate([FIRST, THIRD]));
    expect(result.status).toBe('updated');
    expect(result.userEditedRegion).toBe(false);
    expect(result.content.startsWith(`${editedFront}\n${userTop}%% gloss:begin`)).toBe(true);
    expect(result.content.endsWith(`%% gloss:end %%\n${userBottom}`)).toBe(true);
    expect(count(result.content, '> first passage')).toBe(1);
    expect(count(result.content, '> third passage')).toBe(1);
    expect(result.content).not.toContain('second passage');

    // And the result is itself a clean base for the next export.
    expect(mergeIntoExisting(result.content, generate([FIRST, THIRD])).status).toBe('unchanged');
  });

  it('leaves the front matter alone after creation, even when the generated one changed', () => {
    const created = mergeIntoExisting(null, generate([FIRST])).content;
    const renamed = generate([FIRST], '2030-01-01T00:00:00.000Z', { ...ARTICLE, title: 'Renamed' });
    const result = mergeIntoExisting(created, renamed);
    expect(result.status).toBe('updated');
    expect(splitFrontMatter(result.content).frontMatter).toBe(splitFrontMatter(created).frontMatter);
    expect(result.content).toContain('# Renamed');
  });
});

describe('conflicts', () => {
  it("reports an edit inside the region with a diff, and changes nothing until forced", () => {
    const created = mergeIntoExisting(null, generate([FIRST])).content;
    const edited = created.replace('my note', 'my note, which I reworded in Obsidian');
    const result = mergeIntoExisting(edited, generate([FIRST, SECOND]));
    expect(result.status).toBe('conflict');
    expect(result.conflict).toBe('edited-region');
    expect(result.userEditedRegion).toBe(true);
    expect(result.content).toBe(edited);
    expect(result.message).toMatch(/edited outside Gloss/);
    expect(result.diff).toContain('-my note, which I reworded in Obsidian');
    expect(result.diff).toContain('+my note');
    expect(result.diff).toContain('+> second passage');
    expect(result.diff).toMatch(/^--- your note\n\+\+\+ after export\n@@ -\d+,\d+ \+\d+,\d+ @@\n/);

    const forced = mergeIntoExisting(edited, generate([FIRST, SECOND]), { overwriteUserEdits: true });
    expect(forced.status).toBe('updated');
    expect(forced.userEditedRegion).toBe(true);
    expect(forced.content).not.toContain('reworded');
    expect(forced.content).toContain('> second passage');
    expect(mergeIntoExisting(forced.content, generate([FIRST, SECOND])).status).toBe('unchanged');
  });

  it('never overwrites a note Gloss did not write; forcing keeps all of it and appends', () => {
    const mine = '# The article\n\nMy own note with the same name.';
    const result = mergeIntoExisting(mine, generate([FIRST]));
    expect(result).toMatchObject({ status: 'conflict', conflict: 'no-markers', content: mine, userEditedRegion: false });
    expect(result.diff).toContain('+%% gloss:begin');

    const forced = mergeIntoExisting(mine, generate([FIRST]), { overwriteUserEdits: true });
    expect(forced.status).toBe('updated');
    expect(forced.content.startsWith(`${mine}\n\n%% gloss:begin sha256=`)).toBe(true);
    expect(mergeIntoExisting(forced.content, generate([FIRST])).status).toBe('unchanged');
  });

  const created = (): string => mergeIntoExisting(null, generate([FIRST])).content;
  const damaged: [string, () => string][] = [
    ['a missing end marker', () => created().replace('%% gloss:end %%\n', '')],
    ['a missing begin marker', () => created().replace(/%% gloss:begin [^\n]*\n/, '')],
    ['two regions', () => created() + created().slice(created().indexOf('%% gloss:begin'))],
    ['an end before the begin', () => `%% gloss:end %%\n${created().replace('%% gloss:end %%\n', '')}`],
    ['a mangled marker', () => created().replace('%% gloss:end %%', '%% gloss:end')],
  ];
  for (const [what, make] of damaged) {
    it(`refuses ${what}, even when forced`, () => {
      const existing = make();
      for (const options of [{}, { overwriteUserEdits: true }]) {
        const result = mergeIntoExisting(existing, generate([FIRST, SECOND]), options);
        expect(result).toMatchObject({ status: 'conflict', conflict: 'damaged-markers', content: existing });
        expect(result.message).toMatch(/markers are damaged/);
      }
    });
  }

  it("refuses to put one article's highlights in another article's note", () => {
    const other = mergeIntoExisting(null, generate([FIRST], undefined, { ...ARTICLE, id: 'article2' })).content;
    const result = mergeIntoExisting(other, generate([SECOND]));
    expect(result).toMatchObject({ status: 'conflict', conflict: 'different-article', content: other });
    expect(mergeIntoExisting(other, generate([SECOND]), { overwriteUserEdits: true }).status).toBe('updated');
  });

  it('cannot verify a region without a hash: the same text gets its hash, other text is a conflict', () => {
    const withoutHash = created().replace(/ sha256=[0-9a-f]{16}/, '');
    const same = mergeIntoExisting(withoutHash, generate([FIRST]));
    expect(same.status).toBe('updated');
    expect(same.content).toBe(created());
    expect(mergeIntoExisting(withoutHash, generate([FIRST, SECOND])).conflict).toBe('edited-region');
  });
});

describe('CRLF files', () => {
  const crlf = (text: string): string => text.replace(/\n/g, '\r\n');

  it('are unchanged when nothing changed, and stay CRLF when updated, user text intact', () => {
    const created = crlf(mergeIntoExisting(null, generate([FIRST])).content);
    expect(mergeIntoExisting(created, generate([FIRST], '2031-01-01T00:00:00.000Z'))).toEqual({
      content: created,
      status: 'unchanged',
      userEditedRegion: false,
    });

    const withUserText = `${created}\r\nMy closing words.\r\n`;
    const result = mergeIntoExisting(withUserText, generate([FIRST, SECOND]));
    expect(result.status).toBe('updated');
    expect(result.content.replace(/\r\n/g, '')).not.toContain('\n');
    expect(result.content).toContain('> second passage\r\n');
    expect(result.content.endsWith('%% gloss:end %%\r\n\r\nMy closing words.\r\n')).toBe(true);
    expect(mergeIntoExisting(result.content, generate([FIRST, SECOND])).status).toBe('unchanged');
  });

  it('still detect edits inside the region', () => {
    const created = crlf(mergeIntoExisting(null, generate([FIRST])).content);
    const result = mergeIntoExisting(created.replace('my note', 'changed'), generate([FIRST]));
    expect(result.conflict).toBe('edited-region');
  });
});

describe('on disk', () => {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('round-trips through a real file, with a stable file name', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gloss-managed-'));
    made.push(dir);
    const path = join(dir, exportFileName({ title: 'ASEAN: "The Summit" (2023)' }));
    expect(path.endsWith('asean-the-summit-2023.md')).toBe(true);
    await writeFile(path, mergeIntoExisting(null, generate([FIRST])).content);
    await writeFile(path, `${await readFile(path, 'utf8')}\nmine\n`);
    const merged = mergeIntoExisting(await readFile(path, 'utf8'), generate([SECOND]));
    expect(merged.status).toBe('updated');
    await writeFile(path, merged.content);
    const final = await readFile(path, 'utf8');
    expect(final.endsWith('%% gloss:end %%\n\nmine\n')).toBe(true);
    expect(final).toContain('> second passage');
    expect(final).not.toContain('first passage');
  });
});

describe('unifiedLineDiff', () => {
  it('is empty for the same lines, whatever the line endings', () => {
    expect(unifiedLineDiff('a\nb\n', 'a\r\nb\r\n')).toBe('');
  });

  it('shows removed and added lines with context and hunk headers', () => {
    const before = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].join('\n');
    const after = ['1', '2', '3', '4', 'five', '6', '7', '8', '9', '10', '11'].join('\n');
    expect(unifiedLineDiff(before, after, { context: 1 })).toBe(
      ['--- before', '+++ after', '@@ -4,3 +4,3 @@', ' 4', '-5', '+five', ' 6', '@@ -10 +10,2 @@', ' 10', '+11', ''].join('\n'),
    );
  });

  it('finds the common lines between edits (not just a replace-all)', () => {
    const diff = unifiedLineDiff('a\nb\nc\nd\ne', 'a\nx\nc\nd\ny\ne', { context: 0 });
    expect(diff.split('\n').filter((line) => /^[-+][^-+]/.test(line))).toEqual(['-b', '+x', '+y']);
  });

  it('copes with very large regions', () => {
    const before = Array.from({ length: 5000 }, (_, index) => `old ${index}`).join('\n');
    const after = Array.from({ length: 5000 }, (_, index) => `new ${index}`).join('\n');
    const diff = unifiedLineDiff(before, after);
    expect(count(diff, '\n-old')).toBe(5000);
    expect(count(diff, '\n+new')).toBe(5000);
  });
});
