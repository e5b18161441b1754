import { useId, useMemo, useState, type KeyboardEvent } from 'react';

interface TagInputProps {
  existing: readonly string[];
  knownTags: readonly string[];
  inputRef: React.Ref<HTMLInputElement>;
  onAdd: (tag: string) => void;
  onRemoveLast: () => void;
}

const MAX_SUGGESTIONS = 6;

/**
 * The "Add tag" field: Enter (or a comma) adds what was typed; tags already in
 * use are suggested as you type (arrows to choose, Tab or Enter to take one).
 * A textbox with a listbox of suggestions, so screen readers and tests see the
 * same "Add tag" textbox as before.
 */
export function TagInput({ existing, knownTags, inputRef, onAdd, onRemoveLast }: TagInputProps) {
  const [draft, setDraft] = useState('');
  const [highlighted, setHighlighted] = useState(-1);
  const listId = useId();

  const suggestions = useMemo(() => {
    const needle = draft.trim().replace(/^#/, '').toLocaleLowerCase();
    if (needle.length === 0) return [];
    const taken = new Set(existing.map((tag) => tag.toLocaleLowerCase()));
    return knownTags
      .filter((tag) => !taken.has(tag.toLocaleLowerCase()) && tag.toLocaleLowerCase().includes(needle) && tag.toLocaleLowerCase() !== needle)
      .sort((a, b) => Number(!a.toLocaleLowerCase().startsWith(needle)) - Number(!b.toLocaleLowerCase().startsWith(needle)) || a.localeCompare(b))
      .slice(0, MAX_SUGGESTIONS);
  }, [draft, existing, knownTags]);

  const commit = (value: string): void => {
    const tag = value.trim().replace(/^#+/, '');
    if (tag.length > 0) onAdd(tag);
    setDraft('');
    setHighlighted(-1);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'ArrowDown' && suggestions.length > 0) {
      event.preventDefault();
      setHighlighted((index) => (index + 1) % suggestions.length);
    } else if (event.key === 'ArrowUp' && suggestions.length > 0) {
      event.preventDefault();
      setHighlighted((index) => (index <= 0 ? suggestions.length - 1 : index - 1));
    } else if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      commit(highlighted >= 0 ? (suggestions[highlighted] ?? draft) : draft);
    } else if (event.key === 'Tab' && highlighted >= 0 && suggestions[highlighted]) {
      event.preventDefault();
      commit(suggestions[highlighted]);
    } else if (event.key === 'Backspace' && draft.length === 0) {
      onRemoveLast();
    }
  };

  return (
    <div className="tag-input-wrap">
      <input
        ref={inputRef}
        className="tag-input"
        aria-label="Add tag"
        placeholder="Add tag…"
        autoComplete="off"
        aria-autocomplete="list"
        aria-controls={suggestions.length > 0 ? listId : undefined}
        aria-activedescendant={highlighted >= 0 ? `${listId}-${highlighted}` : undefined}
        value={draft}
        onChange={(event) => {
          setDraft(event.target.value);
          setHighlighted(-1);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setHighlighted(-1)}
      />
      {suggestions.length > 0 && (
        <ul className="tag-suggestions" role="listbox" id={listId} aria-label="Tags in use">
          {suggestions.map((tag, index) => (
            <li
              key={tag}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === highlighted}
              className="tag-suggestion"
              // mousedown, not click: the input must not lose focus first.
              onMouseDown={(event) => {
                event.preventDefault();
                commit(tag);
              }}
            >
              #{tag}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
