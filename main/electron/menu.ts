import { BrowserWindow, Menu, type MenuItemConstructorOptions } from 'electron';
import { MENU_COMMAND_CHANNEL, type MenuCommand } from '../../preload/api';

/**
 * The application menu. The template is built by a pure function so its
 * items and accelerators can be tested without Electron; commands that the
 * renderer carries out are sent to it as MenuCommand values on one channel.
 */
export interface MenuTemplateOptions {
  platform: NodeJS.Platform;
  isPackaged: boolean;
  /** Delivers a command to the focused Gloss window. */
  sendCommand: (command: MenuCommand) => void;
}

export function buildMenuTemplate(options: MenuTemplateOptions): MenuItemConstructorOptions[] {
  const isMac = options.platform === 'darwin';
  const command = (label: string, accelerator: string, name: MenuCommand): MenuItemConstructorOptions => ({
    label,
    accelerator,
    click: () => options.sendCommand(name),
  });

  const template: MenuItemConstructorOptions[] = [];
  if (isMac) {
    template.push({
      label: 'Gloss',
      submenu: [
        { role: 'about', label: 'About Gloss' },
        { type: 'separator' },
        { role: 'services' },
        { type: 'separator' },
        { role: 'hide' },
        { role: 'hideOthers' },
        { role: 'unhide' },
        { type: 'separator' },
        { role: 'quit' },
      ],
    });
  }
  template.push(
    {
      label: 'File',
      submenu: [
        command('Import…', 'CmdOrCtrl+O', 'import'),
        { type: 'separator' },
        command('Export Markdown…', 'CmdOrCtrl+E', 'export-save'),
        command('Copy Markdown', 'CmdOrCtrl+Shift+C', 'export-copy'),
        command('Export…', 'CmdOrCtrl+Shift+E', 'export-dialog'),
        { type: 'separator' },
        // On macOS quitting lives in the app menu; File closes the window instead.
        isMac ? { role: 'close' } : { role: 'quit' },
      ],
    },
    {
      label: 'Edit',
      submenu: [
        // Not the native roles: outside a text field, undo means Gloss's own history of highlight edits.
        command('Undo', 'CmdOrCtrl+Z', 'undo'),
        command('Redo', isMac ? 'Shift+CmdOrCtrl+Z' : 'CmdOrCtrl+Shift+Z', 'redo'),
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
        { type: 'separator' },
        command('Find in Article…', 'CmdOrCtrl+F', 'find-in-article'),
        command('Search Library…', 'CmdOrCtrl+K', 'focus-search'),
        { type: 'separator' },
        command('Reading Settings…', 'CmdOrCtrl+,', 'reading-settings'),
      ],
    },
    {
      label: 'View',
      submenu: [
        command('Toggle Annotations Pane', 'CmdOrCtrl+\\', 'toggle-annotations'),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        ...(options.isPackaged
          ? []
          : ([{ type: 'separator' }, { role: 'reload' }, { role: 'toggleDevTools' }] satisfies MenuItemConstructorOptions[])),
      ],
    },
    {
      label: 'Window',
      submenu: [{ role: 'minimize' }, { role: 'close' }],
    },
    {
      label: 'Help',
      // No accelerator: "?" must stay typable in notes; the page itself answers "?" outside text fields.
      submenu: [{ label: 'Keyboard Shortcuts', click: () => options.sendCommand('show-shortcuts') }, { type: 'separator' }, { role: 'about', label: 'About Gloss' }],
    },
  );
  return template;
}

export function installMenu(options: { isPackaged: boolean; platform?: NodeJS.Platform }): void {
  const template = buildMenuTemplate({
    platform: options.platform ?? process.platform,
    isPackaged: options.isPackaged,
    sendCommand: (command) => {
      BrowserWindow.getFocusedWindow()?.webContents.send(MENU_COMMAND_CHANNEL, command);
    },
  });
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
