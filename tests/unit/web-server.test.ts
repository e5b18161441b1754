import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RENDERER_CSP } from '../../main/security/csp';
import { createService } from '../../main/service';
import { isOwnHost, startWebServer, tokenMatches, type RunningWebServer } from '../../main/web/server';

interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

const INDEX_HTML = '<!doctype html><html><head><title>Gloss</title></head><body><div id="root"></div></body></html>\n';
const APP_JS = 'console.log("gloss app");\n';
const SECRET = 'TOP-SECRET-OUTSIDE-RENDERER';

let root: string;
let dataDir: string;
let server: RunningWebServer;
const replies: Reply[] = [];

function send(
  path: string,
  options: { method?: string; headers?: Record<string, string>; body?: string | Buffer } = {},
): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port: server.port, path, method: options.method ?? 'GET', headers: options.headers ?? {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const reply = { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') };
          replies.push(reply);
          resolve(reply);
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

function api(method: string, payload: unknown, headers: Record<string, string> = {}): Promise<Reply> {
  return send(`/api/${method}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify(payload),
  });
}

function json(reply: Reply): { ok: boolean; value?: unknown; error?: { code: string; message: string } } {
  expect(reply.headers['content-type']).toMatch(/^application\/json/);
  return JSON.parse(reply.body) as { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

function cookie(): string {
  return `gloss_token=${server.token}`;
}

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'gloss-web-'));
  dataDir = join(root, 'data');
  const rendererDir = join(root, 'renderer');
  await mkdir(join(rendererDir, 'assets'), { recursive: true });
  await writeFile(join(rendererDir, 'index.html'), INDEX_HTML);
  await writeFile(join(rendererDir, 'assets', 'app.js'), APP_JS);
  await writeFile(join(root, 'package.json'), JSON.stringify({ secret: SECRET }));
  await writeFile(join(root, 'secret.txt'), SECRET);
  const service = await createService({ dataDir, seedsDir: join(process.cwd(), 'seeds') });
  server = await startWebServer({ service, rendererDir, maxBodyBytes: 4096 });
});

afterAll(async () => {
  await server?.close();
  if (root) await rm(root, { recursive: true, force: true });
});

describe('web mode API', () => {
  it('answers a call that carries the token', async () => {
    const reply = await api('listArticles', {});
    expect(reply.status).toBe(200);
    const body = json(reply);
    expect(body.ok).toBe(true);
    expect((body.value as { title: string }[]).map((article) => article.title)).toEqual([
      'ASEAN secretary-general calls for elevating ASEAN-China partnership to new high',
      'Senior Chinese diplomat meets ASEAN secretary-general',
    ]);
  });

  it('creates a highlight that is on disk when the call returns', async () => {
    const list = json(await api('listArticles', {})).value as { id: string }[];
    const articleId = list[0]!.id;
    const article = json(await api('getArticle', { id: articleId })).value as { text: string };
    const start = article.text.indexOf('Qin Gang');
    const reply = await api('createAnnotation', { articleId, start, end: start + 8, color: 'pink', note: 'via HTTP' });
    expect(reply.status).toBe(200);
    const created = json(reply).value as { id: string; quote: string };
    expect(created.quote).toBe('Qin Gang');
    const onDisk = JSON.parse(await readFile(join(dataDir, 'annotations', `${articleId}.json`), 'utf8')) as { annotations: { id: string; note: string }[] };
    expect(onDisk.annotations.find((annotation) => annotation.id === created.id)?.note).toBe('via HTTP');
  });

  it('refuses a call without the token, or with a wrong one', async () => {
    const headers = { 'Content-Type': 'application/json' };
    const none = await send('/api/listArticles', { method: 'POST', headers, body: '{}' });
    expect(none.status).toBe(401);
    expect(json(none).error?.code).toBe('unauthorized');

    const wrong = await api('listArticles', {}, { Authorization: 'Bearer not-the-token' });
    expect(wrong.status).toBe(401);
    expect(json(wrong).error?.code).toBe('unauthorized');

    const notBearer = await api('listArticles', {}, { Authorization: server.token });
    expect(notBearer.status).toBe(401);

    const inQuery = await send(`/api/listArticles?token=${server.token}`, { method: 'POST', headers, body: '{}' });
    expect(inQuery.status).toBe(401);
  });

  it('refuses a request addressed to another host name (DNS rebinding)', async () => {
    const evil = await api('listArticles', {}, { Host: `evil.example:${server.port}` });
    expect(evil.status).toBe(403);
    expect(json(evil).error?.code).toBe('forbidden');
    expect((await api('listArticles', {}, { Host: `127.0.0.1:${server.port + 1}` })).status).toBe(403);
    expect((await api('listArticles', {}, { Host: '127.0.0.1' })).status).toBe(403);
    expect((await send(`/?token=${server.token}`, { headers: { Host: `evil.example:${server.port}` } })).status).toBe(403);
    expect((await api('listArticles', {}, { Host: `localhost:${server.port}` })).status).toBe(200);
  });

  it('refuses a request from another site\'s page', async () => {
    const evil = await api('listArticles', {}, { Origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect(json(evil).error?.code).toBe('forbidden');
    expect((await api('listArticles', {}, { Origin: 'null' })).status).toBe(403);
    expect((await api('listArticles', {}, { Origin: `http://127.0.0.1:${server.port + 1}` })).status).toBe(403);
    expect((await api('listArticles', {}, { Origin: `http://127.0.0.1:${server.port}` })).status).toBe(200);
    expect((await api('listArticles', {}, { Origin: `http://localhost:${server.port}` })).status).toBe(200);
  });

  it('answers malformed JSON with 400 invalid_input', async () => {
    const reply = await send('/api/listArticles', {
      method: 'POST',
      headers: { Authorization: `Bearer ${server.token}`, 'Content-Type': 'application/json' },
      body: '{"broken":',
    });
    expect(reply.status).toBe(400);
    expect(json(reply).error?.code).toBe('invalid_input');
  });

  it('answers a body that is not JSON with 415', async () => {
    const reply = await api('listArticles', {}, { 'Content-Type': 'text/plain' });
    expect(reply.status).toBe(415);
    expect(json(reply).error?.code).toBe('invalid_input');
    const form = await api('listArticles', {}, { 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(form.status).toBe(415);
  });

  it('answers a body over the limit with 413', async () => {
    const reply = await api('updateAnnotation', { id: 'abc', note: 'x'.repeat(5000) });
    expect(reply.status).toBe(413);
    expect(json(reply).error?.code).toBe('invalid_input');
  });

  it('answers an unknown method with 404 unknown_method', async () => {
    const reply = await api('dropLibrary', {});
    expect(reply.status).toBe(404);
    expect(json(reply).error?.code).toBe('unknown_method');
    expect((await api('constructor', {})).status).toBe(404);
    // A malformed escape in the method name is an unknown method, not a server error.
    const garbled = await api('%E0%A4%A', {});
    expect(garbled.status).toBe(404);
    expect(json(garbled).error?.code).toBe('unknown_method');
  });

  it('maps contract errors to HTTP statuses', async () => {
    const invalid = await api('getArticle', { id: 5 });
    expect(invalid.status).toBe(400);
    expect(json(invalid).error?.message).toMatch(/id/);
    const missing = await api('getArticle', { id: 'nosucharticle' });
    expect(missing.status).toBe(404);
    expect(json(missing).error?.code).toBe('not_found');
  });

  it('answers GET on the API with 405 and Allow: POST', async () => {
    const reply = await send('/api/x', { headers: { Authorization: `Bearer ${server.token}` } });
    expect(reply.status).toBe(405);
    expect(reply.headers.allow).toBe('POST');
    expect((await send('/api/listArticles', { method: 'OPTIONS', headers: { Origin: `http://127.0.0.1:${server.port}` } })).status).toBe(405);
  });
});

describe('web mode pages', () => {
  it('refuses the page without the token', async () => {
    const reply = await send('/');
    expect(reply.status).toBe(401);
    expect(reply.body).not.toContain('<div id="root">');
    expect(reply.headers['set-cookie']).toBeUndefined();
    expect((await send('/?token=wrong')).status).toBe(401);
  });

  it('serves the page with ?token=, a strict CSP, and a cookie for what follows', async () => {
    const reply = await send(`/?token=${server.token}`);
    expect(reply.status).toBe(200);
    expect(reply.body).toBe(INDEX_HTML);
    expect(reply.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(reply.headers['content-security-policy']).toBe(RENDERER_CSP);
    expect(RENDERER_CSP).toContain("script-src 'self'");
    expect(RENDERER_CSP).toContain("frame-ancestors 'none'");
    expect(reply.headers['x-frame-options']).toBe('DENY');
    expect(reply.headers['x-content-type-options']).toBe('nosniff');
    const setCookie = reply.headers['set-cookie']?.[0] ?? '';
    expect(setCookie.startsWith(`${cookie()};`)).toBe(true);
    expect(setCookie).toMatch(/HttpOnly/);
    expect(setCookie).toMatch(/SameSite=Strict/);

    const asset = await send('/assets/app.js', { headers: { Cookie: setCookie.split(';')[0] as string } });
    expect(asset.status).toBe(200);
    expect(asset.body).toBe(APP_JS);
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['content-security-policy']).toBe(RENDERER_CSP);
  });

  it('refuses assets without the cookie or with a wrong one', async () => {
    expect((await send('/assets/app.js')).status).toBe(401);
    expect((await send('/assets/app.js', { headers: { Cookie: 'gloss_token=wrong' } })).status).toBe(401);
    expect((await send('/assets/app.js', { headers: { Cookie: `other=${server.token}` } })).status).toBe(401);
  });

  it('answers HEAD without a body', async () => {
    const reply = await send('/', { method: 'HEAD', headers: { Cookie: cookie() } });
    expect(reply.status).toBe(200);
    expect(reply.body).toBe('');
  });

  it('never serves a file outside the renderer directory', async () => {
    const paths = [
      '/..%2fpackage.json',
      '/..%2fsecret.txt',
      '/%2e%2e/%2e%2e/etc/passwd',
      '/%2e%2e%2fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/../secret.txt',
      '/assets/../../secret.txt',
      '/..%5csecret.txt',
      '/%252e%252e%252fsecret.txt',
      '/index.html%00.js',
      '/%E0%A4%A',
      '/assets',
      '/missing.js',
    ];
    for (const path of paths) {
      const reply = await send(path, { headers: { Cookie: cookie() } });
      expect(reply.status, path).toBe(404);
      expect(reply.body, path).not.toContain(SECRET);
      expect(reply.body, path).not.toContain('root:');
    }
  });

  it('refuses other methods on pages', async () => {
    expect((await send('/', { method: 'POST', headers: { Cookie: cookie() }, body: 'x' })).status).toBe(405);
    expect((await send('/', { method: 'PUT', headers: { Cookie: cookie() }, body: 'x' })).status).toBe(405);
  });
});

describe('web mode network exposure', () => {
  it('listens on 127.0.0.1 only', async () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    const reachable = (host: string): Promise<boolean> =>
      new Promise((resolve) => {
        const socket = connect({ host, port: server.port });
        socket.once('connect', () => {
          socket.destroy();
          resolve(true);
        });
        socket.once('error', () => resolve(false));
      });
    expect(await reachable('127.0.0.1')).toBe(true);
    expect(await reachable('::1')).toBe(false);
    const external = Object.values(networkInterfaces())
      .flat()
      .filter((address) => address && !address.internal)
      .map((address) => address!.address);
    for (const address of external) expect(await reachable(address), address).toBe(false);
  });

  it('uses a long random token unless told otherwise', () => {
    expect(server.token.length).toBeGreaterThanOrEqual(32);
    expect(server.token).toMatch(/^[A-Za-z0-9_-]+$/);
  });

  it('sends no CORS header on any response', async () => {
    await send('/api/listArticles', { method: 'OPTIONS', headers: { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'POST' } });
    await api('listArticles', {}, { Origin: `http://127.0.0.1:${server.port}` });
    await send(`/?token=${server.token}`, { headers: { Origin: `http://localhost:${server.port}` } });
    expect(replies.length).toBeGreaterThan(30);
    for (const reply of replies) {
      const cors = Object.keys(reply.headers).filter((name) => name.toLowerCase().startsWith('access-control-'));
      expect(cors).toEqual([]);
    }
  });
});

describe('tokenMatches and isOwnHost', () => {
  it('accepts only the exact token', () => {
    const token = 'sQ3v_example-token-1234567890abcdef';
    expect(tokenMatches(token, token)).toBe(true);
    expect(tokenMatches(`${token}x`, token)).toBe(false);
    expect(tokenMatches(token.slice(0, -1), token)).toBe(false);
    expect(tokenMatches(token.toUpperCase(), token)).toBe(false);
    expect(tokenMatches('', token)).toBe(false);
    expect(tokenMatches(undefined, token)).toBe(false);
  });

  it('accepts only 127.0.0.1 and localhost on the given port', () => {
    expect(isOwnHost('127.0.0.1:8080', 8080)).toBe(true);
    expect(isOwnHost('localhost:8080', 8080)).toBe(true);
    expect(isOwnHost('localhost:8081', 8080)).toBe(false);
    expect(isOwnHost('127.0.0.1', 8080)).toBe(false);
    expect(isOwnHost('evil.example:8080', 8080)).toBe(false);
    expect(isOwnHost('127.0.0.1.evil.example:8080', 8080)).toBe(false);
    expect(isOwnHost(undefined, 8080)).toBe(false);
  });
});
