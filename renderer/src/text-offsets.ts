/**
 * Maps between DOM positions in the rendered article and offsets into the
 * article's canonical text.
 *
 * Every block element carries `data-start` (its canonical offset) and holds
 * exactly the block's text in its text nodes, so a position inside a block is
 * its start plus the length of the text before the position. Positions that
 * fall between blocks (or in the title) snap to the nearest block edge.
 */

const BLOCK_SELECTOR = '[data-start]';

interface BlockIndex {
  elements: HTMLElement[];
  starts: number[];
}

/**
 * The article's block elements and their start offsets, found once per task:
 * painting 1,000 highlights maps 2,000 offsets, and querying the DOM for each
 * one made that the slowest part of opening an article. The cache is dropped
 * at the next microtask, so a re-render is always seen.
 */
const blockIndexes = new WeakMap<HTMLElement, BlockIndex>();

function blockIndex(root: HTMLElement): BlockIndex {
  let index = blockIndexes.get(root);
  if (!index) {
    const elements = [...root.querySelectorAll<HTMLElement>(BLOCK_SELECTOR)];
    index = { elements, starts: elements.map((element) => Number(element.dataset.start)) };
    blockIndexes.set(root, index);
    queueMicrotask(() => blockIndexes.delete(root));
  }
  return index;
}

function blockElements(root: HTMLElement): HTMLElement[] {
  return blockIndex(root).elements;
}

function blockStart(element: HTMLElement): number {
  return Number(element.dataset.start);
}

function textLengthBefore(block: HTMLElement, node: Node, offset: number): number {
  const range = document.createRange();
  range.setStart(block, 0);
  range.setEnd(node, offset);
  return range.toString().length;
}

/** The canonical offset of a DOM point, snapping to block edges ('forward' for a start, 'backward' for an end). */
export function offsetOfPoint(root: HTMLElement, node: Node, offset: number, snap: 'forward' | 'backward'): number | null {
  const host = node instanceof Element ? node : node.parentElement;
  const block = host?.closest<HTMLElement>(BLOCK_SELECTOR);
  if (block && root.contains(block)) return blockStart(block) + textLengthBefore(block, node, offset);

  const blocks = blockElements(root);
  if (snap === 'forward') {
    for (const candidate of blocks) {
      const range = document.createRange();
      range.selectNodeContents(candidate);
      if (range.comparePoint(node, offset) <= 0) return blockStart(candidate);
    }
    return null;
  }
  for (let index = blocks.length - 1; index >= 0; index -= 1) {
    const candidate = blocks[index] as HTMLElement;
    const range = document.createRange();
    range.selectNodeContents(candidate);
    if (range.comparePoint(node, offset) >= 0) return blockStart(candidate) + (candidate.textContent ?? '').length;
  }
  return null;
}

/** Canonical [start, end) of a DOM range, or null when it does not touch the article's text. */
export function offsetsOfRange(root: HTMLElement, range: Range): { start: number; end: number } | null {
  if (!root.contains(range.commonAncestorContainer) && range.commonAncestorContainer !== root) {
    if (!range.intersectsNode(root)) return null;
  }
  const start = offsetOfPoint(root, range.startContainer, range.startOffset, 'forward');
  const end = offsetOfPoint(root, range.endContainer, range.endOffset, 'backward');
  if (start === null || end === null || end <= start) return null;
  return { start, end };
}

/** The DOM point for a canonical offset, or null when the offset is outside every block. */
export function pointOfOffset(root: HTMLElement, target: number, bias: 'start' | 'end'): { node: Node; offset: number } | null {
  const { elements, starts } = blockIndex(root);
  // Binary search for the last block starting at or before the target.
  let low = 0;
  let high = elements.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if ((starts[middle] as number) <= target) {
      found = middle;
      low = middle + 1;
    } else high = middle - 1;
  }
  if (found === -1) return null;
  const block = elements[found] as HTMLElement;
  let remaining = target - (starts[found] as number);
  const walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT);
  let last: Text | null = null;
  for (let node = walker.nextNode() as Text | null; node; node = walker.nextNode() as Text | null) {
    const length = node.data.length;
    // An end offset that lands on a node boundary belongs to the earlier node.
    if (remaining < length || (remaining === length && bias === 'end')) return { node, offset: remaining };
    remaining -= length;
    last = node;
  }
  // The target is in the gap after this block: clamp to the block's end.
  return last ? { node: last, offset: last.data.length } : { node: block, offset: 0 };
}

export function rangeOfOffsets(root: HTMLElement, start: number, end: number): Range | null {
  const from = pointOfOffset(root, start, 'start');
  const to = pointOfOffset(root, end, 'end');
  if (!from || !to) return null;
  const range = document.createRange();
  range.setStart(from.node, from.offset);
  range.setEnd(to.node, to.offset);
  return range.collapsed ? null : range;
}

/** The canonical offset under a viewport point (for clicks on highlights). */
export function offsetAtViewportPoint(root: HTMLElement, x: number, y: number): number | null {
  const doc = document as Document & {
    caretPositionFromPoint?: (x: number, y: number) => { offsetNode: Node; offset: number } | null;
  };
  const position = doc.caretPositionFromPoint?.(x, y);
  if (position) {
    if (!root.contains(position.offsetNode)) return null;
    return offsetOfPoint(root, position.offsetNode, position.offset, 'forward');
  }
  const range = document.caretRangeFromPoint?.(x, y);
  if (!range || !root.contains(range.startContainer)) return null;
  return offsetOfPoint(root, range.startContainer, range.startOffset, 'forward');
}
