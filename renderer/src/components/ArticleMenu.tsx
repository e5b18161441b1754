import { useEffect, useRef, useState } from 'react';

/** The open article's own actions: rename it, or delete it (undoable). */
export function ArticleMenu({ onRename, onDelete }: { onRename: () => void; onDelete: () => void }) {
  const [open, setOpen] = useState(false);
  const menu = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (!open) return undefined;
    menu.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointer = (event: MouseEvent): void => {
      if (!menu.current?.contains(event.target as Node) && event.target !== button.current) setOpen(false);
    };
    document.addEventListener('mousedown', onPointer);
    return () => document.removeEventListener('mousedown', onPointer);
  }, [open]);
  const choose = (action: () => void): void => {
    setOpen(false);
    action();
  };
  return (
    <div className="export">
      <button ref={button} type="button" className="button button-quiet" aria-label="Article actions" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen((value) => !value)}>
        ⋯
      </button>
      {open && (
        <div
          ref={menu}
          className="menu"
          role="menu"
          aria-label="Article"
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              setOpen(false);
              button.current?.focus();
            }
          }}
        >
          <button type="button" role="menuitem" className="menu-item" onClick={() => choose(onRename)}>
            Rename…
          </button>
          <button type="button" role="menuitem" className="menu-item menu-danger" onClick={() => choose(onDelete)}>
            Delete article…
          </button>
        </div>
      )}
    </div>
  );
}
