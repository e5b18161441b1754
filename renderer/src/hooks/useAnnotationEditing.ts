import { useCallback, useMemo, useRef, useState } from 'react';
import type { Annotation, HighlightColor } from '../../../preload/api';
import { call } from '../api';
import { UndoStack } from '../undo-stack';

/**
 * Every change to annotations goes through here, so each one updates the
 * open article's list and records how to undo and redo it.
 */
export interface AnnotationEditing {
  annotations: Annotation[];
  /** Shows an article's annotations; edits to other articles' annotations still save and undo. */
  showArticle: (articleId: string | null, annotations: Annotation[]) => void;
  create: (articleId: string, range: { start: number; end: number }, color: HighlightColor) => Promise<Annotation>;
  remove: (annotation: Annotation) => Promise<void>;
  restore: (annotation: Annotation) => Promise<void>;
  setNote: (id: string, note: string) => Promise<void>;
  setTags: (id: string, tags: string[]) => Promise<void>;
  setColor: (id: string, color: HighlightColor) => Promise<void>;
  reattach: (id: string, range: { start: number; end: number }) => Promise<void>;
  undo: () => Promise<string | null>;
  redo: () => Promise<string | null>;
  /** Changes whenever something was done or undone (for labels and library counts). */
  revision: number;
}

function byPosition(a: Annotation, b: Annotation): number {
  return a.start - b.start || a.end - b.end;
}

export function useAnnotationEditing(onLibraryChanged: () => void): AnnotationEditing {
  const [annotations, setAnnotationsState] = useState<Annotation[]>([]);
  const [revision, setRevision] = useState(0);
  const stack = useMemo(() => new UndoStack(), []);
  // The latest list and article, for building undo entries without stale closures.
  const current = useRef<Annotation[]>([]);
  const openArticleId = useRef<string | null>(null);

  const commit = useCallback(
    (next: Annotation[]) => {
      current.current = next;
      setAnnotationsState(next);
      setRevision((value) => value + 1);
      onLibraryChanged();
    },
    [onLibraryChanged],
  );

  const showArticle = useCallback((articleId: string | null, next: Annotation[]) => {
    openArticleId.current = articleId;
    current.current = [...next].sort(byPosition);
    setAnnotationsState(current.current);
  }, []);

  /** Puts a saved annotation into the list when it belongs to the open article. */
  const upsert = useCallback(
    (saved: Annotation) => {
      const others = current.current.filter((item) => item.id !== saved.id);
      commit(saved.articleId === openArticleId.current ? [...others, saved].sort(byPosition) : others);
    },
    [commit],
  );
  const drop = useCallback((id: string) => commit(current.current.filter((item) => item.id !== id)), [commit]);

  const update = useCallback(
    async (id: string, change: Partial<Pick<Annotation, 'note' | 'tags' | 'color'>>, label: string, groupKey?: string) => {
      const before = current.current.find((item) => item.id === id);
      const saved = await call('updateAnnotation', { id, ...change });
      upsert(saved);
      if (!before) return;
      const previous: Partial<Pick<Annotation, 'note' | 'tags' | 'color'>> = {};
      if (change.note !== undefined) previous.note = before.note;
      if (change.tags !== undefined) previous.tags = before.tags;
      if (change.color !== undefined) previous.color = before.color;
      stack.push({
        label,
        ...(groupKey ? { groupKey } : {}),
        undo: async () => upsert(await call('updateAnnotation', { id, ...previous })),
        redo: async () => upsert(await call('updateAnnotation', { id, ...change })),
      });
    },
    [stack, upsert],
  );

  return {
    annotations,
    showArticle,
    revision,
    create: async (articleId, range, color) => {
      const created = await call('createAnnotation', { articleId, ...range, color });
      upsert(created);
      let latest = created;
      stack.push({
        label: 'Highlight',
        undo: async () => {
          latest = current.current.find((item) => item.id === created.id) ?? latest;
          await call('deleteAnnotation', { id: created.id });
          drop(created.id);
        },
        redo: async () => upsert(await call('restoreAnnotation', { annotation: latest })),
      });
      return created;
    },
    remove: async (annotation) => {
      const removed = await call('deleteAnnotation', { id: annotation.id });
      drop(annotation.id);
      stack.push({
        label: 'Delete highlight',
        undo: async () => upsert(await call('restoreAnnotation', { annotation: removed })),
        redo: async () => {
          await call('deleteAnnotation', { id: removed.id });
          drop(removed.id);
        },
      });
    },
    restore: async (annotation) => {
      upsert(await call('restoreAnnotation', { annotation }));
    },
    setNote: (id, note) => update(id, { note }, 'Edit note', `note:${id}`),
    setTags: (id, tags) => update(id, { tags }, 'Change tags'),
    setColor: (id, color) => update(id, { color }, 'Change colour'),
    reattach: async (id, range) => {
      const before = current.current.find((item) => item.id === id);
      const saved = await call('reattachAnnotation', { id, ...range });
      upsert(saved);
      if (before) {
        stack.push({
          label: 'Re-attach highlight',
          undo: async () => {
            await call('deleteAnnotation', { id });
            upsert(await call('restoreAnnotation', { annotation: before }));
          },
          redo: async () => upsert(await call('reattachAnnotation', { id, ...range })),
        });
      }
    },
    undo: () => stack.undo(),
    redo: () => stack.redo(),
  };
}
