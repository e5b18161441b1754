import { BrowserWindow, clipboard, dialog, ipcMain, type IpcMainInvokeEvent, type SaveDialogOptions } from 'electron';
import {
  DESKTOP_METHOD_NAMES,
  IPC_CHANNEL_PREFIX,
  METHOD_NAMES,
  describeInputError,
  desktopInputSchemas,
  type DesktopMethodName,
  type DesktopMethodResults,
  type MarkdownExport,
  type Result,
} from '../../preload/api';
import { dispatch } from '../dispatch';
import type { ServiceMethods } from '../service';
import { writeFileAtomic } from '../store/atomic-file';
import { originOf } from './navigation';

/**
 * The one place IPC is bound. Every channel checks who is calling before
 * anything else: only a frame whose origin is Gloss's own may reach the
 * service. Payloads stay `unknown` until the contract's schema parses them
 * (dispatch does that), and every outcome is a Result value, never a throw.
 */
export interface IpcOptions {
  /** app://gloss, plus the dev server's origin while developing. */
  allowedOrigins: readonly string[];
}

/** True when an IPC message came from a frame showing Gloss itself. */
export function isTrustedSender(frameUrl: unknown, allowedOrigins: readonly string[]): boolean {
  const origin = originOf(frameUrl);
  return origin !== null && allowedOrigins.includes(origin);
}

function senderFrameUrl(event: IpcMainInvokeEvent): string | null {
  try {
    // senderFrame is null once the frame has navigated or been destroyed.
    return event.senderFrame?.url ?? null;
  } catch {
    return null;
  }
}

const FORBIDDEN: Result<never> = {
  ok: false,
  error: { code: 'forbidden', message: 'Only the Gloss window may call Gloss.' },
};

/** Binds every contract method and desktop method; returns a function that unbinds them. */
export function bindIpc(service: ServiceMethods, options: IpcOptions): () => void {
  const channels: string[] = [];
  const guarded = (
    name: string,
    handler: (event: IpcMainInvokeEvent, payload: unknown) => Promise<Result<unknown>>,
  ): void => {
    const channel = IPC_CHANNEL_PREFIX + name;
    ipcMain.handle(channel, async (event, payload: unknown) => {
      if (!isTrustedSender(senderFrameUrl(event), options.allowedOrigins)) return FORBIDDEN;
      return handler(event, payload);
    });
    channels.push(channel);
  };

  for (const name of METHOD_NAMES) {
    guarded(name, (_event, payload) => dispatch(service, name, payload));
  }

  const desktop: { [M in DesktopMethodName]: (event: IpcMainInvokeEvent, payload: unknown) => Promise<Result<DesktopMethodResults[M]>> } = {
    saveMarkdownAs: (event, payload) => saveMarkdownAs(service, event, payload),
    copyMarkdown: (_event, payload) => copyMarkdown(service, payload),
  };
  for (const name of DESKTOP_METHOD_NAMES) guarded(name, desktop[name]);

  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

/**
 * Copies an article's Markdown with Electron's clipboard. The renderer cannot
 * use navigator.clipboard: every permission request, clipboard included, is denied.
 */
async function copyMarkdown(service: ServiceMethods, payload: unknown): Promise<Result<DesktopMethodResults['copyMarkdown']>> {
  const parsed = desktopInputSchemas.copyMarkdown.safeParse(payload === undefined ? {} : payload);
  if (!parsed.success) {
    return { ok: false, error: { code: 'invalid_input', message: `copyMarkdown: ${describeInputError(parsed.error)}` } };
  }
  const exported = await dispatch(service, 'exportMarkdown', { articleId: parsed.data.articleId });
  if (!exported.ok) return exported;
  const { markdown } = exported.value as MarkdownExport;
  clipboard.writeText(markdown);
  return { ok: true, value: { characters: markdown.length } };
}

/** Exports an article and writes it where the person chooses in the native save dialog. */
async function saveMarkdownAs(
  service: ServiceMethods,
  event: IpcMainInvokeEvent,
  payload: unknown,
): Promise<Result<DesktopMethodResults['saveMarkdownAs']>> {
  const parsed = desktopInputSchemas.saveMarkdownAs.safeParse(payload === undefined ? {} : payload);
  if (!parsed.success) {
    return { ok: false, error: { code: 'invalid_input', message: `saveMarkdownAs: ${describeInputError(parsed.error)}` } };
  }
  const exported = await dispatch(service, 'exportMarkdown', { articleId: parsed.data.articleId });
  if (!exported.ok) return exported;
  const { fileName, markdown } = exported.value as MarkdownExport;

  let path: string | undefined;
  try {
    const options: SaveDialogOptions = {
      title: 'Save Markdown',
      defaultPath: fileName,
      filters: [{ name: 'Markdown', extensions: ['md'] }],
    };
    const owner = BrowserWindow.fromWebContents(event.sender);
    const choice = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { ok: true, value: { path: null } };
    path = choice.filePath;
    await writeFileAtomic(path, markdown);
    return { ok: true, value: { path } };
  } catch (error) {
    console.error('gloss: saveMarkdownAs failed', error);
    const where = path ? ` to ${path}` : '';
    return {
      ok: false,
      error: { code: 'storage_failed', message: `Gloss could not save the Markdown file${where}: ${(error as Error).message}` },
    };
  }
}
