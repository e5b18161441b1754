import { extname, basename } from 'node:path';
import type { Block } from '../../preload/api';
import { GlossError } from '../errors';
import { isSeedFormat, parseSeed } from './seed-parser';

/**
 * Turns an imported file's bytes into an article: decodes them strictly, picks
 * the format by content first (the seed header) and then by extension, and
 * refuses what is not text with a message that says why.
 */
export interface ParsedArticle {
  title: string;
  blocks: Block[];
  publishedAt?: string;
  byline?: string;
  site?: string;
}

export const IMPORTABLE_EXTENSIONS = ['.txt', '.text', '.md', '.markdown'];

export function parseArticleFile(name: string, bytes: Uint8Array): ParsedArticle {
  const text = decodeText(bytes);
  if (isSeedFormat(text)) return parseSeed(text);
  const extension = extname(name).toLowerCase();
  if (extension !== '' && !IMPORTABLE_EXTENSIONS.includes(extension)) {
    throw new GlossError('invalid_input', `Gloss cannot import "${extension}" files; it reads plain text (.txt) and Markdown (.md) files.`);
  }
  return parsePlainText(name, text);
}

/** Strict UTF-8 (or UTF-16 with a byte-order mark); anything that is not text is refused, not mangled. */
export function decodeText(bytes: Uint8Array): string {
  if (bytes.length === 0) throw new GlossError('invalid_input', 'The file is empty.');
  let text: string;
  try {
    if (bytes[0] === 0xff && bytes[1] === 0xfe) text = new TextDecoder('utf-16le', { fatal: true }).decode(bytes.subarray(2));
    else if (bytes[0] === 0xfe && bytes[1] === 0xff) text = new TextDecoder('utf-16be', { fatal: true }).decode(bytes.subarray(2));
    else text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new GlossError('invalid_input', 'The file is not valid UTF-8 text (it may be binary, or in another encoding).');
  }
  if (text.includes('\u0000')) throw new GlossError('invalid_input', 'The file looks binary (it contains NUL bytes), not text.');
  if (text.trim().length === 0) throw new GlossError('invalid_input', 'The file holds only white space.');
  return text;
}

/**
 * Plain text: paragraphs on blank lines. A short first line without closing
 * punctuation is the title; otherwise the file name is.
 */
export function parsePlainText(name: string, text: string): ParsedArticle {
  const paragraphs = text
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n/)
    .map((paragraph) => paragraph.replace(/^\s+|\s+$/g, ''))
    .filter((paragraph) => paragraph.length > 0);
  let title = titleFromFileName(name);
  const first = paragraphs[0];
  if (first !== undefined && paragraphs.length > 1 && first.length <= 120 && !first.includes('\n') && !/[.,;:!?]$/.test(first)) {
    title = first.replace(/^#+\s*/, '');
    paragraphs.shift();
  }
  return { title, blocks: paragraphs.map((paragraph) => ({ type: 'paragraph', text: paragraph })) };
}

function titleFromFileName(name: string): string {
  const stem = basename(name, extname(name)).replace(/[_-]+/g, ' ').trim();
  return stem.length > 0 ? stem : 'Untitled';
}
