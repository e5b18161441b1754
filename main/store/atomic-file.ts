import { randomBytes } from 'node:crypto';
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Replaces a file so that a crash at any moment leaves either the old bytes or
 * the new ones on disk, never a mix: write a temp file beside it, fsync it,
 * rename it over the target, then fsync the directory so the rename itself is
 * durable. Only then does the promise resolve.
 */
export async function writeFileAtomic(path: string, contents: string | Uint8Array): Promise<void> {
  const dir = dirname(path);
  const temp = join(dir, `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  failIfInjected('open', temp);
  let handle = await open(temp, 'w', 0o600);
  try {
    const fault = injectedFault('write', temp);
    if (fault) {
      // A full disk fails part-way through: leave a torn temp file, as the real thing would.
      const bytes = typeof contents === 'string' ? Buffer.from(contents) : contents;
      await handle.writeFile(bytes.subarray(0, Math.floor(bytes.length / 2)));
      throw fault;
    }
    await handle.writeFile(contents);
    failIfInjected('sync', temp);
    await handle.sync();
    await handle.close();
    handle = undefined as never;
    failIfInjected('rename', path);
    await rename(temp, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncDirectory(dir);
}

/**
 * Replaces several files in one directory, each as `writeFileAtomic` would,
 * but paying for the directory's fsync once: every temp file is written and
 * fsynced first (a few at a time), and only when all of them are on disk are
 * they renamed into place. A failure before the renames leaves every target
 * as it was. `onReplaced` hears of each rename as it happens, so a caller
 * knows exactly which files hold the new bytes if a later step fails.
 */
export async function writeFilesAtomic(
  dir: string,
  files: readonly { path: string; contents: string }[],
  onReplaced: (path: string) => void = () => undefined,
): Promise<void> {
  if (files.length === 0) return;
  const temps: string[] = [];
  try {
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < files.length) {
        const file = files[next++] as { path: string; contents: string };
        const temp = join(dir, `.${basename(file.path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
        temps.push(temp);
        await writeSynced(temp, file.contents);
      }
    };
    await Promise.all(Array.from({ length: Math.min(8, files.length) }, worker));
  } catch (error) {
    await Promise.all(temps.map((temp) => rm(temp, { force: true }).catch(() => undefined)));
    throw error;
  }
  // Each worker takes a file and pushes its temp in the same synchronous step, so temps[i] is files[i]'s.
  for (const [index, file] of files.entries()) {
    try {
      failIfInjected('rename', file.path);
      await rename(temps[index] as string, file.path);
    } catch (error) {
      await Promise.all(temps.slice(index).map((temp) => rm(temp, { force: true }).catch(() => undefined)));
      throw error;
    }
    onReplaced(file.path);
  }
  await syncDirectory(dir);
}

/** Writes and fsyncs a new file (a temp file, before its rename); a torn one is left for the caller to remove. */
async function writeSynced(path: string, contents: string): Promise<void> {
  failIfInjected('open', path);
  const handle = await open(path, 'w', 0o600);
  try {
    const fault = injectedFault('write', path);
    if (fault) {
      await handle.writeFile(Buffer.from(contents).subarray(0, Math.floor(Buffer.byteLength(contents) / 2)));
      throw fault;
    }
    await handle.writeFile(contents);
    failIfInjected('sync', path);
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; there the rename is as durable as it gets.
  if (process.platform === 'win32') return;
  failIfInjected('sync-directory', dir);
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

// ---------------------------------------------------------------------------
// Fault injection: the test seam for a full disk or a read-only data folder.
// Tests run as root, where chmod stops nothing, so they make the file system
// fail here instead, at the exact step a real failure would hit.
// ---------------------------------------------------------------------------

export type WriteStep = 'open' | 'write' | 'sync' | 'rename' | 'sync-directory' | 'lock';

/** Returns the error a step should fail with, or undefined to let it run. */
export type WriteFault = (step: WriteStep, path: string) => NodeJS.ErrnoException | undefined;

let fault: WriteFault | null = null;

/** Makes writes fail as `next` says, until called again with null. For tests only. */
export function injectWriteFault(next: WriteFault | null): void {
  fault = next;
}

/** An error shaped like the one Node raises for `code` (ENOSPC, EROFS, EACCES…). */
export function fileSystemError(code: string, syscall: string, path: string): NodeJS.ErrnoException {
  const messages: Record<string, string> = {
    ENOSPC: 'no space left on device',
    EROFS: 'read-only file system',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EIO: 'i/o error',
    EDQUOT: 'disk quota exceeded',
  };
  const error = new Error(`${code}: ${messages[code] ?? 'failed'}, ${syscall} '${path}'`) as NodeJS.ErrnoException;
  error.code = code;
  error.syscall = syscall;
  error.path = path;
  return error;
}

function injectedFault(step: WriteStep, path: string): NodeJS.ErrnoException | undefined {
  return fault?.(step, path);
}

/** Throws the injected error for this step, if any (also used by the data-folder lock). */
export function failIfInjected(step: WriteStep, path: string): void {
  const error = injectedFault(step, path);
  if (error) throw error;
}
