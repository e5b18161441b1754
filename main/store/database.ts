import { mkdir, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Low } from 'lowdb';
import type { StartupNotice } from '../../preload/api';
import { GlossError } from '../errors';
import { AnnotationFiles, ANNOTATIONS_DIR } from './annotation-files';
import { ArticleFiles, fileTime } from './article-files';
import { failIfInjected } from './atomic-file';
import { BACKUP_DIR, Backups, type BackupPolicy } from './backups';
import { ChangeSet, DATABASE_FILE, LibraryFiles, orderAnnotations, type Changes } from './library-files';
import { acquireDataDirLock, processIsAlive, type DataDirLock, type ProcessKind } from './lock';
import { MigrationError, migrateDocument, type JsonObject } from './migrations';
import { DatabaseSchema, SCHEMA_VERSION, emptyDatabase, type AnnotationRecord, type Database } from './schema';
import { describeStorageError, isUnwritableFolder } from './storage-errors';

export { DATABASE_FILE, type Changes } from './library-files';

/** db.json text, parsed, migrated to the current schema and validated. */
export interface LoadedDatabase {
  data: Database;
  /** The schemaVersion the file had; below SCHEMA_VERSION means it was migrated (in memory). */
  fromVersion: number;
  migrations: string[];
  /**
   * Whether the document held the annotations itself: every file before
   * version 2, and a backup copy. A version-2 db.json keeps them in files.
   */
  inlineAnnotations: boolean;
}

/**
 * Parses db.json text, running any migrations it needs, or throws a message
 * that says what is wrong with it. A file from a newer Gloss throws
 * NewerSchemaError: it is never downgraded.
 */
export function loadDatabase(raw: string): LoadedDatabase {
  if (raw.trim().length === 0) throw new Error('the file is empty');
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (error) {
    throw new Error(`the file is not valid JSON (${(error as Error).message})`, { cause: error });
  }
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === 'number' && version > SCHEMA_VERSION) {
    throw new NewerSchemaError(version);
  }
  let document = json;
  let migrations: string[] = [];
  const isDocument = typeof json === 'object' && json !== null && !Array.isArray(json);
  if (isDocument && typeof version === 'number' && Number.isInteger(version) && version >= 0 && version < SCHEMA_VERSION) {
    try {
      const migrated = migrateDocument(json as JsonObject, version, SCHEMA_VERSION);
      document = migrated.document;
      migrations = migrated.applied.map((step) => `${step.from} → ${step.from + 1}: ${step.description}`);
    } catch (error) {
      if (error instanceof MigrationError) throw new Error(error.message, { cause: error });
      throw new Error(`it could not be brought up to date (${(error as Error).message})`, { cause: error });
    }
  }
  const parsed = DatabaseSchema.safeParse(document);
  if (!parsed.success) {
    throw new Error(`the file does not hold a Gloss library (${parsed.error.issues[0]?.message ?? 'bad shape'})`);
  }
  return {
    data: parsed.data,
    fromVersion: typeof version === 'number' ? version : SCHEMA_VERSION,
    migrations,
    inlineAnnotations: Array.isArray((document as { annotations?: unknown }).annotations),
  };
}

/** Parses db.json text (migrating it in memory), or throws a message that says what is wrong with it. */
export function parseDatabase(raw: string): Database {
  return loadDatabase(raw).data;
}

export class NewerSchemaError extends Error {
  constructor(readonly version: number) {
    super(`it was written by a newer Gloss (schema ${version}; this one understands ${SCHEMA_VERSION})`);
  }
}

export interface StoreOptions {
  /** Never write: no lock, no migration written, no file moved. */
  readOnly?: boolean;
  /** What this process is, for the lock (and the message another process gets). */
  kind?: ProcessKind;
  /** How many rotating backups to keep. */
  backups?: BackupPolicy;
  /** Injected by tests: the clock the backups rotate by. */
  now?: () => Date;
  /** Injected by tests: whether a pid holding the lock is alive. */
  isProcessAlive?: (pid: number) => boolean;
  /** Check (and repair from backups) every article's file after opening. Default true. */
  verifyArticles?: boolean;
  /**
   * How long after opening that check starts (ms, default 0). The app waits a
   * moment so reading a thousand files does not compete with showing the
   * library; the check reports through `articleCheck`.
   */
  articleCheckDelayMs?: number;
}

interface StoreParts {
  dataDir: string;
  created: boolean;
  notices: StartupNotice[];
  readOnlyReason: string | null;
  durableLibrary: string | null;
  durableAnnotations: Map<string, string>;
  backups: Backups | null;
  lock: DataDirLock | null;
}

/** Annotations as found on disk, merged with any the library document held itself. */
interface LoadedAnnotations {
  /** Each readable annotations file's text, as on disk. */
  texts: Map<string, string>;
  /** Something must be written: records that came from db.json or a backup rather than their file. */
  mustWrite: boolean;
}

/**
 * The library's metadata, annotations and settings: one lowdb document in
 * memory, stored as db.json plus one annotations file per article (see
 * library-files.ts), so saving a highlight writes its article's file only.
 *
 * Mutations run synchronously on the in-memory document and then wait for a
 * durable write, so a caller is only told "done" once its change is on disk.
 * Writes are serialized; changes that arrive while a write is running share
 * the next one. When a write fails, memory goes back to what is on disk and
 * every change not yet written fails with it: nothing is acknowledged that
 * the disk does not hold.
 *
 * Opening takes the data folder's lock, migrates an older library (after a
 * backup), and replaces a damaged db.json or annotations file from the newest
 * good backup (the damaged file is kept beside it). See docs/ARCHITECTURE.md,
 * "Data".
 */
export class Store {
  readonly notices: StartupNotice[];
  readonly created: boolean;
  readonly readOnlyReason: string | null;
  readonly path: string;
  /**
   * The check of every article's text file after opening (repairs from
   * backups): resolves with what the user must hear. Never rejects.
   */
  articleCheck: Promise<StartupNotice[]> = Promise.resolve([]);
  private readonly dataDir: string;
  private readonly low: Low<Database>;
  private readonly adapter: LibraryFiles;
  private readonly backups: Backups | null;
  private readonly lock: DataDirLock | null;
  /** Changes made since the last write began: what the next write must cover. */
  private pending = new ChangeSet();
  /** Bumped whenever memory is put back to the disk's state, so queued changes know they were lost. */
  private epoch = 0;
  private inFlight: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  private closed = false;
  private cancelArticleCheck: (() => void) | null = null;

  private constructor(data: Database, parts: StoreParts) {
    this.dataDir = parts.dataDir;
    this.adapter = new LibraryFiles(parts.dataDir, parts.durableLibrary, parts.durableAnnotations, parseDatabase);
    this.path = this.adapter.path;
    this.low = new Low<Database>(this.adapter, data);
    this.created = parts.created;
    this.notices = parts.notices;
    this.readOnlyReason = parts.readOnlyReason;
    this.backups = parts.backups;
    this.lock = parts.lock;
  }

  static async open(dataDir: string, options: StoreOptions = {}): Promise<Store> {
    const path = join(dataDir, DATABASE_FILE);
    if (options.readOnly) return Store.openReadOnly(dataDir, [], 'This library is open read-only.');
    try {
      await mkdir(dataDir, { recursive: true });
    } catch (error) {
      throw new GlossError('storage_failed', `Gloss cannot use ${dataDir} as its data folder: ${describeStorageError(error, path)}.`);
    }
    let lock: DataDirLock;
    try {
      lock = await acquireDataDirLock(dataDir, {
        ...(options.kind ? { kind: options.kind } : {}),
        ...(options.isProcessAlive ? { isAlive: options.isProcessAlive } : {}),
      });
    } catch (error) {
      if (error instanceof GlossError || !isUnwritableFolder(error)) throw error;
      // A folder Gloss cannot write (read-only disk, no permission, full) can still be read.
      const reason = `Gloss cannot write in ${dataDir}: ${describeStorageError(error)}. Your library is open read-only, and nothing in it will be changed.`;
      return Store.openReadOnly(dataDir, [{ level: 'warning', message: reason }], reason);
    }
    try {
      return await Store.openLocked(dataDir, lock, options);
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  /** Shows what can be read and writes nothing: no lock, no moved file, no migration written. */
  private static async openReadOnly(dataDir: string, notices: StartupNotice[], reason: string): Promise<Store> {
    const path = join(dataDir, DATABASE_FILE);
    let raw: string | null = null;
    let data = emptyDatabase();
    let created = false;
    let readOnlyReason = reason;
    let preferInline = false;
    try {
      raw = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') created = true;
      else {
        readOnlyReason = `The library at ${path} cannot be read (${describeStorageError(error, path)}).`;
        notices.push({ level: 'warning', message: readOnlyReason });
      }
    }
    if (raw !== null) {
      try {
        const loaded = loadDatabase(raw);
        data = loaded.data;
        preferInline = loaded.fromVersion < SCHEMA_VERSION;
      } catch (error) {
        if (error instanceof NewerSchemaError) return Store.newerSchema(dataDir, raw, notices);
        // A reader must not move files: report the damage and show nothing.
        readOnlyReason = `The library at ${path} cannot be read (${(error as Error).message}).`;
        notices.push({ level: 'warning', message: readOnlyReason });
        raw = null;
      }
    }
    let texts = new Map<string, string>();
    if (raw !== null) {
      try {
        ({ texts } = await loadAnnotations(dataDir, data, { preferInline, repair: false, backups: new Backups(dataDir) }, notices));
      } catch (error) {
        notices.push({ level: 'warning', message: `The highlights in ${join(dataDir, ANNOTATIONS_DIR)} cannot be read (${describeStorageError(error)}).` });
      }
    }
    return new Store(data, { dataDir, created, notices, readOnlyReason, durableLibrary: raw, durableAnnotations: texts, backups: null, lock: null });
  }

  /** A library from a newer Gloss: never downgraded or moved. Show what this version can read, write nothing. */
  private static async newerSchema(dataDir: string, raw: string, notices: StartupNotice[]): Promise<Store> {
    const path = join(dataDir, DATABASE_FILE);
    const readOnlyReason = `The library at ${path} was written by a newer version of Gloss. It is open read-only; update Gloss to make changes.`;
    const readable = DatabaseSchema.safeParse({ ...(JSON.parse(raw) as object), schemaVersion: SCHEMA_VERSION });
    notices.push({
      level: 'warning',
      message: readable.success ? readOnlyReason : `${readOnlyReason} This version cannot show its contents.`,
    });
    const data = readable.success ? readable.data : emptyDatabase();
    if (readable.success) {
      // Best effort: show the highlights this version can read, and say nothing of the rest.
      await loadAnnotations(dataDir, data, { preferInline: false, repair: false, backups: null }, []).catch(() => undefined);
    }
    return new Store(data, {
      dataDir,
      created: false,
      notices,
      readOnlyReason,
      durableLibrary: raw,
      durableAnnotations: new Map(),
      backups: null,
      lock: null,
    });
  }

  private static async openLocked(dataDir: string, lock: DataDirLock, options: StoreOptions): Promise<Store> {
    const path = join(dataDir, DATABASE_FILE);
    const backups = new Backups(dataDir, options.backups, options.now);
    const notices: StartupNotice[] = [];
    await removeAbandonedTempFiles(dataDir);
    let raw: string | null = null;
    let damage: string | null = null;
    try {
      raw = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') damage = `it cannot be read: ${describeStorageError(error, path)}`;
    }

    let loaded: LoadedDatabase | null = null;
    if (raw !== null) {
      try {
        loaded = loadDatabase(raw);
      } catch (error) {
        if (error instanceof NewerSchemaError) {
          await lock.release();
          return Store.newerSchema(dataDir, raw, notices);
        }
        if (error instanceof GlossError) throw error;
        damage = (error as Error).message;
      }
    }

    let data: Database;
    /** When the library came from a backup, why, for the message if putting it in place fails. */
    let restoredFrom: string | null = null;
    if (loaded) {
      data = loaded.data;
    } else {
      // Damaged, unreadable or missing: keep the bad file aside, then restore the newest good backup.
      let keptAt: string | null = null;
      if (damage !== null) {
        keptAt = `${path}.unreadable-${fileTime()}`;
        try {
          failIfInjected('rename', keptAt);
          await rename(path, keptAt);
        } catch (error) {
          throw new GlossError(
            'storage_failed',
            `Your library file ${path} cannot be read (${damage}), and Gloss could not move it aside to restore a backup: ${describeStorageError(error, path)}. Nothing was changed.`,
          );
        }
      }
      const newest = await backups.newestGood((text) => loadDatabase(text).data);
      const problem = damage === null ? `Your library file ${path} was missing.` : `Your library file could not be read (${damage}). It was kept, unchanged, at ${keptAt}.`;
      if (newest) {
        data = newest.value;
        restoredFrom = `${problem} Gloss could not put the backup ${newest.file.path} in its place`;
        notices.push({
          level: 'warning',
          message: `${problem} Gloss restored your library from the backup taken ${newest.file.takenAt.toISOString()} (${newest.file.path}); changes made after that time are not in it.`,
        });
      } else {
        data = emptyDatabase();
        if (damage !== null) notices.push({ level: 'warning', message: `${problem} There was no backup to restore, so Gloss started a new library.` });
      }
    }

    const migrating = loaded !== null && loaded.fromVersion < SCHEMA_VERSION;
    let annotations: LoadedAnnotations;
    try {
      annotations = await loadAnnotations(dataDir, data, { preferInline: migrating, repair: true, backups }, notices);
    } catch (error) {
      if (error instanceof GlossError) throw error;
      throw new GlossError('storage_failed', `Gloss cannot read your highlights in ${join(dataDir, ANNOTATIONS_DIR)}: ${describeStorageError(error)}. Nothing was changed.`);
    }
    const store = new Store(data, {
      dataDir,
      created: raw === null && restoredFrom === null && annotations.texts.size === 0,
      notices,
      readOnlyReason: null,
      // db.json as read is what is on disk, unless it must be rewritten (older format, or annotations inside it).
      durableLibrary: loaded && !migrating && !loaded.inlineAnnotations ? raw : null,
      durableAnnotations: annotations.texts,
      backups,
      lock,
    });
    if (migrating && loaded && raw !== null) {
      await store.writeMigrated(raw, loaded);
    } else if (restoredFrom !== null || annotations.mustWrite || loaded?.inlineAnnotations) {
      await store.writeEverything((reason) => `${restoredFrom ?? 'Gloss could not save the highlights it recovered'}: ${reason}.`);
    }
    if (raw !== null || restoredFrom !== null) await store.rotateBackups();
    if (options.verifyArticles !== false && store.data.articles.length > 0) store.startArticleCheck(options.articleCheckDelayMs ?? 0);
    return store;
  }

  /** Takes the backup of the old file first, then writes the library in the new format. */
  private async writeMigrated(raw: string, loaded: LoadedDatabase): Promise<void> {
    let backup;
    try {
      backup = await (this.backups as Backups).take(raw, `before-migration-v${loaded.fromVersion}`);
    } catch (error) {
      throw new GlossError('storage_failed', `Gloss must update your library's format, but could not first back it up: ${describeStorageError(error)}. Nothing was changed.`);
    }
    // db.json is written last: until it is, the old file is still the library, and the next start migrates again.
    await this.writeEverything((reason) => `Gloss could not save your library in its new format: ${reason}. The file is unchanged.`);
    this.notices.push({
      level: 'info',
      message: `Gloss updated your library to a newer format (${loaded.migrations.join('; ')}). A copy of it as it was is kept at ${backup.path}.`,
    });
  }

  /** At opening: writes every file whose text is not already on disk. */
  private async writeEverything(message: (reason: string) => string): Promise<void> {
    this.adapter.next = ChangeSet.everything();
    try {
      await this.low.write();
    } catch (error) {
      throw new GlossError('storage_failed', message(describeStorageError(error, this.path)));
    }
  }

  /** Checks every article's text, after `delayMs`, unless the store closes first. */
  private startArticleCheck(delayMs: number): void {
    this.articleCheck = new Promise<StartupNotice[]>((resolve) => {
      const timer = setTimeout(() => {
        this.cancelArticleCheck = null;
        resolve(verifyArticleFiles(this.dataDir, this.data.articles).catch(() => []));
      }, delayMs);
      timer.unref?.();
      this.cancelArticleCheck = () => {
        clearTimeout(timer);
        resolve([]);
      };
    });
  }

  get data(): Database {
    return this.low.data;
  }

  /**
   * Applies `mutate` and resolves with its result once the change is durable.
   * `changes` says what it touched, so only those files are written: the
   * default compares every file with the disk, which is always right and
   * costs a serialization of the whole library.
   */
  async update<T>(mutate: (data: Database) => T, changes: Changes = 'all'): Promise<T> {
    if (this.readOnlyReason) throw new GlossError('conflict', this.readOnlyReason);
    if (this.closed) throw new GlossError('conflict', 'The library is closed; Gloss is shutting down.');
    const result = mutate(this.low.data);
    this.pending.add(changes);
    await this.persist();
    return result;
  }

  /** Waits for every write in progress and the check of article files, then gives up the data folder's lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.cancelArticleCheck?.();
    await this.articleCheck;
    await this.inFlight.catch(() => undefined);
    await this.lock?.release();
  }

  private persist(): Promise<void> {
    if (this.queued) return this.queued;
    const epoch = this.epoch;
    const write = this.inFlight
      .catch(() => undefined)
      .then(async () => {
        this.queued = null;
        const changes = this.pending;
        this.pending = new ChangeSet();
        if (epoch !== this.epoch) {
          // An earlier write failed after these changes were made: they went with it.
          this.revert();
          throw new GlossError('storage_failed', 'Gloss could not save your change, because the save just before it failed. Nothing was lost that had been saved; please try again.');
        }
        try {
          this.adapter.next = changes;
          await this.low.write();
        } catch (error) {
          this.revert();
          throw new GlossError(
            'storage_failed',
            `Gloss could not save your change: ${describeStorageError(error, this.path)}. Your library on disk still holds everything saved before it.`,
          );
        }
        await this.rotateBackups();
      });
    this.queued = write;
    this.inFlight = write;
    return write;
  }

  /** Memory must never claim what the disk does not hold: back to the last state written or read. */
  private revert(): void {
    this.epoch += 1;
    this.pending = new ChangeSet();
    this.low.data = this.adapter.rebuild();
  }

  /** A failed backup never fails a save: it is reported in the log, and the next save tries again. */
  private async rotateBackups(): Promise<void> {
    try {
      // The copy is made from what is on disk, and only when one is due (at most hourly).
      await this.backups?.rotate(() => this.adapter.snapshot());
    } catch (error) {
      console.warn(`gloss: could not back up the library: ${describeStorageError(error)}`);
    }
  }
}

/**
 * Fills `data.annotations` from the annotations folder. Where db.json itself
 * held annotations (an older format, or a backup put in its place), `preferInline`
 * says which wins: the document when migrating it (it is the library), the
 * files otherwise (they are newer than any copy). A damaged file is moved
 * aside (when `repair`) and its article's highlights taken from the newest
 * good backup, with a notice that says what was kept where.
 */
async function loadAnnotations(
  dataDir: string,
  data: Database,
  options: { preferInline: boolean; repair: boolean; backups: Backups | null },
  notices: StartupNotice[],
): Promise<LoadedAnnotations> {
  const files = new AnnotationFiles(dataDir);
  const folder = await files.readAll();
  // A file whose article the library does not list is left alone, never loaded: its highlights
  // were never acknowledged (a crash between it and db.json naming a new article) or belong
  // to an article already removed (a crash before the file was). Either way it is not the library.
  const known = new Set(data.articles.map((article) => article.id));
  const texts = new Map([...folder.texts].filter(([articleId]) => known.has(articleId)));
  const inline = groupByArticle(data.annotations);
  const merged = new Map<string, AnnotationRecord[]>(inline);
  if (!options.preferInline) {
    // The files are newer than any copy of the document (a backup put in db.json's place).
    for (const [articleId, records] of folder.records) if (known.has(articleId)) merged.set(articleId, records);
  }
  // When migrating, the document is the library: files a cut-short migration left are
  // overwritten (their texts stay in `texts`, so the next write compares and replaces them).
  let mustWrite = inline.size > 0;

  let backup: Database | null | undefined;
  let backupTakenAt = '';
  for (const { articleId, problem } of folder.damaged) {
    if (!known.has(articleId)) continue;
    const title = data.articles.find((article) => article.id === articleId)?.title;
    const named = title === undefined ? `article ${articleId}` : `"${title}"`;
    let restored = merged.get(articleId) ?? [];
    let outcome = 'Its highlights were taken from the library file.';
    if (!merged.has(articleId)) {
      if (backup === undefined) {
        const newest = await options.backups?.newestGood((text) => loadDatabase(text).data);
        backup = newest?.value ?? null;
        backupTakenAt = newest?.file.takenAt.toISOString() ?? '';
      }
      restored = backup?.annotations.filter((record) => record.articleId === articleId) ?? [];
      if (restored.length > 0) merged.set(articleId, restored);
      outcome =
        restored.length > 0
          ? `Gloss ${options.repair ? 'restored' : 'showed'} its ${restored.length} highlight${restored.length === 1 ? '' : 's'} from the backup taken ${backupTakenAt}; changes made after that time are not in it.`
          : 'No backup held any of its highlights.';
    }
    let keptAt: string | null = null;
    if (options.repair) {
      try {
        // With highlights to put back, the damaged file stays in place until the restored one
        // replaces it (a failed write leaves it there to be found again); with none, it moves aside.
        keptAt = restored.length > 0 ? await files.keepCopy(articleId) : await files.setAside(articleId);
      } catch (error) {
        throw new GlossError(
          'storage_failed',
          `The highlights of ${named} cannot be read (${problem}), and Gloss could not keep a copy of the file to restore a backup: ${describeStorageError(error, files.pathOf(articleId))}. Nothing was changed.`,
        );
      }
      mustWrite = true;
    }
    const where = keptAt ? `The file was kept, unchanged, at ${keptAt}.` : `The file ${files.pathOf(articleId)} was left as it is.`;
    notices.push({ level: 'warning', message: `The highlights of ${named} could not be read (${problem}). ${where} ${outcome}` });
  }
  data.annotations = orderAnnotations(data.articles, merged);
  return { texts, mustWrite };
}

function groupByArticle(records: readonly AnnotationRecord[]): Map<string, AnnotationRecord[]> {
  const groups = new Map<string, AnnotationRecord[]>();
  for (const record of records) {
    const group = groups.get(record.articleId);
    if (group) group.push(record);
    else groups.set(record.articleId, [record]);
  }
  return groups;
}

/** Checks every article's text at start-up, repairing from backups, a few files at a time. */
async function verifyArticleFiles(dataDir: string, articles: readonly { id: string; title: string }[]): Promise<StartupNotice[]> {
  const files = new ArticleFiles(dataDir);
  const notices: StartupNotice[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < articles.length) {
      const article = articles[next++] as { id: string; title: string };
      try {
        const notice = await files.verify(article.id, article.title);
        if (notice) notices.push(notice);
      } catch (error) {
        notices.push({ level: 'warning', message: `The text of "${article.title}" could not be checked: ${describeStorageError(error)}` });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(8, articles.length) }, worker));
  return notices;
}

/**
 * A write cut short by a crash leaves its temp file (`.db.json.<pid>.<random>.tmp`,
 * `.gloss.lock.<pid>.<random>.tmp`…). Those of processes that no longer exist
 * are abandoned: they are removed, never read.
 */
async function removeAbandonedTempFiles(dataDir: string): Promise<void> {
  const temp = /^\.[^/]+\.(\d+)\.[0-9a-f]{8}\.tmp$/;
  for (const dir of [dataDir, join(dataDir, 'articles'), join(dataDir, ANNOTATIONS_DIR), join(dataDir, BACKUP_DIR), join(dataDir, BACKUP_DIR, 'articles')]) {
    let names: string[];
    try {
      names = await readdir(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const match = temp.exec(name);
      const pid = Number(match?.[1]);
      if (match && pid !== process.pid && !processIsAlive(pid)) await rm(join(dir, name), { force: true }).catch(() => undefined);
    }
  }
}
