import { useCallback, useEffect, useRef, useState } from 'react';
import type { Annotation, Article, ArticleSummary, HighlightColor, Settings, StartupNotice } from '../../preload/api';
import { DEFAULT_COLOR_LABELS, HIGHLIGHT_COLORS } from '../../preload/model';
import { call, callOnUnload, copyMarkdownToClipboard, desktopBridge, errorMessage, saveMarkdownFile } from './api';
import { AnnotationsPane, type CardRequest } from './components/AnnotationsPane';
import { ExportMenu } from './components/ExportMenu';
import { Library } from './components/Library';
import { Reader, type ScrollRequest } from './components/Reader';
import { Toasts, type Toast } from './components/Toasts';

const DEFAULT_SETTINGS: Settings = {
  colors: HIGHLIGHT_COLORS.map((id) => ({ id, label: DEFAULT_COLOR_LABELS[id] })),
};

/** The article open in the reader is kept in the URL hash, so a reload reopens it. */
function articleIdFromHash(): string | null {
  const match = /^#\/article\/([A-Za-z0-9_-]+)/.exec(window.location.hash);
  return match ? (match[1] as string) : null;
}

export function App() {
  const [articles, setArticles] = useState<ArticleSummary[]>([]);
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const [notices, setNotices] = useState<StartupNotice[]>([]);
  const [ready, setReady] = useState(false);
  const [article, setArticle] = useState<Article | null>(null);
  const [annotations, setAnnotations] = useState<Annotation[]>([]);
  const [activeId, setActiveId] = useState<string | null>(null);
  const [scrollRequest, setScrollRequest] = useState<ScrollRequest | null>(null);
  const [focusRequest, setFocusRequest] = useState<CardRequest | null>(null);
  const [toasts, setToasts] = useState<Toast[]>([]);
  const [showAnnotations, setShowAnnotations] = useState(true);
  const [lastColor, setLastColor] = useState<HighlightColor>('yellow');
  const nonce = useRef(0);
  const toastId = useRef(0);

  const dismissToast = useCallback((id: number) => setToasts((current) => current.filter((toast) => toast.id !== id)), []);
  const showToast = useCallback(
    (message: string, tone: Toast['tone'] = 'info', action?: Toast['action']) => {
      toastId.current += 1;
      const id = toastId.current;
      setToasts((current) => [...current.slice(-3), { id, message, tone, ...(action ? { action } : {}) }]);
      if (tone === 'info') window.setTimeout(() => dismissToast(id), action ? 8000 : 3500);
    },
    [dismissToast],
  );
  const reportError = useCallback((error: unknown) => showToast(errorMessage(error), 'error'), [showToast]);

  const refreshLibrary = useCallback(async () => {
    setArticles(await call('listArticles', {}));
  }, []);

  const openArticle = useCallback(
    async (id: string) => {
      try {
        const [opened, list] = await Promise.all([call('getArticle', { id }), call('listAnnotations', { articleId: id })]);
        setArticle(opened);
        setAnnotations(list);
        setActiveId(null);
        if (articleIdFromHash() !== id) window.history.replaceState(null, '', `#/article/${id}`);
        document.title = `${opened.title} — Gloss`;
      } catch (error) {
        reportError(error);
      }
    },
    [reportError],
  );

  useEffect(() => {
    (async () => {
      try {
        const [list, loadedSettings, startupNotices] = await Promise.all([
          call('listArticles', {}),
          call('getSettings', {}),
          call('getStartupNotices', {}),
        ]);
        setArticles(list);
        setSettings(loadedSettings);
        setNotices(startupNotices);
        const fromHash = articleIdFromHash();
        if (fromHash && list.some((item) => item.id === fromHash)) await openArticle(fromHash);
      } catch (error) {
        reportError(error);
      } finally {
        setReady(true);
      }
    })();
  }, [openArticle, reportError]);

  const replaceAnnotation = (updated: Annotation): void =>
    setAnnotations((current) => current.map((annotation) => (annotation.id === updated.id ? updated : annotation)));

  const createAnnotation = async (range: { start: number; end: number }, color: HighlightColor): Promise<void> => {
    if (!article) return;
    try {
      const created = await call('createAnnotation', { articleId: article.id, ...range, color });
      setLastColor(color);
      setAnnotations((current) => [...current, created].sort((a, b) => a.start - b.start || a.end - b.end));
      setActiveId(created.id);
      nonce.current += 1;
      // Reveal the new card without taking focus: the reader may already be selecting the next passage.
      setFocusRequest({ id: created.id, nonce: nonce.current, focus: false });
      void refreshLibrary();
    } catch (error) {
      reportError(error);
    }
  };

  const activate = (id: string, from: 'article' | 'pane'): void => {
    setActiveId(id);
    nonce.current += 1;
    if (from === 'pane') setScrollRequest({ annotationId: id, nonce: nonce.current });
    else {
      setShowAnnotations(true);
      setFocusRequest({ id, nonce: nonce.current, focus: true });
    }
  };

  const updateNote = async (id: string, note: string): Promise<void> => {
    try {
      replaceAnnotation(await call('updateAnnotation', { id, note }));
    } catch (error) {
      reportError(error);
      throw error;
    }
  };

  const updateTags = async (id: string, tags: string[]): Promise<void> => {
    try {
      replaceAnnotation(await call('updateAnnotation', { id, tags }));
    } catch (error) {
      reportError(error);
    }
  };

  const updateColor = async (id: string, color: HighlightColor): Promise<void> => {
    try {
      replaceAnnotation(await call('updateAnnotation', { id, color }));
    } catch (error) {
      reportError(error);
    }
  };

  const restoreAnnotation = async (annotation: Annotation): Promise<void> => {
    try {
      const restored = await call('restoreAnnotation', { annotation });
      if (article?.id === restored.articleId) {
        setAnnotations((current) => [...current, restored].sort((a, b) => a.start - b.start || a.end - b.end));
      }
      void refreshLibrary();
    } catch (error) {
      reportError(error);
    }
  };

  const deleteAnnotation = async (annotation: Annotation): Promise<void> => {
    try {
      const removed = await call('deleteAnnotation', { id: annotation.id });
      setAnnotations((current) => current.filter((item) => item.id !== annotation.id));
      if (activeId === annotation.id) setActiveId(null);
      showToast('Highlight deleted.', 'info', { label: 'Undo', run: () => void restoreAnnotation(removed) });
      void refreshLibrary();
    } catch (error) {
      reportError(error);
    }
  };

  const copyMarkdown = useCallback(async () => {
    if (!article) return;
    try {
      await copyMarkdownToClipboard(article.id);
      showToast('Markdown copied to the clipboard.');
    } catch (error) {
      reportError(error);
    }
  }, [article, reportError, showToast]);

  const saveMarkdown = useCallback(async () => {
    if (!article) return;
    try {
      const { path } = await saveMarkdownFile(article.id);
      if (path) showToast(desktopBridge ? `Saved to ${path}` : `Downloaded ${path}`);
    } catch (error) {
      reportError(error);
    }
  }, [article, reportError, showToast]);

  const progressTimer = useRef<{ id: string; progress: number } | null>(null);
  const saveProgress = useCallback(
    (progress: number) => {
      if (!article) return;
      progressTimer.current = { id: article.id, progress };
      call('setReadingProgress', { id: article.id, progress })
        .then((summary) => setArticles((current) => current.map((item) => (item.id === summary.id ? summary : item))))
        .catch(reportError);
    },
    [article, reportError],
  );

  // Leave nothing half-saved when the window goes away.
  useEffect(() => {
    const onHide = (): void => {
      const pending = progressTimer.current;
      if (pending) callOnUnload('setReadingProgress', pending);
    };
    window.addEventListener('pagehide', onHide);
    return () => window.removeEventListener('pagehide', onHide);
  }, []);

  useEffect(() => {
    if (!desktopBridge) return undefined;
    return desktopBridge.onMenuCommand((command) => {
      if (command === 'export-copy') void copyMarkdown();
      else if (command === 'export-save') void saveMarkdown();
      else if (command === 'toggle-annotations') setShowAnnotations((value) => !value);
      else if (command === 'focus-search') document.querySelector<HTMLInputElement>('input[type="search"]')?.focus();
    });
  }, [copyMarkdown, saveMarkdown]);

  return (
    <div className={`app${showAnnotations && article ? ' with-annotations' : ''}`} data-ready={ready ? 'true' : 'false'}>
      <Library articles={articles} currentId={article?.id ?? null} onOpen={(id) => void openArticle(id)} />
      <div className="center">
        {notices.map((notice, index) => (
          <div key={index} className={`notice notice-${notice.level}`} role="alert">
            <span>{notice.message}</span>
            <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => setNotices((current) => current.filter((_, i) => i !== index))}>
              ×
            </button>
          </div>
        ))}
        <div className="reader-bar">
          <span className="reader-bar-title">{article ? article.title : ''}</span>
          <ExportMenu disabled={!article} onCopy={() => void copyMarkdown()} onSave={() => void saveMarkdown()} />
          <button
            type="button"
            className="button button-quiet"
            aria-pressed={showAnnotations}
            disabled={!article}
            onClick={() => setShowAnnotations((value) => !value)}
          >
            Annotations
          </button>
        </div>
        {article ? (
          <Reader
            article={article}
            annotations={annotations}
            activeId={activeId}
            colors={settings.colors}
            defaultColor={lastColor}
            scrollRequest={scrollRequest}
            onCreate={(range, color) => void createAnnotation(range, color)}
            onActivate={(id) => activate(id, 'article')}
            onProgress={saveProgress}
          />
        ) : (
          <main className="reader reader-empty" aria-label="Reader">
            <div className="empty-state">
              <h2>{ready ? 'Pick something to read' : 'Opening your library…'}</h2>
              {ready && <p>Choose an article from the library. Select any passage to highlight it, then add a note or tags beside it.</p>}
            </div>
          </main>
        )}
      </div>
      {article && showAnnotations && (
        <AnnotationsPane
          annotations={annotations}
          colors={settings.colors}
          activeId={activeId}
          focusRequest={focusRequest}
          onSelect={(id) => activate(id, 'pane')}
          onNoteChange={updateNote}
          onTagsChange={(id, tags) => void updateTags(id, tags)}
          onColorChange={(id, color) => void updateColor(id, color)}
          onDelete={(annotation) => void deleteAnnotation(annotation)}
        />
      )}
      <Toasts toasts={toasts} onDismiss={dismissToast} />
    </div>
  );
}
