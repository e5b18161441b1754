import { useRef } from 'react';
import { useDismiss } from '../hooks/useDismiss';
import type { ReaderSettings, ReaderTheme, ReaderTypeface } from '../../../preload/api';

interface ReaderSettingsPanelProps {
  /** The button that toggles the panel (a press on it is not a press outside). */
  trigger: React.RefObject<HTMLElement | null>;
  settings: ReaderSettings;
  onChange: (settings: ReaderSettings) => void;
  onClose: () => void;
}

const THEMES: { id: ReaderTheme; label: string }[] = [
  { id: 'light', label: 'Light' },
  { id: 'sepia', label: 'Sepia' },
  { id: 'dark', label: 'Dark' },
  { id: 'system', label: 'Match system' },
];

/** Typeface, size, spacing, width and theme: applied as you change them, and remembered. */
export function ReaderSettingsPanel({ trigger, settings, onChange, onClose }: ReaderSettingsPanelProps) {
  const panel = useRef<HTMLDivElement>(null);
  useDismiss(true, panel, onClose, { trigger, focusFirst: 'input:checked' });

  const set = <K extends keyof ReaderSettings>(key: K, value: ReaderSettings[K]): void => onChange({ ...settings, [key]: value });

  return (
    <div
      ref={panel}
      className="menu reader-settings"
      role="dialog"
      aria-label="Reading settings"
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.stopPropagation();
          onClose();
        }
      }}
    >
      <fieldset>
        <legend>Typeface</legend>
        {(['serif', 'sans'] as ReaderTypeface[]).map((face) => (
          <label key={face} className="radio">
            <input type="radio" name="typeface" checked={settings.typeface === face} onChange={() => set('typeface', face)} />
            <span className={face === 'serif' ? 'sample-serif' : 'sample-sans'}>{face === 'serif' ? 'Serif' : 'Sans'}</span>
          </label>
        ))}
      </fieldset>
      <label className="slider">
        <span>Text size</span>
        <input type="range" aria-label="Text size" min={14} max={28} step={1} value={settings.fontSize} onChange={(event) => set('fontSize', Number(event.target.value))} />
        <output>{settings.fontSize}px</output>
      </label>
      <label className="slider">
        <span>Line spacing</span>
        <input type="range" aria-label="Line spacing" min={1.3} max={2} step={0.05} value={settings.lineHeight} onChange={(event) => set('lineHeight', Number(event.target.value))} />
        <output>{settings.lineHeight.toFixed(2)}</output>
      </label>
      <label className="slider">
        <span>Column width</span>
        <input type="range" aria-label="Column width" min={30} max={60} step={1} value={settings.columnWidth} onChange={(event) => set('columnWidth', Number(event.target.value))} />
        <output>{settings.columnWidth}em</output>
      </label>
      <fieldset>
        <legend>Theme</legend>
        {THEMES.map((theme) => (
          <label key={theme.id} className="radio">
            <input type="radio" name="theme" checked={settings.theme === theme.id} onChange={() => set('theme', theme.id)} />
            {theme.label}
          </label>
        ))}
      </fieldset>
    </div>
  );
}
