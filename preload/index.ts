import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
// Values only from the zod-free model: a sandboxed preload can require nothing but electron.
import type { DesktopApi, GlossApi, GlossBridge } from './api';
import { DESKTOP_METHOD_NAMES, IPC_CHANNEL_PREFIX, MENU_COMMANDS, MENU_COMMAND_CHANNEL, METHOD_NAMES, OPEN_TARGET_CHANNEL, isOpenTarget, type MenuCommand } from './model';

/**
 * The bridge between the sandboxed renderer and the main process, exposed as
 * `window.gloss`. It offers one purpose-named function per contract method
 * and nothing else: never ipcRenderer, never an IPC event object. The main
 * process parses every payload, so nothing here needs to trust its input.
 */
function invoker(name: string): (input: unknown) => Promise<unknown> {
  const channel = IPC_CHANNEL_PREFIX + name;
  return (input) => ipcRenderer.invoke(channel, input);
}

const methods = Object.fromEntries(
  [...METHOD_NAMES, ...DESKTOP_METHOD_NAMES].map((name) => [name, invoker(name)]),
) as unknown as GlossApi & DesktopApi;

function isMenuCommand(value: unknown): value is MenuCommand {
  return typeof value === 'string' && (MENU_COMMANDS as readonly string[]).includes(value);
}

const bridge: GlossBridge = {
  ...methods,
  onMenuCommand(listener) {
    // The listener gets the command only; the event (and its sender) stays here.
    const forward = (_event: IpcRendererEvent, command: unknown): void => {
      if (isMenuCommand(command)) listener(command);
    };
    ipcRenderer.on(MENU_COMMAND_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(MENU_COMMAND_CHANNEL, forward);
    };
  },
  onOpenTarget(listener) {
    const forward = (_event: IpcRendererEvent, target: unknown): void => {
      if (isOpenTarget(target)) listener({ articleId: target.articleId, annotationId: target.annotationId });
    };
    ipcRenderer.on(OPEN_TARGET_CHANNEL, forward);
    return () => {
      ipcRenderer.removeListener(OPEN_TARGET_CHANNEL, forward);
    };
  },
};

contextBridge.exposeInMainWorld('gloss', bridge);
