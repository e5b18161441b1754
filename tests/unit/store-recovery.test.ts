import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Block, StartupNotice } from '../../preload/api';
import { ArticleFiles } from '../../main/store/article-files';
import { BACKUP_DIR, Backups } from '../../main/store/backups';
import { DATABASE_FILE, Store, parseDatabase } from '../../main/store/database';
import type { ArticleRecord } from '../../main/store/schema';

/**
 * Backups and what they are for: a damaged, truncated, empty or unreadable
 * db.json (or article file) is moved aside, kept, and the newest good backup
 * takes its place; the user is told what happened and where the bad file is.
 */
const made: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gloss-recovery-'));
  made.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

function article(id: string): ArticleRecord {
  return {
    id,
    title: `Article ${id}`,
    source: { kind: 'file', location: `/tmp/${id}.txt` },
    addedAt: '2024-01-01T00:00:00.000Z',
    contentHash: 'abc',
    wordCount: 10,
    progress: 0,
  };
}

/** A clock the test moves by hand. */
function clock(start: string): { now: () => Date; advance: (hours: number) => void } {
  let time = Date.parse(start);
  return { now: () => new Date(time), advance: (hours) => (time += hours * 3_600_000) };
}

async function backupNames(dir: string): Promise<string[]> {
  return (await readdir(join(dir, BACKUP_DIR))).filter((name) => name.startsWith('db-')).sort();
}

async function addArticle(store: Store, id: string): Promise<void> {
  await store.update((data) => {
    data.articles.push(article(id));
  });
}

describe('rotating backups of db.json', () => {
  it('keeps the first save of each day and of each hour, and only as many as the policy says', async () => {
    const dir = await tempDir();
    const time = clock('2025-03-01T09:10:00.000Z');
    const store = await Store.open(dir, { now: time.now, backups: { hourly: 3, daily: 2 } });

    await addArticle(store, 'a1');
    expect(await backupNames(dir)).toEqual(['db-20250301T091000000Z-daily.json']);
    await addArticle(store, 'a2');
    time.advance(0.5);
    await addArticle(store, 'a3');
    expect(await backupNames(dir)).toHaveLength(1);

    for (let hour = 0; hour < 5; hour += 1) {
      time.advance(1);
      await addArticle(store, `h${hour}`);
    }
    const names = await backupNames(dir);
    expect(names.filter((name) => name.endsWith('-hourly.json'))).toEqual([
      'db-20250301T124000000Z-hourly.json',
      'db-20250301T134000000Z-hourly.json',
      'db-20250301T144000000Z-hourly.json',
    ]);

    for (let day = 0; day < 3; day += 1) {
      time.advance(24);
      await addArticle(store, `d${day}`);
    }
    const dailies = (await backupNames(dir)).filter((name) => name.endsWith('-daily.json'));
    expect(dailies).toEqual(['db-20250303T144000000Z-daily.json', 'db-20250304T144000000Z-daily.json']);
  });

  it('holds, in each copy, the library as it was saved', async () => {
    const dir = await tempDir();
    const store = await Store.open(dir);
    await addArticle(store, 'a1');
    const [copy] = await backupNames(dir);
    const saved = parseDatabase(await readFile(join(dir, BACKUP_DIR, copy as string), 'utf8'));
    expect(saved.articles.map((record) => record.id)).toEqual(['a1']);
    // The whole library as one document: what db.json holds, and every annotation inline.
    const { annotations, ...library } = saved;
    expect(annotations).toEqual(store.data.annotations);
    const { annotations: inDatabaseFile, ...onDisk } = parseDatabase(await readFile(join(dir, DATABASE_FILE), 'utf8'));
    expect(inDatabaseFile).toEqual([]);
    expect(library).toEqual(onDisk);
  });

  it('never rotates away the copies taken before migrations', async () => {
    const dir = await tempDir();
    const time = clock('2025-01-01T00:00:00.000Z');
    const backups = new Backups(dir, { hourly: 1, daily: 1 }, time.now);
    await backups.take('{"schemaVersion":0}', 'before-migration-v0');
    for (let hour = 0; hour < 50; hour += 5) {
      time.advance(5);
      await backups.rotate('{"schemaVersion":1}');
    }
    const names = await backupNames(dir);
    expect(names.filter((name) => name.includes('before-migration'))).toHaveLength(1);
    expect(names).toHaveLength(3);
  });
});

describe('a damaged db.json at start-up', () => {
  const damage: [string, (path: string) => Promise<void>][] = [
    ['truncated', (path) => writeFile(path, '{"schemaVersion": 1, "articles": [{"id": "a1", "tit')],
    ['empty', (path) => writeFile(path, '')],
    ['garbage', (path) => writeFile(path, Buffer.from([0x00, 0xff, 0xfe, 0x41, 0x80]))],
    ['not a library', (path) => writeFile(path, '{"schemaVersion": 1, "articles": "lots"}')],
    [
      'unreadable (a folder where the file should be)',
      async (path) => {
        await rm(path);
        await mkdir(path);
      },
    ],
  ];

  for (const [label, spoil] of damage) {
    it(`${label}: is kept aside and the newest good backup restored, with a notice saying both`, async () => {
      const dir = await tempDir();
      const dbPath = join(dir, DATABASE_FILE);
      const time = clock('2025-05-05T08:00:00.000Z');
      const first = await Store.open(dir, { now: time.now });
      await addArticle(first, 'kept-1');
      time.advance(1);
      await addArticle(first, 'kept-2');
      await first.close();
      await spoil(dbPath);

      const store = await Store.open(dir, { now: time.now });
      expect(store.data.articles.map((record) => record.id)).toEqual(['kept-1', 'kept-2']);
      const aside = (await readdir(dir)).filter((name) => name.startsWith(`${DATABASE_FILE}.unreadable-`));
      expect(aside).toHaveLength(1);
      expect(store.notices).toHaveLength(1);
      const message = store.notices[0]?.message ?? '';
      expect(message).toContain(join(dir, aside[0] as string));
      expect(message).toMatch(/restored your library from the backup taken 2025-05-05T09:00:00.000Z/);
      expect(message).toContain(join(dir, BACKUP_DIR, 'db-20250505T090000000Z-hourly.json'));

      // db.json is whole again, and the next start is quiet.
      expect(parseDatabase(await readFile(dbPath, 'utf8')).articles).toHaveLength(2);
      await store.close();
      expect((await Store.open(dir)).notices).toEqual([]);
    });
  }

  it('keeps the bad file byte for byte', async () => {
    const dir = await tempDir();
    const store = await Store.open(dir);
    await addArticle(store, 'a1');
    await store.close();
    const bytes = Buffer.from('{"schemaVersion": 1, "articles": [');
    await writeFile(join(dir, DATABASE_FILE), bytes);
    await Store.open(dir);
    const [aside] = (await readdir(dir)).filter((name) => name.startsWith(`${DATABASE_FILE}.unreadable-`));
    expect(await readFile(join(dir, aside as string))).toEqual(bytes);
  });

  it('skips a damaged backup and restores the next older good one', async () => {
    const dir = await tempDir();
    const time = clock('2025-05-05T08:00:00.000Z');
    const store = await Store.open(dir, { now: time.now });
    await addArticle(store, 'old');
    time.advance(1);
    await addArticle(store, 'new');
    await store.close();
    const [olderCopy, newerCopy] = await backupNames(dir);
    await writeFile(join(dir, BACKUP_DIR, newerCopy as string), '{"schemaVersion":1,"articles":[{');
    await writeFile(join(dir, DATABASE_FILE), '');

    const reopened = await Store.open(dir);
    expect(reopened.data.articles.map((record) => record.id)).toEqual(['old']);
    expect(reopened.notices[0]?.message).toContain(olderCopy);
    // The damaged copy is left where it was, not deleted.
    expect(await readFile(join(dir, BACKUP_DIR, newerCopy as string), 'utf8')).toBe('{"schemaVersion":1,"articles":[{');
  });

  it('starts a new library, and says so, when there is no good backup', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, DATABASE_FILE), '{"schemaVersion": 1, "articles": [');
    const store = await Store.open(dir);
    expect(store.data.articles).toEqual([]);
    expect(store.notices[0]?.message).toMatch(/There was no backup to restore, so Gloss started a new library/);
  });

  it('restores the newest backup when db.json has gone missing', async () => {
    const dir = await tempDir();
    const store = await Store.open(dir);
    await addArticle(store, 'a1');
    await store.close();
    await rm(join(dir, DATABASE_FILE));
    const reopened = await Store.open(dir);
    expect(reopened.data.articles.map((record) => record.id)).toEqual(['a1']);
    expect(reopened.notices[0]?.message).toMatch(/was missing\. Gloss restored your library from the backup/);
  });

  it('removes temp files that a crash left behind, and only those of other processes', async () => {
    const dir = await tempDir();
    const store = await Store.open(dir);
    await addArticle(store, 'a1');
    await store.close();
    const abandoned = `.${DATABASE_FILE}.999999.0badf00d.tmp`;
    await writeFile(join(dir, abandoned), '{"half":');
    const ours = `.${DATABASE_FILE}.${process.pid}.0badf00d.tmp`;
    await writeFile(join(dir, ours), '{"half":');
    await Store.open(dir);
    const names = await readdir(dir);
    expect(names).not.toContain(abandoned);
    expect(names).toContain(ours);
  });
});

describe('a damaged articles/<id>.json', () => {
  const blocks: Block[] = [
    { type: 'heading', text: 'A title', level: 2 },
    { type: 'paragraph', text: 'Some words worth keeping.' },
  ];

  async function libraryWithArticle(): Promise<{ dir: string; files: ArticleFiles; path: string }> {
    const dir = await tempDir();
    const files = new ArticleFiles(dir);
    await files.write('art1', blocks);
    const store = await Store.open(dir);
    await addArticle(store, 'art1');
    await store.close();
    return { dir, files, path: files.pathOf('art1') };
  }

  it('is kept aside at start-up and restored from its backup, with a notice', async () => {
    const { dir, path } = await libraryWithArticle();
    await writeFile(path, '{"schemaVersion":1,"id":"art1","blocks":[{"ty');
    const store = await Store.open(dir);
    // The check runs after opening (the app delays it so the library shows first) and reports through articleCheck.
    const found = await store.articleCheck;
    expect(store.notices).toEqual([]);
    expect(found).toHaveLength(1);
    const aside = (await readdir(join(dir, 'articles'))).filter((name) => name.startsWith('art1.json.unreadable-'));
    expect(aside).toHaveLength(1);
    expect(found[0]?.message).toContain(join(dir, 'articles', aside[0] as string));
    expect(found[0]?.message).toMatch(/Article art1.*restored from its backup/);
    expect(await readFile(join(dir, 'articles', aside[0] as string), 'utf8')).toBe('{"schemaVersion":1,"id":"art1","blocks":[{"ty');
    expect(await new ArticleFiles(dir).read('art1')).toEqual(blocks);
  });

  it('is restored when read, and the notice reaches whoever listens', async () => {
    const dir = await tempDir();
    const heard: StartupNotice[] = [];
    const store = await Store.open(dir);
    const files = new ArticleFiles(dir, { onNotice: (notice) => heard.push(notice) });
    await files.write('art2', blocks);
    await writeFile(files.pathOf('art2'), '');
    expect(await files.read('art2')).toEqual(blocks);
    expect(heard).toHaveLength(1);
    expect(heard[0]?.message).toMatch(/was damaged \(the file is empty\)\. The damaged file was kept, unchanged, at .*art2\.json\.unreadable-/);
    expect(JSON.parse(await readFile(files.pathOf('art2'), 'utf8'))).toMatchObject({ id: 'art2', blocks });
    await store.close();
  });

  it('is shown from its backup to a reader without touching any file', async () => {
    const { dir, path } = await libraryWithArticle();
    await writeFile(path, 'garbage');
    // No Store holds the folder's lock: this process is only a reader now.
    const files = new ArticleFiles(dir);
    expect(await files.read('art1')).toEqual(blocks);
    expect(await readFile(path, 'utf8')).toBe('garbage');
    expect((await readdir(join(dir, 'articles'))).sort()).toEqual(['art1.json']);
  });

  it('gets a backup at start-up when it has none (libraries from before backups)', async () => {
    const { dir, files } = await libraryWithArticle();
    await rm(files.backupPathOf('art1'));
    await (await Store.open(dir)).articleCheck;
    expect(JSON.parse(await readFile(files.backupPathOf('art1'), 'utf8'))).toMatchObject({ id: 'art1', blocks });
  });

  it('loses its backup only when the article itself is removed', async () => {
    const { files } = await libraryWithArticle();
    await files.remove('art1');
    await expect(readFile(files.backupPathOf('art1'))).rejects.toThrow();
  });

  it('never becomes a path outside the articles folder, whatever id a damaged db.json holds', async () => {
    const files = new ArticleFiles(await tempDir());
    for (const id of ['../db', '..', 'a/b', 'a\\b', '', 'x'.repeat(65)]) {
      expect(() => files.pathOf(id), id).toThrow(/not a Gloss article id/);
    }
  });
});
