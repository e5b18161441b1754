import { BrowserWindow, nativeTheme } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

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
  /** Where and how big the window was last time (see window-state.ts). */
  bounds?: Partial<Electron.Rectangle> | null;
}

/**
 * The one Gloss window. Every security-relevant webPreference is written out
 * here as a literal, even where it matches Electron's default, so a reader, a
 * test and Electronegativity's static checks all see the whole policy in this
 * one call, and a changed default upstream cannot loosen it. SECURITY.md
 * points at these lines.
 */
export function createMainWindow(options: MainWindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    title: 'Gloss',
    width: options.bounds?.width ?? 1280,
    height: options.bounds?.height ?? 820,
    ...(options.bounds?.x !== undefined && options.bounds.y !== undefined ? { x: options.bounds.x, y: options.bounds.y } : {}),
    minWidth: 900,
    minHeight: 600,
    // Shown once painted, so the window never flashes white or unstyled.
    show: false,
    backgroundColor: nativeTheme.shouldUseDarkColors ? DARK_BACKGROUND : LIGHT_BACKGROUND,
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // A middle click on a link would otherwise try to open it in a new window.
      disableBlinkFeatures: 'Auxclick',
      spellcheck: true,
      // The bridge: named methods only (preload/index.ts), never ipcRenderer.
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
