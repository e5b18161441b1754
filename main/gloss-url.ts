/**
 * `gloss://` links: the way an exported note (Obsidian, Logseq) points back
 * into the app, to an article or to one highlight in it.
 *
 *   gloss://article/<articleId>                 the article
 *   gloss://article/<articleId>#<annotationId>  one highlight in it
 *
 * The operating system hands these to Gloss from anywhere (a browser, a note,
 * another program), so parsing is deliberately strict: a fixed shape matched
 * against the raw string, ids with the same rule as the contract's IdSchema,
 * and everything else (other schemes or hosts, credentials, ports, queries,
 * percent-encoding, path traversal, extra segments) rejected. It never
 * percent-decodes, so there is no second spelling of a link to reason about.
 */

export type GlossUrlTarget =
  | { kind: 'article'; articleId: string }
  | { kind: 'annotation'; articleId: string; annotationId: string };

const ID = /^[A-Za-z0-9_-]{1,64}$/;
/** Long enough for the longest valid link (two 64-character ids), with room for a trailing slash. */
const MAX_URL_LENGTH = 200;
/**
 * The whole grammar. The scheme and the host are case-insensitive, as URL
 * schemes and host names are; a single trailing slash is tolerated because
 * some launchers (Windows, older browsers) add one.
 */
const GLOSS_URL = /^gloss:\/\/article\/([A-Za-z0-9_-]{1,64})\/?(?:#([A-Za-z0-9_-]{0,64}))?$/i;

export const GLOSS_SCHEME = 'gloss';

/** The link to an article. Throws on an id Gloss could not have made: that is a bug, not input. */
export function articleUrl(articleId: string): string {
  assertId(articleId, 'article');
  return `gloss://article/${articleId}`;
}

/** The link to one highlight, which opens its article scrolled to it. */
export function annotationUrl(articleId: string, annotationId: string): string {
  assertId(annotationId, 'annotation');
  return `${articleUrl(articleId)}#${annotationId}`;
}

/** What a `gloss://` link points at, or null for anything that is not exactly one. */
export function parseGlossUrl(input: string): GlossUrlTarget | null {
  if (typeof input !== 'string') return null;
  const trimmed = input.trim();
  if (trimmed.length === 0 || trimmed.length > MAX_URL_LENGTH) return null;
  const match = GLOSS_URL.exec(trimmed);
  if (!match) return null;
  const articleId = match[1] as string;
  const annotationId = match[2];
  if (annotationId === undefined || annotationId === '') return { kind: 'article', articleId };
  return { kind: 'annotation', articleId, annotationId };
}

/**
 * The link Gloss was launched with, if any. Windows and Linux start the app
 * with the URL as a command-line argument (alongside the executable, Electron
 * and Chromium switches, and perhaps `--`), so any argument may hold it. The
 * first argument that is a valid link wins; invalid `gloss:` arguments are
 * ignored rather than guessed at.
 */
export function findGlossUrlInArgv(argv: readonly string[]): { url: string; target: GlossUrlTarget } | null {
  for (const argument of argv) {
    if (typeof argument !== 'string' || !/^\s*gloss:/i.test(argument)) continue;
    const target = parseGlossUrl(argument);
    if (target) return { url: argument.trim(), target };
  }
  return null;
}

function assertId(id: string, what: string): void {
  if (!ID.test(id)) throw new TypeError(`Not a valid ${what} id: ${JSON.stringify(id).slice(0, 80)}`);
}
