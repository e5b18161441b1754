import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DESKTOP_METHOD_NAMES, IPC_CHANNEL_PREFIX, METHOD_NAMES, type ArticleSummary, type Result } from '../../preload/api';
import { createService, type GlossService } from '../../main/service';
import { FakeWebContents, FakeWindow, fakes, ipcEventFrom, resetFakes } from './electron-fakes';

vi.mock('electron', async () => (await import('./electron-fakes')).electronModule);

const { bindIpc, isTrustedSender } = await import('../../main/electron/ipc');

const APP_FRAME = 'app://gloss/index.html';
let dataDir: string;
let outDir: string;
let service: GlossService;
let unbind: () => void;

beforeEach(async () => {
  resetFakes();
  dataDir = await mkdtemp(join(tmpdir(), 'gloss-ipc-data-'));
  outDir = await mkdtemp(join(tmpdir(), 'gloss-ipc-out-'));
  service = await createService({ dataDir, seedsDir: join(process.cwd(), 'seeds') });
  unbind = bindIpc(service, { allowedOrigins: ['app://gloss'] });
});

afterEach(async () => {
  unbind();
  await rm(dataDir, { recursive: true, force: true });
  await rm(outDir, { recursive: true, force: true });
});

async function invoke(method: string, event: unknown, payload?: unknown): Promise<Result<unknown>> {
  const handler = fakes.ipcMain.handlers.get(IPC_CHANNEL_PREFIX + method);
  if (!handler) throw new Error(`no handler bound for ${method}`);
  return (await handler(event, payload)) as Result<unknown>;
}

async function firstArticle(): Promise<ArticleSummary> {
  const listed = await invoke('listArticles', ipcEventFrom(APP_FRAME), {});
  if (!listed.ok) throw new Error(listed.error.message);
  return (listed.value as ArticleSummary[])[0]!;
}

describe('isTrustedSender', () => {
  it('trusts only frames of the allowed origins', () => {
    expect(isTrustedSender('app://gloss/index.html', ['app://gloss'])).toBe(true);
    expect(isTrustedSender('http://localhost:5173/', ['app://gloss', 'http://localhost:5173'])).toBe(true);
    for (const url of ['https://evil.example/', 'app://evil/', 'file:///x/index.html', 'about:blank', 'null', '', null, undefined]) {
      expect(isTrustedSender(url, ['app://gloss']), String(url)).toBe(false);
    }
  });
});

describe('bindIpc', () => {
  it('binds one channel per contract method and desktop method', () => {
    expect([...fakes.ipcMain.handlers.keys()].sort()).toEqual(
      [...METHOD_NAMES, ...DESKTOP_METHOD_NAMES].map((name) => IPC_CHANNEL_PREFIX + name).sort(),
    );
  });

  it("gives an app://gloss frame the service's Result", async () => {
    const result = await invoke('listArticles', ipcEventFrom(APP_FRAME), {});
    expect(result.ok).toBe(true);
    const titles = (result as { value: ArticleSummary[] }).value.map((article) => article.title);
    expect(titles).toHaveLength(2);
    expect(titles).toEqual(await service.listArticles({}).then((list) => list.map((article) => article.title)));
  });

  it('refuses frames of another origin, or no frame, without calling the service', async () => {
    const list = vi.spyOn(service, 'listArticles');
    const remove = vi.spyOn(service, 'deleteAnnotation');
    for (const url of ['https://evil.example/', 'app://evil/index.html', 'file:///tmp/index.html', 'http://localhost:5173/', null]) {
      const result = await invoke('listArticles', ipcEventFrom(url), {});
      expect(result, String(url)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      const deletion = await invoke('deleteAnnotation', ipcEventFrom(url), { id: 'abc' });
      expect(deletion, String(url)).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    // A frame that has gone away throws when asked for its URL.
    const destroyed = { senderFrame: { get url(): string { throw new Error('Render frame was disposed'); } }, sender: {} };
    expect(await invoke('listArticles', destroyed, {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(list).not.toHaveBeenCalled();
    expect(remove).not.toHaveBeenCalled();
  });

  it('trusts the dev server origin only when told to', async () => {
    unbind();
    unbind = bindIpc(service, { allowedOrigins: ['app://gloss', 'http://localhost:5173'] });
    expect((await invoke('listArticles', ipcEventFrom('http://localhost:5173/'), {})).ok).toBe(true);
    expect(await invoke('listArticles', ipcEventFrom('http://localhost:5174/'), {})).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
  });

  it('answers malformed payloads with invalid_input', async () => {
    const event = ipcEventFrom(APP_FRAME);
    const article = await firstArticle();
    for (const [method, payload] of [
      ['getArticle', { id: '../../etc/passwd' }],
      ['getArticle', 'not an object'],
      ['getArticle', null],
      ['listArticles', { extra: true }],
      ['createAnnotation', { articleId: article.id, start: 5, end: 2, color: 'yellow' }],
      ['createAnnotation', { articleId: article.id, start: 0, end: 4, color: 'red' }],
      ['setReadingProgress', { id: article.id, progress: 2 }],
      ['saveFileAs', { fileName: 'a.md', content: 'x', path: '/etc/passwd' }],
      ['saveFileAs', 42],
    ] as const) {
      const result = await invoke(method, event, payload);
      expect(result, `${method} ${JSON.stringify(payload)}`).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(fakes.dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('passes service failures on as Results, not throws', async () => {
    const result = await invoke('getArticle', ipcEventFrom(APP_FRAME), { id: 'missing' });
    expect(result).toMatchObject({ ok: false, error: { code: 'not_found' } });
  });

  it('unbinds every channel', () => {
    unbind();
    expect(fakes.ipcMain.handlers.size).toBe(0);
    unbind = () => undefined;
  });
});

describe('saveFileAs', () => {
  it('writes the content where the save dialog says, parented to the calling window', async () => {
    const article = await firstArticle();
    const { fileName, markdown } = await service.exportMarkdown({ articleId: article.id });
    const target = join(outDir, 'chosen.md');
    const window = new FakeWindow({});
    fakes.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });

    const result = await invoke('saveFileAs', ipcEventFrom(APP_FRAME, window.webContents), { fileName, content: markdown });

    expect(result).toEqual({ ok: true, value: { path: target } });
    expect(fakes.dialog.showSaveDialog).toHaveBeenCalledWith(
      window,
      expect.objectContaining({ defaultPath: fileName, filters: [{ name: 'Markdown', extensions: ['md'] }] }),
    );
    expect(await readFile(target, 'utf8')).toBe(markdown);
  });

  it('returns a null path and writes nothing when the dialog is cancelled', async () => {
    fakes.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: true, filePath: '' });
    const result = await invoke('saveFileAs', ipcEventFrom(APP_FRAME), { fileName: 'note.md', content: 'x' });
    expect(result).toEqual({ ok: true, value: { path: null } });
    expect(await readdir(outDir)).toEqual([]);
  });

  it('refuses a suggested name that is a path, before any dialog opens', async () => {
    for (const fileName of ['../evil.md', '/etc/passwd', 'a\\b.md', '']) {
      const result = await invoke('saveFileAs', ipcEventFrom(APP_FRAME), { fileName, content: 'x' });
      expect(result, fileName).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
    expect(fakes.dialog.showSaveDialog).not.toHaveBeenCalled();
  });

  it('turns a failed write into a storage_failed Result', async () => {
    const error = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const target = join(outDir, 'no-such-folder', 'x.md');
    fakes.dialog.showSaveDialog.mockResolvedValueOnce({ canceled: false, filePath: target });
    const result = await invoke('saveFileAs', ipcEventFrom(APP_FRAME), { fileName: 'x.md', content: 'x' });
    expect(result).toMatchObject({ ok: false, error: { code: 'storage_failed' } });
    expect((result as { error: { message: string } }).error.message).toContain(target);
    error.mockRestore();
  });

  it('is refused to a foreign frame before any dialog opens', async () => {
    const result = await invoke('saveFileAs', ipcEventFrom('https://evil.example/', new FakeWebContents()), { fileName: 'x.md', content: 'x' });
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(fakes.dialog.showSaveDialog).not.toHaveBeenCalled();
  });
});

describe('copyText', () => {
  it('puts the text on the system clipboard', async () => {
    const result = await invoke('copyText', ipcEventFrom(APP_FRAME), { text: '# Notes\n\n> quote' });
    expect(result).toEqual({ ok: true, value: { characters: '# Notes\n\n> quote'.length } });
    expect(fakes.clipboard.writeText).toHaveBeenCalledWith('# Notes\n\n> quote');
  });

  it('copies nothing for a malformed payload or a foreign frame', async () => {
    expect(await invoke('copyText', ipcEventFrom(APP_FRAME), { text: 42 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(await invoke('copyText', ipcEventFrom('https://evil.example/'), { text: 'x' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(fakes.clipboard.writeText).not.toHaveBeenCalled();
  });
});

describe('chooseFolder', () => {
  it('returns the folder picked in the native dialog, or null when cancelled', async () => {
    fakes.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: false, filePaths: [outDir] });
    expect(await invoke('chooseFolder', ipcEventFrom(APP_FRAME), {})).toEqual({ ok: true, value: { path: outDir } });
    expect(fakes.dialog.showOpenDialog).toHaveBeenCalledWith(expect.objectContaining({ properties: ['openDirectory', 'createDirectory'] }));
    fakes.dialog.showOpenDialog.mockResolvedValueOnce({ canceled: true, filePaths: [] });
    expect(await invoke('chooseFolder', ipcEventFrom(APP_FRAME), {})).toEqual({ ok: true, value: { path: null } });
  });
});
