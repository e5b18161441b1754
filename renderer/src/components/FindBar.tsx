import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { findMatches } from '../find-matches';
import { rangeOfOffsets } from '../text-offsets';

interface FindBarProps {
  text: string;
  bodyRef: React.RefObject<HTMLElement | null>;
  scrollerRef: React.RefObject<HTMLElement | null>;
  onClose: () => void;
}

const FIND = 'gloss-find';
const FIND_CURRENT = 'gloss-find-current';

/** Find in the article: every match marked, Enter and Shift+Enter step through them, Esc closes. */
export function FindBar({ text, bodyRef, scrollerRef, onClose }: FindBarProps) {
  const [query, setQuery] = useState('');
  const [current, setCurrent] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  const matches = useMemo(() => findMatches(text, query), [text, query]);
  const index = matches.length === 0 ? -1 : Math.min(current, matches.length - 1);

  useEffect(() => {
    input.current?.focus();
    input.current?.select();
  }, []);

  useLayoutEffect(() => {
    const body = bodyRef.current;
    const scroller = scrollerRef.current;
    if (!body || typeof CSS === 'undefined' || !('highlights' in CSS)) return undefined;
    const ranges = matches.map((match) => rangeOfOffsets(body, match.start, match.end)).filter((range): range is Range => range !== null);
    CSS.highlights.set(FIND, new Highlight(...ranges));
    const active = index >= 0 ? ranges[index] : undefined;
    const currentHighlight = new Highlight(...(active ? [active] : []));
    currentHighlight.priority = 20;
    CSS.highlights.set(FIND_CURRENT, currentHighlight);
    if (active && scroller) {
      const rect = active.getBoundingClientRect();
      const frame = scroller.getBoundingClientRect();
      if (rect.top < frame.top + 60 || rect.bottom > frame.bottom - 40) scroller.scrollTo({ top: scroller.scrollTop + rect.top - frame.top - frame.height / 3 });
    }
    return () => {
      CSS.highlights.delete(FIND);
      CSS.highlights.delete(FIND_CURRENT);
    };
  }, [matches, index, bodyRef, scrollerRef]);

  const step = (direction: 1 | -1): void => {
    if (matches.length === 0) return;
    setCurrent((value) => (Math.min(value, matches.length - 1) + direction + matches.length) % matches.length);
  };

  return (
    <div className="find-bar" role="search" aria-label="Find in article">
      <input
        ref={input}
        className="search"
        type="search"
        aria-label="Find in article"
        placeholder="Find in article"
        value={query}
        onChange={(event) => {
          setQuery(event.target.value);
          setCurrent(0);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') {
            event.preventDefault();
            step(event.shiftKey ? -1 : 1);
          } else if (event.key === 'Escape') {
            event.preventDefault();
            onClose();
          }
        }}
      />
      <span className="find-count" aria-live="polite">
        {query.trim() === '' ? '' : matches.length === 0 ? 'No matches' : `${index + 1} of ${matches.length}`}
      </span>
      <button type="button" className="button button-small" aria-label="Previous match" disabled={matches.length === 0} onClick={() => step(-1)}>
        ↑
      </button>
      <button type="button" className="button button-small" aria-label="Next match" disabled={matches.length === 0} onClick={() => step(1)}>
        ↓
      </button>
      <button type="button" className="toast-close" aria-label="Close find" onClick={onClose}>
        ×
      </button>
    </div>
  );
}
