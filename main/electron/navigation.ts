/**
 * Pure decisions about URLs for the Electron shell: which origins count as
 * Gloss itself, where a page may navigate, which links may leave the app.
 * Kept free of Electron so the security rules are testable in plain Node.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'gloss';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_START_URL = `${APP_ORIGIN}/`;

/**
 * The origin of a URL as Chromium sees it, or null when it has none we trust.
 *
 * Node's URL gives every non-special scheme the opaque origin "null", so
 * `new URL('app://gloss/').origin` is "null", and so is the origin of
 * `javascript:` and `file:` URLs. Comparing `.origin` naively would either
 * refuse Gloss itself or let every opaque origin through; the app scheme is
 * therefore rebuilt by hand, and only http(s) use the parser's own origin.
 */
export function originOf(url: unknown): string | null {
  if (typeof url !== 'string' || url.length === 0) return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol === 'http:' || parsed.protocol === 'https:') return parsed.origin;
  if (parsed.protocol === `${APP_SCHEME}:` && parsed.host.length > 0) return `${APP_SCHEME}://${parsed.host}`;
  return null;
}

/**
 * The electron-vite dev server's URL (ELECTRON_RENDERER_URL), if it is an
 * http(s) URL; anything else is ignored and the app loads app://gloss/.
 */
export function devServerUrl(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  const origin = originOf(raw);
  return origin !== null && /^https?:/.test(origin) ? raw : undefined;
}

/** The origins whose pages are Gloss: app://gloss, plus the dev server while developing. */
export function trustedOrigins(devUrl?: string): string[] {
  const origins = [APP_ORIGIN];
  const dev = devServerUrl(devUrl) ? originOf(devUrl) : null;
  if (dev !== null && !origins.includes(dev)) origins.push(dev);
  return origins;
}

/** True when a page may navigate to `url`: only within Gloss's own origins. */
export function isAllowedNavigation(url: unknown, allowedOrigins: readonly string[]): boolean {
  const origin = originOf(url);
  return origin !== null && allowedOrigins.includes(origin);
}

/**
 * The link to hand to the system browser, or null when it must not leave the
 * app. Only URLs that parse and are http(s) qualify, so `javascript:`,
 * `file:`, `app:` and malformed strings never reach `shell.openExternal`.
 * The parsed href is returned, not the raw string, so what opens is exactly
 * what was checked.
 */
export function externalLinkToOpen(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
}
