import type { Block, BlockType, InlineMark } from '../../preload/api';

/**
 * Builds the block model from a stream of text and marks, the way a browser
 * lays out inline content: runs of white space collapse to one space, no block
 * starts or ends with white space, and a mark covers exactly the characters
 * written while it was open. The HTML and Markdown importers both write
 * through it, so they agree on what a block is.
 */
export interface BlockShape {
  type: BlockType;
  /** Heading level (2–6) or list nesting depth (0 for a top-level item). */
  level?: number;
  ordered?: boolean;
}

type MarkKind = InlineMark['kind'];

interface OpenMark {
  kind: MarkKind;
  href?: string;
  /** Where the mark's first character went in the current block; -1 until one has. */
  start: number;
}

const COLLAPSIBLE = /[ \t\n\r\f]+/g;

export class BlockWriter {
  readonly blocks: Block[] = [];
  private shape: BlockShape | null = null;
  private text = '';
  private marks: InlineMark[] = [];
  private pendingSpace = false;
  private readonly open: OpenMark[] = [];

  /** True when the current block has text. */
  get hasText(): boolean {
    return this.text.length > 0;
  }

  /** Ends the current block and starts an empty one; it is kept only if text arrives. */
  begin(shape: BlockShape): void {
    this.end();
    this.shape = shape;
  }

  /** Writes text as HTML lays it out: white space collapses. Starts a block of `shape` if none is open. */
  write(text: string, shape: BlockShape): void {
    if (text.length === 0) return;
    const collapsed = text.replace(COLLAPSIBLE, ' ');
    if (collapsed === ' ') {
      this.pendingSpace = true;
      return;
    }
    const leading = collapsed.startsWith(' ');
    const trailing = collapsed.endsWith(' ');
    if (leading) this.pendingSpace = true;
    this.emit(collapsed.slice(leading ? 1 : 0, trailing ? -1 : undefined), shape);
    if (trailing) this.pendingSpace = true;
  }

  /** Writes text exactly as given (inline code). */
  writeVerbatim(text: string, shape: BlockShape): void {
    if (text.length > 0) this.emit(text, shape);
  }

  /** A line break inside the block; a second one in a row ends the block, as a blank line would. */
  lineBreak(): void {
    if (this.text.length === 0) return;
    if (this.text.endsWith('\n')) {
      this.end();
      return;
    }
    this.text += '\n';
    this.pendingSpace = false;
  }

  openMark(kind: MarkKind, href?: string): void {
    this.open.push(href === undefined ? { kind, start: -1 } : { kind, href, start: -1 });
  }

  closeMark(): void {
    const mark = this.open.pop();
    if (mark) this.record(mark, this.text.length);
  }

  /** A whole code block, kept verbatim except for blank lines before and after it. */
  code(text: string): void {
    this.end();
    const body = trimBlankLines(text);
    if (body.length > 0) this.blocks.push({ type: 'code', text: body });
  }

  /** Ends the current block. Marks still open carry on into the next block. */
  end(): void {
    const shape = this.shape;
    if (shape !== null && this.text.length > 0) {
      for (const mark of this.open) this.record(mark, this.text.length);
      const text = this.text.trimEnd();
      const marks = this.marks
        .map((mark) => (mark.end > text.length ? { ...mark, end: text.length } : mark))
        .filter((mark) => mark.end > mark.start)
        .sort((a, b) => a.start - b.start || b.end - a.end);
      if (text.length > 0) {
        const block: Block = { type: shape.type, text };
        if (shape.level !== undefined) block.level = shape.level;
        if (shape.ordered !== undefined) block.ordered = shape.ordered;
        if (marks.length > 0) block.marks = marks;
        this.blocks.push(block);
      }
    }
    this.shape = null;
    this.text = '';
    this.marks = [];
    this.pendingSpace = false;
    for (const mark of this.open) mark.start = -1;
  }

  private emit(chunk: string, shape: BlockShape): void {
    if (chunk.length === 0) return;
    if (this.shape === null) this.shape = shape;
    if (this.pendingSpace && this.text.length > 0 && !this.text.endsWith('\n')) this.text += ' ';
    this.pendingSpace = false;
    for (const mark of this.open) if (mark.start < 0) mark.start = this.text.length;
    this.text += chunk;
  }

  private record(mark: OpenMark, end: number): void {
    if (mark.start < 0 || end <= mark.start) return;
    const recorded: InlineMark = { kind: mark.kind, start: mark.start, end };
    if (mark.href !== undefined) recorded.href = mark.href;
    this.marks.push(recorded);
  }
}

/** Drops blank lines at the start and white space at the end, keeping the first line's indentation. */
export function trimBlankLines(text: string): string {
  let start = 0;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\n') start = index + 1;
    else if (char !== ' ' && char !== '\t' && char !== '\r') break;
  }
  return text.slice(start).trimEnd();
}
