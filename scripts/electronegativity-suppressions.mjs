// Electronegativity findings Gloss accepts, each with the reason it is safe.
// scripts/electronegativity.mjs fails on any MEDIUM-or-higher finding not
// listed here, on an entry without a real justification, and on an entry that
// no longer matches anything (so the list never outlives the code).
//
// Each entry names the check, the file (relative to the project), `match`: text
// the flagged line must contain (so a new call elsewhere in the same file is
// not covered by an old reason), and the justification printed with the run.
// Prefer fixing the code: webPreferences are literals in the BrowserWindow
// call and the middle click is disabled for exactly this reason.

export const SUPPRESSIONS = [
  {
    // PRELOAD_JS_CHECK asks for a review of every preload script.
    check: 'PRELOAD_JS_CHECK',
    file: 'main/electron/window.ts',
    match: 'preload: preloadPath(',
    justification:
      'Reviewed: the sandboxed preload (preload/index.ts) exposes one named function per contract method through contextBridge and never ipcRenderer or an event object; tests/unit/electron-preload.test.ts asserts exactly that, and the main process re-validates every payload (main/dispatch.ts).',
  },
  {
    // OPEN_EXTERNAL_JS_CHECK flags every shell.openExternal whose argument is not a string literal.
    check: 'OPEN_EXTERNAL_JS_CHECK',
    file: 'main/electron/hardening.ts',
    match: 'shell.openExternal(external)',
    justification:
      'The URL comes from externalLinkToOpen (main/electron/navigation.ts): it must parse with URL and be http: or https:, and the parsed href (not the raw string) is opened, so file:, javascript:, smb: and custom schemes never reach the OS; tests/unit/electron-navigation.test.ts and electron-hardening.test.ts cover it.',
  },
  {
    // PROTOCOL_HANDLER_JS_CHECK flags registering as the OS handler of a custom scheme.
    check: 'PROTOCOL_HANDLER_JS_CHECK',
    file: 'main/index.ts',
    match: 'app.setAsDefaultProtocolClient(GLOSS_SCHEME',
    justification:
      'gloss:// is the documented deep-link feature (links in exported notes). Incoming URLs are parsed strictly by parseGlossUrl (main/gloss-url.ts: only article/<id>[#<id>] with id characters [A-Za-z0-9_-]) and only select an article inside the app: they never navigate, load content or run anything; tests/unit/gloss-url.test.ts and electron-deep-links.test.ts cover it.',
  },
];
