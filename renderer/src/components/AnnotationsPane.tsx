import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { Annotation, ColorSetting, HighlightColor } from '../../../preload/api';
import type { ScrollLink } from '../scroll-link';
import { AnnotationCard } from './AnnotationCard';

/** Asks a card to scroll into view, and to take keyboard focus on itself, its note or its tag field. */
export interface CardRequest {
  id: string;
  nonce: number;
  focus: 'card' | 'note' | 'tags' | null;
}

/** Where each highlight sits in the reader, in the reader's scroll coordinates. */
export interface HighlightLayout {
  positions: ReadonlyMap<string, number>;
  contentHeight: number;
}


type PaneMode = 'margin' | 'list';
type SortOrder = 'position' | 'newest';

interface AnnotationsPaneProps {
  annotations: readonly Annotation[];
  colors: readonly ColorSetting[];
  knownTags: readonly string[];
  activeId: string | null;
  request: CardRequest | null;
  layout: HighlightLayout | null;
  scrollLink: ScrollLink;
  hasSelection: boolean;
  onSelect: (id: string) => void;
  onNoteChange: (id: string, note: string) => Promise<void>;
  onTagsChange: (id: string, tags: string[]) => void;
  onColorChange: (id: string, color: HighlightColor) => void;
  onDelete: (annotation: Annotation) => void;
  onReattach: (annotation: Annotation) => void;
  onLeave: () => void;
  onEditColors: () => void;
}

const CARD_GAP = 10;
const MODE_KEY = 'gloss-annotations-mode';

/**
 * The annotations beside the article. In margin mode each card sits level with
 * its highlight and moves as the article scrolls; in list mode they are a list
 * sorted by position or date. Both filter by colour and tag. Highlights whose
 * text disappeared are listed first, under "Needs attention".
 */
export function AnnotationsPane(props: AnnotationsPaneProps) {
  const { annotations, colors, knownTags, activeId, request, layout, scrollLink, hasSelection } = props;
  const [mode, setMode] = useState<PaneMode>(() => (localStorage.getItem(MODE_KEY) === 'list' ? 'list' : 'margin'));
  const [sort, setSort] = useState<SortOrder>('position');
  const [colorFilter, setColorFilter] = useState<HighlightColor | ''>('');
  const [tagFilter, setTagFilter] = useState('');

  useEffect(() => localStorage.setItem(MODE_KEY, mode), [mode]);

  const tagsInUse = useMemo(() => {
    const seen = new Map<string, string>();
    for (const annotation of annotations) for (const tag of annotation.tags) if (!seen.has(tag.toLowerCase())) seen.set(tag.toLowerCase(), tag);
    return [...seen.values()].sort((a, b) => a.localeCompare(b));
  }, [annotations]);

  const matches = useCallback(
    (annotation: Annotation) =>
      (colorFilter === '' || annotation.color === colorFilter) &&
      (tagFilter === '' || annotation.tags.some((tag) => tag.toLowerCase() === tagFilter.toLowerCase())),
    [colorFilter, tagFilter],
  );
  const orphans = annotations.filter((annotation) => annotation.orphaned);
  const placed = useMemo(() => {
    const list = annotations.filter((annotation) => !annotation.orphaned && matches(annotation));
    return sort === 'newest' && mode === 'list' ? [...list].sort((a, b) => b.createdAt.localeCompare(a.createdAt)) : list;
  }, [annotations, matches, sort, mode]);

  const renderCard = (annotation: Annotation, cardRef?: (element: HTMLElement | null) => void) => (
    <AnnotationCard
      key={annotation.id}
      annotation={annotation}
      colors={colors}
      knownTags={knownTags}
      active={annotation.id === activeId}
      request={request?.id === annotation.id ? request : null}
      onSelect={() => props.onSelect(annotation.id)}
      onNoteChange={(note) => props.onNoteChange(annotation.id, note)}
      onTagsChange={(tags) => props.onTagsChange(annotation.id, tags)}
      onColorChange={(color) => props.onColorChange(annotation.id, color)}
      onDelete={() => props.onDelete(annotation)}
      onLeave={props.onLeave}
      onReattach={annotation.orphaned && hasSelection ? () => props.onReattach(annotation) : undefined}
      {...(cardRef ? { cardRef } : {})}
    />
  );

  const filtered = colorFilter !== '' || tagFilter !== '';

  return (
    <aside className="annotations" aria-label="Annotations">
      <header className="pane-header">
        <div className="pane-title-row">
          <h2>Annotations</h2>
          <span className="count">{annotations.length}</span>
          <button type="button" className="button button-small pane-colors" onClick={props.onEditColors}>
            Colours…
          </button>
        </div>
        <div className="pane-controls">
          <div className="segmented" role="group" aria-label="Layout">
            <button type="button" aria-pressed={mode === 'margin'} onClick={() => setMode('margin')}>
              Margin
            </button>
            <button type="button" aria-pressed={mode === 'list'} onClick={() => setMode('list')}>
              List
            </button>
          </div>
          {mode === 'list' && (
            <select aria-label="Sort annotations" value={sort} onChange={(event) => setSort(event.target.value as SortOrder)}>
              <option value="position">By position</option>
              <option value="newest">Newest first</option>
            </select>
          )}
          <select aria-label="Show colour" value={colorFilter} onChange={(event) => setColorFilter(event.target.value as HighlightColor | '')}>
            <option value="">All colours</option>
            {colors.map((color) => (
              <option key={color.id} value={color.id}>
                {color.label}
              </option>
            ))}
          </select>
          {tagsInUse.length > 0 && (
            <select aria-label="Show tag" value={tagFilter} onChange={(event) => setTagFilter(event.target.value)}>
              <option value="">All tags</option>
              {tagsInUse.map((tag) => (
                <option key={tag} value={tag}>
                  #{tag}
                </option>
              ))}
            </select>
          )}
        </div>
      </header>

      {orphans.length > 0 && (
        <section className="needs-attention" aria-label="Needs attention">
          <h3>Needs attention ({orphans.length})</h3>
          <div className="card-list">{orphans.map((annotation) => renderCard(annotation))}</div>
        </section>
      )}

      {annotations.length === 0 ? (
        <p className="pane-empty">Select text in the article to highlight it. Your highlights, notes and tags appear here, level with the text.</p>
      ) : placed.length === 0 && filtered ? (
        <p className="pane-empty">No highlight matches these filters.</p>
      ) : mode === 'margin' && layout ? (
        <MarginLayout annotations={placed} activeId={activeId} layout={layout} scrollLink={scrollLink} renderCard={renderCard} />
      ) : (
        <div className="card-list card-list-scroll">{placed.map((annotation) => renderCard(annotation))}</div>
      )}
    </aside>
  );
}

interface MarginLayoutProps {
  annotations: readonly Annotation[];
  activeId: string | null;
  layout: HighlightLayout;
  scrollLink: ScrollLink;
  renderCard: (annotation: Annotation, cardRef: (element: HTMLElement | null) => void) => React.ReactNode;
}

/**
 * Cards level with their highlights. Each card wants the top of its highlight;
 * the active card gets it, and the others are pushed up or down just enough
 * not to overlap. The track moves with the reader's scroll position.
 */
function MarginLayout({ annotations, activeId, layout, scrollLink, renderCard }: MarginLayoutProps) {
  const viewport = useRef<HTMLDivElement>(null);
  const track = useRef<HTMLDivElement>(null);
  const slots = useRef(new Map<string, HTMLElement>());

  const place = useCallback(() => {
    const order = annotations
      .map((annotation) => ({ id: annotation.id, want: layout.positions.get(annotation.id) }))
      .filter((entry): entry is { id: string; want: number } => entry.want !== undefined)
      .sort((a, b) => a.want - b.want);
    const heights = order.map((entry) => slots.current.get(entry.id)?.offsetHeight ?? 0);
    const tops = order.map((entry) => entry.want);
    const anchorIndex = Math.max(0, order.findIndex((entry) => entry.id === activeId));
    for (let i = anchorIndex + 1; i < order.length; i += 1) {
      tops[i] = Math.max(tops[i] as number, (tops[i - 1] as number) + (heights[i - 1] as number) + CARD_GAP);
    }
    for (let i = anchorIndex - 1; i >= 0; i -= 1) {
      tops[i] = Math.min(tops[i] as number, (tops[i + 1] as number) - (heights[i] as number) - CARD_GAP);
    }
    // Nothing may start above the track: push the first cards back down.
    let floor = 0;
    order.forEach((entry, i) => {
      const top = Math.max(tops[i] as number, floor);
      floor = top + (heights[i] as number) + CARD_GAP;
      const slot = slots.current.get(entry.id);
      if (slot) slot.style.top = `${top}px`;
    });
    if (track.current) track.current.style.height = `${Math.max(layout.contentHeight, floor)}px`;
  }, [annotations, activeId, layout]);

  useLayoutEffect(() => {
    place();
    const observer = new ResizeObserver(() => place());
    for (const slot of slots.current.values()) observer.observe(slot);
    return () => observer.disconnect();
  }, [place]);

  useLayoutEffect(() => {
    const follow = (scrollTop: number, readerTop: number): void => {
      const top = viewport.current?.getBoundingClientRect().top ?? 0;
      if (track.current) track.current.style.transform = `translateY(${readerTop - top - scrollTop}px)`;
    };
    return scrollLink.follow(follow);
  }, [scrollLink]);

  return (
    <div
      className="margin-viewport"
      ref={viewport}
      // The margin has no scroll of its own: the wheel scrolls the article it follows.
      onWheel={(event) => scrollLink.scrollBy(event.deltaY)}
    >
      <div className="margin-track" ref={track}>
        {annotations.map((annotation) => (
          <div
            key={annotation.id}
            className="margin-slot"
            ref={(element) => {
              if (element) slots.current.set(annotation.id, element);
              else slots.current.delete(annotation.id);
            }}
          >
            {renderCard(annotation, () => undefined)}
          </div>
        ))}
      </div>
    </div>
  );
}
