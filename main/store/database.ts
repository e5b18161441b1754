import { mkdir, readFile, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import type { StartupNotice } from '../../preload/api';
import { GlossError } from '../errors';
import { writeFileAtomic } from './atomic-file';
import { DatabaseSchema, SCHEMA_VERSION, emptyDatabase, type Database } from './schema';

export const DATABASE_FILE = 'db.json';

/**
 * lowdb's file adapters rename a temp file into place but never fsync, so an
 * acknowledged write can vanish in a power cut. This adapter writes through
 * `writeFileAtomic` (fsync the file, rename, fsync the directory) instead.
 */
export class DurableJsonFile implements Adapter<Database> {
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
    await writeFileAtomic(this.path, JSON.stringify(data, null, 2) + '\n');
  }
}

/** Parses db.json text, or throws a message that says what is wrong with it. */
export function parseDatabase(raw: string): Database {
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
  const parsed = DatabaseSchema.safeParse(json);
  if (!parsed.success) {
    throw new Error(`the file does not hold a Gloss library (${parsed.error.issues[0]?.message ?? 'bad shape'})`);
  }
  return parsed.data;
}

export class NewerSchemaError extends Error {
  constructor(readonly version: number) {
    super(`it was written by a newer Gloss (schema ${version}; this one understands ${SCHEMA_VERSION})`);
  }
}

/**
 * The library's metadata, annotations and settings: one lowdb document.
 *
 * Mutations run synchronously on the in-memory document and then wait for a
 * durable write, so a caller is only told "done" once its change is on disk.
 * Writes are serialized; changes that arrive while a write is running share
 * the next one.
 */
export class Store {
  readonly notices: StartupNotice[];
  readonly created: boolean;
  readonly readOnlyReason: string | null;
  private readonly low: Low<Database>;
  private inFlight: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;

  private constructor(low: Low<Database>, options: { created: boolean; notices: StartupNotice[]; readOnlyReason: string | null }) {
    this.low = low;
    this.created = options.created;
    this.notices = options.notices;
    this.readOnlyReason = options.readOnlyReason;
  }

  static async open(dataDir: string, options: { readOnly?: boolean } = {}): Promise<Store> {
    if (!options.readOnly) await mkdir(dataDir, { recursive: true });
    const path = join(dataDir, DATABASE_FILE);
    const adapter = new DurableJsonFile(path);
    const low = new Low<Database>(adapter, emptyDatabase());
    const notices: StartupNotice[] = [];
    let created = false;
    let readOnlyReason: string | null = null;
    try {
      const data = await adapter.read();
      if (data === null) created = true;
      else low.data = data;
    } catch (error) {
      if (error instanceof NewerSchemaError) {
        // Never downgrade or move a newer file: show what this version can read, write nothing.
        readOnlyReason = `The library at ${path} was written by a newer version of Gloss. It is open read-only; update Gloss to make changes.`;
        const readable = DatabaseSchema.safeParse({ ...(JSON.parse(await readFile(path, 'utf8')) as object), schemaVersion: SCHEMA_VERSION });
        low.data = readable.success ? readable.data : emptyDatabase();
        notices.push({
          level: 'warning',
          message: readable.success ? readOnlyReason : `${readOnlyReason} This version cannot show its contents.`,
        });
      } else if (options.readOnly) {
        // A reader must not move files: report the damage and show nothing.
        readOnlyReason = `The library at ${path} cannot be read (${(error as Error).message}).`;
        notices.push({ level: 'warning', message: readOnlyReason });
      } else {
        const keptAt = `${path}.unreadable-${new Date().toISOString().replace(/[:.]/g, '-')}`;
        await rename(path, keptAt);
        created = true;
        notices.push({
          level: 'warning',
          message: `Your library file could not be read (${(error as Error).message}). It was kept, unchanged, at ${keptAt}, and Gloss started a new library.`,
        });
      }
    }
    if (options.readOnly && readOnlyReason === null) readOnlyReason = 'This library is open read-only.';
    return new Store(low, { created, notices, readOnlyReason });
  }

  get data(): Database {
    return this.low.data;
  }

  /** Applies `mutate` and resolves with its result once the change is durable. */
  async update<T>(mutate: (data: Database) => T): Promise<T> {
    if (this.readOnlyReason) throw new GlossError('conflict', this.readOnlyReason);
    const result = mutate(this.low.data);
    try {
      await this.persist();
    } catch (error) {
      // The change is not on disk, so it must not stay in memory either: go back to what is.
      const onDisk = await this.low.adapter.read().catch(() => null);
      this.low.data = onDisk ?? emptyDatabase();
      throw new GlossError('storage_failed', `Gloss could not save your change: ${(error as Error).message}`);
    }
    return result;
  }

  private persist(): Promise<void> {
    if (this.queued) return this.queued;
    const write = this.inFlight
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.low.write();
      });
    this.queued = write;
    this.inFlight = write;
    return write;
  }
}
