import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  MAX_NOTE_LENGTH,
  canonicalText,
  type Annotation,
  type ApiError,
  type MethodName,
  type Result,
} from '../../preload/api';
import { parseSeed } from '../../main/articles/seed-parser';
import { dispatch } from '../../main/dispatch';
import { createService, type GlossService } from '../../main/service';
import { SCHEMA_VERSION } from '../../main/store/schema';

const SEEDS_DIR = join(process.cwd(), 'seeds');
const SEED_FILES = ['000_a6323e6b57c27c38.txt', '001_c3a0d29199969d0a.txt'];
const FIRST_TITLE = 'ASEAN secretary-general calls for elevating ASEAN-China partnership to new high';
const SECOND_TITLE = 'Senior Chinese diplomat meets ASEAN secretary-general';

const made: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gloss-service-'));
  made.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function open(dataDir: string): Promise<GlossService> {
  return createService({ dataDir, seedsDir: SEEDS_DIR });
}

async function freshService(): Promise<{ dir: string; service: GlossService }> {
  const dir = await tempDir();
  return { dir, service: await open(dir) };
}

async function firstArticle(service: GlossService): Promise<{ id: string; text: string }> {
  const [summary] = await service.listArticles({});
  if (!summary) throw new Error('no articles');
  const article = await service.getArticle({ id: summary.id });
  return { id: article.id, text: article.text };
}

function rangeOf(text: string, phrase: string): { start: number; end: number } {
  const start = text.indexOf(phrase);
  if (start === -1) throw new Error(`"${phrase}" is not in the text`);
  return { start, end: start + phrase.length };
}

function failureOf(result: Result<unknown>): ApiError {
  if (result.ok) throw new Error(`expected a failure, got ${JSON.stringify(result.value).slice(0, 200)}`);
  return result.error;
}

describe('the library of seeds', () => {
  it('lists the two sample articles with their titles and dates', async () => {
    const { service } = await freshService();
    const articles = await service.listArticles({});
    expect(articles.map((article) => article.title)).toEqual([FIRST_TITLE, SECOND_TITLE]);
    expect(articles.map((article) => article.publishedAt)).toEqual(['2023-02-23', '2023-03-28']);
    expect(articles.map((article) => article.source)).toEqual(SEED_FILES.map((location) => ({ kind: 'seed', location })));
    for (const article of articles) {
      expect(article.id).toMatch(/^[a-z2-7]{16}$/);
      expect(article.progress).toBe(0);
      expect(article.highlightCount).toBe(0);
      expect(article.wordCount).toBeGreaterThan(200);
    }
    expect(new Set(articles.map((article) => article.id)).size).toBe(2);
  });

  it('adds the seeds only once to a library', async () => {
    const { dir, service } = await freshService();
    const before = await service.listArticles({});
    const again = await open(dir);
    const after = await again.listArticles({});
    expect(after).toHaveLength(2);
    expect(after.map((article) => article.id)).toEqual(before.map((article) => article.id));
    expect((await readdir(join(dir, 'articles'))).sort()).toEqual(before.map((article) => `${article.id}.json`).sort());
  });

  it('returns each article with its blocks and the canonical text made from them', async () => {
    const { service } = await freshService();
    const summaries = await service.listArticles({});
    for (const [index, summary] of summaries.entries()) {
      const article = await service.getArticle({ id: summary.id });
      const raw = await readFile(join(SEEDS_DIR, SEED_FILES[index] as string), 'utf8');
      expect(article.title).toBe(summary.title);
      expect(article.blocks).toEqual(parseSeed(raw).blocks);
      expect(article.text).toBe(canonicalText(article.blocks));
      expect(article.openedAt).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    }
  });

  it('keeps reading an article after the seed file is gone', async () => {
    const dir = await tempDir();
    const seedsCopy = join(dir, 'seeds-copy');
    await mkdir(seedsCopy);
    const raw = await readFile(join(SEEDS_DIR, SEED_FILES[0] as string));
    await writeFile(join(seedsCopy, SEED_FILES[0] as string), raw);
    const dataDir = join(dir, 'data');
    const service = await createService({ dataDir, seedsDir: seedsCopy });
    await rm(seedsCopy, { recursive: true });
    const reopened = await createService({ dataDir, seedsDir: seedsCopy });
    const [summary] = await reopened.listArticles({});
    expect(summary?.title).toBe(FIRST_TITLE);
    const article = await reopened.getArticle({ id: summary!.id });
    expect(article.blocks).toEqual(parseSeed(raw.toString('utf8')).blocks);
    expect(service.dataDir).toBe(dataDir);
  });
});

describe('annotations', () => {
  it('creates a highlight with the quote and context from the canonical text, trimmed and with tags normalized', async () => {
    const { service } = await freshService();
    const { id, text } = await firstArticle(service);
    const { start, end } = rangeOf(text, 'Qin Gang');
    // Select a little white space on both sides, as a mouse drag often does.
    const created = await service.createAnnotation({
      articleId: id,
      start: start - 1,
      end: end + 1,
      color: 'green',
      note: 'The foreign minister',
      tags: [' #Foreign Policy ', 'foreign-policy', 'asean/china', '', 'ASEAN/China'],
    });
    expect(created).toMatchObject({
      articleId: id,
      start,
      end,
      quote: 'Qin Gang',
      prefix: text.slice(start - 32, start),
      suffix: text.slice(end, end + 32),
      color: 'green',
      note: 'The foreign minister',
      tags: ['Foreign-Policy', 'asean/china'],
    });
    expect(created.prefix).toHaveLength(32);
    expect(created.createdAt).toBe(created.updatedAt);
    expect(created.orphaned).toBeUndefined();
    expect(await service.listAnnotations({ articleId: id })).toEqual([created]);
  });

  it('gives a highlight across a block break the text as the reader sees it', async () => {
    const { service } = await freshService();
    const { id, text } = await firstArticle(service);
    const { start } = rangeOf(text, 'JAKARTA');
    const end = text.indexOf('ASEAN Secretary-General Kao', start) + 'ASEAN Secretary-General Kao'.length;
    const created = await service.createAnnotation({ articleId: id, start, end, color: 'yellow' });
    expect(created.quote).toBe('JAKARTA, Feb. 22 (Xinhua) --\n\nASEAN Secretary-General Kao');
    expect(created.note).toBe('');
    expect(created.tags).toEqual([]);
  });

  it('keeps changes to note, tags and colour, and deletions, across a restart', async () => {
    const { dir, service } = await freshService();
    const { id, text } = await firstArticle(service);
    const keep = await service.createAnnotation({ articleId: id, ...rangeOf(text, 'ASEAN centrality'), color: 'yellow' });
    const drop = await service.createAnnotation({ articleId: id, ...rangeOf(text, 'Belt and Road Initiative'), color: 'blue' });

    const updated = await service.updateAnnotation({ id: keep.id, note: 'Key phrase\nsecond line', tags: ['Policy', ' policy '], color: 'pink' });
    expect(updated).toMatchObject({ id: keep.id, note: 'Key phrase\nsecond line', tags: ['Policy'], color: 'pink', quote: 'ASEAN centrality' });
    const tagsOnly = await service.updateAnnotation({ id: keep.id, tags: ['region/asean'] });
    expect(tagsOnly).toMatchObject({ note: 'Key phrase\nsecond line', tags: ['region/asean'], color: 'pink' });
    expect(await service.deleteAnnotation({ id: drop.id })).toEqual(drop);

    const restarted = await open(dir);
    const list = await restarted.listAnnotations({ articleId: id });
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({
      id: keep.id,
      quote: 'ASEAN centrality',
      note: 'Key phrase\nsecond line',
      tags: ['region/asean'],
      color: 'pink',
      createdAt: keep.createdAt,
    });
    const summary = (await restarted.listArticles({})).find((article) => article.id === id);
    expect(summary?.highlightCount).toBe(1);
  });

  it('restores a deleted highlight exactly as it was, also after a restart', async () => {
    const { dir, service } = await freshService();
    const { id, text } = await firstArticle(service);
    const created = await service.createAnnotation({
      articleId: id,
      ...rangeOf(text, 'people-to-people ties'),
      color: 'purple',
      note: 'note',
      tags: ['Ties', 'a/b'],
    });
    const deleted = await service.deleteAnnotation({ id: created.id });
    expect(await service.listAnnotations({ articleId: id })).toEqual([]);

    const restored = await service.restoreAnnotation({ annotation: deleted });
    expect(restored).toEqual(created);
    expect(await service.listAnnotations({ articleId: id })).toEqual([created]);
    expect(await (await open(dir)).listAnnotations({ articleId: id })).toEqual([created]);

    const twice = await dispatch(service, 'restoreAnnotation', { annotation: deleted });
    expect(failureOf(twice).code).toBe('conflict');
    expect(await service.listAnnotations({ articleId: id })).toHaveLength(1);
  });

  it('lists highlights in text order and counts them per article', async () => {
    const { service } = await freshService();
    const [first, second] = await service.listArticles({});
    const a = await service.getArticle({ id: first!.id });
    const b = await service.getArticle({ id: second!.id });
    const late = await service.createAnnotation({ articleId: a.id, ...rangeOf(a.text, 'Qin stressed'), color: 'yellow' });
    const early = await service.createAnnotation({ articleId: a.id, ...rangeOf(a.text, 'Kao Kim Hourn'), color: 'yellow' });
    await service.createAnnotation({ articleId: b.id, ...rangeOf(b.text, 'Wang Yi'), color: 'blue' });
    expect((await service.listAnnotations({ articleId: a.id })).map((annotation) => annotation.id)).toEqual([early.id, late.id]);
    const counts = (await service.listArticles({})).map((article) => article.highlightCount);
    expect(counts).toEqual([2, 1]);
  });

  it('keeps reading progress across a restart', async () => {
    const { dir, service } = await freshService();
    const [first] = await service.listArticles({});
    const summary = await service.setReadingProgress({ id: first!.id, progress: 0.42 });
    expect(summary.progress).toBe(0.42);
    const again = await (await open(dir)).listArticles({});
    expect(again[0]?.progress).toBe(0.42);
    expect(again[1]?.progress).toBe(0);
  });

  it('gives the default colour labels and export settings', async () => {
    const { service } = await freshService();
    expect(await service.getSettings({})).toEqual({
      reader: { typeface: 'serif', fontSize: 19, lineHeight: 1.65, columnWidth: 40, theme: 'system' },
      colors: [
        { id: 'yellow', label: 'Yellow' },
        { id: 'green', label: 'Green' },
        { id: 'blue', label: 'Blue' },
        { id: 'pink', label: 'Pink' },
        { id: 'purple', label: 'Purple' },
      ],
      exportTemplate: null,
      exportFolder: null,
      autoExport: false,
    });
    expect(await service.getStartupNotices({})).toEqual([]);
  });
});

describe('start-up with a damaged or newer library', () => {
  it('tells the user through getStartupNotices when db.json was unreadable, and still has the seeds', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'db.json'), '{"schemaVersion": 1, "articles": [');
    const service = await open(dir);
    const notices = await service.getStartupNotices({});
    expect(notices).toHaveLength(1);
    expect(notices[0]?.level).toBe('warning');
    expect(notices[0]?.message).toMatch(/db\.json\.unreadable-/);
    expect(await service.listArticles({})).toHaveLength(2);
  });

  it('opens a library from a newer Gloss read-only without changing a byte of it', async () => {
    const { dir, service } = await freshService();
    const { id, text } = await firstArticle(service);
    await service.createAnnotation({ articleId: id, ...rangeOf(text, 'Qin Gang'), color: 'yellow' });
    const dbPath = join(dir, 'db.json');
    const newer = { ...(JSON.parse(await readFile(dbPath, 'utf8')) as object), schemaVersion: SCHEMA_VERSION + 1, seeded: [] };
    await writeFile(dbPath, JSON.stringify(newer));
    const bytes = await readFile(dbPath);

    const readOnly = await open(dir);
    expect((await readOnly.getStartupNotices({}))[0]?.message).toMatch(/read-only/);
    expect(await readOnly.listArticles({})).toHaveLength(2);
    expect(await readOnly.listAnnotations({ articleId: id })).toHaveLength(1);
    expect((await readOnly.getArticle({ id })).text).toBe(text);
    const refused = await dispatch(readOnly, 'createAnnotation', { articleId: id, start: 0, end: 5, color: 'yellow' });
    expect(failureOf(refused).code).toBe('conflict');
    expect(failureOf(await dispatch(readOnly, 'setReadingProgress', { id, progress: 0.5 })).code).toBe('conflict');
    expect(Buffer.compare(await readFile(dbPath), bytes)).toBe(0);
  });
});

describe('dispatch: the contract at the boundary', () => {
  async function setUp(): Promise<{
    dir: string;
    service: GlossService;
    articleId: string;
    text: string;
    annotation: Annotation;
  }> {
    const { dir, service } = await freshService();
    const { id, text } = await firstArticle(service);
    const annotation = await service.createAnnotation({ articleId: id, ...rangeOf(text, 'Qin Gang'), color: 'yellow' });
    return { dir, service, articleId: id, text, annotation };
  }

  it('answers valid calls with ok: true and the value', async () => {
    const { service, articleId } = await setUp();
    const listed = await dispatch(service, 'listArticles', {});
    expect(listed.ok).toBe(true);
    const noPayload = await dispatch(service, 'getSettings', undefined);
    expect(noPayload.ok).toBe(true);
    const annotations = await dispatch(service, 'listAnnotations', { articleId });
    expect(annotations.ok && annotations.value).toHaveLength(1);
  });

  it('refuses malformed input with a message naming the problem and changes nothing on disk', async () => {
    const { dir, service, articleId, text, annotation } = await setUp();
    const dbPath = join(dir, 'db.json');
    const before = await readFile(dbPath);
    const hugeNote = 'x'.repeat(200_000);
    const separatorAt = text.indexOf('\n\n');
    const restorable = { ...annotation, id: 'restorable1' };

    type Case = [method: MethodName, payload: unknown, code: 'invalid_input' | 'not_found', message: RegExp];
    const cases: Case[] = [
      ['listArticles', { extra: 1 }, 'invalid_input', /extra/],
      ['listArticles', null, 'invalid_input', /expected object/],
      ['listArticles', [], 'invalid_input', /expected object/],
      ['listArticles', 'articles', 'invalid_input', /expected object/],
      ['listArticles', 42, 'invalid_input', /expected object/],

      ['getArticle', {}, 'invalid_input', /id/],
      ['getArticle', { id: 5 }, 'invalid_input', /id.*string/],
      ['getArticle', { id: '' }, 'invalid_input', /id/],
      ['getArticle', { id: '../../etc/passwd' }, 'invalid_input', /id/],
      ['getArticle', { id: 'a'.repeat(65) }, 'invalid_input', /id.*64/],
      ['getArticle', { id: 'nosucharticle' }, 'not_found', /nosucharticle/],
      ['getArticle', { id: articleId, extra: true }, 'invalid_input', /extra/],
      ['getArticle', JSON.parse(`{"id":"${articleId}","__proto__":{"id":"x"}}`), 'invalid_input', /__proto__/],
      ['getArticle', JSON.parse('{"__proto__":{"id":"x"}}'), 'invalid_input', /id/],
      ['getArticle', null, 'invalid_input', /expected object/],
      ['getArticle', [articleId], 'invalid_input', /expected object/],
      ['getArticle', articleId, 'invalid_input', /expected object/],

      ['listAnnotations', {}, 'invalid_input', /articleId/],
      ['listAnnotations', { id: articleId }, 'invalid_input', /articleId/],
      ['listAnnotations', { articleId: 'nosucharticle' }, 'not_found', /nosucharticle/],

      ['createAnnotation', { articleId, start: 0, end: 5 }, 'invalid_input', /color/],
      ['createAnnotation', { articleId, start: 0, end: 5, color: 'red' }, 'invalid_input', /color/],
      ['createAnnotation', { articleId, start: -1, end: 5, color: 'yellow' }, 'invalid_input', /start.*negative/],
      ['createAnnotation', { articleId, start: 1.5, end: 5, color: 'yellow' }, 'invalid_input', /start.*whole/],
      ['createAnnotation', { articleId, start: '0', end: 5, color: 'yellow' }, 'invalid_input', /start/],
      ['createAnnotation', { articleId, start: 5, end: 5, color: 'yellow' }, 'invalid_input', /end must be greater than start/],
      ['createAnnotation', { articleId, start: 9, end: 5, color: 'yellow' }, 'invalid_input', /end must be greater than start/],
      ['createAnnotation', { articleId, start: 0, color: 'yellow' }, 'invalid_input', /end/],
      ['createAnnotation', { articleId, start: 0, end: text.length + 1, color: 'yellow' }, 'invalid_input', /past the end/],
      ['createAnnotation', { articleId, start: 0, end: 1e12, color: 'yellow' }, 'invalid_input', /past the end/],
      ['createAnnotation', { articleId, start: text.length, end: text.length + 3, color: 'yellow' }, 'invalid_input', /past the end/],
      ['createAnnotation', { articleId, start: separatorAt, end: separatorAt + 2, color: 'yellow' }, 'invalid_input', /white space/],
      ['createAnnotation', { articleId: 'nosucharticle', start: 0, end: 5, color: 'yellow' }, 'not_found', /nosucharticle/],
      ['createAnnotation', { articleId, start: 0, end: 5, color: 'yellow', note: hugeNote }, 'invalid_input', new RegExp(`note.*${MAX_NOTE_LENGTH}`)],
      ['createAnnotation', { articleId, start: 0, end: 5, color: 'yellow', note: 7 }, 'invalid_input', /note/],
      ['createAnnotation', { articleId, start: 0, end: 5, color: 'yellow', tags: 'policy' }, 'invalid_input', /tags/],
      ['createAnnotation', { articleId, start: 0, end: 5, color: 'yellow', tags: [1] }, 'invalid_input', /tags/],
      ['createAnnotation', { articleId, start: 0, end: 5, color: 'yellow', tags: Array(65).fill('t') }, 'invalid_input', /tags.*64/],
      ['createAnnotation', { articleId, start: 0, end: 5, color: 'yellow', tags: ['t'.repeat(101)] }, 'invalid_input', /tags.*100/],
      ['createAnnotation', { articleId, start: 0, end: 5, color: 'yellow', quote: 'forged' }, 'invalid_input', /quote/],
      [
        'createAnnotation',
        JSON.parse(`{"articleId":"${articleId}","start":0,"end":5,"color":"yellow","__proto__":{"note":"polluted"}}`),
        'invalid_input',
        /__proto__/,
      ],
      ['createAnnotation', null, 'invalid_input', /expected object/],
      ['createAnnotation', [articleId, 0, 5, 'yellow'], 'invalid_input', /expected object/],
      ['createAnnotation', 'highlight', 'invalid_input', /expected object/],

      ['updateAnnotation', {}, 'invalid_input', /id/],
      ['updateAnnotation', { id: 'nosuchnote', note: 'x' }, 'not_found', /nosuchnote/],
      ['updateAnnotation', { id: annotation.id, note: 5 }, 'invalid_input', /note/],
      ['updateAnnotation', { id: annotation.id, note: null }, 'invalid_input', /note/],
      ['updateAnnotation', { id: annotation.id, note: hugeNote }, 'invalid_input', new RegExp(`note.*${MAX_NOTE_LENGTH}`)],
      ['updateAnnotation', { id: annotation.id, color: 'red' }, 'invalid_input', /color/],
      ['updateAnnotation', { id: annotation.id, tags: 'x' }, 'invalid_input', /tags/],
      ['updateAnnotation', { id: annotation.id, quote: 'rewritten' }, 'invalid_input', /quote/],
      ['updateAnnotation', { id: annotation.id, start: 0 }, 'invalid_input', /start/],
      ['updateAnnotation', JSON.parse(`{"id":"${annotation.id}","__proto__":{"note":"polluted"}}`), 'invalid_input', /__proto__/],
      ['updateAnnotation', null, 'invalid_input', /expected object/],
      ['updateAnnotation', [annotation.id], 'invalid_input', /expected object/],

      ['deleteAnnotation', {}, 'invalid_input', /id/],
      ['deleteAnnotation', { id: 'nosuchnote' }, 'not_found', /nosuchnote/],
      ['deleteAnnotation', { id: [annotation.id] }, 'invalid_input', /id/],
      ['deleteAnnotation', { id: annotation.id, extra: 1 }, 'invalid_input', /extra/],
      ['deleteAnnotation', annotation.id, 'invalid_input', /expected object/],

      ['restoreAnnotation', {}, 'invalid_input', /annotation/],
      ['restoreAnnotation', restorable, 'invalid_input', /annotation/],
      ['restoreAnnotation', { annotation: { ...restorable, extra: 1 } }, 'invalid_input', /annotation.*extra/],
      ['restoreAnnotation', { annotation: { ...restorable, quote: undefined } }, 'invalid_input', /annotation\.quote/],
      ['restoreAnnotation', { annotation: { ...restorable, start: -3 } }, 'invalid_input', /annotation\.start/],
      ['restoreAnnotation', { annotation: { ...restorable, note: hugeNote } }, 'invalid_input', /annotation\.note/],
      ['restoreAnnotation', { annotation: { ...restorable, color: 'red' } }, 'invalid_input', /annotation\.color/],
      ['restoreAnnotation', { annotation: { ...restorable, articleId: 'nosucharticle' } }, 'not_found', /nosucharticle/],
      ['restoreAnnotation', { annotation: { ...restorable, end: text.length + 10 } }, 'invalid_input', /does not fit/],
      ['restoreAnnotation', { annotation: { ...restorable, start: 10, end: 10 } }, 'invalid_input', /does not fit/],
      ['restoreAnnotation', { annotation: null }, 'invalid_input', /annotation/],

      ['setReadingProgress', { id: articleId, progress: 1.5 }, 'invalid_input', /progress/],
      ['setReadingProgress', { id: articleId, progress: -0.1 }, 'invalid_input', /progress/],
      ['setReadingProgress', { id: articleId, progress: '0.5' }, 'invalid_input', /progress/],
      ['setReadingProgress', { id: articleId, progress: Number.NaN }, 'invalid_input', /progress/],
      ['setReadingProgress', { id: articleId, progress: Number.POSITIVE_INFINITY }, 'invalid_input', /progress/],
      ['setReadingProgress', { id: articleId }, 'invalid_input', /progress/],
      ['setReadingProgress', { id: 'nosucharticle', progress: 0.5 }, 'not_found', /nosucharticle/],

      ['exportMarkdown', {}, 'invalid_input', /articleId/],
      ['exportMarkdown', { id: articleId }, 'invalid_input', /articleId/],
      ['exportMarkdown', { articleId: 'nosucharticle' }, 'not_found', /nosucharticle/],

      ['getSettings', { colors: [] }, 'invalid_input', /colors/],
      ['getSettings', null, 'invalid_input', /expected object/],
      ['getSettings', [], 'invalid_input', /expected object/],
      ['getStartupNotices', { all: true }, 'invalid_input', /all/],
      ['getStartupNotices', 'all', 'invalid_input', /expected object/],
    ];

    const mismatches: string[] = [];
    for (const [method, payload, code, message] of cases) {
      const result = await dispatch(service, method, payload);
      const label = `${method}(${JSON.stringify(payload)?.slice(0, 80)})`;
      if (result.ok) {
        mismatches.push(`${label} succeeded`);
        continue;
      }
      if (result.error.code !== code) mismatches.push(`${label}: code ${result.error.code}, wanted ${code}`);
      if (!message.test(result.error.message)) mismatches.push(`${label}: message "${result.error.message}" does not match ${message}`);
    }
    expect(mismatches).toEqual([]);

    expect(Buffer.compare(await readFile(dbPath), before)).toBe(0);
    expect(await service.listAnnotations({ articleId })).toEqual([annotation]);
    expect(({} as Record<string, unknown>).note).toBeUndefined();
    expect(({} as Record<string, unknown>).id).toBeUndefined();
  });

  it('names unknown methods, including ones inherited from Object', async () => {
    const { service } = await setUp();
    for (const method of ['dropLibrary', '__proto__', 'constructor', 'toString', 'hasOwnProperty', 'saveFileAs', '', 42, null, undefined]) {
      const error = failureOf(await dispatch(service, method, {}));
      expect(error.code).toBe('unknown_method');
      expect(error.message).toContain(String(method));
    }
  });

  it('reports a damaged article file that has no backup as storage_failed', async () => {
    const { dir, service, articleId } = await setUp();
    // With a backup the text is restored instead (tests/unit/store-recovery.test.ts).
    await rm(join(dir, 'backups', 'articles', `${articleId}.json`));
    await writeFile(join(dir, 'articles', `${articleId}.json`), '{"schemaVersion":1,"id":');
    const error = failureOf(await dispatch(service, 'getArticle', { id: articleId }));
    expect(error.code).toBe('storage_failed');
    expect(error.message).toContain(articleId);
  });

  it('turns an unexpected failure into "internal" without throwing, and logs it', async () => {
    const { dir, service, articleId } = await setUp();
    const path = join(dir, 'articles', `${articleId}.json`);
    await rm(path);
    await mkdir(path);
    const logged: string[] = [];
    const result = await dispatch(service, 'getArticle', { id: articleId }, (message) => logged.push(message));
    const error = failureOf(result);
    expect(error.code).toBe('internal');
    expect(error.message).toMatch(/getArticle/);
    expect(logged).toHaveLength(1);
  });
});
