/**
 * Escaping for text that must come out of a Markdown renderer exactly as it
 * went in: quotes and notes in an export.
 *
 * CommonMark lets any ASCII punctuation be backslash-escaped, and an escaped
 * character is always literal. We escape the characters that start inline
 * syntax in CommonMark or in the notebooks people export to (Obsidian and
 * Logseq: `==mark==`, `%%comment%%`, `^block-id`, `#tag`, `[[link]]`, `$math$`,
 * `|tables|`), plus the line-start forms (headings, list markers, thematic
 * breaks, ordered-list numbers). Leading and trailing spaces, which Markdown
 * would swallow, are written as character references.
 */

const INLINE_SPECIALS = /[\\`*_[\]<>&~=^%|$#{}]/g;

/**
 * Whether escapeMarkdownLine has anything to do: an inline special anywhere,
 * a space or tab at either end, or a line-start bullet or ordered-list
 * marker. Most prose has none of these, and one scan for the specials plus a
 * look at the first and last characters is far cheaper than the five
 * replaces, so a clean line is returned as it is. Every rule in
 * escapeMarkdownLine must be covered here (a unit test compares both paths).
 */
const HAS_SPECIAL = /[\\`*_[\]<>&~=^%|$#{}]/;
const ORDERED_MARKER = /^\d{1,9}[.)]/;

function needsEscape(line: string): boolean {
  if (line.length === 0) return false;
  if (HAS_SPECIAL.test(line)) return true;
  const first = line.charCodeAt(0);
  // Space, tab, "-", "+", or a digit that starts an ordered-list marker.
  if (first === 0x20 || first === 0x09 || first === 0x2d || first === 0x2b) return true;
  if (first >= 0x30 && first <= 0x39 && ORDERED_MARKER.test(line)) return true;
  const last = line.charCodeAt(line.length - 1);
  return last === 0x20 || last === 0x09;
}

/** Escapes one line of text for use inside a paragraph or blockquote. */
export function escapeMarkdownLine(line: string): string {
  if (!needsEscape(line)) return line;
  // `$&` is the matched character: a replacement string, not a callback per match.
  let escaped = line.replace(INLINE_SPECIALS, '\\$&');
  // Line-start block syntax: list bullets, thematic breaks, setext underlines.
  escaped = escaped.replace(/^([ \t]*)([-+])/, '$1\\$2');
  // Ordered list markers: "1." or "1)".
  escaped = escaped.replace(/^([ \t]*\d{1,9})([.)])/, '$1\\$2');
  // Spaces at either end would be dropped (or turn into a code block or a hard break).
  escaped = escaped.replace(/^[ \t]+/, (run) => encodeSpaces(run));
  escaped = escaped.replace(/[ \t]+$/, (run) => encodeSpaces(run));
  return escaped;
}

function encodeSpaces(run: string): string {
  return [...run].map((char) => (char === '\t' ? '&#9;' : '&#32;')).join('');
}

/**
 * Escapes multi-line text and splits it into lines. Runs of blank lines become
 * one paragraph break, which is all Markdown can express.
 */
export function escapeMarkdownLines(text: string): string[] {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  for (const line of lines) {
    const blank = line.trim().length === 0;
    if (blank) {
      if (out.length > 0 && out[out.length - 1] !== '') out.push('');
      continue;
    }
    out.push(escapeMarkdownLine(line));
  }
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

/**
 * escapeMarkdownLines(text).join('\n'): the text escaped, line breaks kept, a
 * paragraph break as one empty line. Quotes and notes are nearly always a
 * single line, which needs neither the split nor the arrays.
 */
export function escapeMarkdownText(text: string): string {
  if (text.indexOf('\n') === -1 && text.indexOf('\r') === -1) {
    return text.trim().length === 0 ? '' : escapeMarkdownLine(text);
  }
  return escapeMarkdownLines(text).join('\n');
}

/**
 * A blockquote of text already escaped by escapeMarkdownText, with every line
 * (blank ones too) prefixed, so a passage is escaped once for both its
 * `quoteEscaped` and `quoteBlock` forms. Empty text gives an empty string.
 */
export function blockquoteOfEscaped(escaped: string): string {
  if (escaped === '') return '';
  if (escaped.indexOf('\n') === -1) return `> ${escaped}`;
  return escaped
    .split('\n')
    .map((line) => (line === '' ? '>' : `> ${line}`))
    .join('\n');
}

/** A blockquote of `text`, with every line (blank ones too) prefixed. */
export function blockquote(text: string): string {
  return blockquoteOfEscaped(escapeMarkdownText(text));
}

/**
 * A YAML double-quoted scalar: valid for any title, however hostile, and
 * valid JSON too. Line and paragraph separators are escaped because YAML
 * readers treat them as line breaks.
 */
export function yamlString(value: string): string {
  return JSON.stringify(value).replace(/[\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16)}`);
}

/**
 * A tag as notebooks accept it: `#` + no spaces, nested `a/b` kept. Obsidian
 * rejects a purely numeric tag, so one gets a leading underscore.
 */
export function hashtag(tag: string): string {
  const cleaned = tag
    .trim()
    .replace(/\s+/g, '-')
    .replace(/[^\p{L}\p{N}_\-/]/gu, '')
    .replace(/\/{2,}/g, '/')
    .replace(/^\/|\/$/g, '');
  if (cleaned.length === 0) return '';
  return /^\d+$/.test(cleaned) ? `#_${cleaned}` : `#${cleaned}`;
}
