import { dirname } from 'node:path';

/**
 * A file-system failure, said the way a person can act on it. The errno code
 * stays in brackets for a bug report; the stack never reaches the user.
 */
export function describeStorageError(error: unknown, path?: string): string {
  const failure = error as NodeJS.ErrnoException | null;
  const code = failure?.code;
  const where = failure?.path ?? path;
  const folder = where ? dirname(where) : 'the data folder';
  switch (code) {
    case 'ENOSPC':
      return `the disk is full (ENOSPC${where ? `, writing ${where}` : ''}). Free some space and try again`;
    case 'EDQUOT':
      return `your disk quota is used up (EDQUOT${where ? `, writing ${where}` : ''}). Free some space and try again`;
    case 'EROFS':
      return `the data folder ${folder} is on a read-only file system (EROFS)`;
    case 'EACCES':
    case 'EPERM':
      return `Gloss is not allowed to write in ${folder} (${code}). Check the folder's permissions`;
    case 'EIO':
      return `the disk reported an input/output error (EIO${where ? `, at ${where}` : ''}). The disk may be failing: copy your data folder somewhere safe`;
    case 'ENOTDIR':
    case 'EEXIST':
      return `${where ?? 'the path'} cannot be used: a part of it is a file, not a folder (${code})`;
    case 'EMFILE':
    case 'ENFILE':
      return `too many files are open (${code}). Close some programs and try again`;
    default:
      return failure?.message ?? String(error);
  }
}

/** True for errors that mean "this folder cannot be written at all", as opposed to one failed write. */
export function isUnwritableFolder(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'EROFS' || code === 'EACCES' || code === 'EPERM' || code === 'ENOSPC' || code === 'EDQUOT';
}
