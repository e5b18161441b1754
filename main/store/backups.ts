import { mkdir, readFile, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from './atomic-file';

/**
 * Good copies of the whole library (db.json with every annotation inline, as
 * one document), in `<dataDir>/backups/`, so a damaged library is
 * restored rather than lost. Two rotations: the first save of each hour
 * (the newest `hourly` kept) and the first save of each day (the newest
 * `daily` kept), plus one copy taken before every schema migration, which is
 * never rotated away. A copy is only ever made of a document Gloss has just
 * validated or written itself, and a restore still checks each candidate,
 * newest first, so a bad copy is skipped rather than restored.
 *
 * File names sort by time: `db-20250102T030405123Z-hourly.json`.
 */
export const BACKUP_DIR = 'backups';

export type BackupReason = 'hourly' | 'daily' | `before-migration-v${number}`;

export interface BackupPolicy {
  /** How many hourly copies to keep. */
  hourly: number;
  /** How many daily copies to keep. */
  daily: number;
}

export const DEFAULT_BACKUP_POLICY: BackupPolicy = { hourly: 24, daily: 14 };

export interface BackupFile {
  path: string;
  name: string;
  takenAt: Date;
  reason: string;
}

const NAME = /^db-(\d{8}T\d{9}Z)-([a-z0-9-]+)\.json$/;

export class Backups {
  readonly dir: string;
  private known: BackupFile[] | null = null;

  constructor(
    dataDir: string,
    private readonly policy: BackupPolicy = DEFAULT_BACKUP_POLICY,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.dir = join(dataDir, BACKUP_DIR);
  }

  /** Every db.json copy, newest first. */
  async list(): Promise<BackupFile[]> {
    if (this.known) return [...this.known];
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') names = [];
      else throw error;
    }
    const files: BackupFile[] = [];
    for (const name of names) {
      const match = NAME.exec(name);
      if (!match) continue;
      const takenAt = parseStamp(match[1] as string);
      if (takenAt) files.push({ path: join(this.dir, name), name, takenAt, reason: match[2] as string });
    }
    files.sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime() || b.name.localeCompare(a.name));
    this.known = files;
    return [...files];
  }

  /** Writes one copy, durably, and returns where it is. */
  async take(contents: string, reason: BackupReason): Promise<BackupFile> {
    await mkdir(this.dir, { recursive: true });
    const known = await this.list();
    let takenAt = this.now();
    // Two copies in the same millisecond would share a name; nudge the later one.
    while (known.some((file) => file.takenAt.getTime() === takenAt.getTime() && file.reason === reason)) {
      takenAt = new Date(takenAt.getTime() + 1);
    }
    const name = `db-${stamp(takenAt)}-${reason}.json`;
    const file: BackupFile = { path: join(this.dir, name), name, takenAt, reason };
    await writeFileAtomic(file.path, contents);
    this.known = [file, ...known].sort((a, b) => b.takenAt.getTime() - a.takenAt.getTime() || b.name.localeCompare(a.name));
    return file;
  }

  /**
   * Called after a good library is saved (or loaded): keeps the rotations
   * current. Cheap when nothing is due: the list is cached, and `contents`
   * (the whole library as one document, which costs a serialization) is
   * asked for only when a copy is taken.
   */
  async rotate(contents: string | (() => string)): Promise<void> {
    const text = typeof contents === 'string' ? () => contents : contents;
    const now = this.now();
    const known = await this.list();
    const dayOf = (date: Date) => stamp(date).slice(0, 8);
    const hourOf = (date: Date) => stamp(date).slice(0, 11);
    const rotating = known.filter((file) => file.reason === 'hourly' || file.reason === 'daily');
    if (!rotating.some((file) => file.reason === 'daily' && dayOf(file.takenAt) === dayOf(now))) {
      await this.take(text(), 'daily');
    } else if (!rotating.some((file) => hourOf(file.takenAt) === hourOf(now))) {
      await this.take(text(), 'hourly');
    } else {
      return;
    }
    await this.prune();
  }

  /** Drops the oldest rotating copies beyond the policy; copies taken before migrations stay. */
  async prune(): Promise<void> {
    const known = await this.list();
    const doomed = [
      ...known.filter((file) => file.reason === 'hourly').slice(this.policy.hourly),
      ...known.filter((file) => file.reason === 'daily').slice(this.policy.daily),
    ];
    for (const file of doomed) await rm(file.path, { force: true });
    if (doomed.length > 0) this.known = known.filter((file) => !doomed.includes(file));
  }

  /**
   * The newest copy that `parse` accepts, with what it parsed to; copies it
   * rejects are skipped (and left where they are).
   */
  async newestGood<T>(parse: (raw: string) => T): Promise<{ file: BackupFile; raw: string; value: T } | null> {
    for (const file of await this.list()) {
      try {
        const raw = await readFile(file.path, 'utf8');
        return { file, raw, value: parse(raw) };
      } catch {
        // Damaged or unreadable: try the next older one.
      }
    }
    return null;
  }
}

/** 2025-01-02T03:04:05.123Z → 20250102T030405123Z: sortable and safe in a file name everywhere. */
function stamp(date: Date): string {
  return date.toISOString().replace(/[-:.]/g, '');
}

function parseStamp(text: string): Date | null {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(text);
  if (!match) return null;
  const [, year, month, day, hour, minute, second, ms] = match;
  const date = new Date(`${year}-${month}-${day}T${hour}:${minute}:${second}.${ms}Z`);
  return Number.isNaN(date.getTime()) ? null : date;
}
