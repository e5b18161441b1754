import type { Annotation } from '../../../preload/model';
import { HIGHLIGHT_COLORS } from '../../../preload/model';
import { clearPaint, hasNote, highlightName, NOTE_HIGHLIGHT, paintAnnotations } from '../../../renderer/src/highlight-painter';
import { rangeOfOffsets } from '../../../renderer/src/text-offsets';

/**
 * Runs inside Chromium, on the app's own page (web mode), to compare two ways
 * of painting the same 1,000 highlights on the same rendered article:
 *
 * - ours: the renderer's paintAnnotations (Ranges registered with the CSS
 *   Custom Highlight API; the DOM is not touched);
 * - classic: wrapping each highlight's text in <mark> elements (split the
 *   text nodes at the range's ends, wrap every text node inside), as
 *   highlighters did before the Highlight API. Implemented here only to
 *   compare. It maps offsets with the app's own rangeOfOffsets (a block
 *   index found once, then a binary search), so the two differ only in how
 *   they paint; and it draws what ours draws: the highlight's colour, and
 *   for a highlight with a note the app's own note underline (its
 *   ::highlight(gloss-has-note) declarations, read from the page).
 *
 * Each is timed from the start of the work to the end of the next frame
 * (requestAnimationFrame, then a message: it runs once that frame's style,
 * layout and paint are done), on a fresh copy of the article's body.
 */

const MARK_CLASS = 'bench-mark';

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
  // Blocks keep their data-start and their text while marks split the text nodes inside them, so the app's block index serves every highlight.
  for (const annotation of annotations) {
    const range = rangeOfOffsets(root, annotation.start, annotation.end);
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
      mark.className = `${MARK_CLASS} ${MARK_CLASS}-${annotation.color}${hasNote(annotation) ? ` ${MARK_CLASS}-note` : ''}`;
      target.parentNode?.insertBefore(mark, target);
      mark.appendChild(target);
      marks += 1;
    }
  }
  return marks;
}

/** The declarations of the app's ::highlight() rule for highlights with a note: the marks copy them, so both ways draw the same. */
function noteDeclarations(): string {
  for (const sheet of Array.from(document.styleSheets)) {
    for (const rule of Array.from(sheet.cssRules)) {
      if (rule instanceof CSSStyleRule && rule.selectorText === `::highlight(${NOTE_HIGHLIGHT})`) return rule.style.cssText;
    }
  }
  throw new Error(`probe: the page has no ::highlight(${NOTE_HIGHLIGHT}) rule to draw notes with`);
}

let styled = false;
function ensureMarkStyle(): void {
  if (styled) return;
  const style = document.createElement('style');
  // The same colours as the ::highlight() rules, from the app's own variables, and the same note underline.
  style.textContent = [...HIGHLIGHT_COLORS.map((color) => `mark.${MARK_CLASS}-${color} { background-color: var(--hl-${color}); color: inherit; }`), `mark.${MARK_CLASS}-note { ${noteDeclarations()} }`].join('\n');
  document.head.appendChild(style);
  styled = true;
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
async function paintOnCopy(kind: 'ours' | 'marks', annotations: readonly Annotation[]): Promise<PaintTiming> {
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
  if (kind === 'ours') {
    paintAnnotations(copy, annotations, null);
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

/** The app's rangeOfOffsets for the same 1,000 ranges (script time only). */
function mappingCost(annotations: readonly Annotation[]): { appMs: number } {
  const body = document.querySelector<HTMLElement>('.article-body');
  if (!body) throw new Error('probe: no .article-body on the page');
  const began = performance.now();
  for (const annotation of annotations) rangeOfOffsets(body, annotation.start, annotation.end);
  return { appMs: performance.now() - began };
}

const probe = { paintOnCopy, mappingCost, frames };
(window as unknown as { __glossBenchProbe: typeof probe }).__glossBenchProbe = probe;
export type Probe = typeof probe;
