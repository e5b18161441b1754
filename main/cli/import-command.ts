import { readdir, readFile, stat } from 'node:fs/promises';
import { extname, join, resolve } from 'node:path';
import type { ImportResult, Result } from '../../preload/api';
import { IMPORTABLE_EXTENSIONS } from '../articles/text-import';
import { fsReason } from './failures';

/**
 * `gloss import <path>...`: reads files from disk and hands each one to the
 * service's importFiles, one at a time, so a bad file (unreadable, binary,
 * too large) is one `error` line and never stops the rest of the batch.
 *
 * Each file is sent under its absolute path: the service treats the name as
 * the source's identity, so importing the same path again replaces that
 * article with the new text (and re-anchors its highlights) instead of adding
 * a copy.
 */

/** The contract's limit on one imported file (60 MB), checked before reading so a huge file is never loaded. */
export const MAX_IMPORT_BYTES = 60 * 1024 * 1024;

export type ImportOneFile = (file: { name: string; dataBase64: string }) => Promise<Result<ImportResult[]>>;

export interface ImportCommandOptions {
  cwd: string;
  importFile: ImportOneFile;
  /** Standard output: one line per file. */
  out: (line: string) => void;
  /** Standard error: notes about files that did import. */
  note: (line: string) => void;
}

/** Imports every path; resolves to true when every file was imported. */
export async function importPaths(paths: readonly string[], options: ImportCommandOptions): Promise<boolean> {
  let allImported = true;
  const fail = (shown: string, reason: string): void => {
    allImported = false;
    options.out(`error\t${shown}: ${reason}`);
  };

  for (const shown of paths) {
    const absolute = resolve(options.cwd, shown);
    let info;
    try {
      info = await stat(absolute);
    } catch (error) {
      fail(shown, fsReason(error));
      continue;
    }
    if (info.isDirectory()) {
      const files = await importableFilesIn(absolute).catch((error: unknown) => {
        fail(shown, fsReason(error));
        return null;
      });
      if (files === null) continue;
      if (files.length === 0) {
        fail(shown, `the folder holds no ${IMPORTABLE_EXTENSIONS.join(', ')} files (subfolders are not searched)`);
        continue;
      }
      for (const name of files) {
        if (!(await importOne(join(shown, name), join(absolute, name), options))) allImported = false;
      }
    } else if (!info.isFile()) {
      fail(shown, 'not a regular file');
    } else if (!(await importOne(shown, absolute, options))) {
      allImported = false;
    }
  }
  return allImported;
}

/** The importable files directly inside a folder, by name; hidden files are left out. */
async function importableFilesIn(folder: string): Promise<string[]> {
  const names: string[] = [];
  for (const name of await readdir(folder)) {
    if (name.startsWith('.') || !IMPORTABLE_EXTENSIONS.includes(extname(name).toLowerCase())) continue;
    const info = await stat(join(folder, name)).catch(() => null);
    if (info?.isFile()) names.push(name);
  }
  return names.sort((a, b) => a.localeCompare(b));
}

async function importOne(shown: string, absolute: string, options: ImportCommandOptions): Promise<boolean> {
  const fail = (reason: string): false => {
    options.out(`error\t${shown}: ${reason}`);
    return false;
  };
  let bytes: Buffer;
  try {
    const info = await stat(absolute);
    if (!info.isFile()) return fail('not a regular file');
    if (info.size > MAX_IMPORT_BYTES) return fail('the file is too large to import (the limit is 60 MB)');
    bytes = await readFile(absolute);
  } catch (error) {
    return fail(fsReason(error));
  }

  const answer = await options.importFile({ name: absolute, dataBase64: bytes.toString('base64') });
  if (!answer.ok) return fail(answer.error.message);
  const result = answer.value[0];
  if (result === undefined) return fail('Gloss gave no answer for this file.');
  if (!result.ok) {
    // The service names the file in its message; the line already does.
    const prefix = `${result.name}: `;
    return fail(result.error.startsWith(prefix) ? result.error.slice(prefix.length) : result.error);
  }

  const { article } = result;
  const status = result.status === 'updated' ? '\t(updated)' : result.status === 'unchanged' ? '\t(already in library)' : '';
  options.out(`${article.id}\t${article.title}${status}`);
  const orphaned = result.reanchored?.orphaned ?? 0;
  if (orphaned > 0) {
    options.note(
      `gloss: ${orphaned} highlight${orphaned === 1 ? '' : 's'} of "${article.title}" could not be placed on the new text; ` +
        'kept, and listed under "Needs attention" in the app.',
    );
  }
  return true;
}
