import { request as httpRequest } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceMethods } from '../../main/service';
import { startWebServer, type RunningWebServer } from '../../main/web/server';
import { unseenNotices } from '../../renderer/src/notices';

/**
 * Web mode listens before the library is open (main/web/index.ts): the page
 * and its assets are served at once, and API calls wait for the service.
 */
let root: string;
let rendererDir: string;
const servers: RunningWebServer[] = [];

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gloss-web-startup-'));
  rendererDir = join(root, 'renderer');
  await mkdir(rendererDir, { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), '<!doctype html><title>Gloss</title><div id="root"></div>\n');
});

afterAll(async () => {
  await Promise.all(servers.map((server) => server.close()));
  await rm(root, { recursive: true, force: true });
});

function send(server: RunningWebServer, path: string, method = 'GET', body?: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = method === 'POST' ? { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' } : {};
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  return { promise, resolve, reject };
}

const fakeService = { listTags: async () => [{ tag: 'whales', count: 2 }] } as unknown as ServiceMethods;

describe('web mode while the library opens', () => {
  it('serves the page at once and answers API calls once the service is ready', async () => {
    const opening = deferred<ServiceMethods>();
    const server = await startWebServer({ service: opening.promise, rendererDir });
    servers.push(server);

    const page = await send(server, `/?token=${server.token}`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('<div id="root">');

    let answered = false;
    const call = send(server, '/api/listTags', 'POST', '{}').then((reply) => {
      answered = true;
      return reply;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(answered).toBe(false);

    opening.resolve(fakeService);
    const reply = await call;
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({ ok: true, value: [{ tag: 'whales', count: 2 }] });
  });

  it('answers API calls with 503 when the library could not be opened, without a stack trace', async () => {
    const opening = deferred<ServiceMethods>();
    opening.promise.catch(() => undefined);
    const server = await startWebServer({ service: opening.promise, rendererDir });
    servers.push(server);
    opening.reject(new Error('The library is in use by Gloss web (pid 1).'));

    const reply = await send(server, '/api/listTags', 'POST', '{}');
    expect(reply.status).toBe(503);
    const body = JSON.parse(reply.body) as { ok: boolean; error: { code: string; message: string } };
    expect(body.ok).toBe(false);
    expect(body.error.code).toBe('storage_failed');
    expect(body.error.message).not.toMatch(/\n\s+at /);
  });
});

describe('notices that arrive after start-up', () => {
  const first = { level: 'warning' as const, message: 'db.json was damaged; a backup was restored.' };
  const second = { level: 'warning' as const, message: 'Auto-export to /notes failed: the folder is gone.' };

  it('takes only the notices past those already seen', () => {
    expect(unseenNotices([first], 0)).toEqual({ fresh: [first], seen: 1 });
    expect(unseenNotices([first], 1)).toEqual({ fresh: [], seen: 1 });
    expect(unseenNotices([first, second], 1)).toEqual({ fresh: [second], seen: 2 });
  });

  it('brings back nothing from a list shorter than what was seen', () => {
    expect(unseenNotices([first], 2)).toEqual({ fresh: [], seen: 2 });
    expect(unseenNotices([], 0)).toEqual({ fresh: [], seen: 0 });
  });
});
