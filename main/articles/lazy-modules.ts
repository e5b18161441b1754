import { createRequire } from 'node:module';
import type * as ReadabilityModule from '@mozilla/readability';
import type createDOMPurify from 'dompurify';
import type * as Jsdom from 'jsdom';
import type MarkdownIt from 'markdown-it';

/**
 * The importers' parsers, loaded the first time a file of their kind is
 * imported rather than when the app starts. Web mode and the desktop app load
 * the service at start-up, and these packages (jsdom alone takes about half a
 * second; markdown-it, Readability and DOMPurify together about 60 ms on a
 * 2-core machine) are needed only to import a web page or a Markdown file,
 * never to show the library.
 *
 * `require` rather than `await import()`: the importers are synchronous (the
 * service and the tests call `parseArticleFile` without awaiting), and each of
 * these packages ships a CommonJS build. The bundler leaves these calls alone,
 * so the packages stay in node_modules as before.
 */
const load = createRequire(import.meta.url);

/** A getter that requires `name` on its first call and keeps it. */
function lazily<T>(name: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= load(name) as T);
}

export const jsdom = lazily<typeof Jsdom>('jsdom');
export const readability = lazily<typeof ReadabilityModule>('@mozilla/readability');
export const domPurify = lazily<typeof createDOMPurify>('dompurify');
export const markdownIt = lazily<typeof MarkdownIt>('markdown-it');
