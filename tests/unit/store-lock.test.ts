import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, utimes, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { GlossError } from '../../main/errors';
import { createService } from '../../main/service';
import { DATABASE_FILE, Store } from '../../main/store/database';
import { LOCK_FILE, currentProcessKind, lockHolder, processIsAlive, setProcessKind, type LockOwner } from '../../main/store/lock';

/**
 * One process writes a data folder at a time: the writer holds gloss.lock.
 * A second writer is refused with a message naming the holder and never
 * steals a live lock; a lock left by a dead process is taken over.
 */
const made: string[] = [];
const children: ChildProcess[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gloss-lock-'));
  made.push(dir);
  return dir;
}

afterEach(async () => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A real other process, alive until the test ends. */
async function liveProcess(): Promise<number> {
  const child = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60000)'], { stdio: 'ignore' });
  children.push(child);
  await new Promise((resolve) => child.once('spawn', resolve));
  return child.pid as number;
}

/** The pid of a process that has exited (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', ''], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid as number;
}

async function writeLock(dir: string, owner: Partial<LockOwner>): Promise<string> {
  const raw = JSON.stringify({ pid: 1, hostname: hostname(), kind: 'web', startedAt: new Date().toISOString(), ...owner }, null, 2) + '\n';
  await writeFile(join(dir, LOCK_FILE), raw);
  return raw;
}

async function refusal(promise: Promise<unknown>): Promise<GlossError> {
  const error = await promise.then(
    () => null,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(GlossError);
  expect((error as GlossError).code).toBe('conflict');
  return error as GlossError;
}

describe('taking the lock', () => {
  it('writes gloss.lock naming this process, and removes it on close', async () => {
    const dir = await tempDir();
    const store = await Store.open(dir, { kind: 'web' });
    const owner = JSON.parse(await readFile(join(dir, LOCK_FILE), 'utf8')) as LockOwner;
    expect(owner).toEqual({ pid: process.pid, hostname: hostname(), kind: 'web', startedAt: expect.any(String) as string });
    expect(Date.now() - Date.parse(owner.startedAt)).toBeLessThan(60_000);
    await store.close();
    expect(await readdir(dir)).not.toContain(LOCK_FILE);
    await expect(store.update(() => undefined)).rejects.toThrow(/closed/);
  });

  it('is shared within one process and goes when the last store closes', async () => {
    const dir = await tempDir();
    const first = await Store.open(dir);
    const second = await Store.open(dir);
    await first.close();
    expect(await lockHolder(dir)).toMatchObject({ pid: process.pid });
    await second.close();
    expect(await lockHolder(dir)).toBeNull();
  });

  it('names the kind of process the entry point declared', async () => {
    const before = currentProcessKind();
    setProcessKind('cli');
    try {
      const dir = await tempDir();
      const store = await Store.open(dir);
      expect(await lockHolder(dir)).toMatchObject({ kind: 'cli' });
      await store.close();
    } finally {
      setProcessKind(before);
    }
  });

  it('is not taken by a reader', async () => {
    const dir = await tempDir();
    await Store.open(dir, { readOnly: true });
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('a library in use by another process', () => {
  it('refuses to open it for writing, naming the process, and does not steal the lock', async () => {
    const dir = await tempDir();
    const writer = await Store.open(dir);
    await writer.update((data) => {
      data.seeded.push('x');
    });
    await writer.close();
    const dbBefore = await readFile(join(dir, DATABASE_FILE));
    const pid = await liveProcess();
    const raw = await writeLock(dir, { pid, kind: 'web' });

    const error = await refusal(Store.open(dir));
    expect(error.message).toContain(`The library in ${dir} is in use by Gloss web (pid ${pid}`);
    expect(error.message).toMatch(/close that one first \(stop it with Ctrl\+C in its terminal\)/);
    expect(await readFile(join(dir, LOCK_FILE), 'utf8')).toBe(raw);
    expect(await readFile(join(dir, DATABASE_FILE))).toEqual(dbBefore);

    // The service (web mode, the CLI's import) is refused the same way.
    const viaService = await refusal(createService({ dataDir: dir }));
    expect(viaService.message).toContain(`pid ${pid}`);
    expect(await readFile(join(dir, LOCK_FILE), 'utf8')).toBe(raw);
  });

  it('still lets it be read', async () => {
    const dir = await tempDir();
    const writer = await Store.open(dir);
    await writer.update((data) => {
      data.seeded.push('seen');
    });
    await writer.close();
    await writeLock(dir, { pid: await liveProcess(), kind: 'desktop' });
    const reader = await Store.open(dir, { readOnly: true });
    expect(reader.data.seeded).toEqual(['seen']);
    const service = await createService({ dataDir: dir, readOnly: true });
    expect(await service.listArticles({})).toEqual([]);
  });

  it('refuses a lock from another host that was touched recently', async () => {
    const dir = await tempDir();
    await writeLock(dir, { pid: 4242, hostname: 'other-machine', kind: 'desktop' });
    const error = await refusal(Store.open(dir, { isProcessAlive: () => false }));
    expect(error.message).toContain('in use by Gloss desktop (pid 4242 on other-machine');
  });
});

describe('a stale lock', () => {
  it('is taken over when its process has died (a crash or SIGKILL)', async () => {
    const dir = await tempDir();
    const pid = await deadPid();
    expect(processIsAlive(pid)).toBe(false);
    await writeLock(dir, { pid });
    const store = await Store.open(dir, { kind: 'desktop' });
    expect(await lockHolder(dir)).toMatchObject({ pid: process.pid, kind: 'desktop' });
    await store.close();
    expect((await readdir(dir)).filter((name) => name.includes(LOCK_FILE))).toEqual([]);
  });

  it('is taken over when its pid now belongs to a process that started after the lock was taken', async () => {
    if (process.platform !== 'linux') return;
    const dir = await tempDir();
    const pid = await liveProcess();
    await writeLock(dir, { pid, startedAt: new Date(Date.now() - 3_600_000).toISOString() });
    const store = await Store.open(dir);
    expect(await lockHolder(dir)).toMatchObject({ pid: process.pid });
    await store.close();
  });

  it('is taken over when it is from another host and nobody has touched it for a long time', async () => {
    const dir = await tempDir();
    await writeLock(dir, { pid: 4242, hostname: 'other-machine' });
    const old = new Date(Date.now() - 60 * 60 * 1000);
    await utimes(join(dir, LOCK_FILE), old, old);
    const store = await Store.open(dir);
    expect(await lockHolder(dir)).toMatchObject({ pid: process.pid, hostname: hostname() });
    await store.close();
  });

  it('is taken over when it does not hold a lock at all (no live Gloss writes one like that)', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, LOCK_FILE), '{"pid": "garbage');
    const store = await Store.open(dir);
    expect(await lockHolder(dir)).toMatchObject({ pid: process.pid });
    await store.close();
  });
});

describe('opening one library twice at once in one process', () => {
  it('shares one lock, kept until both have closed', async () => {
    const dir = await tempDir();
    const [first, second] = await Promise.all([Store.open(dir), Store.open(dir)]);
    const raw = await readFile(join(dir, LOCK_FILE), 'utf8');
    await first.close();
    expect(await readFile(join(dir, LOCK_FILE), 'utf8')).toBe(raw);
    await second.close();
    expect(await lockHolder(dir)).toBeNull();
  });
});
