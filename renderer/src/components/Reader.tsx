import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Annotation, Article, ColorSetting, HighlightColor } from '../../../preload/api';
import { formatCount, formatDate, readingMinutes, sourceLabel } from '../format';
import { annotationsAt, clearPaint, hasNote, paintAnnotations } from '../highlight-painter';
import { offsetAtViewportPoint, offsetsOfRange, rangeOfOffsets } from '../text-offsets';
import { snapToWords } from '../word-snap';
import type { ScrollLink } from '../scroll-link';
import type { HighlightLayout } from './AnnotationsPane';
import { ArticleBody } from './ArticleBody';
import { FindBar } from './FindBar';
import { OverlapPicker } from './OverlapPicker';
import { SelectionToolbar } from './SelectionToolbar';

export interface ScrollRequest {
  annotationId: string;
  /** Changes on every request, so asking twice for the same highlight scrolls twice. */
  nonce: number;
}

/** What to do right after highlighting from the keyboard. */
export type AfterHighlight = 'stay' | 'note' | 'tags';

interface ReaderProps {
  article: Article;
  annotations: readonly Annotation[];
  activeId: string | null;
  colors: readonly ColorSetting[];
  defaultColor: HighlightColor;
  scrollRequest: ScrollRequest | null;
  scrollLink: ScrollLink;
  onCreate: (range: { start: number; end: number }, color: HighlightColor, then: AfterHighlight) => void;
  onActivate: (annotationId: string) => void;
  onProgress: (progress: number) => void;
  onSelectionChange: (range: { start: number; end: number } | null) => void;
  onLayout: (layout: HighlightLayout) => void;
  /** A place to show (a search match): scrolled to and marked for a moment. */
  focusRange: { start: number; end: number; nonce: number } | null;
  /** Whether the find bar is open. */
  finding: boolean;
  onCloseFind: () => void;
}

interface PendingSelection {
  start: number;
  end: number;
  top: number;
  left: number;
}

interface Preview {
  note: string;
  top: number;
  left: number;
}

const TOOLBAR_WIDTH = 250;

/** The reading pane: the article, its painted highlights, and the selection toolbar. */
export function Reader(props: ReaderProps) {
  const { article, annotations, activeId, colors, defaultColor, scrollRequest, scrollLink, onCreate, onActivate, onProgress, onSelectionChange, onLayout, focusRange, finding, onCloseFind } =
    props;
  const scrollerRef = useRef<HTMLElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const [selection, setSelection] = useState<PendingSelection | null>(null);
  const [picker, setPicker] = useState<{ choices: Annotation[]; top: number; left: number } | null>(null);
  const [preview, setPreview] = useState<Preview | null>(null);
  // Stable, so the picker's dismiss handling is not re-run (and focus not reset) on every render.
  const closePicker = useCallback(() => setPicker(null), []);

  const measure = useCallback(() => {
    const body = bodyRef.current;
    const scroller = scrollerRef.current;
    if (!body || !scroller) return;
    const frameTop = scroller.getBoundingClientRect().top;
    const positions = new Map<string, number>();
    for (const annotation of annotations) {
      if (annotation.orphaned) continue;
      const range = rangeOfOffsets(body, annotation.start, annotation.end);
      const rect = range?.getClientRects()[0];
      if (rect) positions.set(annotation.id, rect.top - frameTop + scroller.scrollTop);
    }
    onLayout({ positions, contentHeight: scroller.scrollHeight });
  }, [annotations, onLayout]);

  useLayoutEffect(() => {
    if (bodyRef.current) paintAnnotations(bodyRef.current, annotations, activeId);
  }, [article, annotations, activeId]);
  useEffect(() => clearPaint, []);

  // Tell the margin where each highlight is, once the frame showing the text has been painted, and whenever the text
  // reflows. Measuring asks the layout for every highlight's box (tens of milliseconds for a thousand): done before the
  // first paint, it kept a long article off the screen for that long, for cards that are laid out after the paint anyway.
  useEffect(() => {
    const body = bodyRef.current;
    if (!body) return undefined;
    let frame = 0;
    let timer = 0;
    const measureAfterPaint = (): void => {
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
      // A frame callback runs just before the paint; a task queued from it runs just after.
      frame = requestAnimationFrame(() => {
        timer = window.setTimeout(measure, 0);
      });
    };
    measureAfterPaint();
    const observer = new ResizeObserver(measureAfterPaint);
    observer.observe(body);
    return () => {
      observer.disconnect();
      cancelAnimationFrame(frame);
      window.clearTimeout(timer);
    };
  }, [measure]);

  // Restore the reading position once per opened article.
  useLayoutEffect(() => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    const max = scroller.scrollHeight - scroller.clientHeight;
    scroller.scrollTop = max > 0 ? Math.round(article.progress * max) : 0;
    // The opened article takes the keyboard (Space, Page Down, arrows), unless the person is typing elsewhere.
    const active = document.activeElement;
    if (!active || active === document.body || active.closest('nav .library-item')) scroller.focus({ preventScroll: true });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when another article opens
  }, [article.id]);

  // Keep the margin in step with scrolling, and save the reading position once scrolling settles.
  useEffect(() => {
    const scroller = scrollerRef.current;
    if (!scroller) return undefined;
    let timer: number | undefined;
    const publish = (): void => scrollLink.publish(scroller.scrollTop, scroller.getBoundingClientRect().top);
    const onScroll = (): void => {
      publish();
      setPreview(null);
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        const max = scroller.scrollHeight - scroller.clientHeight;
        onProgress(max > 0 ? Math.min(1, Math.max(0, scroller.scrollTop / max)) : 0);
      }, 600);
    };
    const detach = scrollLink.attachScroller((delta) => scroller.scrollBy({ top: delta }));
    publish();
    scroller.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      window.clearTimeout(timer);
      scroller.removeEventListener('scroll', onScroll);
      detach();
    };
  }, [article.id, onProgress, scrollLink]);

  useEffect(() => {
    if (!scrollRequest || !bodyRef.current || !scrollerRef.current) return;
    const annotation = annotations.find((candidate) => candidate.id === scrollRequest.annotationId);
    if (!annotation || annotation.orphaned) return;
    const range = rangeOfOffsets(bodyRef.current, annotation.start, annotation.end);
    if (!range) return;
    const scroller = scrollerRef.current;
    const rect = range.getBoundingClientRect();
    const frame = scroller.getBoundingClientRect();
    const target = scroller.scrollTop + rect.top - frame.top - frame.height / 3;
    scroller.scrollTo({ top: Math.max(0, target), behavior: 'smooth' });
    // eslint-disable-next-line react-hooks/exhaustive-deps -- act on each new request only
  }, [scrollRequest]);

  // Show a search match: scroll to it and mark it until the next click.
  useEffect(() => {
    const body = bodyRef.current;
    const scroller = scrollerRef.current;
    if (!focusRange || !body || !scroller) return undefined;
    const range = rangeOfOffsets(body, focusRange.start, focusRange.end);
    if (!range) return undefined;
    const rect = range.getBoundingClientRect();
    const frame = scroller.getBoundingClientRect();
    scroller.scrollTo({ top: Math.max(0, scroller.scrollTop + rect.top - frame.top - frame.height / 3) });
    CSS.highlights?.set('gloss-search', new Highlight(range));
    const clear = (): void => void CSS.highlights?.delete('gloss-search');
    document.addEventListener('mousedown', clear, { once: true });
    return () => {
      document.removeEventListener('mousedown', clear);
      clear();
    };
  }, [focusRange]);

  const clearSelection = useCallback(() => {
    setSelection(null);
    onSelectionChange(null);
  }, [onSelectionChange]);

  const readSelection = useCallback((): void => {
    const body = bodyRef.current;
    const current = window.getSelection();
    if (!body || !current || current.rangeCount === 0 || current.isCollapsed) return clearSelection();
    const range = current.getRangeAt(0);
    const raw = offsetsOfRange(body, range);
    const offsets = raw ? snapToWords(article.text, raw.start, raw.end) : null;
    if (!offsets || article.text.slice(offsets.start, offsets.end).trim().length === 0) return clearSelection();
    const rect = range.getBoundingClientRect();
    const top = rect.top > 64 ? rect.top - 52 : rect.bottom + 10;
    const left = Math.min(window.innerWidth - TOOLBAR_WIDTH - 8, Math.max(8, rect.left + rect.width / 2 - TOOLBAR_WIDTH / 2));
    setSelection({ ...offsets, top, left });
    onSelectionChange(offsets);
  }, [article.text, clearSelection, onSelectionChange]);

  useEffect(() => {
    const onSelectionChangeEvent = (): void => {
      const current = window.getSelection();
      if (!current || current.isCollapsed) clearSelection();
    };
    document.addEventListener('selectionchange', onSelectionChangeEvent);
    return () => document.removeEventListener('selectionchange', onSelectionChangeEvent);
  }, [clearSelection]);

  // Keep the toolbar over the selection while the article scrolls.
  useEffect(() => {
    const scroller = scrollerRef.current;
    if (!scroller || !selection) return undefined;
    const follow = (): void => readSelection();
    scroller.addEventListener('scroll', follow, { passive: true });
    return () => scroller.removeEventListener('scroll', follow);
  }, [selection, readSelection]);

  const highlight = useCallback(
    (color: HighlightColor, then: AfterHighlight = 'stay'): void => {
      if (!selection) return;
      onCreate({ start: selection.start, end: selection.end }, color, then);
      window.getSelection()?.removeAllRanges();
      clearSelection();
    },
    [selection, onCreate, clearSelection],
  );

  // With text selected: H highlights, N highlights and opens the note, T the tags; 1–5 pick a colour.
  useEffect(() => {
    if (!selection) return undefined;
    const onKey = (event: KeyboardEvent): void => {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if ((event.target as Element | null)?.closest?.('input, textarea, select, [contenteditable="true"]')) return;
      const key = event.key.toLowerCase();
      const byNumber = /^[1-9]$/.test(key) ? colors[Number(key) - 1] : undefined;
      if (key === 'h') highlight(defaultColor);
      else if (key === 'n') highlight(defaultColor, 'note');
      else if (key === 't') highlight(defaultColor, 'tags');
      else if (byNumber) highlight(byNumber.id);
      else return;
      event.preventDefault();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [selection, colors, defaultColor, highlight]);

  const onBodyClick = (event: React.MouseEvent): void => {
    const current = window.getSelection();
    if (current && !current.isCollapsed) return;
    if ((event.target as Element).closest('a')) return;
    const body = bodyRef.current;
    if (!body) return;
    const offset = offsetAtViewportPoint(body, event.clientX, event.clientY);
    if (offset === null) return;
    const hits = annotationsAt(annotations, offset);
    if (hits.length === 1) onActivate((hits[0] as Annotation).id);
    else if (hits.length > 1) setPicker({ choices: hits, top: event.clientY + 12, left: Math.min(event.clientX, window.innerWidth - 340) });
  };

  // Hovering a highlight that has a note shows the note.
  const hoverFrame = useRef(0);
  const onBodyMouseMove = (event: React.MouseEvent): void => {
    const { clientX, clientY, buttons } = event;
    if (buttons !== 0) return;
    cancelAnimationFrame(hoverFrame.current);
    hoverFrame.current = requestAnimationFrame(() => {
      const body = bodyRef.current;
      if (!body) return;
      const offset = offsetAtViewportPoint(body, clientX, clientY);
      const withNote = offset === null ? undefined : annotationsAt(annotations, offset).find(hasNote);
      if (!withNote) {
        setPreview((current) => (current ? null : current));
        return;
      }
      setPreview({ note: withNote.note, top: clientY + 18, left: Math.min(clientX, window.innerWidth - 320) });
    });
  };

  const meta = [
    article.publishedAt ? formatDate(article.publishedAt) : null,
    article.site ?? sourceLabel(article.source),
    `${formatCount(article.wordCount)} words`,
    `${readingMinutes(article.wordCount)} min read`,
  ].filter(Boolean);

  return (
    <main className="reader" ref={scrollerRef} aria-label="Reader" tabIndex={-1}>
      {finding && <FindBar text={article.text} bodyRef={bodyRef} scrollerRef={scrollerRef} onClose={onCloseFind} />}
      <article className="article" aria-labelledby="article-title">
        <header className="article-header">
          <h1 id="article-title">{article.title}</h1>
          <p className="article-meta">{meta.join(' · ')}</p>
        </header>
        <div
          className="article-body"
          ref={bodyRef}
          onMouseUp={readSelection}
          onKeyUp={readSelection}
          onClick={onBodyClick}
          onMouseMove={onBodyMouseMove}
          onMouseLeave={() => setPreview(null)}
        >
          <ArticleBody blocks={article.blocks} />
        </div>
      </article>
      {selection && (
        <SelectionToolbar position={{ top: selection.top, left: selection.left }} colors={colors} defaultColor={defaultColor} onHighlight={(color) => highlight(color)} />
      )}
      {picker && (
        <OverlapPicker
          choices={picker.choices}
          colors={colors}
          position={{ top: picker.top, left: picker.left }}
          onChoose={(id) => {
            setPicker(null);
            onActivate(id);
          }}
          onClose={closePicker}
        />
      )}
      {preview && !selection && !picker && (
        <div className="note-preview" role="tooltip" style={{ top: preview.top, left: preview.left }}>
          {preview.note.length > 280 ? `${preview.note.slice(0, 278)}…` : preview.note}
        </div>
      )}
    </main>
  );
}
