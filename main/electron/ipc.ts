import { BrowserWindow, clipboard, dialog, ipcMain, type IpcMainInvokeEvent, type OpenDialogOptions, type SaveDialogOptions } from 'electron';
import type { z } from 'zod';
import {
  DESKTOP_METHOD_NAMES,
  IPC_CHANNEL_PREFIX,
  METHOD_NAMES,
  describeInputError,
  desktopInputSchemas,
  type DesktopMethodName,
  type DesktopMethodResults,
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
    saveFileAs,
    copyText: async (_event, payload) => copyText(payload),
    chooseFolder,
  };
  for (const name of DESKTOP_METHOD_NAMES) guarded(name, desktop[name]);

  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}

function parseDesktop<M extends DesktopMethodName>(method: M, payload: unknown): Result<z.output<(typeof desktopInputSchemas)[M]>> {
  const parsed = desktopInputSchemas[method].safeParse(payload === undefined ? {} : payload);
  if (!parsed.success) return { ok: false, error: { code: 'invalid_input', message: `${method}: ${describeInputError(parsed.error)}` } };
  return { ok: true, value: parsed.data as z.output<(typeof desktopInputSchemas)[M]> };
}

/**
 * Copies text with Electron's clipboard. The renderer cannot use
 * navigator.clipboard: every permission request, clipboard included, is denied.
 */
function copyText(payload: unknown): Result<DesktopMethodResults['copyText']> {
  const parsed = parseDesktop('copyText', payload);
  if (!parsed.ok) return parsed;
  clipboard.writeText(parsed.value.text);
  return { ok: true, value: { characters: parsed.value.text.length } };
}

function ownerOf(event: IpcMainInvokeEvent): BrowserWindow | null {
  return BrowserWindow.fromWebContents(event.sender);
}

/** Writes an export where the person chooses in the native save dialog. */
async function saveFileAs(event: IpcMainInvokeEvent, payload: unknown): Promise<Result<DesktopMethodResults['saveFileAs']>> {
  const parsed = parseDesktop('saveFileAs', payload);
  if (!parsed.ok) return parsed;
  const { fileName, content } = parsed.value;
  const extension = fileName.includes('.') ? fileName.slice(fileName.lastIndexOf('.') + 1) : 'md';
  let path: string | undefined;
  try {
    const options: SaveDialogOptions = {
      title: 'Save export',
      defaultPath: fileName,
      filters: [{ name: extension === 'md' ? 'Markdown' : extension.toUpperCase(), extensions: [extension] }],
    };
    const owner = ownerOf(event);
    const choice = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
    if (choice.canceled || !choice.filePath) return { ok: true, value: { path: null } };
    path = choice.filePath;
    await writeFileAtomic(path, content);
    return { ok: true, value: { path } };
  } catch (error) {
    console.error('gloss: saveFileAs failed', error);
    const where = path ? ` to ${path}` : '';
    return { ok: false, error: { code: 'storage_failed', message: `Gloss could not save the file${where}: ${(error as Error).message}` } };
  }
}

/** Lets the person pick a folder (the export folder, say an Obsidian vault). */
async function chooseFolder(event: IpcMainInvokeEvent, payload: unknown): Promise<Result<DesktopMethodResults['chooseFolder']>> {
  const parsed = parseDesktop('chooseFolder', payload);
  if (!parsed.ok) return parsed;
  const options: OpenDialogOptions = { title: parsed.value.title ?? 'Choose a folder', properties: ['openDirectory', 'createDirectory'] };
  const owner = ownerOf(event);
  const choice = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
  const path = choice.canceled ? null : (choice.filePaths[0] ?? null);
  return { ok: true, value: { path } };
}
