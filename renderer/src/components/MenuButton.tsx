import { useCallback, useRef, useState } from 'react';
import { moveMenuFocus, useDismiss } from '../hooks/useDismiss';

export interface MenuEntry {
  label: string;
  onSelect: () => void;
  disabled?: boolean;
  danger?: boolean;
}

interface MenuButtonProps {
  /** The button's text. */
  label: string;
  /** Its accessible name, when the text is a symbol. */
  ariaLabel?: string;
  /** The menu's accessible name. */
  menuLabel: string;
  items: readonly MenuEntry[];
  quiet?: boolean;
}

/** A button that opens a menu: arrows move, Enter chooses, Esc closes and returns focus. */
export function MenuButton({ label, ariaLabel, menuLabel, items, quiet = false }: MenuButtonProps) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const menu = useRef<HTMLDivElement>(null);
  const close = useCallback(() => setOpen(false), []);
  useDismiss(open, menu, close, { trigger: button, focusFirst: '[role="menuitem"]:not(:disabled)' });

  return (
    <div className="export">
      <button
        ref={button}
        type="button"
        className={`button${quiet ? ' button-quiet' : ''}`}
        aria-label={ariaLabel}
        aria-haspopup="menu"
        aria-expanded={open}
        onClick={() => setOpen((value) => !value)}
      >
        {label}
      </button>
      {open && (
        <div
          ref={menu}
          className="menu"
          role="menu"
          aria-label={menuLabel}
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              setOpen(false);
              button.current?.focus();
            } else if (moveMenuFocus(menu.current, event.key)) event.preventDefault();
          }}
        >
          {items.map((item) => (
            <button
              key={item.label}
              type="button"
              role="menuitem"
              className={`menu-item${item.danger ? ' menu-danger' : ''}`}
              disabled={item.disabled}
              onClick={() => {
                setOpen(false);
                button.current?.focus();
                item.onSelect();
              }}
            >
              {item.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
