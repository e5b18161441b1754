import { constants, readFileSync } from 'node:fs';
import { copyFile, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { fileTime, safeId } from './article-files';
import { failIfInjected, writeFilesAtomic } from './atomic-file';
import { parseJsonText } from './json-text';
import { AnnotationRecordSchema, SCHEMA_VERSION, type AnnotationRecord } from './schema';

/**
 * Annotations live one file per article, `annotations/<articleId>.json`, so
 * saving a highlight rewrites its article's file (a few kilobytes) instead of
 * every annotation in the library. The file names its article and the
 * library schema it was written by, and every record in it must belong to
 * that article: a file copied or renamed by hand is refused, not merged.
 */
export const ANNOTATIONS_DIR = 'annotations';

const AnnotationFileSchema = z
  .object({
    schemaVersion: z.number().int().nonnegative(),
    articleId: z.string(),
    annotations: z.array(AnnotationRecordSchema),
  })
  .loose();

/**
 * Compact JSON, one line: these files are the bulk of a library and are
 * written on every save, and indentation cost a quarter of their bytes and a
 * third of their serialization. (db.json, small, stays indented.)
 */
export function serializeAnnotationFile(articleId: string, records: readonly AnnotationRecord[]): string {
  return JSON.stringify({ schemaVersion: SCHEMA_VERSION, articleId, annotations: records }) + '\n';
}

export type ParsedAnnotationFile = { ok: true; records: AnnotationRecord[] } | { ok: false; problem: string };

export function parseAnnotationFile(raw: string, articleId: string): ParsedAnnotationFile {
  const text = parseJsonText(raw);
  if (!text.ok) return text;
  const parsed = AnnotationFileSchema.safeParse(text.json);
  if (!parsed.success) return { ok: false, problem: `unexpected shape (${parsed.error.issues[0]?.message ?? 'bad shape'})` };
  if (parsed.data.articleId !== articleId) return { ok: false, problem: `it holds the highlights of article "${parsed.data.articleId}"` };
  const stray = parsed.data.annotations.find((record) => record.articleId !== articleId);
  if (stray) return { ok: false, problem: `highlight ${stray.id} belongs to article "${stray.articleId}"` };
  // One string for the article's id in all its records: grouping a save's records compares it by reference first.
  for (const record of parsed.data.annotations) record.articleId = articleId;
  return { ok: true, records: parsed.data.annotations };
}

/** What is in the annotations folder: each readable file's text and records, and the files that could not be read. */
export interface AnnotationFolder {
  texts: Map<string, string>;
  records: Map<string, AnnotationRecord[]>;
  damaged: { articleId: string; problem: string }[];
}

const FILE_NAME = /^([A-Za-z0-9_-]{1,64})\.json$/;

export class AnnotationFiles {
  readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, ANNOTATIONS_DIR);
  }

  pathOf(articleId: string): string {
    return join(this.dir, `${safeId(articleId)}.json`);
  }

  /**
   * Reads every article's file. A folder that is not there yet holds nothing.
   * The files are read synchronously on purpose: this runs once, while the
   * library opens and nothing else can be served, and for a thousand small
   * files the promise API's open/stat/read/close round trips through the
   * thread pool cost several times the reading itself.
   */
  async readAll(): Promise<AnnotationFolder> {
    const folder: AnnotationFolder = { texts: new Map(), records: new Map(), damaged: [] };
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return folder;
      throw error;
    }
    for (const name of names.sort()) {
      const articleId = FILE_NAME.exec(name)?.[1];
      if (articleId === undefined) continue;
      let raw: string;
      try {
        raw = readFileSync(this.pathOf(articleId), 'utf8');
      } catch (error) {
        folder.damaged.push({ articleId, problem: `it cannot be read (${(error as Error).message})` });
        continue;
      }
      const parsed = parseAnnotationFile(raw, articleId);
      if (parsed.ok) {
        folder.texts.set(articleId, raw);
        folder.records.set(articleId, parsed.records);
      } else {
        folder.damaged.push({ articleId, problem: parsed.problem });
      }
    }
    return folder;
  }

  /** Writes each article's file durably; `onWritten` hears of each one as it lands. */
  async write(files: readonly { articleId: string; contents: string }[], onWritten: (articleId: string) => void): Promise<void> {
    if (files.length === 0) return;
    const byPath = new Map(files.map((file) => [this.pathOf(file.articleId), file.articleId]));
    const writeAll = () =>
      writeFilesAtomic(
        this.dir,
        files.map((file) => ({ path: this.pathOf(file.articleId), contents: file.contents })),
        (path) => onWritten(byPath.get(path) as string),
      );
    try {
      await writeAll();
    } catch (error) {
      // The folder is made when first needed (or again, if removed by hand), rather than checked on every save.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      await mkdir(this.dir, { recursive: true });
      await writeAll();
    }
  }

  async remove(articleId: string): Promise<void> {
    await rm(this.pathOf(articleId), { force: true });
  }

  /** Copies a damaged file aside (kept, never deleted), leaving it in place; returns where the copy is. */
  async keepCopy(articleId: string): Promise<string> {
    const path = this.pathOf(articleId);
    const keptAt = `${path}.unreadable-${fileTime()}`;
    failIfInjected('open', keptAt);
    await copyFile(path, keptAt, constants.COPYFILE_EXCL);
    return keptAt;
  }

  /** Moves a damaged file aside (kept, never deleted) and returns where it went. */
  async setAside(articleId: string): Promise<string> {
    const path = this.pathOf(articleId);
    const keptAt = `${path}.unreadable-${fileTime()}`;
    failIfInjected('rename', keptAt);
    await rename(path, keptAt);
    return keptAt;
  }
}
