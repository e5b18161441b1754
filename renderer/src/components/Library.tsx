import { memo, useEffect, useMemo, useRef, useState } from 'react';
import type { ArticleSummary, SearchHit, TagCount } from '../../../preload/api';
import { call } from '../api';
import { SearchResults } from './SearchResults';
import { formatCount, formatDate, readingMinutes } from '../format';

export type LibraryTab = 'articles' | 'tags';
type SortOrder = 'opened' | 'added' | 'published' | 'title';

const SORTS: { id: SortOrder; label: string }[] = [
  { id: 'opened', label: 'Recently opened' },
  { id: 'added', label: 'Date added' },
  { id: 'published', label: 'Published date' },
  { id: 'title', label: 'Title' },
];
const SORT_KEY = 'gloss-library-sort';

/**
 * Timestamps are ISO 8601 (dates alone for publishedAt), whose text order is
 * their time order: plain comparison, not localeCompare, which collates and
 * costs far more over the ten thousand comparisons of a 1,000-article sort.
 */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// One collator, made once: localeCompare with options builds one per call.
const titleCollator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true });
const plainCollator = new Intl.Collator();

function compareArticles(order: SortOrder): (a: ArticleSummary, b: ArticleSummary) => number {
  switch (order) {
    case 'opened':
      return (a, b) => compareText(b.openedAt ?? '', a.openedAt ?? '') || compareText(b.addedAt, a.addedAt);
    case 'added':
      return (a, b) => compareText(b.addedAt, a.addedAt);
    case 'published':
      return (a, b) => compareText(b.publishedAt ?? '', a.publishedAt ?? '') || plainCollator.compare(a.title, b.title);
    case 'title':
      return (a, b) => titleCollator.compare(a.title, b.title);
  }
}

function articleMeta(article: ArticleSummary): string {
  return [
    article.site ?? null,
    article.publishedAt ? formatDate(article.publishedAt) : null,
    `${formatCount(article.wordCount)} words · ${readingMinutes(article.wordCount)} min`,
    article.highlightCount > 0 ? `${article.highlightCount} highlight${article.highlightCount === 1 ? '' : 's'}` : null,
  ]
    .filter(Boolean)
    .join(' · ');
}

interface LibraryRowProps {
  article: ArticleSummary;
  current: boolean;
  onOpen: (id: string) => void;
}

/**
 * One article in the list. Memoized: the list holds every article (a
 * thousand or more), and opening one, or saving reading progress, changes one
 * or two rows, so the rest are not rendered again. Rows off screen are not
 * laid out or painted either (content-visibility in styles.css), yet every
 * row stays in the document for screen readers, Tab and the browser's find.
 */
const LibraryRow = memo(function LibraryRow({ article, current, onOpen }: LibraryRowProps) {
  return (
    <li className="library-row">
      <button
        type="button"
        className="library-item"
        aria-current={current ? 'true' : undefined}
        aria-label={article.title}
        aria-describedby={`meta-${article.id}`}
        onClick={() => onOpen(article.id)}
      >
        <span className="library-title">{article.title}</span>
        <span className="library-meta" id={`meta-${article.id}`}>
          {articleMeta(article)}
        </span>
        {article.progress > 0.01 && (
          <span className="library-progress" aria-hidden="true">
            <span style={{ width: `${Math.round(article.progress * 100)}%` }} />
          </span>
        )}
      </button>
    </li>
  );
});

interface LibraryProps {
  articles: readonly ArticleSummary[];
  tags: readonly TagCount[];
  totalHighlights: number;
  currentArticleId: string | null;
  /** The tag shown in the centre (null: all highlights), or undefined when the reader is shown. */
  currentTag: string | null | undefined;
  tab: LibraryTab;
  onTabChange: (tab: LibraryTab) => void;
  onOpenArticle: (id: string) => void;
  onOpenTag: (tag: string | null) => void;
  onImportFiles: (files: File[]) => void;
  onOpenSearchHit: (hit: SearchHit) => void;
}

/**
 * The left pane: the articles, or the tags with their counts. Tags come first
 * in Gloss — choosing one shows every highlight that carries it.
 */
export function Library(props: LibraryProps) {
  const { articles, tags, totalHighlights, currentArticleId, currentTag, tab, onOpenArticle } = props;
  const [query, setQuery] = useState('');
  const [sort, setSort] = useState<SortOrder>(() => (SORTS.some((option) => option.id === localStorage.getItem(SORT_KEY)) ? (localStorage.getItem(SORT_KEY) as SortOrder) : 'opened'));
  const [tagFilter, setTagFilter] = useState('');
  const fileInput = useRef<HTMLInputElement>(null);
  const needle = query.trim().toLocaleLowerCase();
  const searching = tab === 'articles' && needle.length >= 2;
  const [hits, setHits] = useState<{ query: string; hits: SearchHit[] } | null>(null);

  // Full-text search across articles, highlights, notes and tags, a moment after typing stops.
  useEffect(() => {
    if (!searching) return undefined;
    let cancelled = false;
    const timer = window.setTimeout(() => {
      call('searchLibrary', { query })
        .then((found) => {
          if (!cancelled) setHits({ query, hits: found });
        })
        .catch(() => {
          if (!cancelled) setHits({ query, hits: [] });
        });
    }, 120);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [query, searching]);

  const visibleArticles = useMemo(() => {
    const wanted = tagFilter.toLocaleLowerCase();
    return articles
      .filter((article) => wanted === '' || article.tags.some((tag) => tag.toLocaleLowerCase() === wanted || tag.toLocaleLowerCase().startsWith(`${wanted}/`)))
      .sort(compareArticles(sort));
  }, [articles, sort, tagFilter]);
  const visibleTags = useMemo(() => tags.filter((entry) => needle.length === 0 || entry.tag.toLocaleLowerCase().includes(needle)), [tags, needle]);

  return (
    <nav className="library" aria-label="Library">
      <header className="library-header">
        <div className="library-title-row">
          <h1 className="app-name">Gloss</h1>
          <button type="button" className="button button-small" onClick={() => fileInput.current?.click()}>
            Import…
          </button>
          <input
            ref={fileInput}
            type="file"
            multiple
            hidden
            aria-label="Import files"
            accept=".txt,.text,.md,.markdown,.html,.htm,text/plain,text/markdown,text/html"
            onChange={(event) => {
              const files = [...(event.target.files ?? [])];
              event.target.value = '';
              if (files.length > 0) props.onImportFiles(files);
            }}
          />
        </div>
        <input
          className="search"
          type="search"
          role="searchbox"
          aria-label="Search"
          placeholder={tab === 'articles' ? 'Search everything' : 'Search tags'}
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
        <div className="tabs" role="tablist" aria-label="Library view">
          {(['articles', 'tags'] as const).map((name) => (
            <button
              key={name}
              type="button"
              role="tab"
              id={`tab-${name}`}
              aria-selected={tab === name}
              aria-controls={`panel-${name}`}
              className="tab"
              onClick={() => props.onTabChange(name)}
            >
              {name === 'articles' ? `Articles (${articles.length})` : `Tags (${tags.length})`}
            </button>
          ))}
        </div>
      </header>

      {searching ? (
        <div className="library-panel">
          <SearchResults query={query.trim()} hits={hits && hits.query === query ? hits.hits : null} onOpen={props.onOpenSearchHit} />
        </div>
      ) : tab === 'articles' ? (
        <div role="tabpanel" id="panel-articles" aria-labelledby="tab-articles" className="library-panel">
          <div className="library-controls">
            <select
              aria-label="Sort articles"
              value={sort}
              onChange={(event) => {
                setSort(event.target.value as SortOrder);
                localStorage.setItem(SORT_KEY, event.target.value);
              }}
            >
              {SORTS.map((option) => (
                <option key={option.id} value={option.id}>
                  {option.label}
                </option>
              ))}
            </select>
            {tags.length > 0 && (
              <select aria-label="Filter articles by tag" value={tagFilter} onChange={(event) => setTagFilter(event.target.value)}>
                <option value="">All tags</option>
                {tags.map((entry) => (
                  <option key={entry.tag} value={entry.tag}>
                    #{entry.tag}
                  </option>
                ))}
              </select>
            )}
          </div>
          {visibleArticles.length === 0 ? (
            <p className="library-empty">{articles.length === 0 ? 'Your library is empty. Import a text or Markdown file to start.' : 'No article matches.'}</p>
          ) : (
            <ul className="library-list">
              {visibleArticles.map((article) => (
                <LibraryRow key={article.id} article={article} current={article.id === currentArticleId && currentTag === undefined} onOpen={onOpenArticle} />
              ))}
            </ul>
          )}
        </div>
      ) : (
        <div role="tabpanel" id="panel-tags" aria-labelledby="tab-tags" className="library-panel">
          <ul className="library-list tag-index">
            <li>
              <button type="button" className="tag-index-item" aria-current={currentTag === null ? 'true' : undefined} onClick={() => props.onOpenTag(null)}>
                <span>All highlights</span>
                <span className="count">{totalHighlights}</span>
              </button>
            </li>
            {visibleTags.map((entry) => (
              <li key={entry.tag}>
                <button
                  type="button"
                  className="tag-index-item"
                  aria-current={currentTag !== undefined && currentTag !== null && currentTag.toLocaleLowerCase() === entry.tag.toLocaleLowerCase() ? 'true' : undefined}
                  aria-label={`${entry.tag}, ${entry.count} highlight${entry.count === 1 ? '' : 's'}`}
                  onClick={() => props.onOpenTag(entry.tag)}
                >
                  <span className={`tag-name depth-${Math.min(3, entry.tag.split('/').length - 1)}`}>#{entry.tag}</span>
                  <span className="count">{entry.count}</span>
                </button>
              </li>
            ))}
          </ul>
          {tags.length === 0 && <p className="library-empty">No tags yet. Add tags to your highlights and they gather here.</p>}
        </div>
      )}
    </nav>
  );
}
