import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DESKTOP_METHOD_NAMES, IPC_CHANNEL_PREFIX, METHOD_NAMES, OPEN_TARGET_CHANNEL, type ArticleSummary, type Result } from '../../preload/api';
import { FakeWebContents, FakeWindow, fakes, ipcEventFrom, preventableEvent, resetFakes } from './electron-fakes';

vi.mock('electron', async () => (await import('./electron-fakes')).electronModule);

/**
 * main/index.ts runs on import, as Electron runs it. Each test imports it
 * afresh against the fakes and plays the app's life: before ready, ready,
 * windows coming and going.
 */
const originalArgv = process.argv;
const originalEnv = { ...process.env };
const temps: string[] = [];
let userData: string;

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gloss-main-'));
  temps.push(dir);
  return dir;
}

function setResourcesPath(value: string | undefined): void {
  Object.defineProperty(process, 'resourcesPath', { value, configurable: true, writable: true });
}

async function launch(): Promise<void> {
  await import('../../main/index');
}

async function ready(): Promise<InstanceType<typeof FakeWindow>> {
  fakes.app.fireReady();
  await vi.waitFor(() => expect(FakeWindow.instances).toHaveLength(1));
  return FakeWindow.instances[0]!;
}

async function invoke(method: string, frameUrl: string | null, payload: unknown = {}): Promise<Result<unknown>> {
  const handler = fakes.ipcMain.handlers.get(IPC_CHANNEL_PREFIX + method);
  if (!handler) throw new Error(`no handler bound for ${method}`);
  return (await handler(ipcEventFrom(frameUrl), payload)) as Result<unknown>;
}

function createdContents(): FakeWebContents {
  const contents = new FakeWebContents();
  fakes.app.emit('web-contents-created', preventableEvent(), contents);
  return contents;
}

function navigationPrevented(contents: FakeWebContents, url: string): boolean {
  const event = preventableEvent({ url });
  contents.emit('will-navigate', event, url);
  return event.preventDefault.mock.calls.length > 0;
}

beforeEach(async () => {
  resetFakes();
  vi.resetModules();
  userData = await tempDir();
  fakes.app.paths = { userData };
  process.argv = ['/usr/bin/gloss'];
  delete process.env.GLOSS_DATA_DIR;
  delete process.env.ELECTRON_RENDERER_URL;
  setResourcesPath(undefined);
});

afterEach(async () => {
  process.argv = originalArgv;
  process.env = { ...originalEnv };
  setResourcesPath(undefined);
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

/** A packaged app whose resources hold the real seeds. */
function packaged(): void {
  fakes.app.isPackaged = true;
  setResourcesPath(process.cwd());
}

describe('before ready', () => {
  it('registers app:// as a privileged scheme before waiting for ready, and takes the single-instance lock', async () => {
    await launch();
    expect(fakes.protocol.registerSchemesAsPrivileged).toHaveBeenCalledWith([
      { scheme: 'app', privileges: { standard: true, secure: true, supportFetchAPI: true } },
    ]);
    expect(fakes.protocol.registerSchemesAsPrivileged.mock.invocationCallOrder[0]!).toBeLessThan(
      fakes.app.whenReady.mock.invocationCallOrder[0]!,
    );
    expect(fakes.app.requestSingleInstanceLock).toHaveBeenCalled();
    expect(fakes.app.quit).not.toHaveBeenCalled();
    expect(FakeWindow.instances).toHaveLength(0);
  });

  it('quits at once when another instance holds the lock', async () => {
    fakes.app.lockGranted = false;
    await launch();
    expect(fakes.app.quit).toHaveBeenCalled();
    expect(fakes.app.whenReady).not.toHaveBeenCalled();
    expect(fakes.app.listenerCount('web-contents-created')).toBe(0);
  });
});

describe('web-contents-created hardening', () => {
  it('stops navigation away from the app, denies new windows and webviews', async () => {
    await launch();
    const contents = createdContents();

    expect(navigationPrevented(contents, 'https://evil.example/')).toBe(true);
    expect(navigationPrevented(contents, 'file:///etc/passwd')).toBe(true);
    expect(navigationPrevented(contents, 'http://localhost:5173/')).toBe(true);
    expect(navigationPrevented(contents, 'app://gloss/index.html')).toBe(false);

    expect(contents.windowOpenHandler?.({ url: 'https://example.com/page' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'javascript:alert(1)' })).toEqual({ action: 'deny' });
    expect(contents.windowOpenHandler?.({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(fakes.shell.openExternal.mock.calls).toEqual([['https://example.com/page']]);

    const attach = preventableEvent();
    contents.emit('will-attach-webview', attach, {}, {});
    expect(attach.preventDefault).toHaveBeenCalled();
  });
});

describe('on ready', () => {
  it('denies permissions, serves app://, binds IPC, installs the menu and opens the secure window', async () => {
    packaged();
    await launch();
    const window = await ready();

    const session = fakes.session.defaultSession;
    const callback = vi.fn();
    session.requestHandler?.({}, 'media', callback, {});
    expect(callback).toHaveBeenCalledWith(false);
    expect(session.checkHandler?.({}, 'geolocation', 'app://gloss', {})).toBe(false);

    expect(fakes.protocolHandlers.has('app')).toBe(true);
    expect([...fakes.ipcMain.handlers.keys()].sort()).toEqual(
      [...METHOD_NAMES, ...DESKTOP_METHOD_NAMES].map((name) => IPC_CHANNEL_PREFIX + name).sort(),
    );
    expect(fakes.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);

    expect(window.loadURL).toHaveBeenCalledWith('app://gloss/');
    expect(window.options.webPreferences).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, webSecurity: true });
    expect(String(window.options.webPreferences?.preload)).toMatch(/preload[\\/]index\.cjs$/);
  });

  it('keeps the library in userData and adds the seeds from the packaged resources', async () => {
    packaged();
    await launch();
    await ready();
    const listed = await invoke('listArticles', 'app://gloss/index.html');
    expect(listed.ok).toBe(true);
    expect((listed as { value: ArticleSummary[] }).value).toHaveLength(2);
    expect(existsSync(join(userData, 'db.json'))).toBe(true);
    expect(await invoke('listArticles', 'https://evil.example/')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
  });

  it('uses --data-dir over GLOSS_DATA_DIR, and moves the profile and the lock there', async () => {
    packaged();
    const flagged = await tempDir();
    const fromEnv = await tempDir();
    process.argv = ['/usr/bin/gloss', '--data-dir', flagged];
    process.env.GLOSS_DATA_DIR = fromEnv;
    await launch();
    expect(fakes.app.setPath).toHaveBeenCalledWith('userData', flagged);
    expect(fakes.app.setPath.mock.invocationCallOrder[0]!).toBeLessThan(
      fakes.app.requestSingleInstanceLock.mock.invocationCallOrder[0]!,
    );
    await ready();
    await vi.waitFor(() => expect(existsSync(join(flagged, 'db.json'))).toBe(true));
    expect(existsSync(join(fromEnv, 'db.json'))).toBe(false);
    expect(existsSync(join(userData, 'db.json'))).toBe(false);
  });

  it('uses GLOSS_DATA_DIR when there is no flag', async () => {
    packaged();
    const fromEnv = await tempDir();
    process.env.GLOSS_DATA_DIR = fromEnv;
    await launch();
    await ready();
    expect(existsSync(join(fromEnv, 'db.json'))).toBe(true);
    expect(existsSync(join(userData, 'db.json'))).toBe(false);
  });

  it('reports a data directory it cannot use, and exits', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const notADirectory = join(await tempDir(), 'a-file');
    await writeFile(notADirectory, 'x');
    process.argv = ['/usr/bin/gloss', `--data-dir=${notADirectory}`];
    await launch();
    fakes.app.fireReady();
    await vi.waitFor(() => expect(fakes.app.exit).toHaveBeenCalledWith(1));
    expect(fakes.dialog.showErrorBox).toHaveBeenCalledWith('Gloss could not start', expect.any(String));
    expect(FakeWindow.instances).toHaveLength(0);
    error.mockRestore();
  });
});

describe('dev mode', () => {
  it('loads the electron-vite dev server and trusts its origin, when not packaged', async () => {
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    await launch();
    const window = await ready();
    expect(window.loadURL).toHaveBeenCalledWith('http://localhost:5173');
    expect((await invoke('listArticles', 'http://localhost:5173/')).ok).toBe(true);
    expect(await invoke('listArticles', 'http://localhost:5174/')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const contents = createdContents();
    expect(navigationPrevented(contents, 'http://localhost:5173/')).toBe(false);
    expect(navigationPrevented(contents, 'http://localhost:8080/')).toBe(true);
  });

  it('ignores ELECTRON_RENDERER_URL in a packaged app', async () => {
    packaged();
    process.env.ELECTRON_RENDERER_URL = 'http://localhost:5173';
    await launch();
    const window = await ready();
    expect(window.loadURL).toHaveBeenCalledWith('app://gloss/');
    expect(await invoke('listArticles', 'http://localhost:5173/')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(navigationPrevented(createdContents(), 'http://localhost:5173/')).toBe(true);
  });
});

describe('window life', () => {
  it('restores and focuses the window when a second instance starts', async () => {
    await launch();
    const window = await ready();
    window.minimized = true;
    fakes.app.emit('second-instance', preventableEvent(), ['/usr/bin/gloss'], '/');
    expect(window.restore).toHaveBeenCalled();
    expect(window.focus).toHaveBeenCalled();
  });

  it('registers gloss:// and opens a link from a second launch in the window, once it has loaded', async () => {
    await launch();
    const window = await ready();
    expect(fakes.app.setAsDefaultProtocolClient.mock.calls[0]?.[0]).toBe('gloss');
    fakes.app.emit('second-instance', preventableEvent(), ['/usr/bin/gloss', 'gloss://article/abc123#note42'], '/');
    expect(window.webContents.send).not.toHaveBeenCalledWith(OPEN_TARGET_CHANNEL, expect.anything());
    window.webContents.emit('did-finish-load');
    expect(window.webContents.send).toHaveBeenCalledWith(OPEN_TARGET_CHANNEL, { articleId: 'abc123', annotationId: 'note42' });
    fakes.app.emit('open-url', preventableEvent(), 'gloss://article/other');
    expect(window.webContents.send).toHaveBeenLastCalledWith(OPEN_TARGET_CHANNEL, { articleId: 'other', annotationId: null });
  });

  it.runIf(process.platform !== 'darwin')('quits when the last window closes', async () => {
    await launch();
    await ready();
    fakes.app.emit('window-all-closed');
    expect(fakes.app.quit).toHaveBeenCalled();
  });

  it('opens a new window on activate when none is left', async () => {
    await launch();
    const first = await ready();
    fakes.app.emit('activate');
    expect(FakeWindow.instances).toHaveLength(1);
    first.close();
    fakes.app.emit('activate');
    // The new window opens once its remembered size has been read.
    await vi.waitFor(() => expect(FakeWindow.instances).toHaveLength(2));
    expect(FakeWindow.getAllWindows()).toHaveLength(1);
  });
});
