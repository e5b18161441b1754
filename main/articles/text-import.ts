import { extname } from 'node:path';
import type { Block } from '../../preload/api';
import { GlossError } from '../errors';
import { titleFromFileName } from './article-meta';
import { decodeText } from './decode';
import { binarySignature, detectFormat, nonHtmlMarkup, refuseExtension, sniffPrefix } from './detect-format';
import { parseHtml } from './html-import';
import { parseMarkdown } from './markdown-import';
import { parseSeed } from './seed-parser';

/**
 * Turns an imported file's bytes into an article. This is the one entry the
 * service calls: it refuses what is not text (by extension, by binary
 * signature, by strict decoding), picks the format by content and extension
 * (see detect-format.ts), and hands the file to its importer. Every refusal is
 * a GlossError('invalid_input') whose message says why; the service adds the
 * file's name.
 */
export interface ParsedArticle {
  title: string;
  blocks: Block[];
  publishedAt?: string;
  byline?: string;
  site?: string;
  /** The address the article came from (a web page's canonical URL), when known and http(s). */
  sourceUrl?: string;
}

/** Extensions a folder import picks up; files with other names are still read when their content is text. */
export const IMPORTABLE_EXTENSIONS = ['.txt', '.text', '.md', '.markdown', '.html', '.htm'];

/** The contract's limit on one file; checked again here so no caller can hand the parsers more. */
export const MAX_FILE_BYTES = 60 * 1024 * 1024;

export { decodeText } from './decode';

export function parseArticleFile(name: string, bytes: Uint8Array): ParsedArticle {
  const extension = extname(name).toLowerCase();
  refuseExtension(extension);
  if (bytes.length === 0) throw new GlossError('invalid_input', 'The file is empty.');
  if (bytes.length > MAX_FILE_BYTES) {
    throw new GlossError('invalid_input', `The file is ${Math.round(bytes.length / (1024 * 1024))} MB; Gloss imports files up to 60 MB.`);
  }
  const signature = binarySignature(bytes);
  if (signature !== undefined) throw new GlossError('invalid_input', `This is ${signature}, not text or a web page.`);

  const prefix = sniffPrefix(bytes);
  const format = detectFormat(extension, prefix);
  if (format === 'html') return parseHtml(name, bytes);
  const markup = nonHtmlMarkup(prefix);
  if (markup !== undefined) throw new GlossError('invalid_input', `This is ${markup}, not an article Gloss can read.`);
  const text = decodeText(bytes);
  if (format === 'seed') return parseSeed(text);
  if (format === 'markdown') return parseMarkdown(name, text);
  return parsePlainText(name, text);
}

/**
 * Plain text: paragraphs on blank lines. A short first line without closing
 * punctuation is the title; otherwise the file name is. Linear in the size of
 * the text, whatever it holds.
 */
export function parsePlainText(name: string, text: string): ParsedArticle {
  const paragraphs = text
    .replace(/^\uFEFF/, '')
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
  let title = titleFromFileName(name);
  const first = paragraphs[0];
  if (first !== undefined && paragraphs.length > 1 && first.length <= 120 && !first.includes('\n') && !/[.,;:!?]$/.test(first)) {
    title = first.replace(/^#+\s*/, '');
    paragraphs.shift();
  }
  return { title, blocks: paragraphs.map((paragraph) => ({ type: 'paragraph', text: paragraph })) };
}
