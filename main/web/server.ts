import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ErrorCode, Result } from '../../preload/api';
import { dispatch } from '../dispatch';
import { RENDERER_CSP } from '../security/csp';
import type { ServiceMethods } from '../service';
import { readRendererFile } from './static-files';

/**
 * Web mode: the same renderer and the same service, over HTTP on 127.0.0.1.
 *
 * Every request must name this server as its Host (127.0.0.1 or localhost on
 * our port, which defeats DNS rebinding), must not come from a foreign Origin,
 * and must carry the launch token: the API takes it as a Bearer header; page
 * loads take it from `?token=` once and then from a SameSite=Strict cookie.
 * No CORS headers are ever sent, so other sites' pages cannot read anything.
 */
export interface WebServerOptions {
  /**
   * The service, or its promise while the library is still opening: web mode
   * listens (and serves the page) before the library is open, so Chromium
   * loads and starts the renderer while the store reads the data folder. API
   * calls wait for it.
   */
  service: ServiceMethods | Promise<ServiceMethods>;
  rendererDir: string;
  port?: number;
  token?: string;
  /** Largest accepted API body; imports of big files need room. */
  maxBodyBytes?: number;
}

export interface RunningWebServer {
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const TOKEN_COOKIE = 'gloss_token';
const DEFAULT_MAX_BODY = 96 * 1024 * 1024;

const STATUS_OF: Record<ErrorCode, number> = {
  invalid_input: 400,
  unknown_method: 404,
  not_found: 404,
  conflict: 409,
  storage_failed: 500,
  unauthorized: 401,
  forbidden: 403,
  internal: 500,
};

export async function startWebServer(options: WebServerOptions): Promise<RunningWebServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const maxBody = options.maxBodyBytes ?? DEFAULT_MAX_BODY;
  let port = 0;

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      console.error('gloss web: request failed', error);
      if (!response.headersSent) sendResult(response, 500, failure('internal', 'The request could not be handled.'));
      else response.destroy();
    });
  });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    if (!isOwnHost(request.headers.host, port)) {
      return sendResult(response, 403, failure('forbidden', 'This Gloss server only answers requests addressed to 127.0.0.1 or localhost.'));
    }
    const origin = request.headers.origin;
    if (origin !== undefined && !isOwnOrigin(origin, port)) {
      return sendResult(response, 403, failure('forbidden', 'Requests from other web pages are refused.'));
    }

    if (url.pathname.startsWith('/api/')) {
      if (request.method !== 'POST') {
        response.setHeader('Allow', 'POST');
        return sendResult(response, 405, failure('invalid_input', 'API methods are called with POST.'));
      }
      if (!tokenMatches(bearerToken(request.headers.authorization), token)) {
        return sendResult(response, 401, failure('unauthorized', 'A valid token is required (Authorization: Bearer <token>).'));
      }
      const contentType = request.headers['content-type'] ?? '';
      if (!/^application\/json\b/i.test(contentType)) {
        return sendResult(response, 415, failure('invalid_input', 'The request body must be JSON (Content-Type: application/json).'));
      }
      const body = await readBody(request, maxBody);
      if (body === 'too-large') {
        return sendResult(response, 413, failure('invalid_input', `The request body is larger than ${maxBody} bytes.`));
      }
      let payload: unknown;
      try {
        payload = body.length === 0 ? {} : JSON.parse(body);
      } catch {
        return sendResult(response, 400, failure('invalid_input', 'The request body is not valid JSON.'));
      }
      let method: string;
      try {
        method = decodeURIComponent(url.pathname.slice('/api/'.length));
      } catch {
        return sendResult(response, 404, failure('unknown_method', 'That is not a Gloss method.'));
      }
      let service: ServiceMethods;
      try {
        service = await options.service;
      } catch {
        // Web mode reports why on its terminal and exits; until then the page gets a plain answer.
        return sendResult(response, 503, failure('storage_failed', 'Gloss could not open the library. The terminal that started it says why.'));
      }
      const result = await dispatch(service, method, payload);
      return sendResult(response, result.ok ? 200 : STATUS_OF[result.error.code], result);
    }

    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return sendResult(response, 405, failure('invalid_input', 'Only GET is allowed here.'));
    }
    const queryToken = url.searchParams.get('token');
    const authorizedByQuery = queryToken !== null && tokenMatches(queryToken, token);
    if (!authorizedByQuery && !tokenMatches(cookieToken(request.headers.cookie), token)) {
      response.writeHead(401, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
      response.end('Open Gloss with the address it printed when it started (it ends in ?token=…).\n');
      return;
    }
    const file = await readRendererFile(options.rendererDir, url.pathname);
    if (!file) {
      response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end('Not found\n');
      return;
    }
    const headers: Record<string, string> = {
      'Content-Type': file.contentType,
      'Content-Security-Policy': RENDERER_CSP,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': 'no-store',
    };
    if (authorizedByQuery) headers['Set-Cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : file.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function failure(code: ErrorCode, message: string): Result<never> {
  return { ok: false, error: { code, message } };
}

function sendResult(response: ServerResponse, status: number, result: Result<unknown>): void {
  const body = JSON.stringify(result);
  response.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  response.end(body);
}

export function isOwnHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

function isOwnOrigin(origin: string, port: number): boolean {
  return origin === `http://127.0.0.1:${port}` || origin === `http://localhost:${port}`;
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

function cookieToken(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...value] = part.trim().split('=');
    if (name === TOKEN_COOKIE) return value.join('=');
  }
  return undefined;
}

/** Compares in constant time (hashing first makes the lengths equal). */
export function tokenMatches(candidate: string | undefined, token: string): boolean {
  if (candidate === undefined) return false;
  const a = createHash('sha256').update(candidate).digest();
  const b = createHash('sha256').update(token).digest();
  return timingSafeEqual(a, b);
}

function readBody(request: IncomingMessage, limit: number): Promise<string | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) tooLarge = true;
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(tooLarge ? 'too-large' : Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
