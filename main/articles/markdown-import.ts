import type { MarkdownIt as Markdown, Token } from 'markdown-it';
import type { Block } from '../../preload/api';
import { isoDate, looseText, metaLine, safeHref, titleFromFileName, webUrl } from './article-meta';
import { BlockWriter, type BlockShape } from './block-writer';
import { markdownIt } from './lazy-modules';
import type { ParsedArticle } from './text-import';

/**
 * Markdown → the block model, through markdown-it's token stream (never its
 * HTML renderer): headings, paragraphs, quotes, list items and code become
 * blocks; emphasis, strong, inline code and http(s)/mailto links become marks.
 * Raw HTML is never markup: its tags are dropped and its text kept, except
 * inside script and style, whose content is dropped too. Images leave their
 * alt text. Links to anything else (javascript:, data:, relative paths) leave
 * their text unmarked.
 *
 * Large files are parsed a piece at a time (cut at a blank line before an
 * unindented line outside a code fence), so time and memory stay linear.
 */

/** Files up to this size are parsed whole; larger ones in pieces of about this size. */
export const MARKDOWN_CHUNK_CHARS = 1024 * 1024;
const FRONT_MATTER_MAX_CHARS = 64 * 1024;
const RAW_TEXT_TAGS = new Set(['script', 'style', 'textarea', 'title', 'xmp', 'iframe', 'noembed', 'noframes', 'noscript', 'template']);

let parser: Markdown | undefined;
let referenceParser: Markdown | undefined;

function markdown(): Markdown {
  if (!parser) {
    parser = new (markdownIt())('default', { html: true, linkify: false, typographer: false });
    // Every link is parsed as a link, so its text is kept; safeHref decides whether it stays one.
    parser.validateLink = () => true;
  }
  return parser;
}

/** A block-level-only parser that just collects link reference definitions. */
function references(): Markdown {
  if (!referenceParser) {
    referenceParser = new (markdownIt())('default', { html: true, linkify: false, typographer: false });
    referenceParser.validateLink = () => true;
    referenceParser.core.ruler.enableOnly(['normalize', 'block']);
  }
  return referenceParser;
}

export interface FrontMatter {
  title?: string;
  publishedAt?: string;
  byline?: string;
  site?: string;
  sourceUrl?: string;
}

/** `pieceSize` is for tests: the size above which a file is parsed in pieces. */
export function parseMarkdown(name: string, source: string, pieceSize: number = MARKDOWN_CHUNK_CHARS): ParsedArticle {
  const text = source.charCodeAt(0) === 0xfeff ? source.slice(1) : source;
  const { meta, body } = splitFrontMatter(text);
  const writer = new BlockWriter();
  const converter = new Converter(writer);
  const chunks = chunkMarkdown(body, pieceSize);
  const env: Record<string, unknown> = {};
  // A link may use a reference defined in a later piece: collect every definition first (only if there are any).
  if (chunks.length > 1 && /^ {0,3}\[[^\]\n]{1,999}\]:/m.test(body)) for (const chunk of chunks) references().parse(chunk, env);
  let topHeading: Block | undefined;
  chunks.forEach((chunk, index) => {
    let tokens = markdown().parse(chunk, env);
    if (index === 0 && tokens[0]?.type === 'heading_open' && tokens[0].tag === 'h1') {
      // A level-1 heading at the very top may be the title: convert it on its own to see.
      converter.convert(tokens.slice(0, 3));
      topHeading = writer.blocks[0];
      tokens = tokens.slice(3);
    }
    converter.convert(tokens);
  });
  writer.end();
  const blocks = writer.blocks;

  let title = meta.title;
  if (topHeading !== undefined && blocks[0] === topHeading) {
    if (title === undefined || looseText(title) === looseText(topHeading.text)) {
      title ??= metaLine(topHeading.text);
      blocks.shift();
    }
  } else if (title === undefined) {
    const first = blocks[0];
    if (first !== undefined && blocks.length > 1 && first.type === 'paragraph' && !first.marks && first.text.length <= 120 && !first.text.includes('\n') && !/[.,;:!?]$/.test(first.text)) {
      title = first.text;
      blocks.shift();
    }
  }
  return {
    title: title ?? titleFromFileName(name),
    blocks,
    ...(meta.publishedAt !== undefined ? { publishedAt: meta.publishedAt } : {}),
    ...(meta.byline !== undefined ? { byline: meta.byline } : {}),
    ...(meta.site !== undefined ? { site: meta.site } : {}),
    ...(meta.sourceUrl !== undefined ? { sourceUrl: meta.sourceUrl } : {}),
  };
}

/** True when a file without a telling extension reads as Markdown rather than plain text. */
export function looksLikeMarkdown(text: string): boolean {
  const head = text.slice(0, 64 * 1024);
  return (
    /^\uFEFF?(?:---|\+\+\+)[ \t]*\r?\n/.test(head) ||
    /^#{1,6}[ \t]+\S/m.test(head) ||
    /^ {0,3}(?:```|~~~)/m.test(head) ||
    /\[[^\]\n]{1,200}\]\([^)\s]{1,500}\)/.test(head) ||
    /(?:^|[\s(])(?:\*\*|__)\S[^\n]{0,200}?\S(?:\*\*|__)(?=[\s.,;:!?)]|$)/m.test(head) ||
    /^ {0,3}>[ \t]?\S/m.test(head)
  );
}

/** Walks markdown-it tokens into a BlockWriter, keeping container state across pieces of a large file. */
class Converter {
  private readonly lists: { ordered: boolean }[] = [];
  private quoteDepth = 0;
  private headingLevel = 0;
  private tableCell = 0;

  constructor(private readonly writer: BlockWriter) {}

  convert(tokens: readonly Token[]): void {
    // Containers never span pieces: each piece starts at an unindented line.
    this.lists.length = 0;
    this.quoteDepth = 0;
    for (const token of tokens) this.block(token);
    this.writer.end();
  }

  private shape(): BlockShape {
    const list = this.lists[this.lists.length - 1];
    if (list) return { type: 'listItem', level: this.lists.length - 1, ordered: list.ordered };
    if (this.quoteDepth > 0) return { type: 'quote' };
    if (this.headingLevel > 0) return { type: 'heading', level: Math.max(2, this.headingLevel) };
    return { type: 'paragraph' };
  }

  private block(token: Token): void {
    const writer = this.writer;
    switch (token.type) {
      case 'heading_open':
        writer.end();
        this.headingLevel = Number(token.tag.slice(1)) || 2;
        writer.begin(this.shape());
        break;
      case 'heading_close':
        writer.end();
        this.headingLevel = 0;
        break;
      case 'paragraph_open':
        // A later paragraph of the same list item continues its block on a new line.
        if (this.lists.length > 0 && writer.hasText) writer.lineBreak();
        else writer.begin(this.shape());
        break;
      case 'paragraph_close':
        if (this.lists.length === 0) writer.end();
        break;
      case 'inline':
        this.inline(token.children ?? []);
        break;
      case 'blockquote_open':
        writer.end();
        this.quoteDepth += 1;
        break;
      case 'blockquote_close':
        writer.end();
        this.quoteDepth = Math.max(0, this.quoteDepth - 1);
        break;
      case 'bullet_list_open':
      case 'ordered_list_open':
        writer.end();
        this.lists.push({ ordered: token.type === 'ordered_list_open' });
        break;
      case 'bullet_list_close':
      case 'ordered_list_close':
        writer.end();
        this.lists.pop();
        break;
      case 'list_item_open':
      case 'list_item_close':
      case 'hr':
        writer.end();
        break;
      case 'fence':
      case 'code_block':
        writer.code(token.content);
        break;
      case 'html_block': {
        const text = htmlToText(token.content);
        if (text.trim().length > 0) {
          writer.begin(this.shape());
          writer.write(text, this.shape());
          writer.end();
        }
        break;
      }
      case 'tr_open':
        writer.begin({ type: 'paragraph' });
        this.tableCell = 0;
        break;
      case 'th_open':
      case 'td_open':
        if (this.tableCell > 0 && writer.hasText) writer.writeVerbatim(' | ', { type: 'paragraph' });
        this.tableCell += 1;
        break;
      case 'tr_close':
        writer.end();
        break;
      default:
        break;
    }
  }

  private inline(children: readonly Token[]): void {
    const writer = this.writer;
    const shape = this.shape();
    /** For each open link: whether it became a mark. */
    const links: boolean[] = [];
    let skipUntilLinkClose = 0;
    let rawText: string | null = null;
    for (const token of children) {
      if (skipUntilLinkClose > 0) {
        if (token.type === 'link_open') skipUntilLinkClose += 1;
        else if (token.type === 'link_close') skipUntilLinkClose -= 1;
        continue;
      }
      if (rawText !== null) {
        const tag = token.type === 'html_inline' ? tagOf(token.content) : undefined;
        if (tag?.closing === true && tag.name === rawText) rawText = null;
        continue;
      }
      switch (token.type) {
        case 'text':
          writer.write(token.content, shape);
          break;
        case 'softbreak':
          writer.write(' ', shape);
          break;
        case 'hardbreak':
          writer.lineBreak();
          break;
        case 'em_open':
          writer.openMark('emphasis');
          break;
        case 'strong_open':
          writer.openMark('strong');
          break;
        case 'em_close':
        case 'strong_close':
          writer.closeMark();
          break;
        case 'code_inline':
          writer.openMark('code');
          writer.writeVerbatim(token.content, shape);
          writer.closeMark();
          break;
        case 'link_open': {
          const href = safeHref(String(token.attrGet('href') ?? ''));
          if (href === undefined && token.markup === 'autolink') {
            // An autolink's only text is its address: an unsafe one is dropped whole.
            skipUntilLinkClose = 1;
            break;
          }
          links.push(href !== undefined);
          if (href !== undefined) writer.openMark('link', href);
          break;
        }
        case 'link_close':
          if (links.pop() === true) writer.closeMark();
          break;
        case 'image':
          writer.write(token.content, shape);
          break;
        case 'html_inline': {
          const tag = tagOf(token.content);
          if (tag?.name === 'br') writer.lineBreak();
          else if (tag && !tag.closing && RAW_TEXT_TAGS.has(tag.name)) rawText = tag.name;
          break;
        }
        default:
          // Strikethrough and anything else: the text between is written as it comes.
          break;
      }
    }
    // An unbalanced mark never leaks into the next block.
    for (const wasMark of links) if (wasMark) writer.closeMark();
  }
}

function tagOf(html: string): { name: string; closing: boolean } | undefined {
  const match = /^<(\/?)([a-zA-Z][a-zA-Z0-9-]*)/.exec(html);
  return match ? { closing: match[1] === '/', name: (match[2] as string).toLowerCase() } : undefined;
}

const TAG_START = /<(?:!--|\/?([a-zA-Z][a-zA-Z0-9:-]*)|[!?])/g;
const RAW_END: Record<string, RegExp> = {};

/**
 * The text of a piece of raw HTML, in one linear pass: comments and tags are
 * dropped, the content of script, style and other raw-text elements is
 * dropped, and character references are decoded. The result is plain text.
 */
export function htmlToText(html: string): string {
  let out = '';
  let index = 0;
  for (;;) {
    TAG_START.lastIndex = index;
    const match = TAG_START.exec(html);
    if (!match) {
      out += html.slice(index);
      break;
    }
    out += html.slice(index, match.index);
    if (match[0] === '<!--') {
      const end = html.indexOf('-->', match.index + 4);
      index = end === -1 ? html.length : end + 3;
      continue;
    }
    const close = html.indexOf('>', TAG_START.lastIndex);
    if (close === -1) break;
    index = close + 1;
    const name = match[1]?.toLowerCase();
    if (name !== undefined && !match[0].startsWith('</') && RAW_TEXT_TAGS.has(name)) {
      const end = (RAW_END[name] ??= new RegExp(`</${name}[\\s/>]`, 'gi'));
      end.lastIndex = index;
      const found = end.exec(html);
      if (!found) break;
      const after = html.indexOf('>', found.index);
      index = after === -1 ? html.length : after + 1;
    }
  }
  return markdown().utils.unescapeAll(out.replace(/\\/g, '\\\\'));
}

/**
 * Front matter at the very top (`---` YAML or `+++` TOML), read as simple
 * `key: value` (or `key = value`) lines; no YAML library is needed for the few
 * keys Gloss uses.
 */
export function splitFrontMatter(text: string): { meta: FrontMatter; body: string } {
  const open = /^(---|\+\+\+)[ \t]*\r?\n/.exec(text);
  if (!open) return { meta: {}, body: text };
  const fence = open[1] as string;
  const head = text.slice(0, FRONT_MATTER_MAX_CHARS);
  const closing = new RegExp(`\\r?\\n${fence === '---' ? '(?:---|\\.\\.\\.)' : '\\+\\+\\+'}[ \\t]*(?:\\r?\\n|$)`, 'g');
  closing.lastIndex = open[0].length - 1;
  const end = closing.exec(head);
  if (!end) return { meta: {}, body: text };
  const lines = head.slice(open[0].length, end.index).split(/\r?\n/);
  const values = new Map<string, string>();
  for (let index = 0; index < lines.length; index += 1) {
    const match = /^([A-Za-z_][\w.-]*)[ \t]*[:=][ \t]*(.*)$/.exec(lines[index] as string);
    if (!match) continue;
    const key = (match[1] as string).toLowerCase();
    let value = (match[2] as string).trim();
    if (value === '' || value === '|' || value === '>') {
      // A YAML list or block scalar on the lines that follow.
      const items: string[] = [];
      while (index + 1 < lines.length && /^[ \t]+\S/.test(lines[index + 1] as string)) {
        index += 1;
        items.push((lines[index] as string).trim().replace(/^-[ \t]+/, ''));
      }
      value = items.map(unquote).join(value === '' ? ', ' : ' ');
    } else if (/^\[.*\]$/.test(value)) {
      value = value.slice(1, -1).split(',').map((item) => unquote(item.trim())).filter(Boolean).join(', ');
    }
    if (!values.has(key)) values.set(key, unquote(value));
  }
  const pick = (...keys: string[]): string | undefined => keys.map((key) => values.get(key)).find((value) => value !== undefined && value.length > 0);
  const meta: FrontMatter = {};
  const title = metaLine(pick('title'));
  if (title !== undefined) meta.title = title;
  const published = isoDate(pick('date', 'published', 'publishedat', 'published_at', 'pubdate', 'created', 'created_at'));
  if (published !== undefined) meta.publishedAt = published;
  const byline = metaLine(pick('author', 'authors', 'byline', 'by', 'creator'));
  if (byline !== undefined) meta.byline = byline;
  const site = metaLine(pick('site', 'site_name', 'sitename', 'publisher', 'publication'));
  if (site !== undefined) meta.site = site;
  const url = webUrl(pick('url', 'source', 'source_url', 'canonical', 'canonical_url', 'link', 'original'));
  if (url !== undefined) meta.sourceUrl = url;
  return { meta, body: text.slice(end.index + end[0].length) };
}

function unquote(value: string): string {
  const match = /^(["'])([\s\S]*)\1$/.exec(value);
  return match ? (match[2] as string) : value;
}

/**
 * Cuts Markdown into pieces of about `size` characters. A cut falls only where
 * a blank line is followed by an unindented line outside a fenced code block,
 * where no container (list item, quote) can be left open. With no such place,
 * the piece simply runs on.
 */
export function chunkMarkdown(text: string, size: number): string[] {
  if (text.length <= size) return [text];
  const chunks: string[] = [];
  let chunkStart = 0;
  let fence: { char: string; length: number } | null = null;
  let previousBlank = false;
  let lineStart = 0;
  while (lineStart < text.length) {
    const newline = text.indexOf('\n', lineStart);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(lineStart, Math.min(lineEnd, lineStart + 200));
    const blank = /^[ \t\r]*$/.test(line) && lineEnd - lineStart < 200;
    if (fence === null && previousBlank && !blank && /^[^\s]/.test(line) && lineStart - chunkStart >= size) {
      chunks.push(text.slice(chunkStart, lineStart));
      chunkStart = lineStart;
    }
    const marker = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (marker) {
      const run = marker[1] as string;
      if (fence === null) fence = { char: run[0] as string, length: run.length };
      else if (run[0] === fence.char && run.length >= fence.length && /^ {0,3}[`~]+[ \t\r]*$/.test(line)) fence = null;
    }
    previousBlank = blank;
    lineStart = lineEnd + 1;
  }
  chunks.push(text.slice(chunkStart));
  return chunks;
}
