import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Annotation, ColorSetting, HighlightColor } from '../../../preload/api';
import type { CardRequest } from './AnnotationsPane';
import { TagInput } from './TagInput';

interface AnnotationCardProps {
  annotation: Annotation;
  colors: readonly ColorSetting[];
  /** Every tag in the library, for suggestions. */
  knownTags: readonly string[];
  active: boolean;
  request: CardRequest | null;
  onSelect: () => void;
  onNoteChange: (note: string) => Promise<void>;
  onTagsChange: (tags: string[]) => void;
  onColorChange: (color: HighlightColor) => void;
  onDelete: () => void;
  /** Leaves the card for the article (Esc). */
  onLeave: () => void;
  /** For orphans: place this highlight on the text selected in the article, when there is a selection. */
  onReattach?: (() => void) | undefined;
  /** Lets margin mode measure and place the card. */
  cardRef?: (element: HTMLElement | null) => void;
}

const NOTE_SAVE_DELAY_MS = 400;

/**
 * One highlight in the annotations pane: its quote, a note that saves itself
 * as the user types, its tags, its colour, and delete.
 */
export function AnnotationCard(props: AnnotationCardProps) {
  const { annotation, colors, knownTags, active, request, onSelect, onNoteChange, onTagsChange, onColorChange, onDelete, onLeave, onReattach } = props;
  const cardRef = useRef<HTMLElement | null>(null);
  const noteRef = useRef<HTMLTextAreaElement>(null);
  const tagRef = useRef<HTMLInputElement>(null);
  const [note, setNote] = useState(annotation.note);
  const [saveState, setSaveState] = useState<'saved' | 'pending' | 'saving' | 'failed'>('saved');
  const savedNote = useRef(annotation.note);
  const latestNote = useRef(annotation.note);
  const timer = useRef<number | undefined>(undefined);
  const saveNote = useRef(onNoteChange);
  useEffect(() => {
    saveNote.current = onNoteChange;
  });

  const flush = useCallback((): void => {
    window.clearTimeout(timer.current);
    const value = latestNote.current;
    if (value === savedNote.current) return;
    setSaveState('saving');
    saveNote.current(value).then(
      () => {
        savedNote.current = value;
        setSaveState(latestNote.current === value ? 'saved' : 'pending');
      },
      () => setSaveState('failed'),
    );
  }, []);

  // Never drop a note the user typed: save it when the card goes away too.
  useEffect(() => () => flush(), [flush]);

  useEffect(() => {
    if (!request) return;
    cardRef.current?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
    if (request.focus === 'card') cardRef.current?.focus({ preventScroll: true });
    else if (request.focus === 'note') noteRef.current?.focus({ preventScroll: true });
    else if (request.focus === 'tags') tagRef.current?.focus({ preventScroll: true });
  }, [request]);

  const onCardKey = (event: KeyboardEvent<HTMLElement>): void => {
    const inField = (event.target as Element).closest('textarea, input, select');
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      // From a field, Esc goes up to the card; from the card, back to the article.
      if (inField) cardRef.current?.focus();
      else onLeave();
    } else if (!inField && event.target === cardRef.current && (event.key === 'Delete' || event.key === 'Backspace')) {
      event.preventDefault();
      onDelete();
    }
  };

  const onNoteInput = (value: string): void => {
    latestNote.current = value;
    setNote(value);
    setSaveState('pending');
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(flush, NOTE_SAVE_DELAY_MS);
  };

  const label = colors.find((color) => color.id === annotation.color)?.label ?? annotation.color;
  const excerpt = annotation.quote.length > 60 ? `${annotation.quote.slice(0, 57)}…` : annotation.quote;

  return (
    <article
      ref={(element) => {
        cardRef.current = element;
        props.cardRef?.(element);
      }}
      className={`card card-${annotation.color}${active ? ' card-active' : ''}${annotation.orphaned ? ' card-orphan' : ''}`}
      aria-label={`Highlight: ${excerpt}`}
      aria-current={active ? 'true' : undefined}
      tabIndex={-1}
      data-annotation-id={annotation.id}
      onKeyDown={onCardKey}
      onClick={(event) => {
        if (!(event.target as Element).closest('textarea, input, button, select')) onSelect();
      }}
    >
      <div className="card-head">
        <span className={`swatch swatch-${annotation.color}`} aria-hidden="true" />
        <select
          className="card-color"
          aria-label="Colour"
          value={annotation.color}
          onChange={(event) => onColorChange(event.target.value as HighlightColor)}
        >
          {colors.map((color) => (
            <option key={color.id} value={color.id}>
              {color.label}
            </option>
          ))}
        </select>
        <span className="visually-hidden">{label}</span>
        <button type="button" className="card-delete" onClick={onDelete}>
          Delete highlight
        </button>
      </div>
      <blockquote className="card-quote" onClick={onSelect}>
        {annotation.quote}
      </blockquote>
      {annotation.orphaned && (
        <div className="orphan-note">
          <p>The article changed and this passage was not found. Select the text it belongs to, then re-attach it.</p>
          <button type="button" className="button button-small" disabled={!onReattach} onClick={() => onReattach?.()}>
            Re-attach to selection
          </button>
        </div>
      )}
      <textarea
        ref={noteRef}
        className="card-note"
        aria-label="Note"
        placeholder="Add a note…"
        rows={note.length > 0 ? Math.min(8, note.split('\n').length + 1) : 1}
        value={note}
        onChange={(event) => onNoteInput(event.target.value)}
        onBlur={flush}
      />
      <p className={`card-save card-save-${saveState}`} aria-live="polite">
        {saveState === 'saving' || saveState === 'pending' ? 'Saving…' : saveState === 'failed' ? 'Not saved — check the message above' : ''}
      </p>
      <div className="card-tags">
        <ul className="tag-list" aria-label="Tags">
          {annotation.tags.map((tag) => (
            <li key={tag} className="tag">
              <span>#{tag}</span>
              <button type="button" className="tag-remove" aria-label={`Remove tag ${tag}`} onClick={() => onTagsChange(annotation.tags.filter((t) => t !== tag))}>
                ×
              </button>
            </li>
          ))}
        </ul>
        <TagInput
          existing={annotation.tags}
          knownTags={knownTags}
          inputRef={tagRef}
          onAdd={(tag) => {
            if (!annotation.tags.some((existing) => existing.toLocaleLowerCase() === tag.toLocaleLowerCase())) onTagsChange([...annotation.tags, tag]);
          }}
          onRemoveLast={() => {
            if (annotation.tags.length > 0) onTagsChange(annotation.tags.slice(0, -1));
          }}
        />
      </div>
    </article>
  );
}
