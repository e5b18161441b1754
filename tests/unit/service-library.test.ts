import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/dispatch';
import { createService, type GlossService } from '../../main/service';

let dataDir: string;
let service: GlossService;

beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'gloss-library-'));
  service = await createService({ dataDir, seedsDir: join(process.cwd(), 'seeds') });
});

afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

function b64(text: string | Uint8Array): string {
  return Buffer.from(text).toString('base64');
}

async function highlight(articleId: string, quote: string, tags: string[] = [], color: 'yellow' | 'green' = 'yellow') {
  const { text } = await service.getArticle({ id: articleId });
  const start = text.indexOf(quote);
  expect(start, quote).toBeGreaterThanOrEqual(0);
  return service.createAnnotation({ articleId, start, end: start + quote.length, color, tags });
}

async function seeds() {
  const [first, second] = (await service.listArticles({})).sort((a, b) => (a.publishedAt ?? '').localeCompare(b.publishedAt ?? ''));
  return { first: first!, second: second! };
}

describe('tags across the library', () => {
  it('counts tags case-insensitively, keeping the first spelling', async () => {
    const { first, second } = await seeds();
    await highlight(first.id, 'mutual trust', ['ASEAN', 'trust']);
    await highlight(second.id, 'good neighbor', ['asean']);
    expect(await service.listTags({})).toEqual([
      { tag: 'ASEAN', count: 2 },
      { tag: 'trust', count: 1 },
    ]);
  });

  it('renames a tag on every article, merging into an existing tag without duplicates', async () => {
    const { first, second } = await seeds();
    const a = await highlight(first.id, 'mutual trust', ['asean', 'region']);
    const b = await highlight(second.id, 'good neighbor', ['Asean']);
    expect(await service.renameTag({ from: 'ASEAN', to: 'region' })).toEqual({ changed: 2 });

    const fresh = await createService({ dataDir });
    const byId = new Map((await fresh.listHighlights({})).map((item) => [item.annotation.id, item.annotation.tags]));
    expect(byId.get(a.id)).toEqual(['region']);
    expect(byId.get(b.id)).toEqual(['region']);
    expect(await fresh.listTags({})).toEqual([{ tag: 'region', count: 2 }]);
  });

  it('deletes a tag everywhere but keeps the highlights', async () => {
    const { first } = await seeds();
    await highlight(first.id, 'mutual trust', ['gone', 'kept']);
    expect(await service.deleteTag({ tag: 'GONE' })).toEqual({ changed: 1 });
    const [item] = await service.listHighlights({});
    expect(item?.annotation.tags).toEqual(['kept']);
  });

  it('refuses to rename or delete a tag nobody uses, and changes nothing', async () => {
    const before = await readFile(join(dataDir, 'db.json'), 'utf8');
    for (const [method, input] of [
      ['renameTag', { from: 'nope', to: 'x' }],
      ['deleteTag', { tag: 'nope' }],
      ['renameTag', { from: 'a', to: '   ' }],
    ] as const) {
      const result = await dispatch(service, method, input);
      expect(result.ok, method).toBe(false);
    }
    expect(await readFile(join(dataDir, 'db.json'), 'utf8')).toBe(before);
  });

  it('lists highlights newest first, filtered by tag (nested tags included), colour and text, with article titles', async () => {
    const { first, second } = await seeds();
    await highlight(first.id, 'mutual trust', ['region/asean'], 'green');
    await new Promise((resolve) => setTimeout(resolve, 5));
    await highlight(second.id, 'good neighbor', ['region'], 'yellow');
    const all = await service.listHighlights({});
    expect(all.map((item) => item.annotation.quote)).toEqual(['good neighbor', 'mutual trust']);
    expect(all[0]?.articleTitle).toBe(second.title);
    expect((await service.listHighlights({ tag: 'region' })).length).toBe(2);
    expect((await service.listHighlights({ tag: 'region/asean' })).map((item) => item.annotation.quote)).toEqual(['mutual trust']);
    expect((await service.listHighlights({ color: 'yellow' })).map((item) => item.annotation.quote)).toEqual(['good neighbor']);
    expect((await service.listHighlights({ query: 'TRUST' })).map((item) => item.annotation.quote)).toEqual(['mutual trust']);
  });
});

describe('colour names', () => {
  it('saves the user’s names, which exports then use', async () => {
    const { first } = await seeds();
    await highlight(first.id, 'mutual trust', [], 'green');
    const settings = await service.updateSettings({ colors: [{ id: 'green', label: 'Key idea' }] });
    expect(settings.colors.find((color) => color.id === 'green')?.label).toBe('Key idea');
    const fresh = await createService({ dataDir });
    expect((await fresh.getSettings({})).colors.find((color) => color.id === 'green')?.label).toBe('Key idea');
    expect((await fresh.exportMarkdown({ articleId: first.id })).markdown).toContain('Key idea');
    expect((await dispatch(fresh, 'updateSettings', { colors: [{ id: 'green', label: '  ' }] })).ok).toBe(false);
  });
});

describe('importing files', () => {
  const tides = ['Field notes on tides', 'The harbour empties twice a day, and the boats lean on their keels in the mud.', 'Fishermen read the water before the almanac, and they are rarely wrong.'].join('\n\n');

  it('adds a text file with its first line as the title, and does not duplicate the same content', async () => {
    const [added] = await service.importFiles({ files: [{ name: 'tides.txt', dataBase64: b64(tides) }] });
    expect(added).toMatchObject({ ok: true, status: 'added', article: { title: 'Field notes on tides' } });
    const article = await service.getArticle({ id: added!.ok ? added!.article.id : '' });
    expect(article.blocks.map((block) => block.text)).toEqual(tides.split('\n\n').slice(1));
    const [again] = await service.importFiles({ files: [{ name: 'copy-of-tides.txt', dataBase64: b64(tides) }] });
    expect(again).toMatchObject({ ok: true, status: 'unchanged' });
    expect((await service.listArticles({})).length).toBe(3);
  });

  it('imports a seed-format file as a seed is parsed', async () => {
    const raw = await readFile(join(process.cwd(), 'seeds', '001_c3a0d29199969d0a.txt'));
    const [result] = await service.importFiles({ files: [{ name: 'other-name.txt', dataBase64: raw.toString('base64') }] });
    // Same content as the bundled seed: recognised, not added twice.
    expect(result).toMatchObject({ ok: true, status: 'unchanged', article: { title: 'Senior Chinese diplomat meets ASEAN secretary-general' } });
  });

  it('re-anchors highlights when a changed version of the same file is imported, orphaning the one whose text is gone', async () => {
    const [added] = await service.importFiles({ files: [{ name: 'tides.txt', dataBase64: b64(tides) }] });
    const id = added!.ok ? added!.article.id : '';
    const kept = await highlight(id, 'the boats lean on their keels');
    const lost = await highlight(id, 'they are rarely wrong', ['fishing']);
    const edited = ['Field notes on tides', 'A new first paragraph.', 'The harbour empties twice a day, and the boats lean on their keels in the mud.', 'Fishermen read the water before the almanac.'].join('\n\n');

    const [updated] = await service.importFiles({ files: [{ name: 'tides.txt', dataBase64: b64(edited) }] });
    expect(updated).toMatchObject({ ok: true, status: 'updated', reanchored: { kept: 0, moved: 1, orphaned: 1 } });

    const fresh = await createService({ dataDir });
    const { text } = await fresh.getArticle({ id });
    const annotations = await fresh.listAnnotations({ articleId: id });
    const moved = annotations.find((annotation) => annotation.id === kept.id)!;
    expect(text.slice(moved.start, moved.end)).toBe('the boats lean on their keels');
    expect(moved.orphaned).toBeUndefined();
    const orphan = annotations.find((annotation) => annotation.id === lost.id)!;
    expect(orphan).toMatchObject({ orphaned: true, quote: 'they are rarely wrong', tags: ['fishing'] });

    // Re-attaching puts it on new words and clears the flag.
    const start = text.indexOf('Fishermen read the water');
    const reattached = await fresh.reattachAnnotation({ id: lost.id, start, end: start + 'Fishermen read the water'.length });
    expect(reattached).toMatchObject({ quote: 'Fishermen read the water', tags: ['fishing'] });
    expect(reattached.orphaned).toBeUndefined();
  });

  it('gives each bad file a clear error and still imports the rest of the batch', async () => {
    const results = await service.importFiles({
      files: [
        { name: 'empty.txt', dataBase64: '' },
        { name: 'binary.txt', dataBase64: b64(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d])) },
        { name: 'latin1.txt', dataBase64: b64(new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x61, 0x75, 0x20, 0x6c, 0x61, 0x69, 0x74])) },
        { name: 'blank.txt', dataBase64: b64('   \n\n  \n') },
        { name: 'picture.png', dataBase64: b64('not really a png but named like one') },
        { name: 'good.md', dataBase64: b64('A good note\n\nIt has a body that is long enough to read.') },
      ],
    });
    expect(results.map((result) => result.ok)).toEqual([false, false, false, false, false, true]);
    const messages = results.filter((result) => !result.ok).map((result) => (result.ok ? '' : result.error));
    expect(messages[0]).toMatch(/^empty\.txt: .*empty/);
    expect(messages[1]).toMatch(/^binary\.txt: /);
    expect(messages[2]).toMatch(/^latin1\.txt: .*UTF-8/);
    expect(messages[3]).toMatch(/^blank\.txt: .*white space/);
    expect(messages[4]).toMatch(/^picture\.png: .*\.png/);
    expect((await service.listArticles({})).map((article) => article.title)).toContain('A good note');
  });
});

describe('deleting, restoring and renaming articles', () => {
  it('moves an article and its highlights to the trash, and undo brings both back', async () => {
    const { first, second } = await seeds();
    await highlight(first.id, 'mutual trust', ['gone-with-it']);
    await highlight(second.id, 'good neighbor', ['stays']);
    await service.deleteArticle({ id: first.id });

    expect((await service.listArticles({})).map((article) => article.id)).toEqual([second.id]);
    expect((await service.listTags({})).map((entry) => entry.tag)).toEqual(['stays']);
    expect((await service.listHighlights({})).map((item) => item.annotation.quote)).toEqual(['good neighbor']);
    expect((await dispatch(service, 'getArticle', { id: first.id })).ok).toBe(false);

    const fresh = await createService({ dataDir });
    await fresh.restoreArticle({ id: first.id });
    expect((await fresh.listArticles({})).length).toBe(2);
    expect((await fresh.listAnnotations({ articleId: first.id })).map((annotation) => annotation.tags)).toEqual([['gone-with-it']]);
  });

  it('empties the trash of articles deleted more than 30 days ago, text file included', async () => {
    const { first } = await seeds();
    await highlight(first.id, 'mutual trust');
    await service.deleteArticle({ id: first.id });
    const later = new Date(Date.now() + 31 * 24 * 60 * 60 * 1000);
    const afterAMonth = await createService({ dataDir, now: () => later });
    expect((await dispatch(afterAMonth, 'restoreArticle', { id: first.id })).ok).toBe(false);
    await expect(readFile(join(dataDir, 'articles', `${first.id}.json`))).rejects.toThrow();
    // Its highlights went with it: their file is gone, and no other file holds them.
    await expect(readFile(join(dataDir, 'annotations', `${first.id}.json`))).rejects.toThrow();
    expect(await afterAMonth.listHighlights({})).toEqual([]);
  });

  it('renames an article, refusing an empty title', async () => {
    const { first } = await seeds();
    await service.renameArticle({ id: first.id, title: '  ASEAN, briefly  ' });
    const fresh = await createService({ dataDir });
    expect((await fresh.getArticle({ id: first.id })).title).toBe('ASEAN, briefly');
    expect(await dispatch(fresh, 'renameArticle', { id: first.id, title: '   ' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('lists each article with the tags on its highlights', async () => {
    const { first } = await seeds();
    await highlight(first.id, 'mutual trust', ['b-tag', 'A-tag']);
    await highlight(first.id, 'ASEAN centrality', ['a-tag']);
    const listed = (await service.listArticles({})).find((article) => article.id === first.id);
    expect(listed).toMatchObject({ highlightCount: 2, tags: ['A-tag', 'b-tag'] });
  });
});

describe('reader settings', () => {
  it('remembers typeface, size, line height, width and theme', async () => {
    await service.updateSettings({ reader: { typeface: 'sans', fontSize: 22, lineHeight: 1.8, columnWidth: 34, theme: 'sepia' } });
    const fresh = await createService({ dataDir });
    expect((await fresh.getSettings({})).reader).toEqual({ typeface: 'sans', fontSize: 22, lineHeight: 1.8, columnWidth: 34, theme: 'sepia' });
    expect(await dispatch(fresh, 'updateSettings', { reader: { typeface: 'comic', fontSize: 22, lineHeight: 1.8, columnWidth: 34, theme: 'sepia' } })).toMatchObject({ ok: false });
  });
});
