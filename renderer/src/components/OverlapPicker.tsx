import { useRef } from 'react';
import { moveMenuFocus, useDismiss } from '../hooks/useDismiss';
import type { Annotation, ColorSetting } from '../../../preload/api';

interface OverlapPickerProps {
  choices: readonly Annotation[];
  colors: readonly ColorSetting[];
  position: { top: number; left: number };
  onChoose: (id: string) => void;
  onClose: () => void;
}

/** Where highlights overlap, a click asks which one the reader meant. */
export function OverlapPicker({ choices, colors, position, onChoose, onClose }: OverlapPickerProps) {
  const menu = useRef<HTMLDivElement>(null);

  useDismiss(true, menu, onClose, { focusFirst: '[role="menuitem"]' });

  return (
    <div
      ref={menu}
      className="menu overlap-picker"
      role="menu"
      aria-label="Choose a highlight"
      style={{ top: position.top, left: position.left }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') onClose();
        else if (moveMenuFocus(menu.current, event.key)) event.preventDefault();
      }}
    >
      {choices.map((annotation) => {
        const label = colors.find((color) => color.id === annotation.color)?.label ?? annotation.color;
        const excerpt = annotation.quote.length > 48 ? `${annotation.quote.slice(0, 46)}…` : annotation.quote;
        return (
          <button key={annotation.id} type="button" role="menuitem" className="menu-item picker-item" onClick={() => onChoose(annotation.id)}>
            <span className={`swatch swatch-${annotation.color}`} aria-hidden="true" />
            <span>
              <strong>{label}</strong> “{excerpt}”
            </span>
          </button>
        );
      })}
    </div>
  );
}
