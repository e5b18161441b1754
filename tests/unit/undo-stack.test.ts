import { describe, expect, it } from 'vitest';
import { MERGE_WINDOW_MS, UndoStack } from '../../renderer/src/undo-stack';

/** A tiny document the entries act on, so tests check effects, not calls. */
function makeDocument() {
  const state = { note: '', highlights: [] as string[] };
  return state;
}

describe('UndoStack', () => {
  it('undoes and redoes edits in order', async () => {
    const doc = makeDocument();
    const stack = new UndoStack();
    doc.highlights.push('a');
    stack.push({ label: 'Highlight', undo: async () => void doc.highlights.pop(), redo: async () => void doc.highlights.push('a') });
    doc.highlights.push('b');
    stack.push({ label: 'Highlight', undo: async () => void doc.highlights.pop(), redo: async () => void doc.highlights.push('b') });

    expect(await stack.undo()).toBe('Highlight');
    expect(doc.highlights).toEqual(['a']);
    expect(await stack.undo()).toBe('Highlight');
    expect(doc.highlights).toEqual([]);
    expect(await stack.undo()).toBeNull();
    await stack.redo();
    await stack.redo();
    expect(doc.highlights).toEqual(['a', 'b']);
    expect(stack.canRedo).toBe(false);
  });

  it('merges note edits to the same highlight made close together into one step', async () => {
    let now = 1_000;
    const doc = makeDocument();
    const stack = new UndoStack(() => now);
    const typeNote = (before: string, after: string): void => {
      doc.note = after;
      stack.push({ label: 'Edit note', groupKey: 'note:1', undo: async () => void (doc.note = before), redo: async () => void (doc.note = after) });
    };
    typeNote('', 'Tr');
    now += 500;
    typeNote('Tr', 'Trust');
    now += 500;
    typeNote('Trust', 'Trust matters');

    await stack.undo();
    expect(doc.note).toBe('');
    expect(stack.canUndo).toBe(false);
    await stack.redo();
    expect(doc.note).toBe('Trust matters');
  });

  it('keeps edits apart when they are far apart in time or on different highlights', async () => {
    let now = 0;
    const doc = makeDocument();
    const stack = new UndoStack(() => now);
    const edit = (key: string, before: string, after: string): void => {
      doc.note = after;
      stack.push({ label: 'Edit note', groupKey: key, undo: async () => void (doc.note = before), redo: async () => void (doc.note = after) });
    };
    edit('note:1', '', 'one');
    now += MERGE_WINDOW_MS + 1;
    edit('note:1', 'one', 'two');
    edit('note:2', 'two', 'three');
    await stack.undo();
    expect(doc.note).toBe('two');
    await stack.undo();
    expect(doc.note).toBe('one');
  });

  it('an edit after an undo starts a new step and clears redo', async () => {
    const doc = makeDocument();
    const stack = new UndoStack(() => 0);
    const edit = (before: string, after: string): void => {
      doc.note = after;
      stack.push({ label: 'Edit note', groupKey: 'note:1', undo: async () => void (doc.note = before), redo: async () => void (doc.note = after) });
    };
    edit('', 'a');
    await stack.undo();
    edit('', 'b');
    expect(stack.canRedo).toBe(false);
    await stack.undo();
    expect(doc.note).toBe('');
  });

  it('keeps an entry when undoing it fails, so the user can try again', async () => {
    const stack = new UndoStack();
    let fail = true;
    let undone = false;
    stack.push({
      label: 'Delete highlight',
      undo: async () => {
        if (fail) throw new Error('disk full');
        undone = true;
      },
      redo: async () => undefined,
    });
    await expect(stack.undo()).rejects.toThrow('disk full');
    expect(stack.canUndo).toBe(true);
    fail = false;
    await stack.undo();
    expect(undone).toBe(true);
  });

  it('ignores a second undo while the first is still running', async () => {
    const stack = new UndoStack();
    const order: string[] = [];
    let release: () => void = () => undefined;
    stack.push({ label: 'first', undo: async () => void order.push('first'), redo: async () => undefined });
    stack.push({
      label: 'second',
      undo: () => new Promise<void>((resolve) => (release = () => (order.push('second'), resolve()))),
      redo: async () => undefined,
    });
    const pending = stack.undo();
    expect(await stack.undo()).toBeNull();
    release();
    await pending;
    expect(order).toEqual(['second']);
    expect(stack.nextUndoLabel).toBe('first');
  });
});
