import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeWindow, fakes, preventableEvent, resetFakes } from './electron-fakes';

vi.mock('electron', async () => (await import('./electron-fakes')).electronModule);

/**
 * The desktop app and the data folder's lock: it takes the lock as "desktop"
 * when it starts, gives it back when it quits (will-quit), and refuses to
 * start, with the holder named, when web mode or the CLI is writing the
 * library.
 */
const originalArgv = process.argv;
const temps: string[] = [];
const children: ChildProcess[] = [];
let userData: string;

beforeEach(async () => {
  resetFakes();
  vi.resetModules();
  userData = await mkdtemp(join(tmpdir(), 'gloss-shutdown-'));
  temps.push(userData);
  fakes.app.paths = { userData };
  fakes.app.isPackaged = true;
  Object.defineProperty(process, 'resourcesPath', { value: process.cwd(), configurable: true, writable: true });
  process.argv = ['/usr/bin/gloss'];
  delete process.env.GLOSS_DATA_DIR;
  delete process.env.ELECTRON_RENDERER_URL;
});

afterEach(async () => {
  process.argv = originalArgv;
  for (const child of children.splice(0)) child.kill('SIGKILL');
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function launchAndReady(): Promise<void> {
  await import('../../main/index');
  fakes.app.fireReady();
}

describe('the desktop app and the lock', () => {
  it('holds the lock as "desktop" while running and gives it back at will-quit', async () => {
    await launchAndReady();
    await vi.waitFor(() => expect(FakeWindow.instances).toHaveLength(1));
    const lockPath = join(userData, 'gloss.lock');
    expect(JSON.parse(await readFile(lockPath, 'utf8'))).toMatchObject({ pid: process.pid, hostname: hostname(), kind: 'desktop' });

    const beforeQuit = preventableEvent();
    fakes.app.emit('before-quit', beforeQuit);
    await vi.waitFor(() => expect(fakes.app.quit).toHaveBeenCalledTimes(1));

    const willQuit = preventableEvent();
    fakes.app.emit('will-quit', willQuit);
    expect(willQuit.preventDefault).toHaveBeenCalled();
    await vi.waitFor(() => expect(fakes.app.quit).toHaveBeenCalledTimes(2));
    expect(existsSync(lockPath)).toBe(false);

    // The second round of quitting goes straight through.
    const again = preventableEvent();
    fakes.app.emit('will-quit', again);
    expect(again.preventDefault).not.toHaveBeenCalled();
  });

  it('refuses to start while web mode writes the library, and names it', async () => {
    const web = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60000)'], { stdio: 'ignore' });
    children.push(web);
    await new Promise((resolve) => web.once('spawn', resolve));
    const lock = JSON.stringify({ pid: web.pid, hostname: hostname(), kind: 'web', startedAt: new Date().toISOString() });
    await writeFile(join(userData, 'gloss.lock'), lock);
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);

    await launchAndReady();
    await vi.waitFor(() => expect(fakes.app.exit).toHaveBeenCalledWith(1));
    expect(fakes.dialog.showErrorBox).toHaveBeenCalledWith(
      'Gloss could not start',
      expect.stringContaining(`is in use by Gloss web (pid ${web.pid}`) as string,
    );
    expect(FakeWindow.instances).toHaveLength(0);
    expect(await readFile(join(userData, 'gloss.lock'), 'utf8')).toBe(lock);
    error.mockRestore();
  });
});
