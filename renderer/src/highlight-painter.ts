import type { Annotation, HighlightColor } from '../../preload/api';
import { HIGHLIGHT_COLORS } from '../../preload/model';
import { rangeOfOffsets } from './text-offsets';

/**
 * Paints annotations with the CSS Custom Highlight API: ranges registered in
 * `CSS.highlights` and styled with `::highlight(name)`. The DOM is never
 * touched, so React's tree does not depend on annotations and overlapping
 * highlights simply layer.
 */
export const ACTIVE_HIGHLIGHT = 'gloss-active';
export const NOTE_HIGHLIGHT = 'gloss-has-note';

export function highlightName(color: HighlightColor): string {
  return `gloss-${color}`;
}

/** Whether a highlight carries a note: it is then underlined in the text (NOTE_HIGHLIGHT). */
export function hasNote(annotation: Pick<Annotation, 'note'>): boolean {
  return annotation.note.trim().length > 0;
}

export function supportsCustomHighlights(): boolean {
  return typeof CSS !== 'undefined' && 'highlights' in CSS && typeof Highlight !== 'undefined';
}

export function paintAnnotations(root: HTMLElement, annotations: readonly Annotation[], activeId: string | null): void {
  if (!supportsCustomHighlights()) return;
  const byColor = new Map<HighlightColor, Range[]>(HIGHLIGHT_COLORS.map((color) => [color, []]));
  const withNotes: Range[] = [];
  const active: Range[] = [];
  for (const annotation of annotations) {
    if (annotation.orphaned) continue;
    const range = rangeOfOffsets(root, annotation.start, annotation.end);
    if (!range) continue;
    byColor.get(annotation.color)?.push(range);
    if (hasNote(annotation)) withNotes.push(range);
    if (annotation.id === activeId) active.push(range);
  }
  HIGHLIGHT_COLORS.forEach((color, index) => {
    const highlight = new Highlight(...(byColor.get(color) ?? []));
    highlight.priority = index;
    CSS.highlights.set(highlightName(color), highlight);
  });
  const noteHighlight = new Highlight(...withNotes);
  noteHighlight.priority = HIGHLIGHT_COLORS.length;
  CSS.highlights.set(NOTE_HIGHLIGHT, noteHighlight);
  const activeHighlight = new Highlight(...active);
  activeHighlight.priority = HIGHLIGHT_COLORS.length + 1;
  CSS.highlights.set(ACTIVE_HIGHLIGHT, activeHighlight);
}

export function clearPaint(): void {
  if (!supportsCustomHighlights()) return;
  for (const color of HIGHLIGHT_COLORS) CSS.highlights.delete(highlightName(color));
  CSS.highlights.delete(NOTE_HIGHLIGHT);
  CSS.highlights.delete(ACTIVE_HIGHLIGHT);
}

/** The annotations covering a canonical offset, the most specific (shortest) first. */
export function annotationsAt(annotations: readonly Annotation[], offset: number): Annotation[] {
  return annotations
    .filter((annotation) => !annotation.orphaned && annotation.start <= offset && offset < annotation.end)
    .sort((a, b) => a.end - a.start - (b.end - b.start));
}
