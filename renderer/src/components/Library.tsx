import { useMemo, useState } from 'react';
import type { ArticleSummary } from '../../../preload/api';
import { formatDate, readingMinutes } from '../format';

interface LibraryProps {
  articles: readonly ArticleSummary[];
  currentId: string | null;
  onOpen: (id: string) => void;
}

/** The library pane: every article with its date and size, newest first, filterable by title. */
export function Library({ articles, currentId, onOpen }: LibraryProps) {
  const [query, setQuery] = useState('');
  const visible = useMemo(() => {
    const needle = query.trim().toLocaleLowerCase();
    return [...articles]
      .filter((article) => needle.length === 0 || article.title.toLocaleLowerCase().includes(needle))
      .sort((a, b) => (b.publishedAt ?? b.addedAt).localeCompare(a.publishedAt ?? a.addedAt));
  }, [articles, query]);

  return (
    <nav className="library" aria-label="Library">
      <header className="library-header">
        <h1 className="app-name">Gloss</h1>
        <input
          className="search"
          type="search"
          role="searchbox"
          aria-label="Search"
          placeholder="Search titles"
          value={query}
          onChange={(event) => setQuery(event.target.value)}
        />
      </header>
      {visible.length === 0 ? (
        <p className="library-empty">{articles.length === 0 ? 'Your library is empty.' : 'No article matches.'}</p>
      ) : (
        <ul className="library-list">
          {visible.map((article) => (
            <li key={article.id}>
              <button
                type="button"
                className="library-item"
                aria-current={article.id === currentId ? 'true' : undefined}
                aria-label={article.title}
                aria-describedby={`meta-${article.id}`}
                onClick={() => onOpen(article.id)}
              >
                <span className="library-title">{article.title}</span>
                <span className="library-meta" id={`meta-${article.id}`}>
                  {[
                    article.publishedAt ? formatDate(article.publishedAt) : null,
                    `${readingMinutes(article.wordCount)} min`,
                    article.highlightCount > 0 ? `${article.highlightCount} highlight${article.highlightCount === 1 ? '' : 's'}` : null,
                  ]
                    .filter(Boolean)
                    .join(' · ')}
                </span>
                {article.progress > 0.01 && (
                  <span className="library-progress" aria-hidden="true">
                    <span style={{ width: `${Math.round(article.progress * 100)}%` }} />
                  </span>
                )}
              </button>
            </li>
          ))}
        </ul>
      )}
    </nav>
  );
}
