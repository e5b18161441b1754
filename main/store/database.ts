import { mkdir, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import type { StartupNotice } from '../../preload/api';
import { GlossError } from '../errors';
import { ArticleFiles, fileTime } from './article-files';
import { failIfInjected, writeFileAtomic } from './atomic-file';
import { BACKUP_DIR, Backups, type BackupPolicy } from './backups';
import { acquireDataDirLock, processIsAlive, type DataDirLock, type ProcessKind } from './lock';
import { MigrationError, migrateDocument, type JsonObject } from './migrations';
import { DatabaseSchema, SCHEMA_VERSION, emptyDatabase, type Database } from './schema';
import { describeStorageError, isUnwritableFolder } from './storage-errors';

export const DATABASE_FILE = 'db.json';

/**
 * lowdb's file adapters rename a temp file into place but never fsync, so an
 * acknowledged write can vanish in a power cut. This adapter writes through
 * `writeFileAtomic` (fsync the file, rename, fsync the directory) instead,
 * and remembers the text it last wrote: the state known to be on disk.
 */
export class DurableJsonFile implements Adapter<Database> {
  lastWritten: string | null = null;

  constructor(private readonly path: string) {}

  async read(): Promise<Database | null> {
    let raw: string;
    try {
      raw = await readFile(this.path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    return parseDatabase(raw);
  }

  async write(data: Database): Promise<void> {
    const text = serializeDatabase(data);
    await writeFileAtomic(this.path, text);
    this.lastWritten = text;
  }
}

export function serializeDatabase(data: Database): string {
  return JSON.stringify(data, null, 2) + '\n';
}

/** db.json text, parsed, migrated to the current schema and validated. */
export interface LoadedDatabase {
  data: Database;
  /** The schemaVersion the file had; below SCHEMA_VERSION means it was migrated (in memory). */
  fromVersion: number;
  migrations: string[];
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
  return { data: parsed.data, fromVersion: typeof version === 'number' ? version : SCHEMA_VERSION, migrations };
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
  /** Check (and repair from backups) every article's file at start-up. Default true. */
  verifyArticles?: boolean;
}

interface StoreParts {
  path: string;
  created: boolean;
  notices: StartupNotice[];
  readOnlyReason: string | null;
  durable: string | null;
  backups: Backups | null;
  lock: DataDirLock | null;
}

/**
 * The library's metadata, annotations and settings: one lowdb document.
 *
 * Mutations run synchronously on the in-memory document and then wait for a
 * durable write, so a caller is only told "done" once its change is on disk.
 * Writes are serialized; changes that arrive while a write is running share
 * the next one. When a write fails, memory goes back to what is on disk and
 * every change not yet written fails with it: nothing is acknowledged that
 * the disk does not hold.
 *
 * Opening takes the data folder's lock, migrates an older file (after a
 * backup), and replaces a damaged db.json with the newest good backup (the
 * damaged file is kept beside it). See docs/ARCHITECTURE.md, "Data".
 */
export class Store {
  readonly notices: StartupNotice[];
  readonly created: boolean;
  readonly readOnlyReason: string | null;
  readonly path: string;
  private readonly low: Low<Database>;
  private readonly adapter: DurableJsonFile;
  private readonly backups: Backups | null;
  private readonly lock: DataDirLock | null;
  /** The text last known to be on disk (null: no db.json yet). */
  private durable: string | null;
  /** Bumped whenever memory is put back to the disk's state, so queued changes know they were lost. */
  private epoch = 0;
  private inFlight: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  private closed = false;

  private constructor(data: Database, parts: StoreParts) {
    this.path = parts.path;
    this.adapter = new DurableJsonFile(parts.path);
    this.low = new Low<Database>(this.adapter, data);
    this.created = parts.created;
    this.notices = parts.notices;
    this.readOnlyReason = parts.readOnlyReason;
    this.durable = parts.durable;
    this.backups = parts.backups;
    this.lock = parts.lock;
  }

  static async open(dataDir: string, options: StoreOptions = {}): Promise<Store> {
    const path = join(dataDir, DATABASE_FILE);
    if (options.readOnly) return Store.openReadOnly(path, [], 'This library is open read-only.');
    try {
      await mkdir(dataDir, { recursive: true });
    } catch (error) {
      throw new GlossError('storage_failed', `Gloss cannot use ${dataDir} as its data folder: ${describeStorageError(error, join(dataDir, DATABASE_FILE))}.`);
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
      return Store.openReadOnly(path, [{ level: 'warning', message: reason }], reason);
    }
    try {
      return await Store.openLocked(dataDir, path, lock, options);
    } catch (error) {
      await lock.release();
      throw error;
    }
  }

  /** Shows what can be read and writes nothing: no lock, no moved file, no migration written. */
  private static async openReadOnly(path: string, notices: StartupNotice[], reason: string): Promise<Store> {
    let raw: string | null = null;
    let data = emptyDatabase();
    let created = false;
    let readOnlyReason = reason;
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
        data = loadDatabase(raw).data;
      } catch (error) {
        if (error instanceof NewerSchemaError) return Store.newerSchema(path, raw, notices);
        // A reader must not move files: report the damage and show nothing.
        readOnlyReason = `The library at ${path} cannot be read (${(error as Error).message}).`;
        notices.push({ level: 'warning', message: readOnlyReason });
      }
    }
    return new Store(data, { path, created, notices, readOnlyReason, durable: raw, backups: null, lock: null });
  }

  /** A file from a newer Gloss: never downgraded or moved. Show what this version can read, write nothing. */
  private static newerSchema(path: string, raw: string, notices: StartupNotice[]): Store {
    const readOnlyReason = `The library at ${path} was written by a newer version of Gloss. It is open read-only; update Gloss to make changes.`;
    const readable = DatabaseSchema.safeParse({ ...(JSON.parse(raw) as object), schemaVersion: SCHEMA_VERSION });
    notices.push({
      level: 'warning',
      message: readable.success ? readOnlyReason : `${readOnlyReason} This version cannot show its contents.`,
    });
    return new Store(readable.success ? readable.data : emptyDatabase(), {
      path,
      created: false,
      notices,
      readOnlyReason,
      durable: raw,
      backups: null,
      lock: null,
    });
  }

  private static async openLocked(dataDir: string, path: string, lock: DataDirLock, options: StoreOptions): Promise<Store> {
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

    let data: Database | null = null;
    let durable: string | null = null;
    if (raw !== null) {
      try {
        const loaded = loadDatabase(raw);
        data = loaded.data;
        durable = raw;
        if (loaded.fromVersion < SCHEMA_VERSION) {
          durable = await Store.writeMigrated(path, raw, loaded, backups, notices);
        }
      } catch (error) {
        if (error instanceof NewerSchemaError) {
          await lock.release();
          return Store.newerSchema(path, raw, notices);
        }
        if (error instanceof GlossError) throw error;
        damage = (error as Error).message;
      }
    }

    if (data === null) {
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
        durable = serializeDatabase(data);
        try {
          await writeFileAtomic(path, durable);
        } catch (error) {
          throw new GlossError('storage_failed', `${problem} Gloss could not put the backup ${newest.file.path} in its place: ${describeStorageError(error, path)}.`);
        }
        notices.push({
          level: 'warning',
          message: `${problem} Gloss restored your library from the backup taken ${newest.file.takenAt.toISOString()} (${newest.file.path}); changes made after that time are not in it.`,
        });
      } else if (damage !== null) {
        notices.push({ level: 'warning', message: `${problem} There was no backup to restore, so Gloss started a new library.` });
      }
    }

    const store = new Store(data ?? emptyDatabase(), {
      path,
      created: durable === null,
      notices,
      readOnlyReason: null,
      durable,
      backups,
      lock,
    });
    if (durable !== null) await store.rotateBackups(durable);
    if (options.verifyArticles !== false && store.data.articles.length > 0) {
      notices.push(...(await verifyArticleFiles(dataDir, store.data.articles)));
    }
    return store;
  }

  /** Takes the backup of the old file first, then writes the migrated one; returns the text now on disk. */
  private static async writeMigrated(path: string, raw: string, loaded: LoadedDatabase, backups: Backups, notices: StartupNotice[]): Promise<string> {
    let backup;
    try {
      backup = await backups.take(raw, `before-migration-v${loaded.fromVersion}`);
    } catch (error) {
      throw new GlossError('storage_failed', `Gloss must update your library's format, but could not first back it up: ${describeStorageError(error)}. Nothing was changed.`);
    }
    const text = serializeDatabase(loaded.data);
    try {
      await writeFileAtomic(path, text);
    } catch (error) {
      throw new GlossError('storage_failed', `Gloss could not save your library in its new format: ${describeStorageError(error, path)}. The file is unchanged.`);
    }
    notices.push({
      level: 'info',
      message: `Gloss updated your library to a newer format (${loaded.migrations.join('; ')}). A copy of it as it was is kept at ${backup.path}.`,
    });
    return text;
  }

  get data(): Database {
    return this.low.data;
  }

  /** Applies `mutate` and resolves with its result once the change is durable. */
  async update<T>(mutate: (data: Database) => T): Promise<T> {
    if (this.readOnlyReason) throw new GlossError('conflict', this.readOnlyReason);
    if (this.closed) throw new GlossError('conflict', 'The library is closed; Gloss is shutting down.');
    const result = mutate(this.low.data);
    await this.persist();
    return result;
  }

  /** Waits for every write in progress, then gives up the data folder's lock. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
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
        if (epoch !== this.epoch) {
          // An earlier write failed after these changes were made: they went with it.
          this.revert();
          throw new GlossError('storage_failed', 'Gloss could not save your change, because the save just before it failed. Nothing was lost that had been saved; please try again.');
        }
        try {
          await this.low.write();
        } catch (error) {
          this.revert();
          throw new GlossError(
            'storage_failed',
            `Gloss could not save your change: ${describeStorageError(error, this.path)}. Your library on disk still holds everything saved before it.`,
          );
        }
        this.durable = this.adapter.lastWritten;
        if (this.durable !== null) await this.rotateBackups(this.durable);
      });
    this.queued = write;
    this.inFlight = write;
    return write;
  }

  /** Memory must never claim what the disk does not hold: back to the last state written or read. */
  private revert(): void {
    this.epoch += 1;
    this.low.data = this.durable === null ? emptyDatabase() : parseDatabase(this.durable);
  }

  /** A failed backup never fails a save: it is reported in the log, and the next save tries again. */
  private async rotateBackups(text: string): Promise<void> {
    try {
      await this.backups?.rotate(text);
    } catch (error) {
      console.warn(`gloss: could not back up the library: ${describeStorageError(error)}`);
    }
  }
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
  for (const dir of [dataDir, join(dataDir, 'articles'), join(dataDir, BACKUP_DIR), join(dataDir, BACKUP_DIR, 'articles')]) {
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
