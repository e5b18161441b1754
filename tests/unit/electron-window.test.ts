import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWindow, fakes, resetFakes } from './electron-fakes';

vi.mock('electron', async () => (await import('./electron-fakes')).electronModule);

const { createMainWindow, preloadPath } = await import('../../main/electron/window');

const ENTRY_URL = pathToFileURL(join('/opt', 'gloss', 'out', 'main', 'index.js')).href;

beforeEach(() => resetFakes());

describe('createMainWindow', () => {
  it('writes out exactly the secure webPreferences, with the CJS preload beside out/main', () => {
    createMainWindow({ startUrl: 'app://gloss/', entryUrl: ENTRY_URL });
    const [window] = FakeWindow.instances;
    expect(window?.options.webPreferences).toStrictEqual({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true,
      preload: join('/opt', 'gloss', 'out', 'preload', 'index.cjs'),
    });
  });

  it('finds the preload as preload/index.cjs even without an entry URL', () => {
    expect(preloadPath().endsWith(join('preload', 'index.cjs'))).toBe(true);
  });

  it('is titled Gloss, sized sensibly, and hidden until painted', () => {
    createMainWindow({ startUrl: 'app://gloss/', entryUrl: ENTRY_URL });
    const window = FakeWindow.instances[0]!;
    expect(window.options).toMatchObject({ title: 'Gloss', width: 1280, height: 820, minWidth: 900, minHeight: 600, show: false });
    expect(typeof window.options.backgroundColor).toBe('string');
    expect(window.loadURL).toHaveBeenCalledWith('app://gloss/');
    expect(window.show).not.toHaveBeenCalled();
    window.emit('ready-to-show');
    expect(window.show).toHaveBeenCalledTimes(1);
  });

  it('uses a dark background when the system is dark', () => {
    fakes.nativeTheme.shouldUseDarkColors = false;
    createMainWindow({ startUrl: 'app://gloss/', entryUrl: ENTRY_URL });
    fakes.nativeTheme.shouldUseDarkColors = true;
    createMainWindow({ startUrl: 'app://gloss/', entryUrl: ENTRY_URL });
    const [light, dark] = FakeWindow.instances;
    expect(light?.options.backgroundColor).not.toBe(dark?.options.backgroundColor);
  });

  it('still shows the window when the page fails to load, rather than seeming to hang', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    FakeWindow.loadError = new Error('ERR_FAILED');
    createMainWindow({ startUrl: 'app://gloss/', entryUrl: ENTRY_URL });
    const window = FakeWindow.instances[0]!;
    await vi.waitFor(() => expect(window.show).toHaveBeenCalledTimes(1));
    expect(error).toHaveBeenCalled();
    error.mockRestore();
  });
});
