import { protocol, type CustomScheme } from 'electron';
import { RENDERER_CSP } from '../security/csp';
import { readRendererFile } from '../web/static-files';
import { APP_HOST, APP_SCHEME } from './navigation';

/**
 * The app:// protocol serves the built renderer, so the window never loads
 * file:// and every response carries the CSP. Registered as standard and
 * secure: the page gets a real origin (app://gloss), relative URLs resolve,
 * and it counts as a secure context.
 */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: { standard: true, secure: true, supportFetchAPI: true },
};

function securityHeaders(contentType: string): Record<string, string> {
  return {
    'Content-Type': contentType,
    'Content-Security-Policy': RENDERER_CSP,
    'X-Content-Type-Options': 'nosniff',
  };
}

function refuse(status: number, text: string): Response {
  return new Response(text, { status, headers: securityHeaders('text/plain; charset=utf-8') });
}

/**
 * Answers one app:// request. Only host "gloss" exists; paths that would
 * leave the renderer directory (even percent-encoded) are refused by
 * readRendererFile and end as a 404 like any missing file.
 */
export async function serveAppRequest(rendererDir: string, url: string, method = 'GET'): Promise<Response> {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return refuse(400, 'Bad request');
  }
  if (parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return refuse(404, 'Not found');
  if (method !== 'GET' && method !== 'HEAD') return refuse(405, 'Method not allowed');
  const file = await readRendererFile(rendererDir, parsed.pathname);
  if (file === null) return refuse(404, 'Not found');
  return new Response(method === 'HEAD' ? null : new Uint8Array(file.body), {
    status: 200,
    headers: securityHeaders(file.contentType),
  });
}

/** Call once the app is ready; the scheme itself is registered before ready (index.ts). */
export function registerAppProtocol(rendererDir: string): void {
  protocol.handle(APP_SCHEME, (request) => serveAppRequest(rendererDir, request.url, request.method));
}
