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
const MAYBE_WORD_OUTSIDE_ASCII = /[\u00AA\u00B2\u00B3\u00B5\u00B9\u00BA\u00BC-\u00BE\u00C0-\u1FFF\u2070-\uFFFF]/;
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
 * filtering wordSpans gives, but a stretch whose words are all ASCII is
 * searched with indexOf for just these words instead of being split into all
 * of its words, which is most of what building a snippet costs.
 */
export function findWords(text: string, from: number, to: number, terms: { keys(): Iterable<string>; has(term: string): boolean }): WordSpan[] {
  const slice = text.slice(from, to);
  if (MAYBE_WORD_OUTSIDE_ASCII.test(slice)) return wordSpans(text, from, to, (term) => terms.has(term));
  // Only ASCII letters and digits are word characters here, and lower-casing keeps every offset.
  const lower = slice.toLowerCase();
  const spans: WordSpan[] = [];
  for (const term of terms.keys()) {
    if (!/^[a-z0-9]+$/.test(term)) continue;
    for (let at = lower.indexOf(term); at !== -1; at = lower.indexOf(term, at + 1)) {
      const end = at + term.length;
      if (isAsciiWordCode(lower.charCodeAt(at - 1)) || isAsciiWordCode(lower.charCodeAt(end))) continue;
      spans.push({ start: from + at, end: from + end, term });
    }
  }
  return spans.sort((a, b) => a.start - b.start);
}

function isAsciiWordCode(code: number): boolean {
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

/** About this many characters of context on each side of a match. */
export const SNIPPET_CONTEXT = 60;
const PARAGRAPH_BREAK = '\n\n';
const SPACE = /\s/;

function isSpace(char: string | undefined): boolean {
  return char !== undefined && SPACE.test(char);
}

/**
 * A snippet around source[match.start, match.end). Context stays inside
 * `bounds` and inside the paragraph the match is in, is cut at word
 * boundaries, and gets "…" where it was cut. Only the few hundred characters
 * around the match are read, however long the source is.
 */
export function buildSnippet(source: string, match: Range, marks: readonly Range[], bounds: Range = { start: 0, end: source.length }): Snippet {
  const breakBefore = source.lastIndexOf(PARAGRAPH_BREAK, match.start - 1);
  const low = breakBefore === -1 ? bounds.start : Math.max(bounds.start, breakBefore + PARAGRAPH_BREAK.length);
  const breakAfter = source.indexOf(PARAGRAPH_BREAK, match.end);
  const high = breakAfter === -1 ? bounds.end : Math.min(bounds.end, breakAfter);

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

  const shown = marks.filter((mark) => mark.start >= from && mark.end <= to);
  const out: Range[] = [];
  const prefix = cutBefore ? '…' : '';
  const before = prefix + collapse(source, from, match.start, shown, prefix.length, out);
  const matched = collapse(source, match.start, match.end, shown, before.length, out);
  const after = collapse(source, match.end, to, shown, before.length + matched.length, out) + (cutAfter ? '…' : '');
  return { before, match: matched, after, marks: out };
}

/**
 * source[from, to) with each run of white space as one space, pushing the
 * marks inside it to `out` as offsets into the result plus `offset`. Marks are
 * whole words, so they hold no white space and collapsing around them is
 * the same as collapsing the whole.
 */
function collapse(source: string, from: number, to: number, marks: readonly Range[], offset: number, out: Range[]): string {
  let text = '';
  let cursor = from;
  for (const mark of marks) {
    if (mark.start < from || mark.end > to) continue;
    text += source.slice(cursor, mark.start).replace(/\s+/g, ' ');
    const start = offset + text.length;
    text += source.slice(mark.start, mark.end);
    out.push({ start, end: offset + text.length });
    cursor = mark.end;
  }
  return text + source.slice(cursor, to).replace(/\s+/g, ' ');
}
