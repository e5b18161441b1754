/**
 * Undo and redo for annotation edits. Each entry knows how to undo and redo
 * itself (both are API calls). Edits that belong together share a group key
 * and arrive close in time — typing a note saves several times — and merge
 * into one entry: undo goes back to before the first, redo to after the last.
 * Pure: no DOM, so it is unit-tested in Node.
 */
export interface UndoEntry {
  /** What a menu or toast calls it: "Delete highlight", "Edit note"… */
  label: string;
  undo: () => Promise<void>;
  redo: () => Promise<void>;
  /** Entries with the same key within the merge window become one. */
  groupKey?: string;
}

interface StoredEntry extends UndoEntry {
  at: number;
}

export const MERGE_WINDOW_MS = 60_000;
export const MAX_ENTRIES = 200;

export class UndoStack {
  private done: StoredEntry[] = [];
  private undone: StoredEntry[] = [];
  private busy = false;

  constructor(private readonly clock: () => number = () => Date.now()) {}

  get canUndo(): boolean {
    return this.done.length > 0;
  }

  get canRedo(): boolean {
    return this.undone.length > 0;
  }

  get nextUndoLabel(): string | null {
    return this.done.at(-1)?.label ?? null;
  }

  get nextRedoLabel(): string | null {
    return this.undone.at(-1)?.label ?? null;
  }

  /** Records an edit that has just been made. A new edit clears the redo history. */
  push(entry: UndoEntry): void {
    const at = this.clock();
    const last = this.done.at(-1);
    this.undone = [];
    if (last && entry.groupKey !== undefined && last.groupKey === entry.groupKey && at - last.at <= MERGE_WINDOW_MS) {
      this.done[this.done.length - 1] = { ...last, redo: entry.redo, at };
      return;
    }
    this.done.push({ ...entry, at });
    if (this.done.length > MAX_ENTRIES) this.done.shift();
  }

  /** Undoes the latest edit; resolves to its label, or null when there was nothing to undo. */
  async undo(): Promise<string | null> {
    return this.step(this.done, this.undone, 'undo');
  }

  async redo(): Promise<string | null> {
    return this.step(this.undone, this.done, 'redo');
  }

  private async step(from: StoredEntry[], to: StoredEntry[], direction: 'undo' | 'redo'): Promise<string | null> {
    // One step at a time: a second Ctrl+Z while the first is saving must not skip ahead.
    if (this.busy) return null;
    const entry = from.pop();
    if (!entry) return null;
    this.busy = true;
    try {
      await entry[direction]();
      // After an undo, a following edit must not merge into it.
      to.push({ ...entry, at: direction === 'undo' ? -Infinity : entry.at });
      return entry.label;
    } catch (error) {
      from.push(entry);
      throw error;
    } finally {
      this.busy = false;
    }
  }
}
