import { Dialog } from './Dialog';

const MOD = /Mac|iPhone|iPad/.test(navigator.platform) ? '⌘' : 'Ctrl';

/** Every keyboard shortcut, opened with "?". */
export const SHORTCUTS: { keys: string; action: string; when: string }[] = [
  { keys: 'H', action: 'Highlight in the last colour used', when: 'Text selected' },
  { keys: 'N', action: 'Highlight and write a note', when: 'Text selected' },
  { keys: 'T', action: 'Highlight and add tags', when: 'Text selected' },
  { keys: '1 – 5', action: 'Highlight in that colour', when: 'Text selected' },
  { keys: 'J or ]', action: 'Next highlight', when: 'Reading' },
  { keys: 'K or [', action: 'Previous highlight', when: 'Reading' },
  { keys: 'Delete', action: 'Delete the highlight', when: 'Annotation focused' },
  { keys: 'Esc', action: 'Leave the note or annotation', when: 'Annotation focused' },
  { keys: `${MOD}+Z`, action: 'Undo', when: 'Anywhere but a text field' },
  { keys: `${MOD}+Shift+Z`, action: 'Redo', when: 'Anywhere but a text field' },
  { keys: '?', action: 'Show these shortcuts', when: 'Anywhere but a text field' },
];

export function ShortcutsDialog({ onClose }: { onClose: () => void }) {
  return (
    <Dialog title="Keyboard shortcuts" onClose={onClose}>
      <table className="shortcuts">
        <thead>
          <tr>
            <th scope="col">Keys</th>
            <th scope="col">Does</th>
            <th scope="col">When</th>
          </tr>
        </thead>
        <tbody>
          {SHORTCUTS.map((shortcut) => (
            <tr key={shortcut.keys}>
              <td>
                <kbd>{shortcut.keys}</kbd>
              </td>
              <td>{shortcut.action}</td>
              <td className="muted">{shortcut.when}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Dialog>
  );
}
