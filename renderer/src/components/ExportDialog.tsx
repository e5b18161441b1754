import { useEffect, useMemo, useState } from 'react';
import type { Annotation, Article, FolderExportResult, Settings, TagCount, TemplateVariableHelp } from '../../../preload/api';
import { call, chooseFolder, copyText, desktopBridge, errorMessage, saveFile } from '../api';
import { Dialog } from './Dialog';

type Scope = 'article' | 'selected' | 'tag' | 'all';
type Destination = 'clipboard' | 'file' | 'folder';
type Format = 'markdown' | 'w3c';

interface ExportDialogProps {
  article: Article | null;
  annotations: readonly Annotation[];
  tags: readonly TagCount[];
  settings: Settings;
  onSettingsChange: (settings: Settings) => void;
  onDone: (message: string) => void;
  /** Annotations were added to the open article. */
  onImported: () => void;
  onClose: () => void;
}

const PREVIEW_DELAY_MS = 250;

/**
 * Every way out of Gloss: what (this article, chosen highlights, a tag across
 * articles, everything), where (clipboard, a file, the export folder that
 * re-syncs in place), as Markdown through the user's template or as W3C Web
 * Annotations, with the template's live preview beside it.
 */
export function ExportDialog({ article, annotations, tags, settings, onSettingsChange, onDone, onImported, onClose }: ExportDialogProps) {
  const [scope, setScope] = useState<Scope>(article ? 'article' : 'all');
  const [destination, setDestination] = useState<Destination>(article ? 'clipboard' : 'folder');
  const [format, setFormat] = useState<Format>('markdown');
  const [chosen, setChosen] = useState<Set<string>>(() => new Set(annotations.map((annotation) => annotation.id)));
  const [tag, setTag] = useState(tags[0]?.tag ?? '');
  const [folder, setFolder] = useState(settings.exportFolder ?? '');
  const [template, setTemplate] = useState<string | null>(null);
  const [help, setHelp] = useState<{ defaultTemplate: string; variables: TemplateVariableHelp[] } | null>(null);
  const [preview, setPreview] = useState<{ ok: true; markdown: string } | { ok: false; error: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [results, setResults] = useState<FolderExportResult[] | null>(null);

  useEffect(() => {
    call('getTemplateHelp', {})
      .then((loaded) => {
        setHelp(loaded);
        setTemplate(settings.exportTemplate ?? loaded.defaultTemplate);
      })
      .catch((reason: unknown) => setError(errorMessage(reason)));
  }, [settings.exportTemplate]);

  // The live preview renders the template on the open article, a moment after typing stops.
  useEffect(() => {
    if (template === null || !article) return undefined;
    const timer = window.setTimeout(() => {
      call('previewTemplate', { articleId: article.id, template })
        .then(setPreview)
        .catch((reason: unknown) => setPreview({ ok: false, error: errorMessage(reason) }));
    }, PREVIEW_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [template, article]);

  const templateChanged = help !== null && template !== null && template !== (settings.exportTemplate ?? help.defaultTemplate);
  const formats: Format[] = scope === 'article' ? ['markdown', 'w3c'] : ['markdown'];
  const effectiveFormat = formats.includes(format) ? format : 'markdown';
  const destinations: Destination[] = scope === 'all' ? ['folder'] : ['clipboard', 'file', 'folder'];
  const effectiveDestination = destinations.includes(destination) ? destination : (destinations[0] as Destination);
  const folderOnlyArticles = scope === 'article' || scope === 'all';
  const canExport =
    !busy &&
    (scope !== 'selected' || chosen.size > 0) &&
    (scope !== 'tag' || tag !== '') &&
    (effectiveDestination !== 'folder' || (folder.trim() !== '' && folderOnlyArticles && effectiveFormat === 'markdown'));

  const saveFolderSetting = async (next: string, autoExport = settings.autoExport): Promise<Settings> => {
    const saved = await call('updateSettings', { exportFolder: next.trim() || null, autoExport });
    onSettingsChange(saved);
    return saved;
  };

  const saveTemplate = async (value: string | null): Promise<void> => {
    try {
      const saved = await call('updateSettings', { exportTemplate: value });
      onSettingsChange(saved);
      setError(null);
      onDone(value === null ? 'The default template is back in use.' : 'Template saved.');
    } catch (reason) {
      setError(errorMessage(reason));
    }
  };

  const exportNow = async (overwrite: string[] = []): Promise<void> => {
    setBusy(true);
    setError(null);
    try {
      if (effectiveDestination === 'folder') {
        await saveFolderSetting(folder);
        const ids = scope === 'all' ? undefined : article ? [article.id] : [];
        const outcome = await call('exportToFolder', { ...(ids ? { articleIds: ids } : {}), overwrite });
        setResults(outcome.results);
        const counts = countStatuses(outcome.results);
        onDone(`Exported to ${outcome.folder}: ${counts}.`);
        return;
      }
      const { fileName, content, type } = await produce();
      if (effectiveDestination === 'clipboard') {
        await copyText(content);
        onDone(effectiveFormat === 'w3c' ? 'W3C annotations copied to the clipboard.' : 'Markdown copied to the clipboard.');
      } else {
        const path = await saveFile(fileName, content, type);
        if (path) onDone(desktopBridge ? `Saved to ${path}` : `Downloaded ${path}`);
      }
      onClose();
    } catch (reason) {
      setError(errorMessage(reason));
    } finally {
      setBusy(false);
    }
  };

  const importAnnotations = async (file: File): Promise<void> => {
    if (!article) return;
    setError(null);
    try {
      const { added, orphaned } = await call('importW3C', { articleId: article.id, json: await file.text() });
      onImported();
      onDone(`Imported ${added} annotation${added === 1 ? '' : 's'} from ${file.name}${orphaned ? `; ${orphaned} could not be placed and need attention` : ''}.`);
    } catch (reason) {
      setError(`${file.name}: ${errorMessage(reason)}`);
    }
  };

  const produce = async (): Promise<{ fileName: string; content: string; type: string }> => {
    if (scope === 'tag') {
      const { fileName, markdown } = await call('exportTagMarkdown', { tag });
      return { fileName, content: markdown, type: 'text/markdown;charset=utf-8' };
    }
    if (!article) throw new Error('Open an article first.');
    if (effectiveFormat === 'w3c') {
      const { fileName, json } = await call('exportW3C', { articleId: article.id });
      return { fileName, content: json, type: 'application/ld+json' };
    }
    const { fileName, markdown, templateError } = await call('exportMarkdown', {
      articleId: article.id,
      ...(scope === 'selected' ? { annotationIds: [...chosen] } : {}),
    });
    if (templateError) onDone(`Your template has an error, so the default format was used: ${templateError}`);
    return { fileName, content: markdown, type: 'text/markdown;charset=utf-8' };
  };

  const scopeOptions = useMemo(
    () =>
      [
        article && { value: 'article' as const, label: 'This article' },
        article && annotations.length > 0 && { value: 'selected' as const, label: 'Chosen highlights' },
        tags.length > 0 && { value: 'tag' as const, label: 'A tag, across articles' },
        { value: 'all' as const, label: 'Everything (one note per article)' },
      ].filter((option): option is { value: Scope; label: string } => Boolean(option)),
    [article, annotations.length, tags.length],
  );

  return (
    <Dialog title="Export" onClose={onClose}>
      <div className="export-dialog">
        <div className="export-options">
          <fieldset>
            <legend>What</legend>
            {scopeOptions.map((option) => (
              <label key={option.value} className="radio">
                <input type="radio" name="scope" value={option.value} checked={scope === option.value} onChange={() => setScope(option.value)} />
                {option.label}
              </label>
            ))}
            {scope === 'selected' && (
              <ul className="choose-list" aria-label="Highlights to export">
                {annotations.map((annotation) => (
                  <li key={annotation.id}>
                    <label className="radio">
                      <input
                        type="checkbox"
                        checked={chosen.has(annotation.id)}
                        onChange={(event) =>
                          setChosen((current) => {
                            const next = new Set(current);
                            if (event.target.checked) next.add(annotation.id);
                            else next.delete(annotation.id);
                            return next;
                          })
                        }
                      />
                      <span className={`swatch swatch-${annotation.color}`} aria-hidden="true" />
                      <span className="choose-quote">{annotation.quote}</span>
                    </label>
                  </li>
                ))}
              </ul>
            )}
            {scope === 'tag' && (
              <select aria-label="Tag to export" value={tag} onChange={(event) => setTag(event.target.value)}>
                {tags.map((entry) => (
                  <option key={entry.tag} value={entry.tag}>
                    #{entry.tag} ({entry.count})
                  </option>
                ))}
              </select>
            )}
          </fieldset>

          <fieldset>
            <legend>Where</legend>
            {destinations.map((value) => (
              <label key={value} className="radio">
                <input type="radio" name="destination" value={value} checked={effectiveDestination === value} onChange={() => setDestination(value)} />
                {value === 'clipboard' ? 'Clipboard' : value === 'file' ? (desktopBridge ? 'Save as a file…' : 'Download a file') : 'Export folder (re-syncs in place)'}
              </label>
            ))}
            {effectiveDestination === 'folder' && (
              <div className="folder-row">
                <input
                  className="search"
                  aria-label="Export folder"
                  placeholder="/home/you/Obsidian/Vault/Gloss"
                  value={folder}
                  onChange={(event) => setFolder(event.target.value)}
                />
                {desktopBridge && (
                  <button
                    type="button"
                    className="button"
                    onClick={() => {
                      void chooseFolder('Choose the export folder').then((path) => path && setFolder(path));
                    }}
                  >
                    Choose…
                  </button>
                )}
                <label className="radio">
                  <input
                    type="checkbox"
                    checked={settings.autoExport}
                    disabled={folder.trim() === ''}
                    onChange={(event) => {
                      saveFolderSetting(folder, event.target.checked).catch((reason: unknown) => setError(errorMessage(reason)));
                    }}
                  />
                  Export automatically when highlights change
                </label>
                {scope === 'tag' || scope === 'selected' ? <p className="hint">The export folder holds one note per article: choose “This article” or “Everything”.</p> : null}
              </div>
            )}
          </fieldset>

          <fieldset>
            <legend>Format</legend>
            {formats.map((value) => (
              <label key={value} className="radio">
                <input type="radio" name="format" value={value} checked={effectiveFormat === value} onChange={() => setFormat(value)} />
                {value === 'markdown' ? 'Markdown (your template)' : 'W3C Web Annotations (JSON-LD)'}
              </label>
            ))}
          </fieldset>

          {article && (
            <fieldset>
              <legend>Import</legend>
              <label className="import-w3c">
                <span>W3C Web Annotations for this article (from Hypothesis, another Gloss…)</span>
                <input
                  type="file"
                  aria-label="Import W3C annotations"
                  accept=".json,.jsonld,application/json,application/ld+json"
                  onChange={(event) => {
                    const file = event.target.files?.[0];
                    event.target.value = '';
                    if (file) void importAnnotations(file);
                  }}
                />
              </label>
            </fieldset>
          )}
          {error && (
            <p className="form-error" role="alert">
              {error}
            </p>
          )}
          {results && <FolderResults results={results} busy={busy} onOverwrite={(id) => void exportNow([id])} />}
          <div className="dialog-actions">
            <button type="button" className="button" onClick={onClose}>
              Done
            </button>
            <button type="button" className="button button-primary" disabled={!canExport} onClick={() => void exportNow()}>
              {busy ? 'Exporting…' : 'Export'}
            </button>
          </div>
        </div>

        <div className="template-editor">
          <div className="template-head">
            <h3>Template</h3>
            <span className="hint">Mustache; see the variables below.</span>
          </div>
          <textarea
            className="template-text"
            aria-label="Template"
            spellCheck={false}
            value={template ?? ''}
            onChange={(event) => setTemplate(event.target.value)}
          />
          <div className="template-actions">
            <button type="button" className="button" disabled={!templateChanged || preview?.ok === false} onClick={() => void saveTemplate(template)}>
              Save template
            </button>
            <button type="button" className="button" disabled={settings.exportTemplate === null && !templateChanged} onClick={() => {
              setTemplate(help?.defaultTemplate ?? null);
              void saveTemplate(null);
            }}>
              Restore default
            </button>
          </div>
          <h3>Preview{article ? `: ${article.title}` : ''}</h3>
          {!article ? (
            <p className="hint">Open an article to preview the template on it.</p>
          ) : preview?.ok === false ? (
            <p className="form-error" role="alert">
              {preview.error} The saved template stays in force.
            </p>
          ) : (
            <pre className="template-preview" aria-label="Template preview">
              {preview?.markdown ?? ''}
            </pre>
          )}
          {help && (
            <details className="variables">
              <summary>Variables ({help.variables.length})</summary>
              <table>
                <tbody>
                  {help.variables.map((variable) => (
                    <tr key={`${variable.scope}-${variable.name}`}>
                      <td>
                        <code>{`{{${variable.name}}}`}</code>
                      </td>
                      <td>{variable.description}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          )}
        </div>
      </div>
    </Dialog>
  );
}

function countStatuses(results: readonly FolderExportResult[]): string {
  const counts = new Map<string, number>();
  for (const result of results) counts.set(result.status, (counts.get(result.status) ?? 0) + 1);
  return [...counts.entries()].map(([status, count]) => `${count} ${status}`).join(', ') || 'nothing to do';
}

/** What an export into the folder did, note by note; notes the user edited show their diff and can be overwritten. */
function FolderResults({ results, busy, onOverwrite }: { results: readonly FolderExportResult[]; busy: boolean; onOverwrite: (articleId: string) => void }) {
  return (
    <section className="folder-results" aria-label="Export results">
      <ul>
        {results.map((result) => (
          <li key={result.articleId} className={`result result-${result.status}`}>
            <span className="result-status">{result.status}</span> <code>{result.fileName}</code>
            {result.message && <p className="hint">{result.message}</p>}
            {result.diff && (
              <>
                <pre className="diff" aria-label={`Changes to ${result.fileName}`}>
                  {result.diff}
                </pre>
                <button type="button" className="button button-danger" disabled={busy} onClick={() => onOverwrite(result.articleId)}>
                  Overwrite my edits in {result.fileName}
                </button>
              </>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
