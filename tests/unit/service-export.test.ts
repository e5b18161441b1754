import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/dispatch';
import { createService, type GlossService } from '../../main/service';

let root: string;
let dataDir: string;
let vault: string;
let service: GlossService;

beforeEach(async () => {
  root = await mkdtemp(join(tmpdir(), 'gloss-export-'));
  dataDir = join(root, 'data');
  vault = join(root, 'vault');
  service = await createService({ dataDir, seedsDir: join(process.cwd(), 'seeds'), autoExportDelayMs: 20 });
});

afterEach(async () => {
  await rm(root, { recursive: true, force: true });
});

async function firstSeed() {
  const articles = await service.listArticles({});
  return articles.find((article) => article.title.startsWith('ASEAN secretary-general'))!;
}

async function highlight(articleId: string, quote: string, extra: { note?: string; tags?: string[] } = {}) {
  const { text } = await service.getArticle({ id: articleId });
  const start = text.indexOf(quote);
  return service.createAnnotation({ articleId, start, end: start + quote.length, color: 'green', ...extra });
}

describe('templates', () => {
  it('previews a template on the article, and reports a broken one without saving it', async () => {
    const article = await firstSeed();
    await highlight(article.id, 'mutual trust', { note: 'Key.' });
    expect(await service.previewTemplate({ articleId: article.id, template: '{{#highlights}}- {{quote}}: {{note}}\n{{/highlights}}' })).toEqual({
      ok: true,
      markdown: '- mutual trust: Key.\n',
    });
    const broken = await service.previewTemplate({ articleId: article.id, template: '{{#highlights}}- {{quote}}' });
    expect(broken.ok).toBe(false);

    const refused = await dispatch(service, 'updateSettings', { exportTemplate: '{{#highlights}}- {{quote}}' });
    expect(refused).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((await service.getSettings({})).exportTemplate).toBeNull();
  });

  it('exports with the saved template, and falls back to the default with the reason if it cannot render', async () => {
    const article = await firstSeed();
    await highlight(article.id, 'mutual trust');
    await service.updateSettings({ exportTemplate: '# {{title}}\n{{#highlights}}* {{quote}}\n{{/highlights}}' });
    const fresh = await createService({ dataDir });
    expect((await fresh.exportMarkdown({ articleId: article.id })).markdown).toBe(`# ${article.title}\n* mutual trust\n`);
    // Restoring the default (null) brings back the standard note.
    await fresh.updateSettings({ exportTemplate: null });
    expect((await fresh.exportMarkdown({ articleId: article.id })).markdown).toMatch(/^---\ntitle: /);
  });

  it('exports only the chosen highlights when asked', async () => {
    const article = await firstSeed();
    const kept = await highlight(article.id, 'mutual trust');
    await highlight(article.id, 'ASEAN centrality');
    const { markdown } = await service.exportMarkdown({ articleId: article.id, annotationIds: [kept.id] });
    expect(markdown).toContain('> mutual trust');
    expect(markdown).not.toContain('ASEAN centrality');
  });
});

describe('the export folder', () => {
  it('refuses to export without a folder, and refuses a relative one', async () => {
    expect(await dispatch(service, 'exportToFolder', {})).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await dispatch(service, 'updateSettings', { exportFolder: 'relative/path' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('writes one note per article, re-exports in place, and keeps the user’s text outside the region', async () => {
    await service.updateSettings({ exportFolder: vault });
    const article = await firstSeed();
    await highlight(article.id, 'mutual trust');
    const first = await service.exportToFolder({});
    expect(first.results.map((result) => result.status).sort()).toEqual(['created', 'created']);
    expect((await readdir(vault)).sort()).toHaveLength(2);
    const mine = first.results.find((result) => result.articleId === article.id)!;
    await writeFile(mine.path, `${await readFile(mine.path, 'utf8')}\nMy own paragraph.\n`);

    expect((await service.exportToFolder({ articleIds: [article.id] })).results[0]?.status).toBe('unchanged');
    await highlight(article.id, 'ASEAN centrality');
    expect((await service.exportToFolder({ articleIds: [article.id] })).results[0]?.status).toBe('updated');
    const text = await readFile(mine.path, 'utf8');
    expect(text.endsWith('\nMy own paragraph.\n')).toBe(true);
    expect(text).toContain('> ASEAN centrality');
    expect(text.match(/> mutual trust/g)).toHaveLength(1);
  });

  it('gives two articles with the same title two notes, named the same way at every export', async () => {
    await service.updateSettings({ exportFolder: vault });
    const b64 = (text: string): string => Buffer.from(text).toString('base64');
    const imported = await service.importFiles({
      files: [
        { name: 'a.txt', dataBase64: b64('Same title\n\nThe first body.') },
        { name: 'b.txt', dataBase64: b64('Same title\n\nA different second body.') },
      ],
    });
    const ids = imported.map((result) => (result.ok ? result.article.id : ''));
    const first = await service.exportToFolder({ articleIds: ids });
    const files = first.results.map((result) => result.fileName);
    expect(new Set(files).size).toBe(2);
    expect(files[0]).toBe('same-title.md');
    expect(first.results.every((result) => result.status === 'created')).toBe(true);
    const again = await service.exportToFolder({ articleIds: ids });
    expect(again.results.map((result) => [result.fileName, result.status])).toEqual(files.map((name) => [name, 'unchanged']));
  });

  it('auto-exports an article after its highlights change, when switched on', async () => {
    await service.updateSettings({ exportFolder: vault, autoExport: true });
    const article = await firstSeed();
    await highlight(article.id, 'mutual trust', { note: 'auto' });
    await service.flush();
    const [file] = await readdir(vault);
    expect(await readFile(join(vault, file!), 'utf8')).toContain('> mutual trust');
  });
});

describe('W3C Web Annotations', () => {
  it('exports and re-imports annotations, re-anchoring them on the text', async () => {
    const article = await firstSeed();
    await highlight(article.id, 'mutual trust', { note: 'Why?', tags: ['trust'] });
    const { json } = await service.exportW3C({ articleId: article.id });
    const parsed = JSON.parse(json) as { type: string };
    expect(parsed.type).toBe('AnnotationCollection');

    const other = await mkdtemp(join(tmpdir(), 'gloss-w3c-'));
    try {
      const second = await createService({ dataDir: other, seedsDir: join(process.cwd(), 'seeds') });
      const target = (await second.listArticles({})).find((item) => item.title === article.title)!;
      expect(await second.importW3C({ articleId: target.id, json })).toEqual({ added: 1, orphaned: 0 });
      const [imported] = await second.listAnnotations({ articleId: target.id });
      const { text } = await second.getArticle({ id: target.id });
      expect(imported).toMatchObject({ quote: 'mutual trust', note: 'Why?', tags: ['trust'] });
      expect(text.slice(imported!.start, imported!.end)).toBe('mutual trust');
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  it('refuses malformed JSON and non-annotations with a clear message, adding nothing', async () => {
    const article = await firstSeed();
    for (const json of ['{not json', '{"type":"Something"}', '[]x']) {
      const result = await dispatch(service, 'importW3C', { articleId: article.id, json });
      expect(result, json).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(await service.listAnnotations({ articleId: article.id })).toEqual([]);
  });
});

describe('read-only mode (the CLI while the app is open)', () => {
  it('reads and exports without writing anything', async () => {
    const article = await firstSeed();
    await highlight(article.id, 'mutual trust');
    const before = await stat(join(dataDir, 'db.json'));
    const bytes = await readFile(join(dataDir, 'db.json'), 'utf8');
    const reader = await createService({ dataDir, seedsDir: join(process.cwd(), 'seeds'), readOnly: true });
    expect((await reader.exportMarkdown({ articleId: article.id })).markdown).toContain('> mutual trust');
    await reader.getArticle({ id: article.id });
    expect(await dispatch(reader, 'deleteAnnotation', { id: 'abc' })).toMatchObject({ ok: false });
    expect(await readFile(join(dataDir, 'db.json'), 'utf8')).toBe(bytes);
    expect((await stat(join(dataDir, 'db.json'))).mtimeMs).toBe(before.mtimeMs);
  });

  it('leaves a damaged library where it is', async () => {
    await writeFile(join(dataDir, 'db.json'), '{ broken');
    const reader = await createService({ dataDir, readOnly: true });
    expect((await reader.getStartupNotices({}))[0]?.message).toMatch(/cannot be read/);
    expect(await readFile(join(dataDir, 'db.json'), 'utf8')).toBe('{ broken');
  });
});
