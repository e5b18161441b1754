import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GlossError } from '../../main/errors';
import { createService } from '../../main/service';
import { BACKUP_DIR } from '../../main/store/backups';
import { ANNOTATIONS_DIR } from '../../main/store/annotation-files';
import { DATABASE_FILE, Store, loadDatabase } from '../../main/store/database';
import { MIGRATIONS, OLDEST_READABLE_VERSION, migrateDocument } from '../../main/store/migrations';
import { SCHEMA_VERSION } from '../../main/store/schema';

/**
 * Migrations run in order on load, after a backup of the file as it was, and
 * each is tested on a real file of the version it starts from:
 * tests/fixtures/store/db-v<N>.json.
 */
const FIXTURES = join(process.cwd(), 'tests', 'fixtures', 'store');
const made: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gloss-migrate-'));
  made.push(dir);
  return dir;
}

afterEach(async () => {
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function libraryFrom(fixture: string): Promise<{ dir: string; dbPath: string; original: Buffer }> {
  const dir = await tempDir();
  const dbPath = join(dir, DATABASE_FILE);
  await copyFile(join(FIXTURES, fixture), dbPath);
  return { dir, dbPath, original: await readFile(dbPath) };
}

describe('the list of migrations', () => {
  it('has one step from each version, in order, up to the current one', () => {
    const froms = MIGRATIONS.map((migration) => migration.from);
    expect(froms).toEqual(Array.from({ length: SCHEMA_VERSION - OLDEST_READABLE_VERSION }, (_, index) => OLDEST_READABLE_VERSION + index));
    for (const migration of MIGRATIONS) expect(migration.description.length).toBeGreaterThan(10);
  });

  it('has a real old file to test every step with', async () => {
    const fixtures = await readdir(FIXTURES);
    for (const migration of MIGRATIONS) expect(fixtures).toContain(`db-v${migration.from}.json`);
  });

  it('runs steps in order and refuses a version it has no step from', () => {
    const seen: number[] = [];
    const steps = [1, 0, 2].map((from) => ({
      from,
      description: `step from ${from}`,
      up: (document: Record<string, unknown>) => {
        seen.push(from);
        return { ...document, trail: [...((document.trail as number[]) ?? []), from] };
      },
    }));
    const { document, applied } = migrateDocument({ schemaVersion: 0 }, 0, 3, steps);
    expect(seen).toEqual([0, 1, 2]);
    expect(document).toEqual({ schemaVersion: 3, trail: [0, 1, 2] });
    expect(applied.map((step) => step.from)).toEqual([0, 1, 2]);
    expect(() => migrateDocument({}, -1, 1)).toThrow(/older than this Gloss can read/);
  });
});

describe('migration 0 → 1 on tests/fixtures/store/db-v0.json', () => {
  it('turns colour labels into ids, adds the colour names, and keeps every other field', async () => {
    const { dir, dbPath, original } = await libraryFrom('db-v0.json');
    const v0 = JSON.parse(original.toString('utf8')) as { annotations: { id: string; color: string }[] };

    const store = await Store.open(dir);
    expect(store.readOnlyReason).toBeNull();
    expect(store.data.schemaVersion).toBe(2);
    expect(store.data.annotations.map((annotation) => [annotation.id, annotation.color])).toEqual([
      ['a1Yellow', 'yellow'],
      ['a2Green', 'green'],
      ['a3Blue', 'blue'],
      ['a4Pink', 'pink'],
      ['a5Purple', 'purple'],
    ]);
    expect(v0.annotations.map((annotation) => annotation.color)).toEqual(['Yellow', 'Green', 'Blue', 'Pink', 'Purple']);
    expect(store.data.settings.colors).toEqual([
      { id: 'yellow', label: 'Yellow' },
      { id: 'green', label: 'Green' },
      { id: 'blue', label: 'Blue' },
      { id: 'pink', label: 'Pink' },
      { id: 'purple', label: 'Purple' },
    ]);

    // The migrated library is on disk, and unknown fields came through it.
    const saved = JSON.parse(await readFile(dbPath, 'utf8')) as Record<string, unknown> & {
      articles: Record<string, unknown>[];
      settings: Record<string, unknown>;
    };
    const annotationsOf = async (articleId: string) =>
      (JSON.parse(await readFile(join(dir, ANNOTATIONS_DIR, `${articleId}.json`), 'utf8')) as { annotations: Record<string, unknown>[] }).annotations;
    const [first, second] = [await annotationsOf('k3v9Qw1x'), await annotationsOf('p8Rt2Zm4')];
    expect(saved.schemaVersion).toBe(2);
    expect(saved.articles[0]?.pinned).toBe(true);
    expect(first?.[1]?.style).toBe('underline');
    expect(saved.settings.windowBounds).toEqual({ width: 1280, height: 820 });
    expect(saved.settings.exportFolder).toBe('/home/ana/Obsidian/Gloss');
    expect(second?.[0]?.note).toBe('');
    expect(saved.seeded).toEqual(['000.txt', '001.txt']);
    expect(saved.articles[1]?.progress).toBe(0);
  });

  it('backs the old file up first, byte for byte, and says where', async () => {
    const { dir, original } = await libraryFrom('db-v0.json');
    const store = await Store.open(dir);
    const backups = (await readdir(join(dir, BACKUP_DIR))).filter((name) => name.endsWith('-before-migration-v0.json'));
    expect(backups).toHaveLength(1);
    const backupPath = join(dir, BACKUP_DIR, backups[0] as string);
    expect(Buffer.compare(await readFile(backupPath), original)).toBe(0);
    expect(store.notices).toEqual([{ level: 'info', message: expect.stringContaining(backupPath) as string }]);
    expect(store.notices[0]?.message).toMatch(/0 → 1/);
  });

  it('migrates once: the next start finds version 2 and takes no new migration backup', async () => {
    const { dir, dbPath } = await libraryFrom('db-v0.json');
    await (await Store.open(dir)).close();
    const afterFirst = await readFile(dbPath);
    const reopened = await Store.open(dir);
    expect(reopened.notices).toEqual([]);
    expect(await readFile(dbPath)).toEqual(afterFirst);
    expect((await readdir(join(dir, BACKUP_DIR))).filter((name) => name.includes('before-migration'))).toHaveLength(1);
  });

  it('keeps a colour label it cannot place, beside the default colour', () => {
    const v0 = { schemaVersion: 0, annotations: [{ id: 'x', color: 'Octarine' }, { id: 'y', color: ' purple ' }] };
    const { document } = migrateDocument(v0, 0, 1);
    expect(document.annotations).toEqual([
      { id: 'x', color: 'yellow', colorLabelV0: 'Octarine' },
      { id: 'y', color: 'purple' },
    ]);
  });

  it('lets the service open a version 0 library and list what it holds', async () => {
    const { dir } = await libraryFrom('db-v0.json');
    const service = await createService({ dataDir: dir });
    const titles = (await service.listArticles({})).map((article) => article.title);
    expect(titles).toContain('Notes on reading slowly');
    expect((await service.listHighlights({})).map((entry) => entry.annotation.color).sort()).toEqual(['blue', 'green', 'pink', 'purple', 'yellow']);
    const notices = await service.getStartupNotices({});
    expect(notices.some((notice) => notice.level === 'info' && /newer format/.test(notice.message))).toBe(true);
  });

  it('migrates in memory only when opened read-only: no backup, no write', async () => {
    const { dir, dbPath, original } = await libraryFrom('db-v0.json');
    const store = await Store.open(dir, { readOnly: true });
    expect(store.data.annotations[0]?.color).toBe('yellow');
    expect(await readFile(dbPath)).toEqual(original);
    expect(await readdir(dir)).toEqual([DATABASE_FILE]);
  });

  it('leaves the file alone when the backup cannot be taken', async () => {
    const { dir, dbPath, original } = await libraryFrom('db-v0.json');
    // A file where the backups folder should be: the copy cannot be made, so nothing may change.
    await writeFile(join(dir, BACKUP_DIR), 'not a folder');
    const error = await Store.open(dir).then(
      () => null,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(GlossError);
    expect((error as GlossError).message).toMatch(/could not first back it up.*Nothing was changed/);
    expect(await readFile(dbPath)).toEqual(original);
  });
});

describe('migration 1 → 2 on tests/fixtures/store/db-v1.json', () => {
  interface AnnotationFile {
    schemaVersion: number;
    articleId: string;
    annotations: Record<string, unknown>[];
  }
  const readAnnotationFile = async (dir: string, articleId: string) =>
    JSON.parse(await readFile(join(dir, ANNOTATIONS_DIR, `${articleId}.json`), 'utf8')) as AnnotationFile;

  it('moves each article\'s highlights into annotations/<id>.json, byte for byte in meaning, and out of db.json', async () => {
    const { dir, dbPath, original } = await libraryFrom('db-v1.json');
    const v1 = JSON.parse(original.toString('utf8')) as { annotations: Record<string, unknown>[]; settings: Record<string, unknown> };
    const store = await Store.open(dir);
    expect(store.notices).toEqual([{ level: 'info', message: expect.stringMatching(/1 → 2: highlights move out of db\.json/) as string }]);
    expect(store.data.annotations).toEqual(v1.annotations);

    const saved = JSON.parse(await readFile(dbPath, 'utf8')) as Record<string, unknown>;
    expect(saved.schemaVersion).toBe(2);
    expect(saved).not.toHaveProperty('annotations');
    expect(saved.settings).toEqual(v1.settings);
    expect((await readdir(join(dir, ANNOTATIONS_DIR))).sort()).toEqual(['k3v9Qw1x.json', 'p8Rt2Zm4.json']);
    const files = [await readAnnotationFile(dir, 'k3v9Qw1x'), await readAnnotationFile(dir, 'p8Rt2Zm4')];
    expect(files.map((file) => [file.schemaVersion, file.articleId])).toEqual([
      [2, 'k3v9Qw1x'],
      [2, 'p8Rt2Zm4'],
    ]);
    // Every record whole, unknown fields (style) and flags (orphaned) included, in the order it had.
    expect(files.flatMap((file) => file.annotations)).toEqual(v1.annotations);
  });

  it('backs up the version 1 file first, and the backup still restores the whole library', async () => {
    const { dir, original } = await libraryFrom('db-v1.json');
    await (await Store.open(dir)).close();
    const [copy] = (await readdir(join(dir, BACKUP_DIR))).filter((name) => name.endsWith('-before-migration-v1.json'));
    expect(Buffer.compare(await readFile(join(dir, BACKUP_DIR, copy as string)), original)).toBe(0);
    expect(loadDatabase(original.toString('utf8')).data.annotations).toHaveLength(5);
  });

  it('finishes a migration a crash cut short: db.json still at version 1 wins over files already written', async () => {
    const { dir, dbPath } = await libraryFrom('db-v1.json');
    // As if the last run wrote one article's file, with an older state of it, then died before db.json.
    await mkdir(join(dir, ANNOTATIONS_DIR));
    await writeFile(join(dir, ANNOTATIONS_DIR, 'k3v9Qw1x.json'), JSON.stringify({ schemaVersion: 2, articleId: 'k3v9Qw1x', annotations: [] }));
    const store = await Store.open(dir);
    expect(store.data.annotations.map((record) => record.id)).toEqual(['a1Yellow', 'a2Green', 'a3Blue', 'a4Pink', 'a5Purple']);
    expect((await readAnnotationFile(dir, 'k3v9Qw1x')).annotations.map((record) => record.id)).toEqual(['a1Yellow', 'a2Green']);
    expect((JSON.parse(await readFile(dbPath, 'utf8')) as { schemaVersion: number }).schemaVersion).toBe(2);
  });

  it('lets the version 1 document win over a stale file for an article it holds no highlights of', async () => {
    const { dir } = await libraryFrom('db-v1.json');
    const v1 = JSON.parse(await readFile(join(dir, DATABASE_FILE), 'utf8')) as { annotations: { articleId: string }[] };
    // The document is the library: an article's highlights deleted after a cut-short migration stay deleted.
    await writeFile(join(dir, DATABASE_FILE), JSON.stringify({ ...v1, annotations: v1.annotations.filter((record) => record.articleId !== 'p8Rt2Zm4') }));
    await mkdir(join(dir, ANNOTATIONS_DIR));
    await writeFile(join(dir, ANNOTATIONS_DIR, 'p8Rt2Zm4.json'), JSON.stringify({ schemaVersion: 2, articleId: 'p8Rt2Zm4', annotations: [{ ...v1.annotations[2], articleId: 'p8Rt2Zm4' }] }));
    const store = await Store.open(dir);
    expect(store.data.annotations.map((record) => record.id)).toEqual(['a1Yellow', 'a2Green']);
    expect((await readAnnotationFile(dir, 'p8Rt2Zm4')).annotations).toEqual([]);
  });

  it('leaves db.json at version 1 when the highlights cannot be written, so nothing is lost', async () => {
    const { dir, dbPath, original } = await libraryFrom('db-v1.json');
    // A file where the annotations folder should be: no highlight can be written there.
    await writeFile(join(dir, ANNOTATIONS_DIR), 'not a folder');
    const error = await Store.open(dir).then(
      () => null,
      (caught: unknown) => caught as GlossError,
    );
    expect(error?.code).toBe('storage_failed');
    expect(Buffer.compare(await readFile(dbPath), original)).toBe(0);
  });
});

describe('schemaVersion checks on load', () => {
  it('refuses a file from a newer Gloss: never downgraded, never migrated', () => {
    expect(() => loadDatabase(JSON.stringify({ schemaVersion: SCHEMA_VERSION + 1 }))).toThrow(/newer Gloss/);
  });

  it('calls versions that cannot exist damage', () => {
    for (const version of [-1, 0.5, '1', null]) {
      expect(() => loadDatabase(JSON.stringify({ schemaVersion: version, articles: [] })), String(version)).toThrow();
    }
  });
});
