import { mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Block } from '../../preload/api';
import { GlossError } from '../../main/errors';
import { ArticleFiles } from '../../main/store/article-files';
import { writeFileAtomic } from '../../main/store/atomic-file';
import { BACKUP_DIR } from '../../main/store/backups';
import { ANNOTATIONS_DIR } from '../../main/store/annotation-files';
import { DATABASE_FILE, Store } from '../../main/store/database';
import { LOCK_FILE } from '../../main/store/lock';
import type { AnnotationRecord, ArticleRecord } from '../../main/store/schema';

const made: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gloss-store-'));
  made.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function article(id: string, extra: Partial<ArticleRecord> = {}): ArticleRecord {
  return {
    id,
    title: `Article ${id}`,
    source: { kind: 'file', location: `/tmp/${id}.txt` },
    addedAt: '2024-01-01T00:00:00.000Z',
    contentHash: 'abc',
    wordCount: 10,
    progress: 0,
    ...extra,
  };
}

function annotation(id: string, articleId: string): AnnotationRecord {
  return {
    id,
    articleId,
    start: 0,
    end: 5,
    quote: 'Hello',
    prefix: '',
    suffix: ' world',
    color: 'yellow',
    note: 'a note',
    tags: ['one'],
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
  };
}

async function readJson(path: string): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(path, 'utf8')) as Record<string, unknown>;
}

async function expectGlossError(promise: Promise<unknown>, code: string): Promise<GlossError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GlossError);
  expect((error as GlossError).code).toBe(code);
  return error as GlossError;
}

describe('Store.open and update', () => {
  it('creates no file until the first change, then writes db.json', async () => {
    const dir = await tempDir();
    const store = await Store.open(dir);
    expect(store.created).toBe(true);
    expect(store.notices).toEqual([]);
    expect(store.readOnlyReason).toBeNull();
    expect(store.data.articles).toEqual([]);
    expect(store.data.settings.colors.map((color) => color.id)).toEqual(['yellow', 'green', 'blue', 'pink', 'purple']);
    // Only the lock that says this process is writing here.
    expect(await readdir(dir)).toEqual([LOCK_FILE]);

    await store.update((data) => {
      data.articles.push(article('a1'));
    });
    expect((await readdir(dir)).sort()).toEqual([BACKUP_DIR, DATABASE_FILE, LOCK_FILE]);
    const onDisk = await readJson(join(dir, DATABASE_FILE));
    expect(onDisk.schemaVersion).toBe(2);
    expect(onDisk.articles).toEqual([article('a1')]);
    expect(onDisk).not.toHaveProperty('annotations');
  });

  it('creates the data directory when it does not exist yet', async () => {
    const dir = join(await tempDir(), 'nested', 'Gloss');
    const store = await Store.open(dir);
    await store.update((data) => {
      data.articles.push(article('a1'));
    });
    expect((await readdir(dir)).sort()).toEqual([BACKUP_DIR, DATABASE_FILE, LOCK_FILE]);
  });

  it('reads back created, changed and deleted records in a fresh Store', async () => {
    const dir = await tempDir();
    const first = await Store.open(dir);
    await first.update((data) => {
      data.articles.push(article('a1'), article('a2'));
      data.annotations.push(annotation('n1', 'a1'), annotation('n2', 'a1'));
    });

    const second = await Store.open(dir);
    expect(second.created).toBe(false);
    expect(second.data.articles.map((record) => record.id)).toEqual(['a1', 'a2']);
    expect(second.data.annotations).toEqual([annotation('n1', 'a1'), annotation('n2', 'a1')]);

    await second.update((data) => {
      const note = data.annotations.find((record) => record.id === 'n1');
      if (note) note.note = 'changed';
      data.annotations = data.annotations.filter((record) => record.id !== 'n2');
      data.articles = data.articles.filter((record) => record.id !== 'a2');
      const first = data.articles[0];
      if (first) first.progress = 0.5;
    });

    const third = await Store.open(dir);
    expect(third.data.articles.map((record) => record.id)).toEqual(['a1']);
    expect(third.data.articles[0]?.progress).toBe(0.5);
    expect(third.data.annotations).toEqual([{ ...annotation('n1', 'a1'), note: 'changed' }]);
  });

  it('returns what the change returns', async () => {
    const store = await Store.open(await tempDir());
    await expect(store.update(() => 42)).resolves.toBe(42);
  });

  it('keeps fields it does not know about through a load and a save', async () => {
    const dir = await tempDir();
    const original = {
      schemaVersion: 2,
      futureFeature: { enabled: true, list: [1, 2, 3] },
      articles: [{ ...article('a1'), readingTime: 7, source: { kind: 'url', location: 'https://example.com/', fetchedBy: 'v2' } }],
      settings: { colors: [{ id: 'yellow', label: 'Sun', shade: 3 }], theme: 'dark' },
      seeded: ['000.txt'],
    };
    await writeFile(join(dir, DATABASE_FILE), JSON.stringify(original));
    await mkdir(join(dir, ANNOTATIONS_DIR));
    const annotationsPath = join(dir, ANNOTATIONS_DIR, 'a1.json');
    await writeFile(annotationsPath, JSON.stringify({ schemaVersion: 2, articleId: 'a1', sidecar: 'kept', annotations: [{ ...annotation('n1', 'a1'), style: 'underline' }] }));

    const store = await Store.open(dir);
    expect(store.notices).toEqual([]);
    await store.update((data) => {
      data.articles.push(article('a2'));
      data.annotations.push(annotation('n2', 'a1'));
    });

    const savedAnnotations = await readJson(annotationsPath);
    expect((savedAnnotations.annotations as Record<string, unknown>[]).map((record) => [record.id, record.style])).toEqual([
      ['n1', 'underline'],
      ['n2', undefined],
    ]);
    const saved = await readJson(join(dir, DATABASE_FILE));
    expect(saved.futureFeature).toEqual({ enabled: true, list: [1, 2, 3] });
    const savedArticles = saved.articles as Record<string, unknown>[];
    expect(savedArticles[0]?.readingTime).toBe(7);
    expect(savedArticles[0]?.source).toEqual({ kind: 'url', location: 'https://example.com/', fetchedBy: 'v2' });
    expect(saved.settings).toEqual({
      colors: [{ id: 'yellow', label: 'Sun', shade: 3 }],
      theme: 'dark',
      // Defaults for settings this file predates are filled in; the unknown ones stay.
      reader: { typeface: 'serif', fontSize: 19, lineHeight: 1.65, columnWidth: 40, theme: 'system' },
      exportTemplate: null,
      exportFolder: null,
      autoExport: false,
    });
    expect(saved.seeded).toEqual(['000.txt']);
  });

  it('fills in defaults for fields an older file lacks', async () => {
    const dir = await tempDir();
    const { progress: _progress, ...withoutProgress } = article('a1');
    const { note: _note, tags: _tags, ...bare } = annotation('n1', 'a1');
    await writeFile(join(dir, DATABASE_FILE), JSON.stringify({ schemaVersion: 1, articles: [withoutProgress], annotations: [bare] }));
    const store = await Store.open(dir);
    // Only the news that the library moved to the current format.
    expect(store.notices.map((notice) => notice.level)).toEqual(['info']);
    expect(store.data.articles[0]?.progress).toBe(0);
    expect(store.data.annotations[0]?.note).toBe('');
    expect(store.data.annotations[0]?.tags).toEqual([]);
    expect(store.data.settings.colors).toHaveLength(5);
    expect(store.data.seeded).toEqual([]);
  });

  it('lands every one of 50 concurrent changes on disk', async () => {
    const dir = await tempDir();
    const store = await Store.open(dir);
    const ids = Array.from({ length: 50 }, (_, index) => `a${index}`);
    const results = await Promise.all(
      ids.map((id) =>
        store.update((data) => {
          data.articles.push(article(id));
          return id;
        }),
      ),
    );
    expect(results).toEqual(ids);
    const saved = await readJson(join(dir, DATABASE_FILE));
    expect((saved.articles as ArticleRecord[]).map((record) => record.id)).toEqual(ids);
    const reopened = await Store.open(dir);
    expect(reopened.data.articles.map((record) => record.id)).toEqual(ids);
    expect((await readdir(dir)).filter((name) => ![DATABASE_FILE, LOCK_FILE, BACKUP_DIR].includes(name))).toEqual([]);
  });

  it('has each change on disk by the time its own update resolves', async () => {
    const dir = await tempDir();
    const store = await Store.open(dir);
    const checks = Array.from({ length: 10 }, (_, index) =>
      store
        .update((data) => {
          data.articles.push(article(`a${index}`));
        })
        .then(async () => {
          const saved = await readJson(join(dir, DATABASE_FILE));
          return (saved.articles as ArticleRecord[]).some((record) => record.id === `a${index}`);
        }),
    );
    expect(await Promise.all(checks)).toEqual(Array(10).fill(true));
  });
});

describe('annotations in one file per article', () => {
  async function libraryWithTwoArticles(): Promise<{ dir: string; store: Store }> {
    const dir = await tempDir();
    const store = await Store.open(dir);
    await store.update((data) => {
      data.articles.push(article('a1'), article('a2'));
      data.annotations.push(annotation('n1', 'a1'), annotation('n2', 'a2'));
    });
    return { dir, store };
  }

  it('keeps each article\'s highlights in annotations/<id>.json and none in db.json', async () => {
    const { dir } = await libraryWithTwoArticles();
    expect((await readdir(join(dir, ANNOTATIONS_DIR))).sort()).toEqual(['a1.json', 'a2.json']);
    expect(await readJson(join(dir, ANNOTATIONS_DIR, 'a1.json'))).toEqual({ schemaVersion: 2, articleId: 'a1', annotations: [annotation('n1', 'a1')] });
    expect(await readJson(join(dir, DATABASE_FILE))).not.toHaveProperty('annotations');
  });

  it('writes only the article a scoped change names: db.json and the other article stay as they were', async () => {
    const { dir, store } = await libraryWithTwoArticles();
    const untouched = [join(dir, DATABASE_FILE), join(dir, ANNOTATIONS_DIR, 'a2.json')];
    const before = await Promise.all(untouched.map((path) => stat(path)));
    await store.update(
      (data) => {
        data.annotations.push(annotation('n3', 'a1'));
      },
      { annotationsOf: ['a1'] },
    );
    const after = await Promise.all(untouched.map((path) => stat(path)));
    expect(after.map((info) => info.ino)).toEqual(before.map((info) => info.ino));
    expect(((await readJson(join(dir, ANNOTATIONS_DIR, 'a1.json'))).annotations as AnnotationRecord[]).map((record) => record.id)).toEqual(['n1', 'n3']);
    const reopened = await Store.open(dir, { readOnly: true });
    expect(reopened.data.annotations.map((record) => record.id).sort()).toEqual(['n1', 'n2', 'n3']);
  });

  it('finds every change with the default scope, and removes the file of an article that is gone', async () => {
    const { dir, store } = await libraryWithTwoArticles();
    await store.update((data) => {
      const note = data.annotations.find((record) => record.id === 'n1');
      if (note) note.note = 'changed in place';
      data.articles = data.articles.filter((record) => record.id !== 'a2');
      data.annotations = data.annotations.filter((record) => record.articleId !== 'a2');
    });
    expect(await readdir(join(dir, ANNOTATIONS_DIR))).toEqual(['a1.json']);
    const reopened = await Store.open(dir, { readOnly: true });
    expect(reopened.data.annotations).toEqual([{ ...annotation('n1', 'a1'), note: 'changed in place' }]);
  });

  it('keeps an empty list for an article whose last highlight was deleted', async () => {
    const { dir, store } = await libraryWithTwoArticles();
    await store.update(
      (data) => {
        data.annotations = data.annotations.filter((record) => record.id !== 'n1');
      },
      { annotationsOf: ['a1'] },
    );
    expect((await readJson(join(dir, ANNOTATIONS_DIR, 'a1.json'))).annotations).toEqual([]);
  });

  it('moves a damaged annotations file aside and restores that article\'s highlights from the newest backup', async () => {
    const { dir, store } = await libraryWithTwoArticles();
    await store.close();
    const path = join(dir, ANNOTATIONS_DIR, 'a1.json');
    await writeFile(path, '{"schemaVersion":2,"articleId":"a1","annotations":[{"id":"n1",');
    const reopened = await Store.open(dir);
    expect(reopened.data.annotations.map((record) => record.id).sort()).toEqual(['n1', 'n2']);
    expect(reopened.notices).toHaveLength(1);
    expect(reopened.notices[0]?.message).toMatch(/The highlights of "Article a1" could not be read \(not valid JSON\)\. The file was kept, unchanged, at .*a1\.json\.unreadable-.* restored its 1 highlight from the backup/);
    const aside = (await readdir(join(dir, ANNOTATIONS_DIR))).filter((name) => name.startsWith('a1.json.unreadable-'));
    expect(aside).toHaveLength(1);
    expect(await readFile(join(dir, ANNOTATIONS_DIR, aside[0] as string), 'utf8')).toBe('{"schemaVersion":2,"articleId":"a1","annotations":[{"id":"n1",');
    expect(await readJson(path)).toMatchObject({ articleId: 'a1', annotations: [annotation('n1', 'a1')] });
  });

  it('leaves alone, and does not load, a file whose article the library does not list', async () => {
    const { dir, store } = await libraryWithTwoArticles();
    await store.close();
    // As a crash leaves it between a new article's first highlight and db.json naming the article.
    const stray = JSON.stringify({ schemaVersion: 2, articleId: 'gone', annotations: [annotation('n9', 'gone')] });
    await writeFile(join(dir, ANNOTATIONS_DIR, 'gone.json'), stray);
    const reopened = await Store.open(dir);
    expect(reopened.data.annotations.map((record) => record.id).sort()).toEqual(['n1', 'n2']);
    expect(reopened.notices).toEqual([]);
    await reopened.update((data) => {
      data.articles[0]!.title = 'Changed';
    });
    expect(await readFile(join(dir, ANNOTATIONS_DIR, 'gone.json'), 'utf8')).toBe(stray);
  });

  it('refuses a file that holds another article\'s highlights', async () => {
    const { dir, store } = await libraryWithTwoArticles();
    await store.close();
    await writeFile(join(dir, ANNOTATIONS_DIR, 'a1.json'), await readFile(join(dir, ANNOTATIONS_DIR, 'a2.json')));
    const reopened = await Store.open(dir);
    expect(reopened.notices[0]?.message).toMatch(/holds the highlights of article "a2"/);
    expect(reopened.data.annotations.map((record) => `${record.id}:${record.articleId}`).sort()).toEqual(['n1:a1', 'n2:a2']);
  });

  it('backs up the whole library, highlights included, as one document', async () => {
    const { dir } = await libraryWithTwoArticles();
    const [copy] = await readdir(join(dir, BACKUP_DIR));
    const saved = await readJson(join(dir, BACKUP_DIR, copy as string));
    expect(saved.schemaVersion).toBe(2);
    expect((saved.annotations as AnnotationRecord[]).map((record) => record.id)).toEqual(['n1', 'n2']);
  });
});

describe('Store.open with an unreadable db.json', () => {
  const cases: [string, Buffer][] = [
    ['garbage bytes', Buffer.from([0x00, 0xff, 0xfe, 0x41, 0x42, 0x0a, 0x80, 0x99])],
    ['truncated JSON', Buffer.from('{"schemaVersion": 1, "articles": [{"id": "a1", "title": "Hal')],
    ['an empty file', Buffer.alloc(0)],
    ['only white space', Buffer.from('  \n\t\n')],
    ['an array', Buffer.from('[1, 2, 3]')],
    ['null', Buffer.from('null')],
    ['a number', Buffer.from('42')],
    ['no schemaVersion', Buffer.from('{"articles": []}')],
    ['articles that are not a list', Buffer.from('{"schemaVersion": 1, "articles": "many"}')],
    ['an annotation with a bad colour', Buffer.from(JSON.stringify({ schemaVersion: 1, annotations: [{ ...annotation('n1', 'a1'), color: 'octarine' }] }))],
  ];

  for (const [label, bytes] of cases) {
    it(`keeps ${label} aside, unchanged, says where, and starts a usable library`, async () => {
      const dir = await tempDir();
      const dbPath = join(dir, DATABASE_FILE);
      await writeFile(dbPath, bytes);

      const store = await Store.open(dir);
      const names = await readdir(dir);
      const kept = names.filter((name) => name.startsWith(`${DATABASE_FILE}.unreadable-`));
      expect(kept).toHaveLength(1);
      const keptPath = join(dir, kept[0] as string);
      expect(Buffer.compare(await readFile(keptPath), bytes)).toBe(0);

      expect(store.notices).toHaveLength(1);
      expect(store.notices[0]?.level).toBe('warning');
      expect(store.notices[0]?.message).toContain(keptPath);
      expect(store.readOnlyReason).toBeNull();
      expect(store.data.articles).toEqual([]);

      await store.update((data) => {
        data.articles.push(article('fresh'));
      });
      const reopened = await Store.open(dir);
      expect(reopened.notices).toEqual([]);
      expect(reopened.data.articles.map((record) => record.id)).toEqual(['fresh']);
      expect(Buffer.compare(await readFile(keptPath), bytes)).toBe(0);
    });
  }
});

describe('Store.open with a db.json from a newer Gloss', () => {
  it('opens read-only, shows the data, refuses changes and leaves the file alone', async () => {
    const dir = await tempDir();
    const dbPath = join(dir, DATABASE_FILE);
    const bytes = Buffer.from(
      JSON.stringify({ schemaVersion: 99, articles: [article('a1')], annotations: [annotation('n1', 'a1')], newThing: [1] }, null, 2),
    );
    await writeFile(dbPath, bytes);

    const store = await Store.open(dir);
    expect(store.readOnlyReason).toMatch(/newer version of Gloss/);
    expect(store.notices).toHaveLength(1);
    expect(store.notices[0]?.level).toBe('warning');
    expect(store.data.articles.map((record) => record.id)).toEqual(['a1']);
    expect(store.data.annotations.map((record) => record.id)).toEqual(['n1']);

    const error = await expectGlossError(
      store.update((data) => {
        data.articles.push(article('a2'));
      }),
      'conflict',
    );
    expect(error.message).toMatch(/read-only/);
    expect(store.data.articles.map((record) => record.id)).toEqual(['a1']);
    expect(Buffer.compare(await readFile(dbPath), bytes)).toBe(0);
    expect(await readdir(dir)).toEqual([DATABASE_FILE]);
  });

  it('opens read-only even when the newer file holds records this version cannot read', async () => {
    // A schema bump exists precisely because the shape changed; the older app
    // must not crash on start-up (nor move the file aside) because of it.
    const dir = await tempDir();
    const dbPath = join(dir, DATABASE_FILE);
    const bytes = Buffer.from(
      JSON.stringify({ schemaVersion: 3, articles: [{ id: 'a1', titles: { en: 'Hello' } }], settings: { colors: 'auto' } }),
    );
    await writeFile(dbPath, bytes);

    const store = await Store.open(dir);
    expect(store.readOnlyReason).toMatch(/newer version of Gloss/);
    await expectGlossError(store.update(() => undefined), 'conflict');
    expect(Buffer.compare(await readFile(dbPath), bytes)).toBe(0);
    expect(await readdir(dir)).toEqual([DATABASE_FILE]);
  });
});

describe('writeFileAtomic', () => {
  it('writes and replaces a file, leaving no temp files behind', async () => {
    const dir = await tempDir();
    const path = join(dir, 'file.json');
    await writeFileAtomic(path, 'first');
    expect(await readFile(path, 'utf8')).toBe('first');
    await writeFileAtomic(path, new Uint8Array([104, 105]));
    expect(await readFile(path, 'utf8')).toBe('hi');
    await Promise.all(Array.from({ length: 20 }, (_, index) => writeFileAtomic(path, `v${index}`)));
    expect(await readFile(path, 'utf8')).toMatch(/^v\d+$/);
    expect(await readdir(dir)).toEqual(['file.json']);
  });

  it('cleans up its temp file when the rename fails', async () => {
    const dir = await tempDir();
    const target = join(dir, 'target');
    await mkdir(join(target, 'inside'), { recursive: true });
    await expect(writeFileAtomic(target, 'data')).rejects.toThrow();
    expect(await readdir(dir)).toEqual(['target']);
    expect(await readdir(target)).toEqual(['inside']);
  });
});

describe('ArticleFiles', () => {
  const blocks: Block[] = [
    { type: 'byline', text: 'March 28, 2023' },
    { type: 'dateline', text: 'BEIJING, March 27 (Xinhua) --' },
    { type: 'paragraph', text: 'Wang Yi met Kao Kim Hourn. "Quotes", \\ and emoji 🎉', marks: [{ kind: 'emphasis', start: 0, end: 3 }] },
    { type: 'heading', text: 'Heading', level: 2 },
    { type: 'listItem', text: 'Item', level: 1, ordered: true },
  ];

  it('reads back exactly the blocks it wrote, from articles/<id>.json', async () => {
    const dir = await tempDir();
    const files = new ArticleFiles(dir);
    await files.write('abc123', blocks);
    expect(files.pathOf('abc123')).toBe(join(dir, 'articles', 'abc123.json'));
    expect(await readdir(join(dir, 'articles'))).toEqual(['abc123.json']);
    expect(await files.read('abc123')).toEqual(blocks);
    expect(await new ArticleFiles(dir).read('abc123')).toEqual(blocks);
  });

  it('says not_found for an article whose file is missing', async () => {
    const files = new ArticleFiles(await tempDir());
    const error = await expectGlossError(files.read('missing'), 'not_found');
    expect(error.message).toContain('missing');
  });

  it('says storage_failed for a damaged file that has no backup, and leaves it in place', async () => {
    const dir = await tempDir();
    const files = new ArticleFiles(dir);
    await files.write('abc', blocks);
    const path = files.pathOf('abc');
    // With its backup, a damaged text is restored (tests/unit/store-recovery.test.ts); without, it stays put.
    await rm(files.backupPathOf('abc'));

    await writeFile(path, '{"schemaVersion":1,"id":"abc","blocks":[{"type":"para');
    await expectGlossError(files.read('abc'), 'storage_failed');
    expect(await readFile(path, 'utf8')).toBe('{"schemaVersion":1,"id":"abc","blocks":[{"type":"para');

    await writeFile(path, JSON.stringify({ schemaVersion: 1, id: 'abc', blocks: [{ type: 'marquee', text: 'x' }] }));
    await expectGlossError(files.read('abc'), 'storage_failed');

    await writeFile(path, JSON.stringify({ schemaVersion: 1, id: 'other', blocks }));
    await expectGlossError(files.read('abc'), 'storage_failed');

    await writeFile(path, '');
    await expectGlossError(files.read('abc'), 'storage_failed');
  });
});
