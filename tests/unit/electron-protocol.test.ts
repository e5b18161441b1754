import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { RENDERER_CSP } from '../../main/security/csp';
import { fakes, resetFakes } from './electron-fakes';

vi.mock('electron', async () => (await import('./electron-fakes')).electronModule);

const { APP_SCHEME_PRIVILEGES, registerAppProtocol, serveAppRequest } = await import('../../main/electron/protocol');

const SECRET = 'SECRET-OUTSIDE-THE-RENDERER';
let root: string;
let rendererDir: string;

beforeAll(async () => {
  // root/renderer is served; root/package.json and root/renderer-evil/ sit right beside it.
  root = await mkdtemp(join(tmpdir(), 'gloss-protocol-'));
  rendererDir = join(root, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await mkdir(join(root, 'renderer-evil'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Gloss</title>');
  await writeFile(join(rendererDir, 'assets', 'app.js'), 'console.log("gloss")');
  await writeFile(join(root, 'package.json'), JSON.stringify({ secret: SECRET }));
  await writeFile(join(root, 'renderer-evil', 'secret.txt'), SECRET);
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

beforeEach(() => resetFakes());

describe('serveAppRequest', () => {
  it('serves index.html for app://gloss/ with the CSP and nosniff headers', async () => {
    const response = await serveAppRequest(rendererDir, 'app://gloss/');
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<title>Gloss</title>');
    expect(response.headers.get('Content-Type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('Content-Security-Policy')).toBe(RENDERER_CSP);
    expect(response.headers.get('X-Content-Type-Options')).toBe('nosniff');
  });

  it('serves assets with their content type, ignoring query and hash', async () => {
    const response = await serveAppRequest(rendererDir, 'app://gloss/assets/app.js?v=1#x');
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('console.log("gloss")');
  });

  it('answers 404 for a missing file, still with the CSP', async () => {
    const response = await serveAppRequest(rendererDir, 'app://gloss/nope.js');
    expect(response.status).toBe(404);
    expect(response.headers.get('Content-Security-Policy')).toBe(RENDERER_CSP);
  });

  it('never serves a file outside the renderer directory, however the path is spelled', async () => {
    for (const url of [
      'app://gloss/../package.json',
      'app://gloss/%2e%2e%2fpackage.json',
      'app://gloss/%2E%2E%2Fpackage.json',
      'app://gloss/..%2fpackage.json',
      'app://gloss/assets/%2e%2e%2f%2e%2e%2fpackage.json',
      'app://gloss/%2e%2e%2frenderer-evil%2fsecret.txt',
      'app://gloss/%2e%2e%5cpackage.json',
      `app://gloss/${encodeURIComponent(join(root, 'package.json'))}`,
      'app://gloss/index.html%00.js',
    ]) {
      const response = await serveAppRequest(rendererDir, url);
      expect(response.status, url).toBe(404);
      expect(await response.text(), url).not.toContain(SECRET);
    }
  });

  it('serves only the gloss host, only GET and HEAD', async () => {
    expect((await serveAppRequest(rendererDir, 'app://evil/index.html')).status).toBe(404);
    expect((await serveAppRequest(rendererDir, 'app://gloss:8080/index.html')).status).toBe(404);
    expect((await serveAppRequest(rendererDir, 'not a url')).status).toBe(400);
    expect((await serveAppRequest(rendererDir, 'app://gloss/', 'POST')).status).toBe(405);
    const head = await serveAppRequest(rendererDir, 'app://gloss/', 'HEAD');
    expect(head.status).toBe(200);
    expect(await head.text()).toBe('');
  });
});

describe('registerAppProtocol', () => {
  it('handles the app scheme with serveAppRequest', async () => {
    registerAppProtocol(rendererDir);
    expect(fakes.protocol.handle).toHaveBeenCalledWith('app', expect.any(Function));
    const handler = fakes.protocolHandlers.get('app')!;
    const ok = (await handler({ url: 'app://gloss/index.html', method: 'GET' })) as Response;
    expect(ok.status).toBe(200);
    expect(ok.headers.get('Content-Security-Policy')).toBe(RENDERER_CSP);
    const traversal = (await handler({ url: 'app://gloss/%2e%2e%2fpackage.json', method: 'GET' })) as Response;
    expect(traversal.status).toBe(404);
  });

  it('registers app:// as standard, secure and fetchable', () => {
    expect(APP_SCHEME_PRIVILEGES).toEqual({
      scheme: 'app',
      privileges: { standard: true, secure: true, supportFetchAPI: true },
    });
  });
});
