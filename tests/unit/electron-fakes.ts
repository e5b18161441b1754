/**
 * Small fakes of the Electron APIs Gloss's main process and preload use, in
 * the style of Electron Fiddle's tests: they record what the code under test
 * asks of Electron so that code runs in plain Node, where no Electron binary
 * exists. Use from a test file with
 *
 *   vi.mock('electron', async () => (await import('./electron-fakes')).electronModule);
 *
 * The state lives on globalThis so that a test which re-imports modules
 * (vi.resetModules) still sees the same fakes as the module under test.
 */
import { EventEmitter } from 'node:events';
import { vi } from 'vitest';

type Listener = (...args: unknown[]) => unknown;

export class FakeWebContents extends EventEmitter {
  windowOpenHandler: ((details: { url: string }) => { action: string }) | undefined;
  readonly send = vi.fn();

  setWindowOpenHandler(handler: (details: { url: string }) => { action: string }): void {
    this.windowOpenHandler = handler;
  }
}

export class FakeBrowserWindow extends EventEmitter {
  static instances: FakeBrowserWindow[] = [];
  static focused: FakeBrowserWindow | null = null;
  /** When set, the next windows' loadURL rejects with it, as a failed page load does. */
  static loadError: Error | null = null;

  static getAllWindows(): FakeBrowserWindow[] {
    return FakeBrowserWindow.instances.filter((window) => !window.destroyed);
  }

  static getFocusedWindow(): FakeBrowserWindow | null {
    return FakeBrowserWindow.focused;
  }

  static fromWebContents(contents: unknown): FakeBrowserWindow | null {
    return FakeBrowserWindow.instances.find((window) => window.webContents === contents) ?? null;
  }

  readonly options: Record<string, unknown> & { webPreferences?: Record<string, unknown> };
  readonly webContents = new FakeWebContents();
  visible = false;
  minimized = false;
  destroyed = false;
  readonly loadURL = vi.fn(async (_url: string): Promise<void> => {
    if (FakeBrowserWindow.loadError) throw FakeBrowserWindow.loadError;
  });
  readonly show = vi.fn(() => {
    this.visible = true;
  });
  readonly focus = vi.fn();
  readonly restore = vi.fn(() => {
    this.minimized = false;
  });
  maximized = false;
  readonly maximize = vi.fn(() => {
    this.maximized = true;
  });
  isMaximized(): boolean {
    return this.maximized;
  }
  /** The size and place given at creation (the fake never moves on its own). */
  getNormalBounds(): { x: number; y: number; width: number; height: number } {
    const { x = 0, y = 0, width = 0, height = 0 } = this.options as { x?: number; y?: number; width?: number; height?: number };
    return { x, y, width, height };
  }

  constructor(options: Record<string, unknown>) {
    super();
    this.options = options;
    FakeBrowserWindow.instances.push(this);
  }

  isVisible(): boolean {
    return this.visible;
  }

  isMinimized(): boolean {
    return this.minimized;
  }

  isDestroyed(): boolean {
    return this.destroyed;
  }

  /** What Electron does when the person closes the window. */
  close(): void {
    this.destroyed = true;
    this.emit('closed');
  }
}

class FakeApp extends EventEmitter {
  isPackaged = false;
  lockGranted = true;
  paths: Record<string, string> = {};
  private readyResolve: () => void = () => undefined;
  private readyPromise: Promise<void> = this.freshReady();

  readonly setName = vi.fn();
  readonly getPath = vi.fn((name: string) => {
    const path = this.paths[name];
    if (path === undefined) throw new Error(`fake app has no path "${name}"`);
    return path;
  });
  readonly setPath = vi.fn((name: string, path: string) => {
    this.paths[name] = path;
  });
  readonly requestSingleInstanceLock = vi.fn(() => this.lockGranted);
  readonly setAsDefaultProtocolClient = vi.fn((_scheme: string, _path?: string, _args?: string[]) => true);
  readonly quit = vi.fn();
  readonly exit = vi.fn();
  readonly whenReady = vi.fn(() => this.readyPromise);

  private freshReady(): Promise<void> {
    return new Promise<void>((resolve) => {
      this.readyResolve = resolve;
    });
  }

  fireReady(): void {
    this.readyResolve();
  }

  reset(): void {
    this.removeAllListeners();
    this.isPackaged = false;
    this.lockGranted = true;
    this.paths = {};
    this.readyPromise = this.freshReady();
  }
}

class FakeSession {
  requestHandler: Listener | null = null;
  checkHandler: Listener | null = null;
  readonly setPermissionRequestHandler = vi.fn((handler: Listener | null) => {
    this.requestHandler = handler;
  });
  readonly setPermissionCheckHandler = vi.fn((handler: Listener | null) => {
    this.checkHandler = handler;
  });
}

class FakeIpcMain {
  readonly handlers = new Map<string, Listener>();
  readonly handle = vi.fn((channel: string, handler: Listener) => {
    // Electron refuses a second handler on one channel; so does the fake.
    if (this.handlers.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.handlers.set(channel, handler);
  });
  readonly removeHandler = vi.fn((channel: string) => {
    this.handlers.delete(channel);
  });
}

class FakeIpcRenderer extends EventEmitter {
  readonly invoke = vi.fn(async (channel: string, input: unknown) => ({ ok: true, value: { channel, input } }));
}

function createFakes() {
  const protocolHandlers = new Map<string, Listener>();
  return {
    BrowserWindow: FakeBrowserWindow,
    app: new FakeApp(),
    protocolHandlers,
    protocol: {
      registerSchemesAsPrivileged: vi.fn(),
      handle: vi.fn((scheme: string, handler: Listener) => {
        protocolHandlers.set(scheme, handler);
      }),
    },
    session: { defaultSession: new FakeSession() },
    ipcMain: new FakeIpcMain(),
    ipcRenderer: new FakeIpcRenderer(),
    contextBridge: { exposeInMainWorld: vi.fn() },
    dialog: {
      showSaveDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePath: '' })),
      showOpenDialog: vi.fn(async (..._args: unknown[]) => ({ canceled: true, filePaths: [] as string[] })),
      showErrorBox: vi.fn(),
    },
    shell: { openExternal: vi.fn(async (_url: string) => undefined) },
    clipboard: { writeText: vi.fn((_text: string) => undefined) },
    Menu: {
      buildFromTemplate: vi.fn((template: unknown[]) => ({ template })),
      setApplicationMenu: vi.fn(),
    },
    nativeTheme: { shouldUseDarkColors: false },
    screen: { getAllDisplays: vi.fn(() => [{ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }]) },
  };
}

type Fakes = ReturnType<typeof createFakes>;
const store = globalThis as typeof globalThis & { __glossElectronFakes?: Fakes };
export const fakes: Fakes = (store.__glossElectronFakes ??= createFakes());
/** The BrowserWindow class the mocked module hands out (the first one defined, across re-imports). */
export const FakeWindow: typeof FakeBrowserWindow = fakes.BrowserWindow;

/** The module vi.mock('electron') returns. */
export const electronModule = {
  app: fakes.app,
  BrowserWindow: FakeWindow,
  protocol: fakes.protocol,
  session: fakes.session,
  ipcMain: fakes.ipcMain,
  ipcRenderer: fakes.ipcRenderer,
  contextBridge: fakes.contextBridge,
  dialog: fakes.dialog,
  shell: fakes.shell,
  clipboard: fakes.clipboard,
  Menu: fakes.Menu,
  nativeTheme: fakes.nativeTheme,
  screen: fakes.screen,
};

/** Forgets everything recorded, between tests. */
export function resetFakes(): void {
  vi.clearAllMocks();
  fakes.app.reset();
  fakes.protocolHandlers.clear();
  fakes.ipcMain.handlers.clear();
  fakes.ipcRenderer.removeAllListeners();
  fakes.session.defaultSession.requestHandler = null;
  fakes.session.defaultSession.checkHandler = null;
  fakes.nativeTheme.shouldUseDarkColors = false;
  FakeWindow.instances = [];
  FakeWindow.focused = null;
  FakeWindow.loadError = null;
}

/** A stand-in for an IPC invoke event from a frame at `url` (null: no frame). */
export function ipcEventFrom(url: string | null, sender: unknown = new FakeWebContents()) {
  return { senderFrame: url === null ? null : { url }, sender };
}

/** A stand-in for a preventable Electron event. */
export function preventableEvent(extra: Record<string, unknown> = {}) {
  return { preventDefault: vi.fn(), defaultPrevented: false, ...extra };
}
