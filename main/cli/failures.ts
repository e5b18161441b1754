/**
 * The two ways a command ends early, as values the CLI turns into an exit
 * status and one readable line: a mistake in how the command was typed (exit
 * 2, followed by the usage), or a failure while doing the work (exit 1).
 * Neither ever reaches the user as a stack trace.
 */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export class CliFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliFailure';
  }
}

/** A file-system error as a short reason ("no such file or folder"), without Node's syscall noise. */
export function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EISDIR':
      return 'it is a folder';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'ENOSPC':
      return 'the disk is full';
    case 'EROFS':
      return 'the file system is read-only';
    default:
      return (error as Error | null)?.message ?? String(error);
  }
}
