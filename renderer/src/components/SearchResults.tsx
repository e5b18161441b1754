import type { ReactNode } from 'react';
import type { SearchHit } from '../../../preload/api';

interface SearchResultsProps {
  query: string;
  hits: readonly SearchHit[] | null;
  onOpen: (hit: SearchHit) => void;
}

const KIND_LABELS: Record<SearchHit['kind'], string> = {
  title: 'Title',
  text: 'Text',
  highlight: 'Highlight',
  note: 'Note',
  tag: 'Tag',
};

/** Search results: each with the article's title, where it matched, and a snippet with the matched words marked. */
export function SearchResults({ query, hits, onOpen }: SearchResultsProps) {
  if (hits === null) return <p className="library-empty">Searching…</p>;
  if (hits.length === 0) return <p className="library-empty">Nothing in your library matches “{query}”.</p>;
  return (
    <ul className="library-list search-results" aria-label="Search results">
      {hits.map((hit) => (
        <li key={`${hit.articleId}-${hit.kind}-${hit.annotationId ?? ''}-${hit.start}`}>
          <button type="button" className="library-item search-hit" onClick={() => onOpen(hit)}>
            <span className="library-title">{hit.articleTitle}</span>
            <span className="hit-kind">{KIND_LABELS[hit.kind]}</span>
            <span className="hit-snippet">{markedSnippet(hit.snippet)}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/** The snippet as text with <mark> around each matched word (React text, never markup). */
function markedSnippet(snippet: SearchHit['snippet']): ReactNode[] {
  const text = snippet.before + snippet.match + snippet.after;
  const marks = [...snippet.marks].sort((a, b) => a.start - b.start);
  const pieces: ReactNode[] = [];
  let at = 0;
  for (const mark of marks) {
    if (mark.start < at || mark.end > text.length) continue;
    if (mark.start > at) pieces.push(text.slice(at, mark.start));
    pieces.push(<mark key={mark.start}>{text.slice(mark.start, mark.end)}</mark>);
    at = mark.end;
  }
  if (at < text.length) pieces.push(text.slice(at));
  return pieces;
}
