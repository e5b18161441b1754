import { useState } from 'react';
import { Dialog } from './Dialog';

export function RenameDialog({ title, onRename, onClose }: { title: string; onRename: (title: string) => void; onClose: () => void }) {
  const [draft, setDraft] = useState(title);
  return (
    <Dialog title="Rename article" onClose={onClose}>
      <form
        className="colors-form"
        onSubmit={(event) => {
          event.preventDefault();
          if (draft.trim()) {
            onRename(draft.trim());
            onClose();
          }
        }}
      >
        <input className="search" aria-label="Title" value={draft} autoFocus onChange={(event) => setDraft(event.target.value)} />
        <div className="dialog-actions">
          <button type="button" className="button" onClick={onClose}>
            Cancel
          </button>
          <button type="submit" className="button button-primary" disabled={!draft.trim()}>
            Rename
          </button>
        </div>
      </form>
    </Dialog>
  );
}

export function DeleteDialog({ title, highlightCount, onDelete, onClose }: { title: string; highlightCount: number; onDelete: () => void; onClose: () => void }) {
  return (
    <Dialog title="Delete article" onClose={onClose}>
      <div>
        <p>
          Delete “{title}”{highlightCount > 0 ? ` and its ${highlightCount} highlight${highlightCount === 1 ? '' : 's'}` : ''}? You can undo this right after, and
          Gloss keeps it for 30 days.
        </p>
        <div className="dialog-actions">
          <button type="button" className="button" autoFocus onClick={onClose}>
            Cancel
          </button>
          <button
            type="button"
            className="button button-danger-solid"
            onClick={() => {
              onDelete();
              onClose();
            }}
          >
            Delete
          </button>
        </div>
      </div>
    </Dialog>
  );
}
