import { BrowserWindow, app, dialog, protocol, screen, session } from 'electron';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { APP_NAME, resolveDataDir } from './data-dir';
import { denyAllPermissions, hardenWebContents } from './electron/hardening';
import { bindIpc } from './electron/ipc';
import { dataDirFlag } from './electron/launch-options';
import { installMenu } from './electron/menu';
import { APP_START_URL, devServerUrl, trustedOrigins } from './electron/navigation';
import { APP_SCHEME_PRIVILEGES, registerAppProtocol } from './electron/protocol';
import { createMainWindow } from './electron/window';
import { WINDOW_STATE_FILE, boundsToRestore, loadWindowState, trackWindowState } from './electron/window-state';
import { DeepLinkRouter } from './electron/deep-links';
import { GLOSS_SCHEME } from './gloss-url';
import { OPEN_TARGET_CHANNEL } from '../preload/model';
import { installPaths } from './paths';
import { createService, type GlossService } from './service';
import { releaseDataDirLock, setProcessKind } from './store/lock';

/**
 * The Electron main process: only wiring. The service is plain Node; the
 * adapters in main/electron/ hold the security decisions and are tested with
 * Electron mocked.
 */

// The data folder's lock names this process "Gloss desktop" to a web mode or CLI it refuses.
setProcessKind('desktop');

// Must happen before 'ready': app:// then gets a real origin and a secure context.
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);
app.setName(APP_NAME);

// electron-vite dev serves the renderer over http; a packaged app never does.
const devUrl = app.isPackaged ? undefined : devServerUrl(process.env.ELECTRON_RENDERER_URL);
const allowedOrigins = trustedOrigins(devUrl);
const startUrl = devUrl ?? APP_START_URL;

const defaultUserData = app.getPath('userData');
const dataDir = resolveDataDir(dataDirFlag(process.argv), process.env, () => defaultUserData);
if (dataDir !== defaultUserData) {
  // Chromium's profile and the single-instance lock follow the library, so two
  // libraries (say, two test profiles) can be open at once, but one library
  // never in two windows that would overwrite each other's writes.
  try {
    mkdirSync(dataDir, { recursive: true });
    app.setPath('userData', dataDir);
  } catch (error) {
    // createService reports an unusable data directory properly once ready.
    console.error(`gloss: cannot use ${dataDir} for Chromium's profile`, error);
  }
}

let mainWindow: BrowserWindow | null = null;
const deepLinks = new DeepLinkRouter();

// gloss:// links from notes open Gloss at that article or highlight (parsed strictly in main/gloss-url.ts).
// In development Electron runs as `electron <script>`, so a link must relaunch that script.
const linkLauncher: [path?: string, args?: string[]] = process.defaultApp && process.argv[1] ? [process.execPath, [resolve(process.argv[1])]] : [];
app.setAsDefaultProtocolClient(GLOSS_SCHEME, ...linkLauncher);
app.on('open-url', (event, url) => {
  event.preventDefault();
  deepLinks.openUrl(url);
});
deepLinks.openFromArgv(process.argv);

const windowStateFile = join(dataDir, WINDOW_STATE_FILE);

async function openMainWindow(): Promise<void> {
  const saved = await loadWindowState(windowStateFile);
  const bounds = boundsToRestore(saved, screen.getAllDisplays().map((display) => display.workArea));
  const window = createMainWindow({ startUrl, entryUrl: import.meta.url, bounds });
  if (saved?.maximized) window.maximize();
  trackWindowState(window, windowStateFile);
  window.on('closed', () => {
    if (mainWindow === window) {
      mainWindow = null;
      deepLinks.detach();
    }
  });
  window.webContents.on('did-finish-load', () => {
    deepLinks.attach((target) => {
      if (window.isMinimized()) window.restore();
      window.focus();
      window.webContents.send(OPEN_TARGET_CHANNEL, target);
    });
  });
  mainWindow = window;
}

async function start(): Promise<void> {
  denyAllPermissions(session.defaultSession);
  const paths = installPaths(import.meta.url);
  const seedsDir = app.isPackaged ? join(process.resourcesPath, 'seeds') : paths.seedsDir;
  registerAppProtocol(paths.rendererDir);
  const service = await createService({ dataDir, seedsDir });
  // Finish any auto-export still waiting before the app goes away.
  let flushed = false;
  app.on('before-quit', (event) => {
    if (flushed) return;
    event.preventDefault();
    void service.flush().finally(() => {
      flushed = true;
      app.quit();
    });
  });
  // Every window is gone: let the last write land and give the data folder's lock back.
  let closed = false;
  app.on('will-quit', (event) => {
    if (closed) return;
    event.preventDefault();
    void closeService(service).finally(() => {
      closed = true;
      app.quit();
    });
  });
  bindIpc(service, { allowedOrigins });
  installMenu({ isPackaged: app.isPackaged });
  await openMainWindow();
  // macOS keeps the app running with no window; the dock icon brings one back.
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) void openMainWindow();
  });
}

/**
 * Closes the service's store (waits for writes, releases the lock). The lock is also
 * let go here directly, in case the service has no close().
 */
async function closeService(service: GlossService): Promise<void> {
  const closable = service as GlossService & { close?: () => Promise<void> };
  if (typeof closable.close === 'function') await closable.close();
  // Nothing writes any more: the lock goes now, not only at exit.
  await releaseDataDirLock(service.dataDir);
}

if (!app.requestSingleInstanceLock()) {
  // Gloss already has this library open; that instance comes to the front.
  app.quit();
} else {
  app.on('second-instance', (_event, argv) => {
    deepLinks.openFromArgv(argv);
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('web-contents-created', (_event, contents) => hardenWebContents(contents, allowedOrigins));
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  app
    .whenReady()
    .then(start)
    .catch((error: unknown) => {
      console.error('gloss: could not start', error);
      dialog.showErrorBox('Gloss could not start', error instanceof Error ? error.message : String(error));
      app.exit(1);
    });
}
