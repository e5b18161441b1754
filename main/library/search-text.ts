/**
 * How search sees words. The index and the snippet builder must agree on
 * what a word is and on when two spellings are the same word, or a snippet
 * would mark the wrong thing. So both take words from here: a word is a run
 * of letters, combining marks and digits, and two words are the same when
 * their folded forms are equal (lower case, compatibility-decomposed, marks
 * stripped: "Café", "CAFE" and "cafe" are one word).
 */

const WORD = /[\p{L}\p{M}\p{N}]+/gu;
const ASCII_WORD = /[A-Za-z0-9]+/g;
const ASCII_NON_WORD_RUN = /[^A-Za-z0-9]+/g;
/**
 * Every character outside ASCII that can be part of a word is in these
 * ranges (checked against all of Unicode), and curly quotes and dashes
 * (U+2000–U+206F) are not. Text without them has only ASCII letters and digits
 * in its words, and can be split with an ASCII pattern: V8 runs Unicode
 * property classes several times slower, and most English text takes the fast way.
 */
export const MAYBE_WORD_OUTSIDE_ASCII = /[\u00AA\u00B2\u00B3\u00B5\u00B9\u00BA\u00BC-\u00BE\u00C0-\u1FFF\u2070-\uFFFF]/;
/**
 * Runs of ASCII letters and digits or of any non-ASCII character. Every word
 * lies inside one run, and a run without non-ASCII characters is one word, so
 * only the few runs with an accented letter or a curly quote need the Unicode
 * pattern.
 */
const CANDIDATE_RUN = /(?:[A-Za-z0-9]|[\u0080-\uFFFF])+/g;
const HAS_NON_ASCII = /[\u0080-\uFFFF]/;
const MARKS = /\p{M}+/gu;
/** Letters that carry their accent in the letter itself, so NFKD leaves them alone. */
const UNDECOMPOSED: Readonly<Record<string, string>> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' };
const UNDECOMPOSED_PATTERN = /[ßæœøłđðþı]/g;

/** The form a word is indexed and looked up under. */
export function foldWord(word: string): string {
  const lower = word.toLowerCase();
  if (!HAS_NON_ASCII.test(lower)) return lower;
  return lower
    .normalize('NFKD')
    .replace(MARKS, '')
    .replace(UNDECOMPOSED_PATTERN, (letter) => UNDECOMPOSED[letter] ?? letter)
    .replace(/\s+/gu, '');
}

/** MiniSearch's tokenizer: the words of a text, as written. */
export function splitWords(text: string): string[] {
  if (!MAYBE_WORD_OUTSIDE_ASCII.test(text)) return text.match(ASCII_WORD) ?? [];
  const words: string[] = [];
  eachWord(text, 0, text.length, (start, end) => words.push(text.slice(start, end)));
  return words;
}

/**
 * The folded words of a text, as the index holds them: what
 * splitWords(text).map(processTerm) gives, but text whose words are all
 * ASCII (most English text) is lower-cased once, not word by word.
 */
export function foldedWords(text: string): string[] {
  // Outside MAYBE_WORD_OUTSIDE_ASCII, lower-casing changes no character that could border a word.
  if (!MAYBE_WORD_OUTSIDE_ASCII.test(text)) return text.toLowerCase().match(ASCII_WORD) ?? [];
  const words: string[] = [];
  eachWord(text, 0, text.length, (start, end) => {
    const folded = foldWord(text.slice(start, end));
    if (folded.length > 0) words.push(folded);
  });
  return words;
}

/** Calls visit(start, end) for each word of text[from, to), in order: the words WORD finds, found faster. */
function eachWord(text: string, from: number, to: number, visit: (start: number, end: number) => void): void {
  const runs = new RegExp(CANDIDATE_RUN.source, 'g');
  runs.lastIndex = from;
  for (let run = runs.exec(text); run !== null && run.index < to; run = runs.exec(text)) {
    const runEnd = Math.min(run.index + run[0].length, to);
    const body = runEnd === run.index + run[0].length ? run[0] : text.slice(run.index, runEnd);
    if (!HAS_NON_ASCII.test(body)) {
      visit(run.index, runEnd);
      continue;
    }
    const words = new RegExp(WORD.source, 'gu');
    for (let word = words.exec(body); word !== null; word = words.exec(body)) visit(run.index + word.index, run.index + word.index + word[0].length);
  }
}

/** MiniSearch's term processor, for indexing and for queries alike. */
export function processTerm(word: string): string | null {
  const folded = foldWord(word);
  return folded.length > 0 ? folded : null;
}

export interface WordSpan {
  start: number;
  end: number;
  /** The folded form, comparable with index terms. */
  term: string;
}

/** The words of text[from, to) with their offsets in text; only those `keep` accepts, if given. */
export function wordSpans(text: string, from = 0, to = text.length, keep?: (term: string) => boolean): WordSpan[] {
  const spans: WordSpan[] = [];
  const add = (start: number, end: number, term: string) => {
    if (!keep || keep(term)) spans.push({ start, end, term });
  };
  if (MAYBE_WORD_OUTSIDE_ASCII.test(text.slice(from, to))) {
    eachWord(text, from, to, (start, end) => add(start, end, foldWord(text.slice(start, end))));
    return spans;
  }
  const pattern = new RegExp(ASCII_WORD.source, 'g');
  pattern.lastIndex = from;
  for (let found = pattern.exec(text); found !== null && found.index < to; found = pattern.exec(text)) {
    const end = Math.min(found.index + found[0].length, to);
    add(found.index, end, text.slice(found.index, end).toLowerCase());
  }
  return spans;
}

/**
 * Where the given folded words occur in text[from, to), in order: what
 * filtering wordSpans gives, without splitting the stretch into all of its
 * words and folding each (most of what building a snippet used to cost).
 * Words of ASCII letters and digits fold by lower-casing, so they are found
 * with indexOf in the lower-cased stretch; only the few words with a
 * character outside ASCII ("Misérables", "naïve") are folded one by one.
 */
export function findWords(text: string, from: number, to: number, terms: { keys(): Iterable<string>; has(term: string): boolean }): WordSpan[] {
  const slice = text.slice(from, to);
  // Lower-casing keeps every offset, except for "İ" (U+0130, the one character that lower-cases to two).
  if (slice.includes('\u0130')) return wordSpans(text, from, to, (term) => terms.has(term));
  const lower = slice.toLowerCase();
  const spans: WordSpan[] = [];
  for (const term of terms.keys()) {
    if (!/^[a-z0-9]+$/.test(term)) continue;
    for (let at = lower.indexOf(term); at !== -1; at = lower.indexOf(term, at + 1)) {
      const end = at + term.length;
      // A word character next to it makes a longer word: all ASCII, another word; with other characters, found below.
      if (isWordCharBefore(lower, at) || isWordCharAt(lower, end)) continue;
      spans.push({ start: from + at, end: from + end, term });
    }
  }
  eachWordOutsideAscii(slice, lower, (start, end) => {
    const term = foldWord(slice.slice(start, end));
    if (terms.has(term)) spans.push({ start: from + start, end: from + end, term });
  });
  return spans.sort((a, b) => a.start - b.start);
}

/** The characters that can be part of a word outside ASCII (global, for eachWordOutsideAscii alone: it resets lastIndex). */
const OUTSIDE_ASCII = new RegExp(MAYBE_WORD_OUTSIDE_ASCII.source, 'g');

/**
 * Calls visit(start, end) for each word of `text` (offsets into it) with a
 * character outside ASCII whose lower-cased form (`lower`, same offsets)
 * still has one: the words an ASCII look-up by indexOf cannot find, each to
 * be folded on its own. A word that lower-cases to ASCII ("\u212Aelvin",
 * with the Kelvin sign) is left out: the ASCII look-up finds it.
 */
export function eachWordOutsideAscii(text: string, lower: string, visit: (start: number, end: number) => void): void {
  if (!MAYBE_WORD_OUTSIDE_ASCII.test(text)) return;
  // Only these characters can be part of a word: dashes and curly quotes are passed over.
  const outside = OUTSIDE_ASCII;
  outside.lastIndex = 0;
  let lastWordEnd = -1;
  for (let found = outside.exec(text); found !== null; found = outside.exec(text)) {
    const at = found.index;
    if (at < lastWordEnd || !isWordCharAt(text, at)) continue;
    const { start, end } = wordAround(text, at);
    lastWordEnd = end;
    outside.lastIndex = end;
    if (HAS_NON_ASCII.test(lower.slice(start, end))) visit(start, end);
  }
}

const WORD_CHAR = /^[\p{L}\p{M}\p{N}]/u;

/** Whether the character (code point) starting at text[at] is a word character; false outside the text. */
/** The whole word around the word character at `at` (a character outside the BMP takes two code units). */
export function wordAround(text: string, at: number): Range {
  let start = at;
  while (isWordCharBefore(text, start)) start -= text.charCodeAt(start - 1) >= 0xdc00 && text.charCodeAt(start - 1) <= 0xdfff && start >= 2 ? 2 : 1;
  let end = at;
  while (isWordCharAt(text, end)) end += (text.codePointAt(end) as number) > 0xffff ? 2 : 1;
  return { start, end };
}

export function isWordCharAt(text: string, at: number): boolean {
  if (at >= text.length) return false;
  const code = text.charCodeAt(at);
  if (code < 0x80) return isAsciiWordCode(code);
  return WORD_CHAR.test(text.slice(at, at + 2));
}

/** Whether the character (code point) ending just before text[at] is a word character; false at the start. */
export function isWordCharBefore(text: string, at: number): boolean {
  if (at <= 0) return false;
  const code = text.charCodeAt(at - 1);
  if (code < 0x80) return isAsciiWordCode(code);
  const low = code >= 0xdc00 && code <= 0xdfff && at >= 2;
  return WORD_CHAR.test(text.slice(low ? at - 2 : at - 1, at));
}

export function isAsciiWordCode(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 97 && code <= 122) || (code >= 65 && code <= 90);
}

/**
 * The text as a row of folded words with one space between them, so that a
 * phrase can be looked for with includes(). Most English text is ASCII once
 * punctuation is gone, and then folding is one lower-casing of the whole;
 * other text is folded word by word, the way the index does.
 */
export function foldText(text: string): string {
  if (!MAYBE_WORD_OUTSIDE_ASCII.test(text)) return text.replace(ASCII_NON_WORD_RUN, ' ').toLowerCase();
  const words: string[] = [];
  eachWord(text, 0, text.length, (start, end) => words.push(foldWord(text.slice(start, end))));
  return words.join(' ');
}

const asciiPhrasePatterns = new Map<string, RegExp | null>();

/** For a phrase of ASCII words, a pattern for it in lower-cased ASCII-worded text (cached: a query checks many passages). */
function asciiPhrasePattern(phrase: readonly string[]): RegExp | null {
  const key = phrase.join(' ');
  let pattern = asciiPhrasePatterns.get(key);
  if (pattern === undefined) {
    pattern = phrase.every((word) => /^[a-z0-9]+$/.test(word)) ? new RegExp(`(?<![a-z0-9])${phrase.join('[^a-z0-9]+')}(?![a-z0-9])`) : null;
    if (asciiPhrasePatterns.size > 100) asciiPhrasePatterns.clear();
    asciiPhrasePatterns.set(key, pattern);
  }
  return pattern;
}

/**
 * Whether text[from, to) holds the phrase (folded words, in order, with only
 * non-word characters between them): the same answer as looking for it among
 * wordSpans. A phrase of common words can have thousands of candidate
 * passages, so where all the words are ASCII (most English text) this is one
 * regular-expression test on the lower-cased text instead of splitting it.
 */
export function holdsPhrase(text: string, from: number, to: number, phrase: readonly string[]): boolean {
  const slice = text.slice(from, to);
  if (!MAYBE_WORD_OUTSIDE_ASCII.test(slice)) {
    const pattern = asciiPhrasePattern(phrase);
    return pattern !== null && pattern.test(slice.toLowerCase());
  }
  return ` ${foldText(slice)} `.includes(` ${phrase.join(' ')} `);
}

// ---------------------------------------------------------------------------
// Snippets
// ---------------------------------------------------------------------------

export interface Range {
  start: number;
  end: number;
}

export interface Snippet {
  /** Context before the match, whitespace collapsed, starting with "…" when cut. */
  before: string;
  /** The matched words as written (a short run of them for multi-word queries). */
  match: string;
  /** Context after the match, ending with "…" when cut. */
  after: string;
  /**
   * Every matched word shown, as offsets into `before + match + after`, in
   * order. The words inside `match` are among them; for a multi-word query
   * the other words may also appear in the context.
   */
  marks: Range[];
}

/** White space that collapsing would change: any but a plain space, or two spaces in a row. */
const COLLAPSIBLE = /[^\S ]| {2}/;

/** About this many characters of context on each side of a match. */
export const SNIPPET_CONTEXT = 60;
const PARAGRAPH_BREAK = '\n\n';
/** What /\s/ matches, as a code check: buildSnippet tests characters one at a time, and a regular expression per character was most of its cost. */
function isSpace(char: string | undefined): boolean {
  if (char === undefined) return false;
  const code = char.charCodeAt(0);
  if (code < 0x80) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/**
 * A snippet around source[match.start, match.end). Context stays inside
 * `bounds` and inside the paragraph the match is in, is cut at word
 * boundaries, and gets "…" where it was cut. Only the few hundred characters
 * around the match are read, however long the source is.
 */
export function buildSnippet(source: string, match: Range, marks: readonly Range[], bounds: Range = { start: 0, end: source.length }): Snippet {
  return snippetAround(
    source,
    match,
    marks.map((mark) => mark.start),
    marks.map((mark) => mark.end),
    marks.length,
    bounds,
  );
}

/**
 * buildSnippet, with the marks as two arrays of offsets (`count` of them,
 * in order), as search keeps them: no object per mark.
 */
export function snippetAround(source: string, match: Range, starts: ArrayLike<number>, ends: ArrayLike<number>, count: number, bounds: Range = { start: 0, end: source.length }): Snippet {
  // Only a paragraph break within reach of the context matters: look just that far, not through a whole long paragraph.
  const reachBack = Math.max(0, match.start - SNIPPET_CONTEXT - PARAGRAPH_BREAK.length);
  const breakBefore = source.slice(reachBack, match.start + PARAGRAPH_BREAK.length - 1).lastIndexOf(PARAGRAPH_BREAK);
  const low = breakBefore === -1 ? bounds.start : Math.max(bounds.start, reachBack + breakBefore + PARAGRAPH_BREAK.length);
  const breakAfter = source.slice(match.end, match.end + SNIPPET_CONTEXT + PARAGRAPH_BREAK.length).indexOf(PARAGRAPH_BREAK);
  const high = breakAfter === -1 ? bounds.end : Math.min(bounds.end, match.end + breakAfter);

  let from = match.start - SNIPPET_CONTEXT;
  let cutBefore = false;
  if (from <= low) from = low;
  else {
    cutBefore = true;
    if (!isSpace(source[from - 1])) {
      // Mid-word: start at the next word instead, unless the match's own word is all there is.
      let next = from;
      while (next < match.start && !isSpace(source[next])) next += 1;
      if (next < match.start) from = next;
    }
  }
  while (from < match.start && isSpace(source[from])) from += 1;

  let to = match.end + SNIPPET_CONTEXT;
  let cutAfter = false;
  if (to >= high) to = high;
  else {
    cutAfter = true;
    if (!isSpace(source[to])) {
      let previous = to;
      while (previous > match.end && !isSpace(source[previous - 1])) previous -= 1;
      if (previous > match.end) to = previous;
    }
  }
  while (to > match.end && isSpace(source[to - 1])) to -= 1;

  // The marks shown: those inside [from, to], a run of the ordered marks.
  let first = 0;
  while (first < count && (starts[first] as number) < from) first += 1;
  let last = first;
  while (last < count && (starts[last] as number) < to) last += 1;
  const shown = { starts, ends, first, last };
  const out: Range[] = [];
  const prefix = cutBefore ? '…' : '';
  // Most snippets have only single spaces: then nothing needs collapsing, and one test spares a replace per piece.
  const plain = !COLLAPSIBLE.test(source.slice(from, to));
  const before = prefix + collapse(source, from, match.start, shown, prefix.length, out, plain);
  const matched = collapse(source, match.start, match.end, shown, before.length, out, plain);
  const after = collapse(source, match.end, to, shown, before.length + matched.length, out, plain) + (cutAfter ? '…' : '');
  return { before, match: matched, after, marks: out };
}

/**
 * source[from, to) with each run of white space as one space, pushing the
 * marks inside it to `out` as offsets into the result plus `offset`. Marks are
 * whole words, so they hold no white space and collapsing around them is
 * the same as collapsing the whole.
 */
function collapse(
  source: string,
  from: number,
  to: number,
  marks: { starts: ArrayLike<number>; ends: ArrayLike<number>; first: number; last: number },
  offset: number,
  out: Range[],
  plain: boolean,
): string {
  const squeeze = (piece: string) => (plain ? piece : piece.replace(/\s+/g, ' '));
  let text = '';
  let cursor = from;
  for (let at = marks.first; at < marks.last; at += 1) {
    const markStart = marks.starts[at] as number;
    const markEnd = marks.ends[at] as number;
    if (markStart < from || markEnd > to) continue;
    text += squeeze(source.slice(cursor, markStart));
    const start = offset + text.length;
    text += source.slice(markStart, markEnd);
    out.push({ start, end: offset + text.length });
    cursor = markEnd;
  }
  return text + squeeze(source.slice(cursor, to));
}
