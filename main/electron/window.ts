import { BrowserWindow, nativeTheme, type WebPreferences } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The one Gloss window. Every security-relevant webPreference is written out,
 * even where it matches Electron's default, so a reader (or a test) sees the
 * whole policy here and a changed default upstream cannot loosen it.
 */
export const SECURE_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  webSecurity: true,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webviewTag: false,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  spellcheck: true,
} as const satisfies WebPreferences;

const LIGHT_BACKGROUND = '#fbfaf7';
const DARK_BACKGROUND = '#1c1b19';

/**
 * The preload is built as CommonJS to out/preload/index.cjs, beside
 * out/main/. Pass the entry file's `import.meta.url` (out/main/index.js):
 * this module may end up in a shared chunk whose own URL sits elsewhere.
 */
export function preloadPath(entryUrl: string = import.meta.url): string {
  return join(dirname(fileURLToPath(entryUrl)), '../preload/index.cjs');
}

export interface MainWindowOptions {
  /** app://gloss/, or the electron-vite dev server while developing. */
  startUrl: string;
  /** The main entry's `import.meta.url`, to find the preload beside it. */
  entryUrl?: string;
}

export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Gloss',
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    // Shown once painted, so the window never flashes white or unstyled.
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? DARK_BACKGROUND : LIGHT_BACKGROUND,
    webPreferences: {
      ...SECURE_WEB_PREFERENCES,
      preload: preloadPath(options.entryUrl),
    },
  });
  window.once('ready-to-show', () => window.show());
  window.loadURL(options.startUrl).catch((error: unknown) => {
    // A window that never shows looks like a hang; show whatever did load.
    console.error(`gloss: could not load ${options.startUrl}`, error);
    if (!window.isDestroyed() && !window.isVisible()) window.show();
  });
  return window;
}
