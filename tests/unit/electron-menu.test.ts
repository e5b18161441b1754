import type { MenuItemConstructorOptions } from 'electron';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { MENU_COMMAND_CHANNEL, type MenuCommand } from '../../preload/api';
import { FakeWindow, fakes, resetFakes } from './electron-fakes';

vi.mock('electron', async () => (await import('./electron-fakes')).electronModule);

const { buildMenuTemplate, installMenu } = await import('../../main/electron/menu');

beforeEach(() => resetFakes());

type Item = MenuItemConstructorOptions;

function submenuOf(template: Item[], label: string): Item[] {
  const menu = template.find((item) => item.label === label);
  if (!menu || !Array.isArray(menu.submenu)) throw new Error(`no menu "${label}"`);
  return menu.submenu as Item[];
}

function itemLabelled(template: Item[], label: string): Item {
  for (const menu of template) {
    const found = (Array.isArray(menu.submenu) ? (menu.submenu as Item[]) : []).find((item) => item.label === label);
    if (found) return found;
  }
  throw new Error(`no item "${label}"`);
}

function roles(items: Item[]): string[] {
  return items.flatMap((item) => (item.role ? [item.role] : []));
}

function click(item: Item): void {
  (item.click as () => void)();
}

describe('buildMenuTemplate', () => {
  const sendCommand = vi.fn<(command: MenuCommand) => void>();
  const linux = () => buildMenuTemplate({ platform: 'linux', isPackaged: true, sendCommand });

  beforeEach(() => sendCommand.mockClear());

  it('binds each command to its accelerator and sends it to the renderer', () => {
    const template = linux();
    for (const [label, accelerator, command] of [
      ['Export Markdown…', 'CmdOrCtrl+E', 'export-save'],
      ['Copy Markdown', 'CmdOrCtrl+Shift+C', 'export-copy'],
      ['Find in Article…', 'CmdOrCtrl+F', 'find-in-article'],
      ['Search Library…', 'CmdOrCtrl+K', 'focus-search'],
      ['Import…', 'CmdOrCtrl+O', 'import'],
      ['Reading Settings…', 'CmdOrCtrl+,', 'reading-settings'],
      ['Toggle Annotations Pane', 'CmdOrCtrl+\\', 'toggle-annotations'],
      ['Export…', 'CmdOrCtrl+Shift+E', 'export-dialog'],
      ['Undo', 'CmdOrCtrl+Z', 'undo'],
      ['Redo', 'CmdOrCtrl+Shift+Z', 'redo'],
    ] as const) {
      const item = itemLabelled(template, label);
      expect(item.accelerator, label).toBe(accelerator);
      sendCommand.mockClear();
      click(item);
      expect(sendCommand, label).toHaveBeenCalledWith(command);
    }
  });

  it('has File, Edit, View, Window and Help menus with the standard roles', () => {
    const template = linux();
    expect(template.map((item) => item.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    expect(roles(submenuOf(template, 'File'))).toEqual(['quit']);
    // Undo and redo are Gloss commands (the page decides: text-field undo or highlight history).
    expect(roles(submenuOf(template, 'Edit'))).toEqual(['cut', 'copy', 'paste', 'selectAll']);
    expect(roles(submenuOf(template, 'View'))).toEqual(['resetZoom', 'zoomIn', 'zoomOut', 'togglefullscreen']);
    expect(roles(submenuOf(template, 'Window'))).toEqual(['minimize', 'close']);
    const help = submenuOf(template, 'Help');
    expect(help).toContainEqual(expect.objectContaining({ role: 'about', label: 'About Gloss' }));
    const shortcuts = itemLabelled(template, 'Keyboard Shortcuts');
    // No accelerator, so "?" stays typable in notes.
    expect(shortcuts.accelerator).toBeUndefined();
    click(shortcuts);
    expect(sendCommand).toHaveBeenCalledWith('show-shortcuts');
  });

  it('offers reload and developer tools only when not packaged', () => {
    const dev = buildMenuTemplate({ platform: 'linux', isPackaged: false, sendCommand });
    expect(roles(submenuOf(dev, 'View'))).toEqual(expect.arrayContaining(['reload', 'toggleDevTools']));
    expect(roles(submenuOf(linux(), 'View'))).not.toContain('toggleDevTools');
    expect(roles(submenuOf(linux(), 'View'))).not.toContain('reload');
  });

  it('adds the macOS app menu there, which holds quit', () => {
    const mac = buildMenuTemplate({ platform: 'darwin', isPackaged: true, sendCommand });
    expect(mac[0]?.label).toBe('Gloss');
    expect(roles(mac[0]!.submenu as Item[])).toEqual(expect.arrayContaining(['about', 'hide', 'quit']));
    expect(roles(submenuOf(mac, 'File'))).toEqual(['close']);
  });
});

describe('installMenu', () => {
  it("sets the application menu, whose commands reach the focused window's webContents", () => {
    installMenu({ isPackaged: true, platform: 'linux' });
    expect(fakes.Menu.setApplicationMenu).toHaveBeenCalledTimes(1);
    const template = (fakes.Menu.buildFromTemplate.mock.calls[0]![0]) as Item[];

    // No focused window: nothing to send to, and nothing breaks.
    expect(() => click(itemLabelled(template, 'Search Library…'))).not.toThrow();

    const window = new FakeWindow({});
    FakeWindow.focused = window;
    click(itemLabelled(template, 'Search Library…'));
    click(itemLabelled(template, 'Export Markdown…'));
    expect(window.webContents.send.mock.calls).toEqual([
      [MENU_COMMAND_CHANNEL, 'focus-search'],
      [MENU_COMMAND_CHANNEL, 'export-save'],
    ]);
  });
});
