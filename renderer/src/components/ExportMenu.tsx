import { useEffect, useRef, useState, type KeyboardEvent } from 'react';

interface ExportMenuProps {
  /** Copy and Save act on the open article; without one only the full dialog is offered. */
  articleOpen: boolean;
  onCopy: () => void;
  onSave: () => void;
  onOpenDialog: () => void;
}

/** "Export" opens a small menu: Copy Markdown, Save Markdown… (keyboard: arrows, Enter, Esc). */
export function ExportMenu({ articleOpen, onCopy, onSave, onOpenDialog }: ExportMenuProps) {
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (!open) return undefined;
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus();
    const onPointer = (event: MouseEvent): void => {
      if (!menuRef.current?.contains(event.target as Node) && event.target !== buttonRef.current) setOpen(false);
    };
    document.addEventListener('mousedown', onPointer);
    return () => document.removeEventListener('mousedown', onPointer);
  }, [open]);

  const choose = (action: () => void): void => {
    setOpen(false);
    buttonRef.current?.focus();
    action();
  };

  const onMenuKey = (event: KeyboardEvent<HTMLDivElement>): void => {
    const items = [...(menuRef.current?.querySelectorAll<HTMLElement>('[role="menuitem"]') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    if (event.key === 'Escape') {
      event.preventDefault();
      setOpen(false);
      buttonRef.current?.focus();
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      const next = (index + (event.key === 'ArrowDown' ? 1 : -1) + items.length) % items.length;
      items[next]?.focus();
    }
  };

  return (
    <div className="export">
      <button
        ref={buttonRef}
        type="button"
        className="button"
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((value) => !value)}
      >
        Export
      </button>
      {open && (
        <div ref={menuRef} className="menu" role="menu" aria-label="Export" onKeyDown={onMenuKey}>
          <button type="button" role="menuitem" className="menu-item" disabled={!articleOpen} onClick={() => choose(onCopy)}>
            Copy Markdown
          </button>
          <button type="button" role="menuitem" className="menu-item" disabled={!articleOpen} onClick={() => choose(onSave)}>
            Save Markdown…
          </button>
          <button type="button" role="menuitem" className="menu-item" onClick={() => choose(onOpenDialog)}>
            Export…
          </button>
        </div>
      )}
    </div>
  );
}
