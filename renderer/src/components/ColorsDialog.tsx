import { useState } from 'react';
import type { ColorSetting } from '../../../preload/api';
import { DEFAULT_COLOR_LABELS } from '../../../preload/model';
import { Dialog } from './Dialog';

/** Names for the highlight colours ("Key idea", "Question"…): what the UI shows and what exports write. */
export function ColorsDialog({ colors, onSave, onClose }: { colors: readonly ColorSetting[]; onSave: (colors: ColorSetting[]) => Promise<void>; onClose: () => void }) {
  const [draft, setDraft] = useState(() => colors.map((color) => ({ ...color })));
  const valid = draft.every((color) => color.label.trim().length > 0 && color.label.trim().length <= 40);
  return (
    <Dialog title="Highlight colours" onClose={onClose}>
      <form
        className="colors-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (valid) void onSave(draft.map((color) => ({ id: color.id, label: color.label.trim() }))).then(onClose);
        }}
      >
        <p className="muted">Name each colour for what it means to you. Exports use these names.</p>
        {draft.map((color, index) => (
          <label key={color.id} className="color-row">
            <span className={`swatch swatch-${color.id}`} aria-hidden="true" />
            <span className="visually-hidden">Name for {DEFAULT_COLOR_LABELS[color.id]}</span>
            <input
              value={color.label}
              maxLength={40}
              aria-label={`Name for ${DEFAULT_COLOR_LABELS[color.id]}`}
              onChange={(event) => setDraft((current) => current.map((entry, i) => (i === index ? { ...entry, label: event.target.value } : entry)))}
            />
          </label>
        ))}
        <div className="dialog-actions">
          <button type="button" className="button" onClick={() => setDraft(colors.map((color) => ({ id: color.id, label: DEFAULT_COLOR_LABELS[color.id] })))}>
            Reset names
          </button>
          <button type="submit" className="button button-primary" disabled={!valid}>
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
