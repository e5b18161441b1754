import { GlossError } from '../errors';
import { looksLikeMarkdown } from './markdown-import';
import { isSeedFormat } from './seed-parser';

/**
 * Which importer reads a file. The content decides first (a seed header, a
 * web page, a known binary signature), then the extension:
 *
 * 1. An extension that names a binary or unsupported format (.png, .pdf,
 *    .docx, .zip, .svg …) is refused, as is content with a binary signature.
 * 2. A seed header (` date YYYY-MM-DD Title`) → seed, whatever the name.
 * 3. .html/.htm/.xhtml → HTML. So is any file that opens like a web page
 *    (`<!doctype html`, `<html`, `<head`, `<body`, after white space and
 *    comments), and, unless it is named .md, one that opens with a tag or is
 *    dense with HTML tags (a saved page named .txt, or with no extension).
 * 4. .md/.markdown → Markdown; .txt/.text → plain text; anything else that is
 *    text → Markdown when it uses Markdown syntax (front matter, `#` headings,
 *    fences, links, quotes, **strong**), else plain text.
 */
export type ArticleFormat = 'seed' | 'html' | 'markdown' | 'text';

export const HTML_EXTENSIONS: readonly string[] = ['.html', '.htm', '.xhtml'];
export const MARKDOWN_EXTENSIONS: readonly string[] = ['.md', '.markdown', '.mdown', '.mkd'];
export const TEXT_EXTENSIONS: readonly string[] = ['.txt', '.text'];

const READS = 'it reads web pages (.html, .htm), Markdown (.md), plain text (.txt) and Gloss seed files';

const REFUSED_EXTENSIONS: Record<string, string> = {};
const refuse = (what: string, extensions: string): void => {
  for (const extension of extensions.split(' ')) REFUSED_EXTENSIONS[`.${extension}`] = what;
};
refuse('images', 'png jpg jpeg gif webp bmp ico tif tiff heic heif avif svg svgz psd');
refuse('PDF documents', 'pdf');
refuse('word-processor documents', 'doc docx odt rtf pages');
refuse('spreadsheets', 'xls xlsx ods numbers');
refuse('presentations', 'ppt pptx odp key');
refuse('e-books', 'epub mobi azw azw3 fb2 djvu');
refuse('archives', 'zip gz tgz bz2 xz 7z rar tar zst');
refuse('audio and video files', 'mp3 m4a wav ogg oga flac aac opus mp4 m4v mov avi mkv webm wmv');
refuse('programs and libraries', 'exe dll so dylib bin msi dmg iso apk deb rpm jar class wasm');
refuse('font files', 'woff woff2 ttf otf eot');
refuse('web archives', 'mht mhtml webarchive warc');
refuse('databases', 'sqlite db');

/** Throws for an extension Gloss knows it cannot read, naming it. */
export function refuseExtension(extension: string): void {
  const what = REFUSED_EXTENSIONS[extension];
  if (what !== undefined) throw new GlossError('invalid_input', `Gloss cannot import "${extension}" files (${what}); ${READS}.`);
}

const SIGNATURES: [string, (bytes: Uint8Array) => boolean][] = [
  ['a PNG image', (b) => startsWith(b, [0x89, 0x50, 0x4e, 0x47])],
  ['a JPEG image', (b) => startsWith(b, [0xff, 0xd8, 0xff])],
  ['a GIF image', (b) => ascii(b, 0, 6) === 'GIF87a' || ascii(b, 0, 6) === 'GIF89a'],
  ['a WebP image', (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WEBP'],
  ['a WAV sound', (b) => ascii(b, 0, 4) === 'RIFF' && ascii(b, 8, 12) === 'WAVE'],
  ['a PDF document', (b) => ascii(b, 0, 5) === '%PDF-'],
  ['a ZIP archive (or a .docx, .odt or .epub, which are ZIP archives)', (b) => startsWith(b, [0x50, 0x4b, 0x03, 0x04]) || startsWith(b, [0x50, 0x4b, 0x05, 0x06])],
  ['a gzip archive', (b) => startsWith(b, [0x1f, 0x8b])],
  ['a 7-Zip archive', (b) => startsWith(b, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])],
  ['a RAR archive', (b) => ascii(b, 0, 4) === 'Rar!'],
  ['an old Microsoft Office document', (b) => startsWith(b, [0xd0, 0xcf, 0x11, 0xe0])],
  ['a program (ELF)', (b) => startsWith(b, [0x7f, 0x45, 0x4c, 0x46])],
  ['a video or audio file', (b) => ascii(b, 4, 8) === 'ftyp' || ascii(b, 0, 4) === 'OggS' || ascii(b, 0, 4) === 'fLaC'],
  ['a font file', (b) => ascii(b, 0, 4) === 'wOFF' || ascii(b, 0, 4) === 'wOF2'],
  ['an SQLite database', (b) => ascii(b, 0, 16) === 'SQLite format 3\u0000'],
];

/** Describes content that carries a known binary signature ("a PNG image"), whatever its name. */
export function binarySignature(bytes: Uint8Array): string | undefined {
  return SIGNATURES.find(([, test]) => test(bytes))?.[0];
}

function startsWith(bytes: Uint8Array, signature: number[]): boolean {
  return signature.every((byte, index) => bytes[index] === byte);
}

function ascii(bytes: Uint8Array, from: number, to: number): string {
  return String.fromCharCode(...bytes.subarray(from, to));
}

const PREFIX_BYTES = 64 * 1024;

/**
 * The first 64 KB as text, only for sniffing: UTF-16 when a byte-order mark
 * says so, else byte for byte (ASCII markup reads the same in any charset
 * Gloss accepts).
 */
export function sniffPrefix(bytes: Uint8Array): string {
  const head = bytes.subarray(0, PREFIX_BYTES);
  if (head[0] === 0xff && head[1] === 0xfe) return new TextDecoder('utf-16le').decode(head.subarray(2));
  if (head[0] === 0xfe && head[1] === 0xff) return new TextDecoder('utf-16be').decode(head.subarray(2));
  const start = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  return Buffer.from(head.buffer, head.byteOffset + start, head.byteLength - start).toString('latin1');
}

const LEADING_NOISE = /^(?:\s+|<!--[\s\S]*?-->)+/;
const OPENS_AS_PAGE = /^(?:<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])/i;
const HTML_TAG_NAMES = 'html|head|body|meta|title|link|style|script|article|main|section|header|footer|nav|aside|div|span|p|a|br|hr|img|h[1-6]|ul|ol|li|em|strong|b|i|table|tr|td|blockquote|pre|code|figure|figcaption';
const HTML_TAG = new RegExp(`<\\/?(?:${HTML_TAG_NAMES})\\b[^<>]{0,2000}>`, 'gi');
const OPENS_WITH_HTML_TAG = new RegExp(`^<(?:${HTML_TAG_NAMES})\\b`, 'i');

/** The file's start past white space, comments and an XML declaration. */
function markupStart(prefix: string): { start: string; xml: boolean } {
  let start = prefix.replace(LEADING_NOISE, '');
  const declaration = /^<\?xml[^>]{0,300}>/i.exec(start);
  if (declaration) start = start.slice(declaration[0].length).replace(LEADING_NOISE, '');
  return { start, xml: declaration !== null };
}

/** True when the start of a file reads as a web page (see the rules above). */
export function looksLikeHtml(prefix: string, extension: string): boolean {
  const { start, xml } = markupStart(prefix);
  if (OPENS_AS_PAGE.test(start)) return true;
  if (xml || MARKDOWN_EXTENSIONS.includes(extension)) return false;
  let tags = 0;
  HTML_TAG.lastIndex = 0;
  while (tags < 10 && HTML_TAG.exec(prefix)) tags += 1;
  const opensWithTag = OPENS_WITH_HTML_TAG.test(start);
  return tags >= 10 || (tags >= 2 && (opensWithTag || /<(?:body|article)[\s>]/i.test(prefix)));
}

/** Describes XML that is not a web page (an SVG image, a feed), which Gloss does not read. */
export function nonHtmlMarkup(prefix: string): string | undefined {
  const { start, xml } = markupStart(prefix);
  if (/^(?:<!doctype\s+svg[^>]{0,300}>\s*)?<svg[\s>]/i.test(start)) return 'an SVG image';
  if (xml && !OPENS_AS_PAGE.test(start)) return 'an XML document';
  return undefined;
}

/** The format of a file that passed the binary checks, from its extension and the start of its content. */
export function detectFormat(extension: string, prefix: string): ArticleFormat {
  if (isSeedFormat(prefix)) return 'seed';
  if (HTML_EXTENSIONS.includes(extension) || looksLikeHtml(prefix, extension)) return 'html';
  if (MARKDOWN_EXTENSIONS.includes(extension)) return 'markdown';
  if (TEXT_EXTENSIONS.includes(extension)) return 'text';
  return looksLikeMarkdown(prefix) ? 'markdown' : 'text';
}
