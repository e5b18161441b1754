import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWindow, resetFakes } from './electron-fakes';

vi.mock('electron', async () => (await import('./electron-fakes')).electronModule);

const { boundsToRestore, loadWindowState, trackWindowState } = await import('../../main/electron/window-state');

let dir: string;
beforeEach(async () => {
  resetFakes();
  dir = await mkdtemp(join(tmpdir(), 'gloss-window-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const screen = [{ x: 0, y: 0, width: 1920, height: 1080 }];

describe('window state', () => {
  it('reopens where the window was, when that is still on a screen', () => {
    expect(boundsToRestore({ x: 100, y: 80, width: 1200, height: 800, maximized: false }, screen)).toEqual({ x: 100, y: 80, width: 1200, height: 800 });
  });

  it('keeps only the size when the old position is off every screen (a monitor was unplugged)', () => {
    expect(boundsToRestore({ x: 3000, y: 80, width: 1200, height: 800, maximized: false }, screen)).toEqual({ width: 1200, height: 800 });
    expect(boundsToRestore(null, screen)).toBeNull();
  });

  it('saves the bounds when the window closes, and reads them back; ignores a damaged file', async () => {
    const path = join(dir, 'window-state.json');
    const window = new FakeWindow({ x: 40, y: 30, width: 1100, height: 700 });
    trackWindowState(window as never, path);
    window.emit('close');
    await vi.waitFor(async () => expect(await loadWindowState(path)).toEqual({ x: 40, y: 30, width: 1100, height: 700, maximized: false }));
    expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ width: 1100 });

    await writeFile(path, '{ not json');
    expect(await loadWindowState(path)).toBeNull();
    await writeFile(path, JSON.stringify({ x: 0, y: 0, width: 5, height: 5 }));
    expect(await loadWindowState(path)).toBeNull();
  });
});
