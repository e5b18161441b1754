import type { ColorSetting, HighlightColor } from '../../../preload/api';

interface SelectionToolbarProps {
  position: { top: number; left: number };
  colors: readonly ColorSetting[];
  defaultColor: HighlightColor;
  onHighlight: (color: HighlightColor) => void;
}

/** The toolbar shown over a text selection: "Highlight" in the last colour used, or any colour by name. */
export function SelectionToolbar({ position, colors, defaultColor, onHighlight }: SelectionToolbarProps) {
  return (
    <div
      className="selection-toolbar"
      role="toolbar"
      aria-label="Selection"
      style={{ top: position.top, left: position.left }}
      // Keep the selection alive while the user clicks a button.
      onMouseDown={(event) => event.preventDefault()}
    >
      <button type="button" className="toolbar-primary" onClick={() => onHighlight(defaultColor)}>
        <span className={`swatch swatch-${defaultColor}`} aria-hidden="true" />
        Highlight
      </button>
      <span className="toolbar-divider" aria-hidden="true" />
      {colors.map((color) => (
        <button
          key={color.id}
          type="button"
          className="toolbar-color"
          aria-label={color.label}
          title={color.label}
          onClick={() => onHighlight(color.id)}
        >
          <span className={`swatch swatch-${color.id}`} aria-hidden="true" />
        </button>
      ))}
    </div>
  );
}
