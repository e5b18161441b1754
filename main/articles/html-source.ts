/**
 * One linear pass over a page's source before jsdom sees it. It measures the
 * page (start tags, estimated nesting depth, and the sum of every tag's depth,
 * which is what building the tree costs) so a hostile page is refused before
 * parsing, and it removes what would make jsdom itself slow, since
 * jsdom does real work for some markup while it builds the tree:
 *
 * - every iframe, frame and frameset gets its own window (about 20 ms each);
 * - every style element is parsed as a stylesheet, and every style attribute
 *   as a declaration list, the latter in time that grows with the square of
 *   its length on some input.
 *
 * So iframes (with their fallback content), frames, framesets and style
 * elements are cut out, and style attributes are dropped: one that hides its
 * element (`display: none`, `visibility: hidden`) becomes a `hidden`
 * attribute, so hidden text stays hidden. None of this can add markup: the
 * pass only deletes ranges of the source, or swaps an attribute for `hidden`.
 *
 * The scan follows the HTML tokenizer where it matters: tags start with `<`
 * and a letter, quoted attribute values may hold `>`, comments and the content
 * of raw-text elements (script, textarea, title, xmp, noembed, noframes) are
 * not markup.
 */

const VOID_ELEMENTS = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'param', 'source', 'track', 'wbr', 'keygen', 'basefont', 'bgsound', 'frame', 'image', 'isindex']);
/** Elements whose end tag may be left out; they never build depth on their own. */
const OPTIONAL_END = new Set(['p', 'li', 'dt', 'dd', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'option', 'optgroup', 'colgroup', 'caption', 'rb', 'rt', 'rtc', 'rp', 'html', 'head', 'body']);
/** Content is text up to the matching end tag. */
const RAW_TEXT = new Set(['script', 'textarea', 'title', 'xmp', 'noembed', 'noframes']);
/** Cut out with their content. */
const CUT_WITH_CONTENT = new Set(['iframe', 'style']);
/** Cut out, start and end tags only. */
const CUT_TAG = new Set(['frame', 'frameset']);

const TAG = /<(?:!--|(\/?)([a-zA-Z][a-zA-Z0-9:-]*))/g;
const END_TAGS: Record<string, RegExp> = {};
const HIDES = /display\s*:\s*none|visibility\s*:\s*hidden/i;

export interface PreparedMarkup {
  html: string;
  /** Start tags, outside comments and raw text. */
  elements: number;
  /** The deepest nesting of elements that need an end tag. */
  depth: number;
  /** The sum of every start tag's nesting depth: jsdom's work to build the tree grows with it. */
  work: number;
}

/** Prepares a page's source (see above); stops early, with the counts so far, once `limits` are passed. */
export function prepareMarkup(html: string, limits: { elements: number; depth: number; work: number }): PreparedMarkup {
  const kept: string[] = [];
  let copied = 0;
  const cut = (from: number, to: number, replacement = ''): void => {
    kept.push(html.slice(copied, from), replacement);
    copied = to;
  };
  let elements = 0;
  let depth = 0;
  let deepest = 0;
  let work = 0;
  let index = 0;
  while (index < html.length) {
    TAG.lastIndex = index;
    const match = TAG.exec(html);
    if (!match) break;
    if (match[0] === '<!--') {
      const end = html.indexOf('-->', match.index + 4);
      index = end === -1 ? html.length : end + 3;
      continue;
    }
    const name = (match[2] as string).toLowerCase();
    const tag = scanTag(html, TAG.lastIndex);
    if (tag === null) break;
    index = tag.end + 1;

    if (match[1] === '/') {
      if (CUT_WITH_CONTENT.has(name) || CUT_TAG.has(name)) cut(match.index, index);
      else if (!VOID_ELEMENTS.has(name) && !OPTIONAL_END.has(name)) depth = Math.max(0, depth - 1);
      continue;
    }
    elements += 1;
    work += depth;
    if (CUT_WITH_CONTENT.has(name)) {
      const after = endOfElement(html, name, index);
      cut(match.index, after);
      index = after;
      continue;
    }
    if (CUT_TAG.has(name)) {
      cut(match.index, index);
      continue;
    }
    for (const style of tag.styles) cut(style.start, style.end, style.hides ? ' hidden ' : ' ');
    if (RAW_TEXT.has(name)) {
      index = endOfElement(html, name, index);
      continue;
    }
    if (!VOID_ELEMENTS.has(name) && !OPTIONAL_END.has(name) && html[tag.end - 1] !== '/') {
      depth += 1;
      if (depth > deepest) deepest = depth;
    }
    if (elements > limits.elements || deepest > limits.depth || work > limits.work) break;
  }
  kept.push(html.slice(copied));
  return { html: kept.length === 1 ? html : kept.join(''), elements, depth: deepest, work };
}

/** Where an element with raw-text content ends: just past its end tag, or the end of the source. */
function endOfElement(html: string, name: string, from: number): number {
  const end = (END_TAGS[name] ??= new RegExp(`</${name}[\\s/>]`, 'gi'));
  end.lastIndex = from;
  const found = end.exec(html);
  if (!found) return html.length;
  const close = html.indexOf('>', found.index);
  return close === -1 ? html.length : close + 1;
}

interface StyleAttribute {
  start: number;
  end: number;
  hides: boolean;
}

/**
 * Reads a start tag's attributes from just after its name: returns where the
 * tag ends (its `>`), and each `style` attribute's extent; null when the tag
 * never ends (the tokenizer drops it).
 */
function scanTag(html: string, from: number): { end: number; styles: StyleAttribute[] } | null {
  const styles: StyleAttribute[] = [];
  let index = from;
  const length = html.length;
  while (index < length) {
    const char = html.charCodeAt(index);
    if (char === 0x3e /* > */) return { end: index, styles };
    if (isSpace(char) || char === 0x2f /* / */) {
      index += 1;
      continue;
    }
    // An attribute: its name runs to white space, `/`, `>` or `=` (a leading `=` belongs to the name).
    const nameStart = index;
    index += 1;
    while (index < length) {
      const c = html.charCodeAt(index);
      if (isSpace(c) || c === 0x2f || c === 0x3e || c === 0x3d) break;
      index += 1;
    }
    const isStyle = index - nameStart === 5 && html.slice(nameStart, index).toLowerCase() === 'style';
    let valueStart = index;
    let valueEnd = index;
    let after = index;
    while (after < length && isSpace(html.charCodeAt(after))) after += 1;
    if (html.charCodeAt(after) === 0x3d /* = */) {
      after += 1;
      while (after < length && isSpace(html.charCodeAt(after))) after += 1;
      const quote = html.charCodeAt(after);
      if (quote === 0x22 || quote === 0x27) {
        const close = html.indexOf(quote === 0x22 ? '"' : "'", after + 1);
        if (close === -1) return null;
        valueStart = after + 1;
        valueEnd = close;
        index = close + 1;
      } else {
        valueStart = after;
        index = after;
        while (index < length) {
          const c = html.charCodeAt(index);
          if (isSpace(c) || c === 0x3e) break;
          index += 1;
        }
        valueEnd = index;
      }
    }
    if (isStyle) styles.push({ start: nameStart, end: index, hides: HIDES.test(html.slice(valueStart, valueEnd)) });
  }
  return null;
}

function isSpace(char: number): boolean {
  return char === 0x20 || char === 0x09 || char === 0x0a || char === 0x0c || char === 0x0d;
}
