import type { Annotation } from '../../../preload/model';
import { HIGHLIGHT_COLORS } from '../../../preload/model';
import { ACTIVE_HIGHLIGHT, NOTE_HIGHLIGHT, clearPaint, highlightName, paintAnnotations } from '../../../renderer/src/highlight-painter';
import { rangeOfOffsets } from '../../../renderer/src/text-offsets';

/**
 * Runs inside Chromium, on the app's own page (web mode), to compare two ways
 * of painting the same 1,000 highlights on the same rendered article:
 *
 * - ours: the renderer's paintAnnotations (Ranges registered with the CSS
 *   Custom Highlight API; the DOM is not touched);
 * - ours, indexed: the same with one change to the offset mapping (see
 *   BlockIndex), to measure the fix docs/PERFORMANCE.md proposes;
 * - classic: wrapping each highlight's text in <mark> elements (split the
 *   text nodes at the range's ends, wrap every text node inside), as
 *   highlighters did before the Highlight API. Implemented here only to
 *   compare, with the block index (a competent classic highlighter walks
 *   the text once, it does not search the whole DOM per offset).
 *
 * Each is timed from the start of the work to the end of the next frame
 * (requestAnimationFrame, then a message: it runs once that frame's style,
 * layout and paint are done), on a fresh copy of the article's body.
 */

const MARK_CLASS = 'bench-mark';

/**
 * The block index the classic baseline maps offsets with, and the change
 * docs/PERFORMANCE.md proposes for the renderer: the article's block
 * elements and their start offsets, collected once per paint instead of once
 * per offset (text-offsets.ts runs querySelectorAll over the whole article
 * for every offset it maps). Otherwise the same algorithm as pointOfOffset.
 */
interface BlockIndex {
  blocks: HTMLElement[];
  starts: number[];
}

function blockIndex(root: HTMLElement): BlockIndex {
  const blocks = [...root.querySelectorAll<HTMLElement>('[data-start]')];
  return { blocks, starts: blocks.map((block) => Number(block.dataset.start)) };
}

function indexedPoint(index: BlockIndex, target: number, bias: 'start' | 'end'): { node: Node; offset: number } | null {
  let low = 0;
  let high = index.starts.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((index.starts[middle] as number) <= target) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  if (found === -1) return null;
  const block = index.blocks[found] as HTMLElement;
  let remaining = target - (index.starts[found] as number);
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  let last: Text | null = null;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const length = node.data.length;
    if (remaining < length || (remaining === length && bias === 'end')) return { node, offset: remaining };
    remaining -= length;
    last = node;
  }
  return last ? { node: last, offset: last.data.length } : { node: block, offset: 0 };
}

function indexedRange(index: BlockIndex, start: number, end: number): Range | null {
  const from = indexedPoint(index, start, 'start');
  const to = indexedPoint(index, end, 'end');
  if (!from || !to) return null;
  const range = document.createRange();
  range.setStart(from.node, from.offset);
  range.setEnd(to.node, to.offset);
  return range.collapsed ? null : range;
}

/** paintAnnotations with the block index: the same highlights, names and priorities. */
function paintIndexed(root: HTMLElement, annotations: readonly Annotation[]): void {
  const index = blockIndex(root);
  const byColor = new Map<string, Range[]>(HIGHLIGHT_COLORS.map((color) => [color, []]));
  const withNotes: Range[] = [];
  for (const annotation of annotations) {
    if (annotation.orphaned) continue;
    const range = indexedRange(index, annotation.start, annotation.end);
    if (!range) continue;
    byColor.get(annotation.color)?.push(range);
    if (annotation.note.trim().length > 0) withNotes.push(range);
  }
  HIGHLIGHT_COLORS.forEach((color, priority) => {
    const highlight = new Highlight(...(byColor.get(color) ?? []));
    highlight.priority = priority;
    CSS.highlights.set(highlightName(color), highlight);
  });
  const notes = new Highlight(...withNotes);
  notes.priority = HIGHLIGHT_COLORS.length;
  CSS.highlights.set(NOTE_HIGHLIGHT, notes);
  const active = new Highlight();
  active.priority = HIGHLIGHT_COLORS.length + 1;
  CSS.highlights.set(ACTIVE_HIGHLIGHT, active);
}

function afterNextFrame(): Promise<number> {
  return new Promise((resolve) => {
    requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    });
  });
}

async function frames(count: number): Promise<void> {
  for (let i = 0; i < count; i += 1) await afterNextFrame();
}

function wrapInMarks(root: HTMLElement, annotations: readonly Annotation[]): number {
  let marks = 0;
  // Blocks keep their data-start and their text while marks split the text nodes inside them, so one index serves every highlight.
  const index = blockIndex(root);
  for (const annotation of annotations) {
    const range = indexedRange(index, annotation.start, annotation.end);
    if (!range) continue;
    const container = range.commonAncestorContainer;
    const texts: Text[] = [];
    if (container.nodeType === Node.TEXT_NODE) texts.push(container as Text);
    else {
      const walker = document.createTreeWalker(container, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) if (range.intersectsNode(node)) texts.push(node as Text);
    }
    for (const text of texts) {
      const from = text === range.startContainer ? range.startOffset : 0;
      const to = text === range.endContainer ? range.endOffset : text.data.length;
      if (to <= from) continue;
      let target = text;
      if (from > 0) target = target.splitText(from);
      if (to - from < target.data.length) target.splitText(to - from);
      const mark = document.createElement('mark');
      mark.className = `${MARK_CLASS} ${MARK_CLASS}-${annotation.color}`;
      target.parentNode?.insertBefore(mark, target);
      mark.appendChild(target);
      marks += 1;
    }
  }
  return marks;
}

let styled = false;
function ensureMarkStyle(): void {
  if (styled) return;
  styled = true;
  const style = document.createElement('style');
  // The same colours as the ::highlight() rules, from the app's own variables.
  style.textContent = HIGHLIGHT_COLORS.map((color) => `mark.${MARK_CLASS}-${color} { background-color: var(--hl-${color}); color: inherit; }`).join('\n');
  document.head.appendChild(style);
}

export interface PaintTiming {
  /** Building ranges and registering highlights, or wrapping marks: script time only. */
  scriptMs: number;
  /** From the start of the work to the end of the next frame. */
  totalMs: number;
  /** Highlights registered, or <mark> elements inserted. */
  count: number;
}

/** Paints on a copy of the article body (the app's own body is hidden meanwhile, then restored). */
async function paintOnCopy(kind: 'ours' | 'ours-indexed' | 'marks', annotations: readonly Annotation[]): Promise<PaintTiming> {
  const body = document.querySelector<HTMLElement>('.article-body');
  if (!body) throw new Error('probe: no .article-body on the page');
  ensureMarkStyle();
  clearPaint();
  const copy = body.cloneNode(true) as HTMLElement;
  body.hidden = true;
  body.after(copy);
  await frames(3);
  await new Promise((resolve) => setTimeout(resolve, 100));
  await frames(2);

  const began = performance.now();
  let count = 0;
  if (kind === 'ours' || kind === 'ours-indexed') {
    if (kind === 'ours') paintAnnotations(copy, annotations, null);
    else paintIndexed(copy, annotations);
    for (const color of HIGHLIGHT_COLORS) count += CSS.highlights.get(highlightName(color))?.size ?? 0;
  } else {
    count = wrapInMarks(copy, annotations);
  }
  const scripted = performance.now();
  const painted = await afterNextFrame();

  clearPaint();
  copy.remove();
  body.hidden = false;
  await frames(3);
  return { scriptMs: scripted - began, totalMs: painted - began, count };
}

/** The app's rangeOfOffsets against the block index, for the same 1,000 ranges (script time only). */
function mappingCost(annotations: readonly Annotation[]): { appMs: number; indexedMs: number } {
  const body = document.querySelector<HTMLElement>('.article-body');
  if (!body) throw new Error('probe: no .article-body on the page');
  let began = performance.now();
  for (const annotation of annotations) rangeOfOffsets(body, annotation.start, annotation.end);
  const appMs = performance.now() - began;
  began = performance.now();
  const index = blockIndex(body);
  for (const annotation of annotations) indexedRange(index, annotation.start, annotation.end);
  return { appMs, indexedMs: performance.now() - began };
}

const probe = { paintOnCopy, mappingCost, frames };
(window as unknown as { __glossBenchProbe: typeof probe }).__glossBenchProbe = probe;
export type Probe = typeof probe;
