import { randomBytes } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { link, readFile, rename, stat, unlink, utimes, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { GlossError } from '../errors';
import { failIfInjected } from './atomic-file';

/**
 * One process writes a data folder at a time. The writer holds
 * `<dataDir>/gloss.lock`, a small JSON file naming it (pid, host, what kind of
 * Gloss, since when). Another process that wants to write is refused with a
 * message naming the holder; readers (the CLI's exports) never take the lock.
 *
 * A lock outlives a crash or a SIGKILL, so a lock is stale, and is taken over,
 * when its process is gone: on this host, `process.kill(pid, 0)` says ESRCH
 * (or the pid now belongs to a process that started after the lock was
 * taken); on another host (a shared folder), when the holder has not touched
 * the file for STALE_FOREIGN_AFTER_MS (holders touch it every minute).
 *
 * Within one process the lock is shared: the service, the CLI and the tests
 * may open the same folder more than once, and it is released when the last
 * of them closes (or, as a safety net, when the process exits).
 */
export const LOCK_FILE = 'gloss.lock';
export const STALE_FOREIGN_AFTER_MS = 10 * 60 * 1000;
const HEARTBEAT_MS = 60 * 1000;

export type ProcessKind = 'desktop' | 'web' | 'cli';

const LockOwnerSchema = z.object({
  pid: z.number().int().positive(),
  hostname: z.string(),
  kind: z.enum(['desktop', 'web', 'cli']),
  startedAt: z.string(),
});
export type LockOwner = z.infer<typeof LockOwnerSchema>;

let processKind: ProcessKind | null = null;

/** Each entry point says what it is (the desktop app, web mode, the CLI), so a refusal can name it. */
export function setProcessKind(kind: ProcessKind): void {
  processKind = kind;
}

export function currentProcessKind(): ProcessKind {
  return processKind ?? (process.versions.electron ? 'desktop' : 'cli');
}

export interface LockOptions {
  kind?: ProcessKind;
  /** Injected by tests: whether a pid on this host is a running process. */
  isAlive?: (pid: number) => boolean;
}

interface Held {
  path: string;
  owner: LockOwner;
  raw: string;
  count: number;
  heartbeat: NodeJS.Timeout;
}

// Shared by every copy of this module in the process (tests re-import modules).
const registryKey = Symbol.for('gloss.store.locks');
type Registry = Map<string, Held>;
const globalRegistry = globalThis as typeof globalThis & { [registryKey]?: Registry };
const held: Registry = (globalRegistry[registryKey] ??= new Map());
const exitHookKey = Symbol.for('gloss.store.locks.exitHook');
const globalHooks = globalThis as typeof globalThis & { [exitHookKey]?: boolean };
if (!globalHooks[exitHookKey]) {
  globalHooks[exitHookKey] = true;
  // The safety net: whatever way the process ends normally, its locks go with it.
  process.on('exit', () => {
    for (const entry of held.values()) releaseSync(entry);
    held.clear();
  });
}

export class DataDirLock {
  private released = false;

  constructor(
    readonly path: string,
    readonly owner: LockOwner,
  ) {}

  /** Gives the lock up (once); the file goes when the last holder in this process lets go. */
  async release(): Promise<void> {
    if (this.released) return;
    this.released = true;
    const entry = held.get(this.path);
    if (!entry) return;
    entry.count -= 1;
    if (entry.count > 0) return;
    held.delete(this.path);
    clearInterval(entry.heartbeat);
    try {
      // Only remove what is still ours: a lock taken over as stale belongs to someone else now.
      if ((await readFile(this.path, 'utf8')) === entry.raw) await unlink(this.path);
    } catch {
      // Already gone.
    }
  }
}

export async function acquireDataDirLock(dataDir: string, options: LockOptions = {}): Promise<DataDirLock> {
  const path = join(dataDir, LOCK_FILE);
  const existing = held.get(path);
  if (existing) {
    existing.count += 1;
    return new DataDirLock(path, existing.owner);
  }
  const owner: LockOwner = {
    pid: process.pid,
    hostname: hostname(),
    kind: options.kind ?? currentProcessKind(),
    startedAt: new Date().toISOString(),
  };
  const raw = JSON.stringify(owner, null, 2) + '\n';
  const isAlive = options.isAlive ?? processIsAlive;

  for (let attempt = 0; attempt < 5; attempt += 1) {
    // Another open in this process may have taken it while we waited: share it.
    const ours = held.get(path);
    if (ours) {
      ours.count += 1;
      return new DataDirLock(path, ours.owner);
    }
    if (await createExclusively(path, raw)) {
      const heartbeat = setInterval(() => {
        const now = new Date();
        utimes(path, now, now).catch(() => undefined);
      }, HEARTBEAT_MS);
      heartbeat.unref();
      held.set(path, { path, owner, raw, count: 1, heartbeat });
      return new DataDirLock(path, owner);
    }
    const current = await readLock(path);
    if (current === null) continue; // It went away between our attempt and the read: try again.
    if (held.has(path)) continue;
    const verdict = await judge(current, isAlive);
    if (verdict === 'live') throw inUse(dataDir, current.owner as LockOwner);
    await takeOver(path, current.raw);
  }
  throw new GlossError('conflict', `Gloss could not take the lock ${path}: other processes keep taking it. Try again in a moment.`);
}

/** Creates the lock file with its full contents, or returns false if one exists: never a half-written lock. */
async function createExclusively(path: string, raw: string): Promise<boolean> {
  failIfInjected('lock', path);
  const temp = join(dirname(path), `.${LOCK_FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  await writeFile(temp, raw, { mode: 0o644 });
  try {
    await link(temp, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

interface FoundLock {
  raw: string;
  /** Null when the file does not hold a lock we can read: no live Gloss writes one like that. */
  owner: LockOwner | null;
  modifiedMs: number;
}

async function readLock(path: string): Promise<FoundLock | null> {
  try {
    const [raw, info] = await Promise.all([readFile(path, 'utf8'), stat(path)]);
    let owner: LockOwner | null = null;
    try {
      const parsed = LockOwnerSchema.safeParse(JSON.parse(raw));
      owner = parsed.success ? parsed.data : null;
    } catch {
      owner = null;
    }
    return { raw, owner, modifiedMs: info.mtimeMs };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

async function judge(found: FoundLock, isAlive: (pid: number) => boolean): Promise<'live' | 'stale'> {
  const owner = found.owner;
  if (owner === null) return 'stale';
  if (owner.hostname !== hostname()) {
    return Date.now() - found.modifiedMs > STALE_FOREIGN_AFTER_MS ? 'stale' : 'live';
  }
  // Our own pid: a lock from this very process (a module loaded twice) or from a dead one that had our pid.
  if (owner.pid === process.pid) return 'stale';
  if (!isAlive(owner.pid)) return 'stale';
  if (await startedAfter(owner.pid, Date.parse(owner.startedAt))) return 'stale';
  return 'live';
}

/** `process.kill(pid, 0)` probes without signalling: ESRCH means no such process; EPERM means it exists. */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * True when the process now holding `pid` started after the lock was taken,
 * so it is not the process that took it (the pid was reused after a crash).
 * Only Linux says when a process started (/proc); elsewhere this is false.
 */
async function startedAfter(pid: number, lockTakenAtMs: number): Promise<boolean> {
  if (process.platform !== 'linux' || !Number.isFinite(lockTakenAtMs)) return false;
  try {
    const [stat, uptime] = await Promise.all([readFile(`/proc/${pid}/stat`, 'utf8'), readFile('/proc/uptime', 'utf8')]);
    // Fields after the command name (which may hold spaces): the 20th of them is the start time in clock ticks.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const startTicks = Number(fields[19]);
    const uptimeSeconds = Number(uptime.split(' ')[0]);
    if (!Number.isFinite(startTicks) || !Number.isFinite(uptimeSeconds)) return false;
    const ticksPerSecond = 100; // USER_HZ: 100 on every Linux architecture Gloss ships for.
    const startedAtMs = Date.now() - uptimeSeconds * 1000 + (startTicks / ticksPerSecond) * 1000;
    // Generous slack: clocks drift, and a process takes its lock a while after it starts.
    return startedAtMs > lockTakenAtMs + 5_000;
  } catch {
    return false;
  }
}

/**
 * Moves a stale lock out of the way. If another process took it over first,
 * what we moved is that process's fresh lock: it is put back and we try again.
 */
async function takeOver(path: string, staleRaw: string): Promise<void> {
  const aside = join(dirname(path), `.${LOCK_FILE}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await rename(path, aside);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const moved = await readFile(aside, 'utf8').catch(() => null);
  if (moved !== null && moved !== staleRaw) {
    await link(aside, path).catch(() => undefined);
  }
  await unlink(aside).catch(() => undefined);
}

function inUse(dataDir: string, owner: LockOwner): GlossError {
  const where = owner.hostname === hostname() ? '' : ` on ${owner.hostname}`;
  const how = owner.kind === 'web' ? ' (stop it with Ctrl+C in its terminal)' : owner.kind === 'desktop' ? ' (quit the app)' : '';
  return new GlossError(
    'conflict',
    `The library in ${dataDir} is in use by Gloss ${owner.kind} (pid ${owner.pid}${where}, since ${owner.startedAt}). ` +
      `Only one Gloss may change a library at a time: close that one first${how}. Reading it (for example exporting from the command line) still works.`,
  );
}

function releaseSync(entry: Held): void {
  clearInterval(entry.heartbeat);
  try {
    if (readFileSync(entry.path, 'utf8') === entry.raw) unlinkSync(entry.path);
  } catch {
    // Already gone.
  }
}

/** Who holds the lock of `dataDir` now, if anyone (for messages and tests). */
export async function lockHolder(dataDir: string): Promise<LockOwner | null> {
  return (await readLock(join(dataDir, LOCK_FILE)))?.owner ?? null;
}

/** True when this process holds the write lock of `dataDir` (so it may repair files there). */
export function holdsDataDirLock(dataDir: string): boolean {
  return held.has(join(dataDir, LOCK_FILE));
}

/**
 * Lets go of this process's lock on `dataDir` whoever opened it: for shutdown,
 * once nothing will write any more. A no-op when it is not held.
 */
export async function releaseDataDirLock(dataDir: string): Promise<void> {
  const path = join(dataDir, LOCK_FILE);
  const entry = held.get(path);
  if (!entry) return;
  held.delete(path);
  releaseSync(entry);
}
