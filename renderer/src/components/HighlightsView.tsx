import { useEffect, useState } from 'react';
import type { ColorSetting, HighlightColor, HighlightWithArticle, TagCount } from '../../../preload/api';
import { call } from '../api';
import { formatDate } from '../format';

interface HighlightsViewProps {
  /** A tag, or null for every highlight. */
  tag: string | null;
  tags: readonly TagCount[];
  colors: readonly ColorSetting[];
  /** Changes when annotations change anywhere, so the list reloads. */
  revision: number;
  onOpenHighlight: (articleId: string, annotationId: string) => void;
  onRenameTag: (from: string, to: string) => Promise<void>;
  onDeleteTag: (tag: string) => Promise<void>;
  onError: (error: unknown) => void;
}

/**
 * Highlights across every article: those with one tag (the Tags view), or all
 * of them, newest first, filterable by colour, tag and text.
 */
export function HighlightsView(props: HighlightsViewProps) {
  const { tag, tags, colors, revision, onError } = props;
  const [color, setColor] = useState<HighlightColor | ''>('');
  const [tagFilter, setTagFilter] = useState('');
  const [query, setQuery] = useState('');
  const [items, setItems] = useState<HighlightWithArticle[] | null>(null);
  const [renaming, setRenaming] = useState(false);
  const [newName, setNewName] = useState(tag ?? '');
  const effectiveTag = tag ?? (tagFilter || undefined);

  useEffect(() => {
    let cancelled = false;
    call('listHighlights', {
      ...(effectiveTag ? { tag: effectiveTag } : {}),
      ...(color ? { color } : {}),
      ...(query.trim() ? { query: query.trim() } : {}),
    })
      .then((found) => {
        if (!cancelled) setItems(found);
      })
      .catch(onError);
    return () => {
      cancelled = true;
    };
  }, [effectiveTag, color, query, revision, onError]);

  const labelOf = (id: HighlightColor): string => colors.find((entry) => entry.id === id)?.label ?? id;
  const heading = tag === null ? 'All highlights' : `#${tag}`;

  return (
    <main className="reader highlights-view" aria-label="Highlights">
      <div className="highlights-inner">
        <header className="highlights-header">
          <h1>{heading}</h1>
          <p className="article-meta">
            {items === null ? 'Loading…' : `${items.length} highlight${items.length === 1 ? '' : 's'}${tag === null ? ', newest first' : ' across your library'}`}
          </p>
          {tag !== null && !renaming && (
            <div className="tag-actions">
              <button type="button" className="button" onClick={() => setRenaming(true)}>
                Rename tag
              </button>
              <button
                type="button"
                className="button button-danger"
                onClick={() => {
                  if (window.confirm(`Remove the tag #${tag} from every highlight? The highlights themselves stay.`)) void props.onDeleteTag(tag);
                }}
              >
                Delete tag
              </button>
            </div>
          )}
          {tag !== null && renaming && (
            <form
              className="tag-actions"
              onSubmit={(event) => {
                event.preventDefault();
                if (newName.trim()) void props.onRenameTag(tag, newName.trim()).then(() => setRenaming(false));
              }}
            >
              <input
                className="search"
                aria-label="New tag name"
                value={newName}
                autoFocus
                onChange={(event) => setNewName(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === 'Escape') setRenaming(false);
                }}
              />
              <button type="submit" className="button">
                Rename
              </button>
              <span className="hint">Renaming to a tag that exists merges the two.</span>
            </form>
          )}
          <div className="filters">
            <input className="search" type="search" aria-label="Filter highlights" placeholder="Filter by text" value={query} onChange={(event) => setQuery(event.target.value)} />
            <select aria-label="Filter by colour" value={color} onChange={(event) => setColor(event.target.value as HighlightColor | '')}>
              <option value="">All colours</option>
              {colors.map((entry) => (
                <option key={entry.id} value={entry.id}>
                  {entry.label}
                </option>
              ))}
            </select>
            {tag === null && (
              <select aria-label="Filter by tag" value={tagFilter} onChange={(event) => setTagFilter(event.target.value)}>
                <option value="">All tags</option>
                {tags.map((entry) => (
                  <option key={entry.tag} value={entry.tag}>
                    #{entry.tag} ({entry.count})
                  </option>
                ))}
              </select>
            )}
          </div>
        </header>
        {items !== null && items.length === 0 && <p className="pane-empty">No highlight matches.</p>}
        <ul className="highlight-list">
          {(items ?? []).map(({ annotation, articleTitle }) => (
            <li key={annotation.id}>
              <article className={`card card-${annotation.color}`} aria-label={`Highlight from ${articleTitle}`}>
                <div className="card-head">
                  <span className={`swatch swatch-${annotation.color}`} aria-hidden="true" />
                  <span className="card-label">{labelOf(annotation.color)}</span>
                  <span className="card-date">{formatDate(annotation.createdAt)}</span>
                </div>
                <blockquote className="card-quote card-quote-full">{annotation.quote}</blockquote>
                {annotation.note && <p className="card-note-text">{annotation.note}</p>}
                {annotation.tags.length > 0 && (
                  <p className="card-tag-line">
                    {annotation.tags.map((name) => (
                      <span key={name} className="tag tag-static">
                        #{name}
                      </span>
                    ))}
                  </p>
                )}
                <button type="button" className="link-button" onClick={() => props.onOpenHighlight(annotation.articleId, annotation.id)}>
                  {articleTitle}
                  {annotation.orphaned ? ' (needs attention)' : ''} →
                </button>
              </article>
            </li>
          ))}
        </ul>
      </div>
    </main>
  );
}
