/**
 * The renderer's Content-Security-Policy, for both the app:// protocol and web
 * mode. Only our own bundled scripts run; nothing is fetched from elsewhere;
 * no plugin, frame or form target exists. Article text reaches the DOM as
 * React text nodes, so no inline script or style is needed.
 */
export const RENDERER_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-src 'none'",
  "frame-ancestors 'none'",
].join('; ');
