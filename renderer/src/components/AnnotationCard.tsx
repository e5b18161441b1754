import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Annotation, ColorSetting, HighlightColor } from '../../../preload/api';
import type { CardRequest } from './AnnotationsPane';

interface AnnotationCardProps {
  annotation: Annotation;
  colors: readonly ColorSetting[];
  active: boolean;
  request: CardRequest | null;
  onSelect: () => void;
  onNoteChange: (note: string) => Promise<void>;
  onTagsChange: (tags: string[]) => void;
  onColorChange: (color: HighlightColor) => void;
  onDelete: () => void;
}

const NOTE_SAVE_DELAY_MS = 400;

/**
 * One highlight in the annotations pane: its quote, a note that saves itself
 * as the user types, its tags, its colour, and delete.
 */
export function AnnotationCard(props: AnnotationCardProps) {
  const { annotation, colors, active, request, onSelect, onNoteChange, onTagsChange, onColorChange, onDelete } = props;
  const cardRef = useRef<HTMLElement>(null);
  const [note, setNote] = useState(annotation.note);
  const [saveState, setSaveState] = useState<'saved' | 'pending' | 'saving' | 'failed'>('saved');
  const [tagDraft, setTagDraft] = useState('');
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
    if (request.focus) cardRef.current?.focus({ preventScroll: true });
  }, [request]);

  const onNoteInput = (value: string): void => {
    latestNote.current = value;
    setNote(value);
    setSaveState('pending');
    window.clearTimeout(timer.current);
    timer.current = window.setTimeout(flush, NOTE_SAVE_DELAY_MS);
  };

  const addTag = (): void => {
    const tag = tagDraft.trim();
    if (tag.length === 0) return;
    if (!annotation.tags.some((existing) => existing.toLocaleLowerCase() === tag.toLocaleLowerCase())) {
      onTagsChange([...annotation.tags, tag]);
    }
    setTagDraft('');
  };

  const onTagKey = (event: KeyboardEvent<HTMLInputElement>): void => {
    if (event.key === 'Enter' || event.key === ',') {
      event.preventDefault();
      addTag();
    } else if (event.key === 'Backspace' && tagDraft.length === 0 && annotation.tags.length > 0) {
      onTagsChange(annotation.tags.slice(0, -1));
    }
  };

  const label = colors.find((color) => color.id === annotation.color)?.label ?? annotation.color;
  const excerpt = annotation.quote.length > 60 ? `${annotation.quote.slice(0, 57)}…` : annotation.quote;

  return (
    <article
      ref={cardRef}
      className={`card card-${annotation.color}${active ? ' card-active' : ''}`}
      aria-label={`Highlight: ${excerpt}`}
      aria-current={active ? 'true' : undefined}
      tabIndex={-1}
      data-annotation-id={annotation.id}
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
      <textarea
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
        <input
          className="tag-input"
          aria-label="Add tag"
          placeholder="Add tag…"
          value={tagDraft}
          onChange={(event) => setTagDraft(event.target.value)}
          onKeyDown={onTagKey}
        />
      </div>
    </article>
  );
}
