import { useCallback, useEffect, useLayoutEffect, useRef, useState } from 'react';
import type { Annotation, Article, ColorSetting, HighlightColor } from '../../../preload/api';
import { formatDate, readingMinutes, sourceLabel } from '../format';
import { annotationsAt, clearPaint, paintAnnotations } from '../highlight-painter';
import { offsetAtViewportPoint, offsetsOfRange, rangeOfOffsets } from '../text-offsets';
import { snapToWords } from '../word-snap';
import { ArticleBody } from './ArticleBody';
import { SelectionToolbar } from './SelectionToolbar';

export interface ScrollRequest {
  annotationId: string;
  /** Changes on every request, so asking twice for the same highlight scrolls twice. */
  nonce: number;
}

interface ReaderProps {
  article: Article;
  annotations: readonly Annotation[];
  activeId: string | null;
  colors: readonly ColorSetting[];
  defaultColor: HighlightColor;
  scrollRequest: ScrollRequest | null;
  onCreate: (range: { start: number; end: number }, color: HighlightColor) => void;
  onActivate: (annotationId: string) => void;
  onProgress: (progress: number) => void;
}

interface PendingSelection {
  start: number;
  end: number;
  top: number;
  left: number;
}

const TOOLBAR_WIDTH = 250;

/** The reading pane: the article, its painted highlights, and the selection toolbar. */
export function Reader(props: ReaderProps) {
  const { article, annotations, activeId, colors, defaultColor, scrollRequest, onCreate, onActivate, onProgress } = props;
  const scrollerRef = useRef<HTMLElement>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const [selection, setSelection] = useState<PendingSelection | null>(null);

  useLayoutEffect(() => {
    if (bodyRef.current) paintAnnotations(bodyRef.current, annotations, activeId);
  }, [article, annotations, activeId]);
  useEffect(() => clearPaint, []);

  // Restore the reading position once per opened article.
  useLayoutEffect(() => {
    const scroller = scrollerRef.current;
    if (!scroller) return;
    const max = scroller.scrollHeight - scroller.clientHeight;
    scroller.scrollTop = max > 0 ? Math.round(article.progress * max) : 0;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- only when another article opens
  }, [article.id]);

  // Save the reading position after scrolling settles.
  useEffect(() => {
    const scroller = scrollerRef.current;
    if (!scroller) return undefined;
    let timer: number | undefined;
    const onScroll = (): void => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        const max = scroller.scrollHeight - scroller.clientHeight;
        onProgress(max > 0 ? Math.min(1, Math.max(0, scroller.scrollTop / max)) : 0);
      }, 600);
    };
    scroller.addEventListener('scroll', onScroll, { passive: true });
    return () => {
      window.clearTimeout(timer);
      scroller.removeEventListener('scroll', onScroll);
    };
  }, [article.id, onProgress]);

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

  const readSelection = useCallback((): void => {
    const body = bodyRef.current;
    const current = window.getSelection();
    if (!body || !current || current.rangeCount === 0 || current.isCollapsed) {
      setSelection(null);
      return;
    }
    const range = current.getRangeAt(0);
    const raw = offsetsOfRange(body, range);
    const offsets = raw ? snapToWords(article.text, raw.start, raw.end) : null;
    if (!offsets || article.text.slice(offsets.start, offsets.end).trim().length === 0) {
      setSelection(null);
      return;
    }
    const rect = range.getBoundingClientRect();
    const top = rect.top > 64 ? rect.top - 52 : rect.bottom + 10;
    const left = Math.min(window.innerWidth - TOOLBAR_WIDTH - 8, Math.max(8, rect.left + rect.width / 2 - TOOLBAR_WIDTH / 2));
    setSelection({ ...offsets, top, left });
  }, [article.text]);

  useEffect(() => {
    const onSelectionChange = (): void => {
      const current = window.getSelection();
      if (!current || current.isCollapsed) setSelection(null);
    };
    document.addEventListener('selectionchange', onSelectionChange);
    return () => document.removeEventListener('selectionchange', onSelectionChange);
  }, []);

  // Keep the toolbar over the selection while the article scrolls.
  useEffect(() => {
    const scroller = scrollerRef.current;
    if (!scroller || !selection) return undefined;
    const follow = (): void => readSelection();
    scroller.addEventListener('scroll', follow, { passive: true });
    return () => scroller.removeEventListener('scroll', follow);
  }, [selection, readSelection]);

  const highlight = (color: HighlightColor): void => {
    if (!selection) return;
    onCreate({ start: selection.start, end: selection.end }, color);
    window.getSelection()?.removeAllRanges();
    setSelection(null);
  };

  const onBodyClick = (event: React.MouseEvent): void => {
    const current = window.getSelection();
    if (current && !current.isCollapsed) return;
    if ((event.target as Element).closest('a')) return;
    const body = bodyRef.current;
    if (!body) return;
    const offset = offsetAtViewportPoint(body, event.clientX, event.clientY);
    if (offset === null) return;
    const hit = annotationsAt(annotations, offset)[0];
    if (hit) onActivate(hit.id);
  };

  const meta = [
    article.publishedAt ? formatDate(article.publishedAt) : null,
    article.site ?? sourceLabel(article.source),
    `${article.wordCount.toLocaleString()} words`,
    `${readingMinutes(article.wordCount)} min read`,
  ].filter(Boolean);

  return (
    <main className="reader" ref={scrollerRef} aria-label="Reader">
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
        >
          <ArticleBody blocks={article.blocks} />
        </div>
      </article>
      {selection && (
        <SelectionToolbar
          position={{ top: selection.top, left: selection.left }}
          colors={colors}
          defaultColor={defaultColor}
          onHighlight={highlight}
        />
      )}
    </main>
  );
}
