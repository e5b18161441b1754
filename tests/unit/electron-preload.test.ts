import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  DESKTOP_METHOD_NAMES,
  IPC_CHANNEL_PREFIX,
  OPEN_TARGET_CHANNEL,
  MENU_COMMAND_CHANNEL,
  METHOD_NAMES,
  type GlossBridge,
  type MenuCommand,
} from '../../preload/api';
import { fakes, preventableEvent } from './electron-fakes';

vi.mock('electron', async () => (await import('./electron-fakes')).electronModule);

let bridge: GlossBridge;

beforeAll(async () => {
  await import('../../preload/index');
  expect(fakes.contextBridge.exposeInMainWorld).toHaveBeenCalledTimes(1);
  const [key, value] = fakes.contextBridge.exposeInMainWorld.mock.calls[0] as [string, GlossBridge];
  expect(key).toBe('gloss');
  bridge = value;
});

describe('preload bridge', () => {
  it('exposes exactly the named methods plus onMenuCommand and onOpenTarget, all functions', () => {
    expect(Object.keys(bridge).sort()).toEqual([...METHOD_NAMES, ...DESKTOP_METHOD_NAMES, 'onMenuCommand', 'onOpenTarget'].sort());
    for (const value of Object.values(bridge)) expect(typeof value).toBe('function');
  });

  it('never exposes ipcRenderer or its generic methods', () => {
    const values: unknown[] = Object.values(bridge);
    expect(values).not.toContain(fakes.ipcRenderer);
    expect(values).not.toContain(fakes.ipcRenderer.invoke);
    for (const key of ['ipcRenderer', 'invoke', 'send', 'on', 'sendSync', 'postMessage']) {
      expect(bridge).not.toHaveProperty(key);
    }
  });

  it('invokes each method on its own channel with the input, and returns the Result', async () => {
    fakes.ipcRenderer.invoke.mockClear();
    const result = await bridge.getArticle({ id: 'abc' });
    expect(fakes.ipcRenderer.invoke).toHaveBeenCalledWith(`${IPC_CHANNEL_PREFIX}getArticle`, { id: 'abc' });
    expect(result).toEqual({ ok: true, value: { channel: 'gloss:getArticle', input: { id: 'abc' } } });

    await bridge.saveFileAs({ fileName: 'a.md', content: 'abc' });
    expect(fakes.ipcRenderer.invoke).toHaveBeenLastCalledWith(`${IPC_CHANNEL_PREFIX}saveFileAs`, { fileName: 'a.md', content: 'abc' });
    for (const name of [...METHOD_NAMES, ...DESKTOP_METHOD_NAMES]) {
      fakes.ipcRenderer.invoke.mockClear();
      await (bridge[name] as (input: unknown) => Promise<unknown>)({});
      expect(fakes.ipcRenderer.invoke, name).toHaveBeenCalledWith(IPC_CHANNEL_PREFIX + name, {});
    }
  });

  it('passes on known menu commands only, without the event, until unsubscribed', () => {
    const received: unknown[][] = [];
    const unsubscribe = bridge.onMenuCommand((...args: unknown[]) => {
      received.push(args);
    });
    const event = preventableEvent({ sender: fakes.ipcRenderer });

    fakes.ipcRenderer.emit(MENU_COMMAND_CHANNEL, event, 'export-save' satisfies MenuCommand);
    fakes.ipcRenderer.emit(MENU_COMMAND_CHANNEL, event, 'toggle-annotations' satisfies MenuCommand);
    for (const unknown of ['rm -rf', 'EXPORT-SAVE', '', 42, null, undefined, { command: 'export-save' }]) {
      fakes.ipcRenderer.emit(MENU_COMMAND_CHANNEL, event, unknown);
    }
    expect(received).toEqual([['export-save'], ['toggle-annotations']]);

    unsubscribe();
    expect(fakes.ipcRenderer.listenerCount(MENU_COMMAND_CHANNEL)).toBe(0);
    fakes.ipcRenderer.emit(MENU_COMMAND_CHANNEL, event, 'focus-search');
    expect(received).toHaveLength(2);
  });
});

describe('onOpenTarget', () => {
  it('passes on only well-formed targets from the main process, and unsubscribes', () => {
    const seen: unknown[] = [];
    const unsubscribe = bridge.onOpenTarget((target) => seen.push(target));
    const send = (payload: unknown): void => void fakes.ipcRenderer.emit(OPEN_TARGET_CHANNEL, {}, payload);
    send({ articleId: 'abc123', annotationId: 'def456' });
    send({ articleId: 'abc123', annotationId: null });
    send({ articleId: '../etc', annotationId: null });
    send({ articleId: 'abc', annotationId: 5 });
    send('abc');
    send(null);
    expect(seen).toEqual([
      { articleId: 'abc123', annotationId: 'def456' },
      { articleId: 'abc123', annotationId: null },
    ]);
    unsubscribe();
    send({ articleId: 'later', annotationId: null });
    expect(seen).toHaveLength(2);
  });
});
