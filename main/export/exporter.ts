import { mkdir, readFile, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import type { Annotation, ArticleSummary, ColorSetting, FolderExportResult } from '../../preload/api';
import { writeFileAtomic } from '../store/atomic-file';
import { GlossError } from '../errors';
import { mergeIntoExisting } from './managed-region';
import { renderArticleMarkdown } from './markdown';
import { renderArticleTemplate } from './template';

/**
 * Turns an article and its annotations into a note, with the user's template
 * when they have one (falling back to the default, with the reason, when it
 * cannot render), and writes notes into an export folder without clobbering
 * what the user wrote there.
 */
export interface NoteSource {
  article: Pick<ArticleSummary, 'id' | 'title' | 'source' | 'publishedAt' | 'site' | 'byline'>;
  annotations: readonly Annotation[];
  textLength: number;
}

export interface RenderedNote {
  markdown: string;
  /** Set when the user's template failed and the default was used instead. */
  templateError?: string;
}

export function renderNote(source: NoteSource, colors: readonly ColorSetting[], template: string | null, exportedAt: Date): RenderedNote {
  const input = { article: source.article, annotations: source.annotations, colors, exportedAt, articleTextLength: source.textLength };
  if (template !== null) {
    // Builds only the variables the user's template reads.
    const rendered = renderArticleTemplate(template, input);
    if (rendered.ok) return { markdown: rendered.markdown };
    return { markdown: renderArticleMarkdown(input), templateError: rendered.error };
  }
  return { markdown: renderArticleMarkdown(input) };
}

/** The export folder must be an absolute path to an existing directory. */
export async function checkExportFolder(folder: string): Promise<string> {
  if (!isAbsolute(folder)) throw new GlossError('invalid_input', `The export folder must be a full path (got "${folder}").`);
  try {
    const info = await stat(folder);
    if (!info.isDirectory()) throw new GlossError('invalid_input', `${folder} is a file, not a folder.`);
  } catch (error) {
    if (error instanceof GlossError) throw error;
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') await mkdir(folder, { recursive: true });
    else throw new GlossError('storage_failed', `Gloss cannot use ${folder}: ${(error as Error).message}`);
  }
  return folder;
}

/**
 * Writes one note into the folder under its file name (see noteFileNames). Re-exports replace only
 * Gloss's own region; a note whose region the user edited is left untouched
 * unless `overwrite` is set, and the result carries the diff to show them.
 */
export async function writeNoteToFolder(folder: string, fileName: string, source: NoteSource, markdown: string, overwrite: boolean): Promise<FolderExportResult> {
  const path = join(folder, fileName);
  let existing: string | null = null;
  try {
    existing = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const merged = mergeIntoExisting(existing, markdown, { overwriteUserEdits: overwrite });
  if (merged.status === 'created' || merged.status === 'updated') await writeFileAtomic(path, merged.content);
  const result: FolderExportResult = { articleId: source.article.id, title: source.article.title, fileName, path, status: merged.status };
  if (merged.message) result.message = merged.message;
  if (merged.diff) result.diff = merged.diff;
  return result;
}
