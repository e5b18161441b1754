import type { Block } from '../../preload/api';
import { safeHref } from './article-meta';
import { BlockWriter, type BlockShape } from './block-writer';

/**
 * Walks sanitized article HTML into blocks: h1–h6 → heading, p → paragraph,
 * blockquote → quote, li → listItem (ordered, with its nesting depth), pre →
 * code (verbatim), figcaption and table captions → caption, each table row →
 * one paragraph with its cells separated by " | ". Inside blocks, em/i →
 * emphasis, strong/b → strong, code/kbd/samp/tt → code and a → link (http(s)
 * and mailto only). White space collapses as a browser lays it out. Nothing
 * but text and these marks comes out.
 */

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;
const CDATA_SECTION_NODE = 4;

/** Never read: embedded, interactive or invisible content (DOMPurify has already removed most of it). */
const SKIPPED = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet', 'svg', 'math',
  'canvas', 'video', 'audio', 'picture', 'source', 'track', 'img', 'map', 'area', 'head', 'title', 'meta', 'link', 'base',
  'form', 'input', 'button', 'select', 'option', 'textarea', 'nav', 'aside', 'dialog', 'rp', 'wbr',
]);

/** Block containers: they end the block before and after them, and hold blocks of their own. */
const CONTAINERS = new Set([
  'html', 'body', 'div', 'section', 'article', 'main', 'header', 'footer', 'figure', 'dl', 'table', 'thead', 'tbody', 'tfoot',
  'details', 'center', 'hgroup', 'fieldset', 'address', 'search', 'legend',
]);

/** Elements that are one block each, in the context's type (paragraph, quote or list item). */
const PARAGRAPHS = new Set(['p', 'dt', 'dd', 'summary']);

const EMPHASIS = new Set(['em', 'i', 'cite', 'dfn', 'var']);
const STRONG = new Set(['strong', 'b']);
const CODE = new Set(['code', 'kbd', 'samp', 'tt']);

const INVISIBLE = /[\u00ad\u200b\u2060\ufeff]/g;

export function htmlToBlocks(root: Element): Block[] {
  const walker = new HtmlWalker();
  walker.children(root);
  walker.writer.end();
  return walker.writer.blocks;
}

class HtmlWalker {
  readonly writer = new BlockWriter();
  /** For each open list: whether it is numbered. */
  private readonly lists: boolean[] = [];
  private quoteDepth = 0;
  /** Cells written in the table row being read, or -1 outside a row. */
  private rowCells = -1;
  /** A heading or caption block being read, which wins over the context's type. */
  private own: BlockShape | null = null;

  private shape(): BlockShape {
    if (this.own) return this.own;
    const ordered = this.lists[this.lists.length - 1];
    if (ordered !== undefined) return { type: 'listItem', level: this.lists.length - 1, ordered };
    if (this.quoteDepth > 0) return { type: 'quote' };
    return { type: 'paragraph' };
  }

  children(node: Node): void {
    for (let child = node.firstChild; child !== null; child = child.nextSibling) {
      if (child.nodeType === TEXT_NODE || child.nodeType === CDATA_SECTION_NODE) this.text((child as Text).data);
      else if (child.nodeType === ELEMENT_NODE) this.element(child as Element);
    }
  }

  private text(data: string): void {
    this.writer.write(data.replace(INVISIBLE, '').replace(/\u00a0/g, ' '), this.shape());
  }

  /** Inside a table row (or a heading), block elements only separate words. */
  private get flat(): boolean {
    return this.rowCells >= 0 || this.own !== null;
  }

  private element(element: Element): void {
    const tag = element.localName.toLowerCase();
    if (SKIPPED.has(tag)) return;
    const writer = this.writer;

    if (tag === 'br') return writer.lineBreak();
    if (tag === 'pre') {
      if (this.flat) return this.text(element.textContent ?? '');
      return writer.code(element.textContent ?? '');
    }
    if (tag === 'hr') {
      if (!this.flat) writer.end();
      return;
    }

    const heading = /^h([1-6])$/.exec(tag);
    if (heading && !this.flat) {
      const shape: BlockShape = this.lists.length > 0 || this.quoteDepth > 0 ? this.shape() : { type: 'heading', level: Math.max(2, Number(heading[1])) };
      return this.ownBlock(element, shape);
    }
    if ((tag === 'figcaption' || tag === 'caption') && !this.flat) return this.ownBlock(element, { type: 'caption' });

    if (tag === 'tr' && this.rowCells < 0) {
      writer.begin({ type: 'paragraph' });
      this.rowCells = 0;
      this.children(element);
      writer.end();
      this.rowCells = -1;
      return;
    }
    if ((tag === 'td' || tag === 'th') && this.rowCells >= 0) {
      if (this.rowCells > 0 && writer.hasText) writer.writeVerbatim(' | ', this.shape());
      this.rowCells += 1;
      return this.children(element);
    }

    if (this.flat && (CONTAINERS.has(tag) || PARAGRAPHS.has(tag) || tag === 'blockquote' || tag === 'ul' || tag === 'ol' || tag === 'menu' || tag === 'li')) {
      writer.write(' ', this.shape());
      this.children(element);
      writer.write(' ', this.shape());
      return;
    }
    if (tag === 'blockquote') {
      writer.end();
      this.quoteDepth += 1;
      this.children(element);
      writer.end();
      this.quoteDepth -= 1;
      return;
    }
    if (tag === 'ul' || tag === 'ol' || tag === 'menu') {
      writer.end();
      this.lists.push(tag === 'ol');
      this.children(element);
      writer.end();
      this.lists.pop();
      return;
    }
    if (tag === 'li' || PARAGRAPHS.has(tag)) {
      writer.begin(this.shape());
      this.children(element);
      writer.end();
      return;
    }
    if (CONTAINERS.has(tag)) {
      writer.end();
      this.children(element);
      writer.end();
      return;
    }

    // Inline content.
    let marked = false;
    if (EMPHASIS.has(tag)) {
      writer.openMark('emphasis');
      marked = true;
    } else if (STRONG.has(tag)) {
      writer.openMark('strong');
      marked = true;
    } else if (CODE.has(tag)) {
      writer.openMark('code');
      marked = true;
    } else if (tag === 'a') {
      const href = safeHref(element.getAttribute('href'));
      if (href !== undefined) {
        writer.openMark('link', href);
        marked = true;
      }
    }
    this.children(element);
    if (marked) writer.closeMark();
  }

  private ownBlock(element: Element, shape: BlockShape): void {
    this.writer.begin(shape);
    this.own = shape;
    this.children(element);
    this.own = null;
    this.writer.end();
  }
}
