import type * as Jsdom from 'jsdom';
import type { Block } from '../../preload/api';
import { GlossError } from '../errors';
import { hostOf, isoDate, looseText, metaLine, titleFromFileName, webUrl } from './article-meta';
import { decodeHtml } from './decode';
import { htmlToBlocks } from './html-blocks';
import { prepareMarkup } from './html-source';
import { domPurify, jsdom, readability } from './lazy-modules';
import type { ParsedArticle } from './text-import';

/**
 * A saved web page → an article. The page is decoded strictly, parsed by jsdom
 * with scripts off and nothing loaded (no `runScripts`, no `resources`: jsdom
 * never fetches), stripped of what can never be article text, reduced to its
 * article by Readability, sanitized by DOMPurify, and walked into blocks. Only
 * the blocks' plain text and checked marks leave this module, so no markup from
 * the page can ever reach the reader's DOM.
 *
 * Limits keep a hostile or huge page from stalling the app (parsing is
 * synchronous, and both jsdom and Readability do work that grows with the
 * number of elements times their depth): MAX_HTML_BYTES, MAX_HTML_TAGS,
 * MAX_HTML_DEPTH and MAX_HTML_SOURCE_WORK are checked on the source before
 * parsing (see html-source.ts), MAX_HTML_ELEMENTS and MAX_HTML_WORK on the
 * tree once page furniture is removed and chains of bare wrappers collapsed.
 * Within them a page is read in a few seconds at most; a typical saved
 * article takes well under one.
 */

/** Larger pages are refused: saved articles are rarely over a few megabytes, and jsdom holds a page several times over in memory. */
export const MAX_HTML_BYTES = 20 * 1024 * 1024;
/** Start tags counted before parsing (outside comments, scripts and styles), so jsdom never builds a huge tree. */
export const MAX_HTML_TAGS = 150_000;
/** Elements left once page furniture is removed: what Readability reads (at roughly 0.2 ms each). Long articles use a few thousand. */
export const MAX_HTML_ELEMENTS = 40_000;
/** Nesting depth of elements, estimated before parsing; real pages stay well under a hundred, and Chromium's parser stops nesting at 512. */
export const MAX_HTML_DEPTH = 512;
/**
 * The sum of every start tag's nesting depth, estimated before parsing: jsdom
 * spends about 0.7 µs per unit building the tree, so this bounds that at about
 * two seconds. A long article at a typical depth of 10 to 30 stays well under.
 */
export const MAX_HTML_SOURCE_WORK = 3_000_000;
/**
 * The sum of every element's depth, after page furniture is removed: the work
 * Readability does grows with it. Real articles stay under a million; a page
 * of thousands of deeply nested wrappers does not.
 */
export const MAX_HTML_WORK = 1_000_000;
/** Attribute values longer than this (inline images, tracking blobs) are dropped before Readability. */
const MAX_ATTRIBUTE_LENGTH = 4096;

/** Elements that can never be article text, removed before Readability looks at the page. */
const CRUFT_TAGS = new Set([
  'script', 'style', 'noscript', 'template', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
  'svg', 'math', 'canvas', 'video', 'audio', 'picture', 'source', 'track', 'img', 'map', 'area',
  'link', 'input', 'button', 'select', 'textarea', 'nav', 'aside', 'dialog',
]);
const CRUFT_ROLES = new Set(['navigation', 'dialog', 'alertdialog', 'banner', 'complementary', 'search']);

/**
 * Class and id names that mark page furniture rather than article text: ads,
 * share bars, newsletter boxes, related links, comments, consent banners.
 * Matched against whole class tokens, so `adventure` or `shared-data` are safe.
 */
const CRUFT_NAME =
  /^(?:ads?|advert\w*|advertisement\w*|adslot\w*|ad[-_](?:slot|unit|container|wrapper|banner|box|leaderboard|mpu|top|mid|inline|label)\w*|ad--[\w-]+|dfp\w*|gpt-ad[\w-]*|div-gpt-ad[\w-]*|sponsor(?:ed)?(?:[-_][\w-]+)?|promo(?:[-_][\w-]+)?|newsletter(?:[-_][\w-]+)?|share(?:[-_][\w-]+)?|sharing(?:[-_][\w-]+)?|social(?:[-_][\w-]+)?|related(?:[-_][\w-]+)?|comments?|comment[-_](?:list|form|section|area|thread)|disqus[\w-]*|cookie[\w-]*|consent[\w-]*|gdpr[\w-]*|paywall[\w-]*|outbrain[\w-]*|taboola[\w-]*|breadcrumbs?|skip-link)$/i;

/** A line that only says when the piece was published ("Tuesday 14 November 2023, 6:45am"). */
const DATE_IN_LINE = /\b(?:\d{1,2}(?:st|nd|rd|th)?\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{4}-\d{2}-\d{2})\b/i;

/** A paragraph that ends in a photo credit ("… Picture: Sam Jory") is a caption. */
const ENDS_WITH_CREDIT = /(?:\b(?:Picture|Photo|Photograph|Image|Illustration|Credit)s?(?:\s+by)?\s*:\s*\p{Lu}[\p{L}\p{M}.'’ -]{1,60}(?:\/[\p{L}\p{M}.'’ -]{1,40})?|\((?:Photo|Picture|Image)[^()]{1,60}\))$/u;

/** Fewer words than this outside links, and the page has no article (a home page, a login page). */
const MIN_ARTICLE_WORDS = 12;

/** DOMPurify's settings: no active or embedded content, and only web and mail links. */
const PURIFY_FORBID_TAGS = ['script', 'style', 'iframe', 'frame', 'object', 'embed', 'applet', 'form', 'input', 'button', 'textarea', 'select', 'svg', 'math', 'template', 'noscript', 'link', 'meta', 'base'];
const PURIFY_FORBID_ATTR = ['style', 'srcset', 'action', 'formaction', 'background', 'poster'];
const PURIFY_ALLOWED_URI = /^(?:https?|mailto):/i;

export function parseHtml(name: string, bytes: Uint8Array): ParsedArticle {
  if (bytes.length > MAX_HTML_BYTES) {
    throw new GlossError(
      'invalid_input',
      `The web page is ${megabytes(bytes.length)}; Gloss reads saved pages up to ${megabytes(MAX_HTML_BYTES)}. Save it again as "Web Page, HTML only", or copy its text into a .txt file.`,
    );
  }
  const shape = prepareMarkup(decodeHtml(bytes), { elements: MAX_HTML_TAGS, depth: MAX_HTML_DEPTH, work: MAX_HTML_SOURCE_WORK });
  const html = shape.html;
  if (shape.depth > MAX_HTML_DEPTH) {
    throw new GlossError('invalid_input', `The web page's markup is nested more than ${MAX_HTML_DEPTH.toLocaleString('en-US')} levels deep, far beyond any real article; Gloss did not read it.`);
  }
  if (shape.work > MAX_HTML_SOURCE_WORK) throw tooComplex();
  if (shape.elements > MAX_HTML_TAGS) {
    throw new GlossError('invalid_input', `The web page has more than ${MAX_HTML_TAGS.toLocaleString('en-US')} elements; Gloss reads pages up to that size. Copy the article's text into a .txt file instead.`);
  }
  const { JSDOM, VirtualConsole } = jsdom();
  let dom: Jsdom.JSDOM | undefined;
  try {
    // No runScripts and no resources: nothing on the page runs or loads. The silent console drops CSS parse noise.
    dom = new JSDOM(html, { contentType: 'text/html', virtualConsole: new VirtualConsole() });
    return readPage(name, html, dom);
  } catch (error) {
    if (error instanceof RangeError) throw tooComplex();
    throw error;
  } finally {
    dom?.window.close();
  }
}

function readPage(name: string, html: string, dom: Jsdom.JSDOM): ParsedArticle {
  const document = dom.window.document;
  const page = scanPage(document, html);

  // Readability tries again (up to four times over) while it has found less than charThreshold characters;
  // on a page with less text than that in all, the retries can only repeat the work.
  const bodyText = document.body?.textContent?.trim().length ?? 0;
  const { Readability } = readability();
  const article = new Readability<Element>(document, { serializer: (node) => node as Element, charThreshold: Math.min(500, Math.max(1, Math.floor(bodyText * 0.8))) }).parse();
  const root = article?.content;
  if (!article || !root || (article.textContent ?? '').trim().length === 0) throw noArticle();

  const createDOMPurify = domPurify();
  const purify = createDOMPurify(dom.window as unknown as Parameters<typeof createDOMPurify>[0]);
  purify.sanitize(root, {
    IN_PLACE: true,
    FORBID_TAGS: PURIFY_FORBID_TAGS,
    FORBID_ATTR: PURIFY_FORBID_ATTR,
    ALLOWED_URI_REGEXP: PURIFY_ALLOWED_URI,
    ALLOW_DATA_ATTR: false,
  });

  const siteName = metaLine(article.siteName) ?? page.applicationName;
  const title = tidyTitle(metaLine(article.title) ?? page.title ?? page.ogTitle ?? page.firstHeading ?? titleFromFileName(name), siteName, page.firstHeading);
  const blocks = htmlToBlocks(root);
  // A kicker or breadcrumb (a block that is only a link) and a repeat of the title open many articles.
  while (blocks[0] !== undefined && blocks[0].type !== 'code' && unlinkedText(blocks[0]).trim().length === 0 && blocks[0].text.length <= 80) blocks.shift();
  const first = blocks[0];
  if (first?.type === 'heading' && looseText(first.text) === looseText(title)) blocks.shift();
  if (wordsOutsideLinks(blocks, MIN_ARTICLE_WORDS) < MIN_ARTICLE_WORDS) throw noArticle();

  const byline = (metaLine(article.byline) ?? page.author)?.replace(/^by\s+/i, '');
  markPublicationLines(blocks, byline);
  const site = siteName ?? hostOf(page.sourceUrl);
  const publishedAt = isoDate(article.publishedTime) ?? page.published;
  return {
    title,
    blocks,
    ...(publishedAt !== undefined ? { publishedAt } : {}),
    ...(byline !== undefined ? { byline } : {}),
    ...(site !== undefined ? { site } : {}),
    ...(page.sourceUrl !== undefined ? { sourceUrl: page.sourceUrl } : {}),
  };
}

const TITLE_SEPARATOR = /^\s*[|\-–—:·•»/]\s*\S/;

/**
 * Page titles often carry the site's name ("Story | The Daily"). When the
 * page's first heading is the title's first part, or the site's name is its
 * last part, the rest is dropped.
 */
function tidyTitle(title: string, site: string | undefined, heading: string | undefined): string {
  if (heading !== undefined && heading.length < title.length && title.startsWith(heading) && TITLE_SEPARATOR.test(title.slice(heading.length))) return heading;
  if (site !== undefined && title.length > site.length + 3 && title.endsWith(site)) {
    const rest = title.slice(0, -site.length).trimEnd();
    const separator = /\s[|\-–—:·•»/]$/.exec(rest);
    if (separator) return rest.slice(0, separator.index).trimEnd();
  }
  return title;
}

function tooComplex(): GlossError {
  return new GlossError('invalid_input', 'The web page is too large or too deeply nested for Gloss to read; copy the article\'s text into a .txt file instead.');
}

function noArticle(): GlossError {
  return new GlossError(
    'invalid_input',
    'This web page has no readable article: Gloss found no main text in it (it may be a home page, a list of links, or a page that builds its text with scripts).',
  );
}

interface PageMetadata {
  title?: string;
  ogTitle?: string;
  firstHeading?: string;
  author?: string;
  applicationName?: string;
  published?: string;
  sourceUrl?: string;
}

const PUBLISHED_KEYS = ['article:published_time', 'datepublished', 'date', 'pubdate', 'publishdate', 'publish-date', 'dc.date', 'dc.date.issued', 'dcterms.date', 'dcterms.created', 'sailthru.date', 'og:published_time'];

/**
 * One pass over the page, before Readability changes it: reads what the page
 * says about itself (meta tags, canonical link, first heading, publication
 * time) and removes what is never article text (see CRUFT_TAGS, CRUFT_NAME),
 * event-handler attributes and over-long attribute values. The walk is
 * iterative and touches each element once: jsdom's live collections and
 * selector engine are far too slow for this on large pages.
 */
function scanPage(document: Document, html: string): PageMetadata {
  const metas = new Map<string, string>();
  let canonical: string | undefined;
  let firstHeading: string | undefined;
  let timePublished: string | undefined;
  const doomed = new Set<Element>();
  /** Outermost wrapper of a chain → its innermost one. */
  const chains = new Map<Element, Element>();
  /** Parents whose children change: some are removed, replaced or regrouped. */
  const touched = new Set<Node>();
  let elements = 0;
  let depthSum = 0;
  const keep = new Set<Element | null>([document.documentElement, document.head, document.body]);

  const root = document.documentElement;
  const stack: { element: Element; depth: number; quoted: boolean }[] = root ? [{ element: root, depth: 0, quoted: false }] : [];
  while (stack.length > 0) {
    const { element, depth, quoted } = stack.pop() as { element: Element; depth: number; quoted: boolean };
    const tag = element.localName;
    if (tag === 'meta') {
      const content = element.getAttribute('content');
      if (content !== null) {
        for (const key of [element.getAttribute('property'), element.getAttribute('name'), element.getAttribute('itemprop')]) {
          if (key && !metas.has(key.toLowerCase())) metas.set(key.toLowerCase(), content);
        }
      }
    } else if (tag === 'link' && canonical === undefined && (element.getAttribute('rel') ?? '').toLowerCase().split(/\s+/).includes('canonical')) {
      canonical = webUrl(element.getAttribute('href'));
    } else if (tag === 'h1' && firstHeading === undefined) {
      firstHeading = metaLine(element.textContent);
    } else if (tag === 'time' && timePublished === undefined && (element.hasAttribute('pubdate') || element.getAttribute('itemprop') === 'datePublished')) {
      timePublished = isoDate(element.getAttribute('datetime'));
    }

    if (!keep.has(element) && isCruft(element, tag, quoted)) {
      doomed.add(element);
      if (element.parentNode) touched.add(element.parentNode);
      continue;
    }
    elements += 1;
    depthSum += depth;
    if (elements > MAX_HTML_ELEMENTS || depthSum > MAX_HTML_WORK) throw tooComplex();
    cleanAttributes(element);
    // A chain of bare wrappers (div > div > div > …) collapses to its innermost one.
    let parent = element;
    if (!keep.has(element)) {
      for (let next = onlyWrapperChild(parent); next !== null && !isCruft(next, next.localName, quoted); next = onlyWrapperChild(parent)) {
        cleanAttributes(next);
        parent = next;
      }
      if (parent !== element) {
        chains.set(element, parent);
        if (element.parentNode) touched.add(element.parentNode);
      }
    }
    if (WRAPPED_PARENTS.has(parent.localName) && isWide(parent)) touched.add(parent);
    const inQuote = quoted || tag === 'blockquote' || tag === 'figure';
    // Children are pushed last-first so they are visited in document order.
    for (let child = parent.lastElementChild; child !== null; child = child.previousElementSibling) stack.push({ element: child, depth: depth + 1, quoted: inQuote });
  }
  for (const parent of touched) rebuildChildren(parent, doomed, chains);

  // Browsers mark a saved page with the address it came from.
  const savedFrom = /<!--\s*saved from url=\(\d+\)(\S+?)\s*-->/i.exec(html.slice(0, 4096))?.[1];
  const page: PageMetadata = {};
  const set = <K extends keyof PageMetadata>(key: K, value: string | undefined): void => {
    if (value !== undefined) page[key] = value;
  };
  set('title', metaLine(document.title));
  set('ogTitle', metaLine(metas.get('og:title') ?? metas.get('twitter:title')));
  set('firstHeading', firstHeading);
  set('author', metaLine(metas.get('author') ?? metas.get('article:author') ?? metas.get('dc.creator')));
  set('applicationName', metaLine(metas.get('og:site_name') ?? metas.get('application-name')));
  set('published', PUBLISHED_KEYS.map((key) => isoDate(metas.get(key))).find((date) => date !== undefined) ?? timePublished);
  set('sourceUrl', canonical ?? webUrl(metas.get('og:url')) ?? webUrl(savedFrom));
  return page;
}

const TEXT_NODE = 3;

/** A parent with more child nodes than this has them regrouped (see rebuildChildren). */
const WIDE = 256;
const GROUP = 128;
/** Parents whose children may be regrouped: block containers, or inline ones (grouped in spans). Tables keep their rows. */
const WRAPPED_PARENTS = new Set(['body', 'div', 'section', 'article', 'main', 'header', 'ul', 'ol', 'dl', 'blockquote', 'figure', 'details', 'center', 'p', 'span', 'li', 'dd', 'a', 'b', 'i', 'em', 'strong', 'font', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6']);
const BLOCK_PARENTS = new Set(['body', 'div', 'section', 'article', 'main', 'header', 'ul', 'ol', 'dl', 'blockquote', 'figure', 'details', 'center']);

/**
 * True when a node has more than WIDE children. Counted by walking siblings:
 * reading `childNodes` or `children` would give the node a live list that
 * jsdom recomputes in full after every later change to its children.
 */
function isWide(node: Node): boolean {
  let count = 0;
  for (let child = node.firstChild; child !== null; child = child.nextSibling) if (++count > WIDE) return true;
  return false;
}

/**
 * Rebuilds a parent's children in one pass from the front: furniture is
 * removed, each chain of wrappers is replaced by its innermost wrapper, and
 * the children of a very wide parent are grouped into divs (or spans, inside
 * inline content) of GROUP each. jsdom finds a child's position by counting
 * its preceding siblings, so every removal or replacement in the middle of a
 * long list of siblings costs the length of that list, and Readability makes
 * one for every paragraph it rewraps; working only at the front keeps this
 * pass linear, and the groups keep Readability's own changes cheap.
 */
function rebuildChildren(parent: Node, doomed: ReadonlySet<Element>, chains: ReadonlyMap<Element, Element>): void {
  const document = parent.ownerDocument;
  if (document === null) return;
  const wide = parent.nodeType === 1 && WRAPPED_PARENTS.has((parent as Element).localName) && isWide(parent);
  const groupTag = wide && BLOCK_PARENTS.has((parent as Element).localName) ? 'div' : 'span';
  const holder = document.createDocumentFragment();
  let group: Element | null = null;
  let grouped = 0;
  for (let child = parent.firstChild; child !== null; child = parent.firstChild) {
    if (doomed.has(child as Element)) {
      parent.removeChild(child);
      continue;
    }
    const inner = chains.get(child as Element);
    const node = inner ?? child;
    if (wide) {
      if (group === null || grouped >= GROUP) {
        group = holder.appendChild(document.createElement(groupTag));
        grouped = 0;
      }
      group.appendChild(node);
      grouped += 1;
    } else {
      holder.appendChild(node);
    }
    if (inner !== undefined) parent.removeChild(child);
  }
  parent.appendChild(holder);
}

const WRAPPERS = new Set(['div', 'span', 'section', 'font', 'center']);

/** The element's only child when both are bare wrappers with no text of their own beside it, else null. */
function onlyWrapperChild(element: Element): Element | null {
  if (!WRAPPERS.has(element.localName)) return null;
  const child = element.firstElementChild;
  if (child === null || child !== element.lastElementChild || !WRAPPERS.has(child.localName)) return null;
  for (let node = element.firstChild; node !== null; node = node.nextSibling) {
    if (node.nodeType === TEXT_NODE && (node as Text).data.trim().length > 0) return null;
  }
  return child;
}

/** Drops event-handler attributes and over-long values (inline images, tracking blobs). */
function cleanAttributes(element: Element): void {
  const attributes = element.attributes;
  for (let index = attributes.length - 1; index >= 0; index -= 1) {
    const attribute = attributes[index];
    if (attribute && (attribute.value.length > MAX_ATTRIBUTE_LENGTH || /^on/i.test(attribute.name))) element.removeAttributeNode(attribute);
  }
}

/** Page furniture and content that can never be article text. */
function isCruft(element: Element, tag: string, quoted: boolean): boolean {
  if (CRUFT_TAGS.has(tag)) return !(tag === 'script' && (element.getAttribute('type') ?? '').toLowerCase() === 'application/ld+json');
  if (tag === 'footer' && !quoted) return true;
  if (element.hasAttribute('hidden') || element.getAttribute('aria-hidden') === 'true') return true;
  const role = element.getAttribute('role');
  if (role !== null && CRUFT_ROLES.has(role.toLowerCase())) return true;
  const names = `${element.getAttribute('class') ?? ''} ${element.getAttribute('id') ?? ''}`.slice(0, 1000).trim();
  return names.length > 0 && names.split(/\s+/).some((token) => CRUFT_NAME.test(token));
}

/**
 * Short lines before the story that say who wrote it or when it was published
 * become byline blocks, styled as such (as the seed format's publication line),
 * and paragraphs that end in a photo credit become captions.
 */
function markPublicationLines(blocks: Block[], byline: string | undefined): void {
  const wanted = byline === undefined ? '' : looseText(byline);
  for (const block of blocks) {
    if (block.type === 'paragraph' && block.text.length <= 300 && ENDS_WITH_CREDIT.test(block.text)) block.type = 'caption';
  }
  for (const block of blocks.slice(0, 4)) {
    if (block.type !== 'paragraph') continue;
    if (block.text.length > 160) return;
    const loose = looseText(block.text);
    const namesAuthor = wanted.length > 0 && (loose === wanted || loose === `by${wanted}` || (/^by\s/i.test(block.text) && loose.includes(wanted)));
    if (namesAuthor || (block.text.length <= 100 && DATE_IN_LINE.test(block.text))) block.type = 'byline';
  }
}

/** The block's text with each link's words replaced by a space. */
function unlinkedText(block: Block): string {
  const linked = (block.marks ?? []).filter((mark) => mark.kind === 'link').sort((a, b) => a.start - b.start);
  let text = '';
  let at = 0;
  for (const mark of linked) {
    if (mark.start > at) text += block.text.slice(at, mark.start);
    text += ' ';
    at = Math.max(at, mark.end);
  }
  return text + block.text.slice(at);
}

/** Words outside links, counted up to `enough`. */
function wordsOutsideLinks(blocks: readonly Block[], enough: number): number {
  let words = 0;
  for (const block of blocks) {
    words += (unlinkedText(block).match(/[\p{L}\p{N}]+/gu) ?? []).length;
    if (words >= enough) break;
  }
  return words;
}

function megabytes(bytes: number): string {
  return `${(bytes / (1024 * 1024)).toFixed(bytes >= 10 * 1024 * 1024 ? 0 : 1)} MB`;
}
