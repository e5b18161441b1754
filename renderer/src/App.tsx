import { useCallback, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { Annotation, Article, ArticleSummary, ColorSetting, HighlightColor, ReaderSettings, Settings, TagCount } from '../../preload/api';
import { DEFAULT_COLOR_LABELS, DEFAULT_READER_SETTINGS, HIGHLIGHT_COLORS } from '../../preload/model';
import { call, callOnUnload, copyText, desktopBridge, saveFile } from './api';
import { AnnotationsPane, type CardRequest, type HighlightLayout } from './components/AnnotationsPane';
import { DeleteDialog, RenameDialog } from './components/ArticleDialogs';
import { ColorsDialog } from './components/ColorsDialog';
import { ExportDialog } from './components/ExportDialog';
import { MenuButton } from './components/MenuButton';
import { HighlightsView } from './components/HighlightsView';
import { Library, type LibraryTab } from './components/Library';
import { Reader, type AfterHighlight, type ScrollRequest } from './components/Reader';
import { ReaderSettingsPanel } from './components/ReaderSettingsPanel';
import { ShortcutsDialog } from './components/ShortcutsDialog';
import { useSystemDark } from './hooks/useSystemDark';
import { Toasts } from './components/Toasts';
import { useAnnotationEditing } from './hooks/useAnnotationEditing';
import { useNotices } from './hooks/useNotices';
import { useToasts } from './hooks/useToasts';
import { importFiles } from './import-files';
import { ScrollLink } from './scroll-link';
import { loadStartup, type StartupData } from './startup';

const DEFAULT_SETTINGS: Settings = {
  reader: { ...DEFAULT_READER_SETTINGS },
  colors: HIGHLIGHT_COLORS.map((id) => ({ id, label: DEFAULT_COLOR_LABELS[id] })),
  exportTemplate: null,
  exportFolder: null,
  autoExport: false,
};

/** What the centre shows: an article, or highlights across articles (one tag, or all). */
type CenterView = { kind: 'reader' } | { kind: 'highlights'; tag: string | null };

/** The open article (and highlight) live in the URL hash, so a reload comes back to them. */
function readHash(): { articleId: string | null; annotationId: string | null } {
  const match = /^#\/article\/([A-Za-z0-9_-]+)(?:\/([A-Za-z0-9_-]+))?/.exec(window.location.hash);
  return { articleId: match?.[1] ?? null, annotationId: match?.[2] ?? null };
}

function isEditable(target: EventTarget | null): boolean {
  return target instanceof Element && target.closest('input, textarea, select, [contenteditable="true"]') !== null;
}

/** `startup`: the start-up requests, already on their way (main.tsx); asked for here when not given. */
export function App({ startup }: { startup?: StartupData }) {
  const [articles, setArticles] = useState<ArticleSummary[]>([]);
  const [tags, setTags] = useState<TagCount[]>([]);
  const [settings, setSettings] = useState<Settings>(DEFAULT_SETTINGS);
  const [ready, setReady] = useState(false);
  const { notices, receive: receiveNotices, dismiss: dismissNotice } = useNotices(ready);
  const [article, setArticle] = useState<Article | null>(null);
  const [view, setView] = useState<CenterView>({ kind: 'reader' });
  const [libraryTab, setLibraryTab] = useState<LibraryTab>('articles');
  const [activeId, setActiveId] = useState<string | null>(null);
  const [scrollRequest, setScrollRequest] = useState<ScrollRequest | null>(null);
  const [cardRequest, setCardRequest] = useState<CardRequest | null>(null);
  const [showAnnotations, setShowAnnotations] = useState(true);
  const [lastColor, setLastColor] = useState<HighlightColor>('yellow');
  const [selectedRange, setSelectedRange] = useState<{ start: number; end: number } | null>(null);
  const [layout, setLayout] = useState<HighlightLayout | null>(null);
  const [dialog, setDialog] = useState<'shortcuts' | 'colors' | 'export' | 'rename' | 'delete' | null>(null);
  const [dropping, setDropping] = useState(false);
  const [readerPanelOpen, setReaderPanelOpen] = useState(false);
  const [finding, setFinding] = useState(false);
  const [focusRange, setFocusRange] = useState<{ start: number; end: number; nonce: number } | null>(null);
  const readerSettingsButton = useRef<HTMLButtonElement>(null);
  const closeReaderPanel = useCallback(() => setReaderPanelOpen(false), []);
  const systemDark = useSystemDark();
  const scrollLink = useMemo(() => new ScrollLink(), []);
  const nonce = useRef(0);
  const { toasts, show, update, dismiss, reportError } = useToasts();

  const refreshLibrary = useCallback(() => {
    Promise.all([call('listArticles', {}), call('listTags', {})])
      .then(([list, tagList]) => {
        setArticles(list);
        setTags(tagList);
      })
      .catch(reportError);
  }, [reportError]);

  const editing = useAnnotationEditing(refreshLibrary);
  const { annotations, showArticle } = editing;

  const openArticle = useCallback(
    async (id: string, annotationId: string | null = null) => {
      try {
        const [opened, list] = await Promise.all([call('getArticle', { id }), call('listAnnotations', { articleId: id })]);
        setArticle(opened);
        showArticle(id, list);
        setView({ kind: 'reader' });
        setActiveId(annotationId);
        setLayout(null);
        if (annotationId) {
          nonce.current += 1;
          setScrollRequest({ annotationId, nonce: nonce.current });
          setCardRequest({ id: annotationId, nonce: nonce.current, focus: null });
        }
        const hash = `#/article/${id}${annotationId ? `/${annotationId}` : ''}`;
        if (window.location.hash !== hash) window.history.replaceState(null, '', hash);
        document.title = `${opened.title} — Gloss`;
      } catch (error) {
        reportError(error);
      }
    },
    [reportError, showArticle],
  );

  const startupData = useRef(startup);
  useEffect(() => {
    (async () => {
      try {
        const { articles: listed, rest } = (startupData.current ??= loadStartup());
        // The Library is drawn as soon as its list arrives; tags, settings and notices follow.
        const list = await listed;
        setArticles(list);
        const [tagList, loadedSettings, startupNotices] = await rest;
        setTags(tagList);
        setSettings(loadedSettings);
        receiveNotices(startupNotices);
        const { articleId, annotationId } = readHash();
        if (articleId && list.some((item) => item.id === articleId)) await openArticle(articleId, annotationId);
      } catch (error) {
        reportError(error);
      } finally {
        setReady(true);
      }
    })();
  }, [openArticle, receiveNotices, reportError]);

  const activate = useCallback((id: string, from: 'article' | 'pane' | 'keyboard') => {
    setActiveId(id);
    nonce.current += 1;
    const n = nonce.current;
    if (from !== 'article') setScrollRequest({ annotationId: id, nonce: n });
    setShowAnnotations(true);
    setCardRequest({ id, nonce: n, focus: from === 'pane' ? null : 'card' });
  }, []);

  const createHighlight = async (range: { start: number; end: number }, color: HighlightColor, then: AfterHighlight): Promise<void> => {
    if (!article) return;
    try {
      const created = await editing.create(article.id, range, color);
      setLastColor(color);
      setActiveId(created.id);
      // Reveal the new card without taking focus unless asked (N, T): the reader may be selecting the next passage.
      nonce.current += 1;
      setCardRequest({ id: created.id, nonce: nonce.current, focus: then === 'note' ? 'note' : then === 'tags' ? 'tags' : null });
    } catch (error) {
      reportError(error);
    }
  };

  const run = (work: Promise<unknown>): void => {
    work.catch(reportError);
  };

  const deleteHighlight = (annotation: Annotation): void => {
    run(
      editing.remove(annotation).then(() => {
        if (activeId === annotation.id) setActiveId(null);
        show('Highlight deleted.', 'info', { label: 'Undo', run: () => void undoLast() });
      }),
    );
  };

  const undoLast = useCallback(async () => {
    try {
      const label = await editing.undo();
      if (label) show(`Undone: ${label}`);
    } catch (error) {
      reportError(error);
    }
  }, [editing, reportError, show]);

  const redoLast = useCallback(async () => {
    try {
      const label = await editing.redo();
      if (label) show(`Redone: ${label}`);
    } catch (error) {
      reportError(error);
    }
  }, [editing, reportError, show]);

  const copyMarkdown = useCallback(async () => {
    if (!article) return;
    try {
      const { markdown, templateError } = await call('exportMarkdown', { articleId: article.id });
      await copyText(markdown);
      show('Markdown copied to the clipboard.');
      if (templateError) show(`Your template has an error, so the default format was used: ${templateError}`, 'error');
    } catch (error) {
      reportError(error);
    }
  }, [article, reportError, show]);

  const saveMarkdown = useCallback(async () => {
    if (!article) return;
    try {
      const { fileName, markdown, templateError } = await call('exportMarkdown', { articleId: article.id });
      const path = await saveFile(fileName, markdown);
      if (path) show(desktopBridge ? `Saved to ${path}` : `Downloaded ${path}`);
      if (templateError) show(`Your template has an error, so the default format was used: ${templateError}`, 'error');
    } catch (error) {
      reportError(error);
    }
  }, [article, reportError, show]);

  const runImport = useCallback(
    async (files: File[]) => {
      const progress = show(`Importing ${files.length} file${files.length === 1 ? '' : 's'}…`, 'progress');
      const results = await importFiles(files, (done, total) => update(progress, `Importing ${Math.min(done + 1, total)} of ${total}…`));
      dismiss(progress);
      refreshLibrary();
      const failed = results.filter((result) => !result.ok);
      const succeeded = results.filter((result) => result.ok);
      const orphaned = succeeded.reduce((sum, result) => sum + (result.reanchored?.orphaned ?? 0), 0);
      if (succeeded.length > 0) {
        const added = succeeded.filter((result) => result.status === 'added').length;
        const updated = succeeded.filter((result) => result.status === 'updated').length;
        const same = succeeded.filter((result) => result.status === 'unchanged').length;
        const parts = [added && `${added} added`, updated && `${updated} updated`, same && `${same} already in the library`].filter(Boolean);
        show(`Imported: ${parts.join(', ')}.${orphaned ? ` ${orphaned} highlight${orphaned === 1 ? ' needs' : 's need'} attention.` : ''}`);
        const first = succeeded[0];
        if (first && succeeded.length === 1) await openArticle(first.article.id);
        else if (article && succeeded.some((result) => result.article.id === article.id)) await openArticle(article.id);
      }
      for (const failure of failed) show(failure.error, 'error');
    },
    [article, dismiss, openArticle, refreshLibrary, show, update],
  );

  const progressState = useRef<{ id: string; progress: number } | null>(null);
  const saveProgress = useCallback(
    (progress: number) => {
      if (!article) return;
      progressState.current = { id: article.id, progress };
      call('setReadingProgress', { id: article.id, progress })
        .then((summary) => setArticles((current) => current.map((item) => (item.id === summary.id ? summary : item))))
        .catch(reportError);
    },
    [article, reportError],
  );

  // Leave nothing half-saved when the window goes away.
  useEffect(() => {
    const onHide = (): void => {
      const pending = progressState.current;
      if (pending) callOnUnload('setReadingProgress', pending);
    };
    window.addEventListener('pagehide', onHide);
    return () => window.removeEventListener('pagehide', onHide);
  }, []);

  const stepHighlight = useCallback(
    (direction: 1 | -1) => {
      const placed = annotations.filter((annotation) => !annotation.orphaned);
      if (placed.length === 0) return;
      const index = placed.findIndex((annotation) => annotation.id === activeId);
      const next = index === -1 ? (direction === 1 ? 0 : placed.length - 1) : (index + direction + placed.length) % placed.length;
      activate((placed[next] as Annotation).id, 'keyboard');
    },
    [annotations, activeId, activate],
  );

  const undoOrNative = useCallback(
    (direction: 'undo' | 'redo') => {
      // In a text field, undo belongs to the text being typed.
      if (isEditable(document.activeElement)) document.execCommand(direction);
      else void (direction === 'undo' ? undoLast() : redoLast());
    },
    [undoLast, redoLast],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent): void => {
      const mod = event.ctrlKey || event.metaKey;
      const key = event.key.toLowerCase();
      // On desktop the Edit menu owns these accelerators (and sends 'undo'/'redo'); answering here too would undo twice.
      if (mod && !event.altKey && (key === 'z' || key === 'y') && !desktopBridge) {
        if (isEditable(event.target)) return;
        event.preventDefault();
        void (key === 'y' || event.shiftKey ? redoLast() : undoLast());
        return;
      }
      // Find in the article rather than the browser's own find, which cannot see past the window.
      if (mod && !event.altKey && key === 'f' && view.kind === 'reader' && article && !desktopBridge) {
        event.preventDefault();
        setFinding(true);
        return;
      }
      if (mod || event.altKey || isEditable(event.target) || dialog) return;
      if (event.key === '?') {
        event.preventDefault();
        setDialog('shortcuts');
      } else if (view.kind === 'reader' && (key === 'j' || key === ']')) {
        event.preventDefault();
        stepHighlight(1);
      } else if (view.kind === 'reader' && (key === 'k' || key === '[')) {
        event.preventDefault();
        stepHighlight(-1);
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [article, dialog, redoLast, stepHighlight, undoLast, view.kind]);

  // gloss:// links opened from a note (desktop only).
  useEffect(() => desktopBridge?.onOpenTarget((target) => void openArticle(target.articleId, target.annotationId)), [openArticle]);

  useEffect(() => {
    if (!desktopBridge) return undefined;
    return desktopBridge.onMenuCommand((command) => {
      if (command === 'export-copy') void copyMarkdown();
      else if (command === 'export-save') void saveMarkdown();
      else if (command === 'toggle-annotations') setShowAnnotations((value) => !value);
      else if (command === 'focus-search') document.querySelector<HTMLInputElement>('nav input[type="search"]')?.focus();
      else if (command === 'find-in-article') setFinding(true);
      else if (command === 'import') document.querySelector<HTMLInputElement>('input[type="file"][aria-label="Import files"]')?.click();
      else if (command === 'reading-settings') setReaderPanelOpen(true);
      else if (command === 'undo' || command === 'redo') undoOrNative(command);
      else if (command === 'show-shortcuts') setDialog('shortcuts');
      else if (command === 'export-dialog') setDialog('export');
    });
  }, [copyMarkdown, saveMarkdown, undoOrNative]);

  const renameTag = async (from: string, to: string): Promise<void> => {
    try {
      const { changed } = await call('renameTag', { from, to });
      show(`Renamed #${from} to #${to} on ${changed} highlight${changed === 1 ? '' : 's'}.`);
      refreshLibrary();
      setView({ kind: 'highlights', tag: to });
      if (article) showArticle(article.id, await call('listAnnotations', { articleId: article.id }));
    } catch (error) {
      reportError(error);
    }
  };

  const deleteTag = async (tag: string): Promise<void> => {
    try {
      const { changed } = await call('deleteTag', { tag });
      show(`Removed #${tag} from ${changed} highlight${changed === 1 ? '' : 's'}.`);
      refreshLibrary();
      setView({ kind: 'highlights', tag: null });
      if (article) showArticle(article.id, await call('listAnnotations', { articleId: article.id }));
    } catch (error) {
      reportError(error);
    }
  };

  const closeArticle = (): void => {
    setArticle(null);
    showArticle(null, []);
    window.history.replaceState(null, '', '#');
    document.title = 'Gloss';
  };

  const deleteArticle = async (id: string, title: string): Promise<void> => {
    try {
      await call('deleteArticle', { id });
      closeArticle();
      refreshLibrary();
      show(`Deleted “${title}”.`, 'info', {
        label: 'Undo',
        run: () => {
          call('restoreArticle', { id })
            .then(() => {
              refreshLibrary();
              return openArticle(id);
            })
            .catch(reportError);
        },
      });
    } catch (error) {
      reportError(error);
    }
  };

  const renameArticle = async (id: string, title: string): Promise<void> => {
    try {
      const renamed = await call('renameArticle', { id, title });
      setArticle((current) => (current && current.id === id ? { ...current, title: renamed.title } : current));
      refreshLibrary();
      document.title = `${renamed.title} — Gloss`;
    } catch (error) {
      reportError(error);
    }
  };

  const saveColors = async (colors: ColorSetting[]): Promise<void> => {
    try {
      setSettings(await call('updateSettings', { colors }));
      show('Colour names saved.');
    } catch (error) {
      reportError(error);
    }
  };

  // The pane may hold a thousand cards: it renders after the article and its highlights have painted.
  const paneAnnotations = useDeferredValue(annotations);
  const knownTagNames = useMemo(() => tags.map((entry) => entry.tag), [tags]);
  const readerSaveTimer = useRef<number | undefined>(undefined);
  const changeReaderSettings = (reader: ReaderSettings): void => {
    setSettings((current) => ({ ...current, reader }));
    window.clearTimeout(readerSaveTimer.current);
    readerSaveTimer.current = window.setTimeout(() => {
      call('updateSettings', { reader }).catch(reportError);
    }, 300);
  };
  const { reader } = settings;
  const theme = reader.theme === 'system' ? (systemDark ? 'dark' : 'light') : reader.theme;
  const readerStyle = {
    '--reader-font': reader.typeface === 'serif' ? 'var(--serif)' : 'var(--sans)',
    '--reader-size': `${reader.fontSize}px`,
    '--reader-line': String(reader.lineHeight),
    '--reader-width': `${reader.columnWidth}em`,
  } as React.CSSProperties;

  // Stable, so the Library's memoized rows are not all rendered again on every change elsewhere.
  const openFromLibrary = useCallback((id: string) => void openArticle(id), [openArticle]);
  const totalHighlights = useMemo(() => articles.reduce((sum, item) => sum + item.highlightCount, 0), [articles]);
  const readerShown = view.kind === 'reader' && article !== null;

  return (
    <div
      className={`app${showAnnotations && readerShown ? ' with-annotations' : ''}${dropping ? ' dropping' : ''}`}
      data-ready={ready ? 'true' : 'false'}
      data-theme={theme}
      style={readerStyle}
      onDragOver={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        setDropping(true);
      }}
      onDragLeave={(event) => {
        if (event.currentTarget === event.target) setDropping(false);
      }}
      onDrop={(event) => {
        if (!event.dataTransfer.types.includes('Files')) return;
        event.preventDefault();
        setDropping(false);
        void runImport([...event.dataTransfer.files]);
      }}
    >
      <Library
        articles={articles}
        tags={tags}
        totalHighlights={totalHighlights}
        currentArticleId={article?.id ?? null}
        currentTag={view.kind === 'highlights' ? view.tag : undefined}
        tab={libraryTab}
        onTabChange={setLibraryTab}
        onOpenArticle={openFromLibrary}
        onOpenTag={(tag) => setView({ kind: 'highlights', tag })}
        onImportFiles={(files) => void runImport(files)}
        onOpenSearchHit={(hit) => {
          if (hit.annotationId && !hit.orphaned) void openArticle(hit.articleId, hit.annotationId);
          else
            void openArticle(hit.articleId).then(() => {
              nonce.current += 1;
              if (hit.kind === 'text') setFocusRange({ start: hit.start, end: hit.end, nonce: nonce.current });
            });
        }}
      />
      <div className="center">
        {notices.map((notice) => (
          <div key={notice.key} className={`notice notice-${notice.level}`} role="alert">
            <span>{notice.message}</span>
            <button type="button" className="toast-close" aria-label="Dismiss" onClick={() => dismissNotice(notice.key)}>
              ×
            </button>
          </div>
        ))}
        <div className="reader-bar">
          <span className="reader-bar-title">{readerShown ? article.title : ''}</span>
          <button type="button" className="button button-quiet" aria-label="Keyboard shortcuts" title="Keyboard shortcuts (?)" onClick={() => setDialog('shortcuts')}>
            ?
          </button>
          <div className="settings-anchor">
            <button
              type="button"
              className="button button-quiet"
              aria-label="Reading settings"
              aria-expanded={readerPanelOpen}
              ref={readerSettingsButton}
              title="Typeface, size, spacing, width and theme"
              onClick={() => setReaderPanelOpen((open) => !open)}
            >
              Aa
            </button>
            {readerPanelOpen && <ReaderSettingsPanel trigger={readerSettingsButton} settings={reader} onChange={changeReaderSettings} onClose={closeReaderPanel} />}
          </div>
          {readerShown && (
            <MenuButton
              label="⋯"
              ariaLabel="Article actions"
              menuLabel="Article"
              quiet
              items={[
                { label: 'Rename…', onSelect: () => setDialog('rename') },
                { label: 'Delete article…', onSelect: () => setDialog('delete'), danger: true },
              ]}
            />
          )}
          <MenuButton
            label="Export"
            menuLabel="Export"
            items={[
              { label: 'Copy Markdown', onSelect: () => void copyMarkdown(), disabled: !readerShown },
              { label: 'Save Markdown…', onSelect: () => void saveMarkdown(), disabled: !readerShown },
              { label: 'Export…', onSelect: () => setDialog('export') },
            ]}
          />
          <button type="button" className="button button-quiet" aria-pressed={showAnnotations} disabled={!readerShown} onClick={() => setShowAnnotations((value) => !value)}>
            Annotations
          </button>
        </div>
        {view.kind === 'highlights' ? (
          <HighlightsView
            // A fresh view per tag: no rename form or filters carried over from another tag.
            key={view.tag ?? '*'}
            tag={view.tag}
            tags={tags}
            colors={settings.colors}
            revision={editing.revision}
            onOpenHighlight={(articleId, annotationId) => void openArticle(articleId, annotationId)}
            onRenameTag={renameTag}
            onDeleteTag={deleteTag}
            onError={reportError}
          />
        ) : article ? (
          <Reader
            article={article}
            annotations={annotations}
            activeId={activeId}
            colors={settings.colors}
            defaultColor={lastColor}
            scrollRequest={scrollRequest}
            scrollLink={scrollLink}
            onCreate={(range, color, then) => void createHighlight(range, color, then)}
            onActivate={(id) => activate(id, 'article')}
            onProgress={saveProgress}
            onSelectionChange={setSelectedRange}
            onLayout={setLayout}
            focusRange={focusRange}
            finding={finding}
            onCloseFind={() => {
              setFinding(false);
              document.querySelector<HTMLElement>('main.reader')?.focus();
            }}
          />
        ) : (
          <main className="reader reader-empty" aria-label="Reader">
            <div className="empty-state">
              <h2>{ready ? 'Pick something to read' : 'Opening your library…'}</h2>
              {ready && <p>Choose an article from the library, or drop a text, Markdown or saved web page (HTML) file here. Select any passage to highlight it, then add a note or tags beside it.</p>}
            </div>
          </main>
        )}
      </div>
      {readerShown && showAnnotations && (
        <AnnotationsPane
          annotations={paneAnnotations}
          colors={settings.colors}
          knownTags={knownTagNames}
          activeId={activeId}
          request={cardRequest}
          layout={layout}
          scrollLink={scrollLink}
          hasSelection={selectedRange !== null}
          onSelect={(id) => activate(id, 'pane')}
          onNoteChange={(id, note) => editing.setNote(id, note).catch((error: unknown) => {
            reportError(error);
            throw error;
          })}
          onTagsChange={(id, next) => run(editing.setTags(id, next))}
          onColorChange={(id, color) => run(editing.setColor(id, color))}
          onDelete={deleteHighlight}
          onReattach={(annotation) => {
            if (selectedRange) {
              run(
                editing.reattach(annotation.id, selectedRange).then(() => {
                  window.getSelection()?.removeAllRanges();
                  show('Highlight re-attached.');
                }),
              );
            }
          }}
          onLeave={() => document.querySelector<HTMLElement>('main.reader')?.focus()}
          onEditColors={() => setDialog('colors')}
        />
      )}
      {dialog === 'shortcuts' && <ShortcutsDialog onClose={() => setDialog(null)} />}
      {dialog === 'export' && (
        <ExportDialog
          article={readerShown ? article : null}
          annotations={readerShown ? annotations : []}
          tags={tags}
          settings={settings}
          onSettingsChange={setSettings}
          onDone={(message) => show(message)}
          onImported={() => {
            if (article) void openArticle(article.id);
            refreshLibrary();
          }}
          onClose={() => setDialog(null)}
        />
      )}
      {dialog === 'rename' && article && <RenameDialog title={article.title} onRename={(title) => void renameArticle(article.id, title)} onClose={() => setDialog(null)} />}
      {dialog === 'delete' && article && (
        <DeleteDialog title={article.title} highlightCount={annotations.length} onDelete={() => void deleteArticle(article.id, article.title)} onClose={() => setDialog(null)} />
      )}
      {dialog === 'colors' && <ColorsDialog colors={settings.colors} onSave={saveColors} onClose={() => setDialog(null)} />}
      {dropping && <div className="drop-overlay" aria-hidden="true">Drop files to import them</div>}
      <Toasts toasts={toasts} onDismiss={dismiss} />
    </div>
  );
}
