import { mkdir, readFile, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { mergeIntoExisting, type MergeStatus } from '../export/managed-region';
import { writeFileAtomic } from '../store/atomic-file';
import { CliFailure, fsReason } from './failures';

/**
 * Where `gloss export` puts what it made: whole files it owns (a single
 * `--out FILE`, JSON and W3C exports), and Markdown notes in a folder, which
 * the user may also edit and which are therefore merged, never clobbered.
 */

/** One file to write: its name inside the output folder and its content. */
export interface OutputDocument {
  fileName: string;
  content: string;
  /** Markdown notes are merged into an existing file (only Gloss's region is replaced). */
  merge: boolean;
}

export interface WriteOutcome {
  path: string;
  /** `error`: the file could not be read or written; the others were still tried. */
  status: MergeStatus | 'error';
  /** Why a file was left alone, or why it failed. */
  message?: string;
}

/**
 * Writes each document into `folder` (created when missing). A note is
 * merged with mergeIntoExisting, so text outside Gloss's region survives byte
 * for byte and a region the user edited is a conflict (left untouched unless
 * `force`). Other files are replaced when their bytes differ.
 */
export async function writeDocumentsToFolder(folder: string, documents: readonly OutputDocument[], force: boolean): Promise<WriteOutcome[]> {
  try {
    await mkdir(folder, { recursive: true });
  } catch (error) {
    throw new CliFailure(`Cannot create the folder ${folder}: ${fsReason(error)}.`);
  }
  const outcomes: WriteOutcome[] = [];
  for (const document of documents) {
    const path = join(folder, document.fileName);
    try {
      outcomes.push(await writeDocument(path, document, force));
    } catch (error) {
      // One unwritable note must not stop the others.
      outcomes.push({ path, status: 'error', message: (error as Error).message });
    }
  }
  return outcomes;
}

async function writeDocument(path: string, document: OutputDocument, force: boolean): Promise<WriteOutcome> {
  const existing = await readExisting(path);
  if (document.merge) {
    const merged = mergeIntoExisting(existing, document.content, { overwriteUserEdits: force });
    if (merged.status === 'created' || merged.status === 'updated') await writeOrFail(path, merged.content);
    return merged.message === undefined ? { path, status: merged.status } : { path, status: merged.status, message: merged.message };
  }
  if (existing === document.content) return { path, status: 'unchanged' };
  await writeOrFail(path, document.content);
  return { path, status: existing === null ? 'created' : 'updated' };
}

/** Replaces one file atomically (its folder is created when missing) and says whether it was new. */
export async function writeWholeFile(path: string, content: string): Promise<WriteOutcome> {
  const existing = await readExisting(path);
  if (existing === content) return { path, status: 'unchanged' };
  try {
    await mkdir(dirname(path), { recursive: true });
  } catch (error) {
    throw new CliFailure(`Cannot create the folder ${dirname(path)}: ${fsReason(error)}.`);
  }
  await writeOrFail(path, content);
  return { path, status: existing === null ? 'created' : 'updated' };
}

/**
 * True when `path` is `folder` or lies inside it, following symbolic links
 * for the parts that exist, so a link cannot smuggle an export into the library.
 */
export async function isInside(path: string, folder: string): Promise<boolean> {
  const [child, parent] = await Promise.all([realPathOfExistingPart(path), realPathOfExistingPart(folder)]);
  const between = relative(parent, child);
  return between === '' || (!between.startsWith('..') && !isAbsolute(between));
}

async function realPathOfExistingPart(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    const parent = dirname(path);
    if (parent === path) return path;
    return join(await realPathOfExistingPart(parent), basename(path));
  }
}

async function readExisting(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new CliFailure(`Cannot read ${path}: ${fsReason(error)}.`);
  }
}

async function writeOrFail(path: string, content: string): Promise<void> {
  try {
    await writeFileAtomic(path, content);
  } catch (error) {
    throw new CliFailure(`Cannot write ${path}: ${fsReason(error)}.`);
  }
}
