import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { ArticleSummary, MethodInput, MethodName, MethodResults } from '../../preload/api';
import { exportFileName, noteFileNames } from '../export/managed-region';
import { tagMarkdownFileName } from '../export/markdown';
import { CliFailure, UsageError } from './failures';
import { isInside, writeDocumentsToFolder, writeWholeFile, type OutputDocument, type WriteOutcome } from './output-files';

/**
 * `gloss export`: one article, one tag or the whole library, as Markdown,
 * Gloss JSON or W3C Web Annotations, to standard output, one file, or one
 * file per article in a folder. It only reads the library (the service is
 * opened read-only by the caller); all it writes is its own output.
 */

export const EXPORT_FORMATS = ['md', 'json', 'w3c'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export type ExportTarget = { kind: 'article'; id: string } | { kind: 'tag'; tag: string } | { kind: 'all' };

export interface ExportRequest {
  target: ExportTarget;
  format: ExportFormat;
  /** `--out` as typed, or null for standard output. */
  out: string | null;
  force: boolean;
}

/** A contract method called through dispatch; failures arrive as CliFailure. */
export type CallService = <M extends MethodName>(method: M, input: MethodInput<M>) => Promise<MethodResults[M]>;

export interface ExportContext {
  call: CallService;
  cwd: string;
  dataDir: string;
  stdout: (text: string) => void;
  /** One line on standard error. */
  note: (line: string) => void;
}

/** Runs one export; resolves to the exit status (1 when a note was in conflict or could not be written). */
export async function runExport(request: ExportRequest, context: ExportContext): Promise<number> {
  const { target, format } = request;
  if (format === 'w3c' && target.kind === 'tag') {
    throw new UsageError('--format w3c exports whole articles; use it with --article or --all, not --tag.');
  }
  const destination = await chooseDestination(request, context);
  const output = await produce(target, format, context);
  if (output.templateError !== undefined) {
    context.note(`gloss: your export template could not be used (${output.templateError}); the default format was used.`);
  }

  if (destination.kind === 'stdout') {
    context.stdout(output.combined);
    return 0;
  }
  if (destination.kind === 'file') {
    report([await writeWholeFile(destination.path, output.combined)], context);
    return 0;
  }
  if (output.documents.length === 0) {
    context.note('gloss: the library has no articles; nothing was written.');
    return 0;
  }
  const outcomes = await writeDocumentsToFolder(destination.path, output.documents, request.force);
  report(outcomes, context);
  const conflicts = outcomes.filter((outcome) => outcome.status === 'conflict').length;
  const errors = outcomes.filter((outcome) => outcome.status === 'error').length;
  if (conflicts > 0) {
    context.note(
      `gloss: ${conflicts === 1 ? '1 note was' : `${conflicts} notes were`} left untouched (see above). ` +
        'Look at your edits, then run the export again with --force to replace Gloss\'s section of the note.',
    );
  }
  return conflicts > 0 || errors > 0 ? 1 : 0;
}

type Destination = { kind: 'stdout' } | { kind: 'file'; path: string } | { kind: 'folder'; path: string };

async function chooseDestination(request: ExportRequest, context: ExportContext): Promise<Destination> {
  if (request.out === null) return { kind: 'stdout' };
  if (request.out === '') throw new UsageError('--out needs a file or folder name.');
  const path = resolve(context.cwd, request.out);
  if (await isInside(path, context.dataDir)) {
    throw new CliFailure(`${path} is inside the library's data directory (${context.dataDir}); export somewhere else.`);
  }
  const existing = await stat(path).catch(() => null);
  if (existing?.isDirectory() || /[\\/]$/.test(request.out)) return { kind: 'folder', path };
  if (request.target.kind === 'all' && request.format === 'md') {
    if (existing) throw new CliFailure(`${path} is a file; export --all writes one note per article, so --out must name a folder.`);
    return { kind: 'folder', path };
  }
  return { kind: 'file', path };
}

interface Produced {
  /** Everything in one text: what standard output or a single --out FILE receives. */
  combined: string;
  /** One file per article (or the tag's one file), for a folder. */
  documents: OutputDocument[];
  templateError?: string;
}

async function produce(target: ExportTarget, format: ExportFormat, context: ExportContext): Promise<Produced> {
  const { call } = context;
  const articles = await call('listArticles', {});

  if (target.kind === 'tag') {
    if (format === 'md') {
      const { fileName, markdown, templateError } = await call('exportTagMarkdown', { tag: target.tag });
      return withTemplateError({ combined: markdown, documents: [{ fileName, content: markdown, merge: true }] }, templateError);
    }
    const highlights = await call('listHighlights', { tag: target.tag });
    if (highlights.length === 0) throw new CliFailure(`No highlight has the tag "${target.tag}".`);
    const content = json(highlights);
    return { combined: content, documents: [{ fileName: withExtension(tagMarkdownFileName(target.tag), '.json'), content, merge: false }] };
  }

  const names = noteFileNames(articles);
  let chosen: ArticleSummary[];
  if (target.kind === 'article') {
    // Asking the service first gives its own "No article has the id" answer (and the contract's id check).
    await call('listAnnotations', { articleId: target.id });
    const article = articles.find((candidate) => candidate.id === target.id);
    if (!article) throw new CliFailure(`No article has the id "${target.id}".`);
    chosen = [article];
  } else {
    chosen = articles;
  }

  const documents: OutputDocument[] = [];
  const values: unknown[] = [];
  let templateError: string | undefined;
  for (const article of chosen) {
    const fileName = names.get(article.id) ?? exportFileName(article);
    if (format === 'md') {
      const note = await call('exportMarkdown', { articleId: article.id });
      templateError ??= note.templateError;
      documents.push({ fileName, content: note.markdown, merge: true });
    } else if (format === 'json') {
      const value = { article, annotations: await call('listAnnotations', { articleId: article.id }) };
      values.push(value);
      documents.push({ fileName: withExtension(fileName, '.json'), content: json(value), merge: false });
    } else {
      const collection = await call('exportW3C', { articleId: article.id });
      values.push(JSON.parse(collection.json));
      documents.push({ fileName: withExtension(fileName, '.jsonld'), content: collection.json, merge: false });
    }
  }

  let combined: string;
  if (target.kind === 'article') combined = documents[0]?.content ?? '';
  else if (format === 'md') combined = documents.map((document) => document.content).join('\n');
  else combined = json(values);
  return withTemplateError({ combined, documents }, templateError);
}

function report(outcomes: readonly WriteOutcome[], context: ExportContext): void {
  for (const outcome of outcomes) {
    context.note(`${outcome.status} ${outcome.path}`);
    if (outcome.message !== undefined) context.note(`  ${outcome.message}`);
  }
}

function withTemplateError(produced: Produced, templateError: string | undefined): Produced {
  return templateError === undefined ? produced : { ...produced, templateError };
}

function withExtension(fileName: string, extension: string): string {
  return fileName.replace(/\.md$/, '') + extension;
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
