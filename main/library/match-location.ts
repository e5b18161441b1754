/**
 * Where in a matched document to show the match. The index says a
 * document matched; this finds the query's words in the document's text (a
 * passage, a title, a note), picks the place where most of them sit
 * together (or the quoted phrase), and returns the words to mark. Only the
 * matched document's text is read, never the rest of the article.
 *
 * The words are found straight in the text (findMatches): each query word
 * once, with indexOf, since every index term it stands for (itself, or the
 * longer words a prefix starts) begins with it. That is a few native scans
 * of a kilobyte or two per hit, where looking each of a prefix's expansions
 * up in the document's postings, then the text, cost several times more.
 */

import { buildSnippet, eachWordOutsideAscii, findWords, foldWord, holdsPhrase, SNIPPET_CONTEXT, snippetAround, isAsciiWordCode, isWordCharAt, isWordCharBefore, wordSpans, type Range, type Snippet, type WordSpan } from './search-text';

/** What was asked of an index: the query words, and the one matched as a prefix. */
export interface QueryWords {
  terms: readonly string[];
  prefixTerm: string | null;
}

/** How many typos a word may have and still match: none under 5 letters, one up to 8, two from 9. */
export function typoDistance(term: string): number | false {
  const letters = [...term].length;
  if (letters >= 9) return 2;
  if (letters >= 5) return 1;
  return false;
}

/**
 * Which of a document's matched words to mark, each with the query word it
 * answers: the words matched as typed or as a prefix, or, for a query word
 * that has none in the document, its typo matches. ("asean" marks "ASEAN",
 * not also the "Asian" that typo tolerance let in.)
 */
export function wordsToMark(documentTerms: readonly string[], lookup: QueryWords): Map<string, string> {
  const marked = new Map<string, string>();
  for (const queryTerm of lookup.terms) {
    let chosen = documentTerms.filter((term) => term === queryTerm || (queryTerm === lookup.prefixTerm && term.startsWith(queryTerm)));
    if (chosen.length === 0) {
      const allowed = typoDistance(queryTerm);
      chosen = allowed === false ? [] : documentTerms.filter((term) => editDistance(term, queryTerm, allowed) <= allowed);
    }
    for (const term of chosen) if (!marked.has(term)) marked.set(term, queryTerm);
  }
  return marked;
}

/** Levenshtein distance, giving up (returning limit + 1) once it must exceed limit. */
function editDistance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j += 1) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > limit) return limit + 1;
    previous = current;
  }
  return previous[b.length] as number;
}

/**
 * One query word as an index was asked it: the index terms it matched as
 * typed or as a prefix (`exact`: all of them begin with `query`), and those
 * it matched only with a typo.
 */
export interface WordSet {
  query: string;
  /** Matched as a prefix: a longer word it starts counts if it is in `exact`. */
  prefix: boolean;
  /** A set, or anything that answers as one (search asks its index rather than build a set per query). */
  exact: { readonly size: number; has(term: string): boolean };
  typo: ReadonlySet<string>;
}

/** A matched word in the text, and the query word it answers (and that word's place among the WordSets). */
export interface Match extends WordSpan {
  query: string;
  word: number;
}

/** In MatchList.words: the match is a typo match (dropped if its query word also has one as typed). */
const TYPO = 1 << 8;

/**
 * Matched words in a text, in parallel arrays that are filled again for
 * each document (scanMatches): a query shows 50 hits with a handful of
 * matches each, and as one object per match they were most of what a query
 * allocated, and so of how often it stopped for the garbage collector.
 */
export class MatchList {
  count = 0;
  starts = new Int32Array(32);
  ends = new Int32Array(32);
  /** The query word each answers: its place among the WordSets (and TYPO while scanning). */
  words = new Int32Array(32);
  /** The document word each is, folded. */
  terms: string[] = [];

  push(start: number, end: number, word: number, term: string): void {
    if (this.count === this.starts.length) {
      const size = this.count * 2;
      const grow = (old: Int32Array) => {
        const array = new Int32Array(size);
        array.set(old);
        return array;
      };
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
      this.words = grow(this.words);
    }
    this.starts[this.count] = start;
    this.ends[this.count] = end;
    this.words[this.count] = word;
    this.terms[this.count] = term;
    this.count += 1;
  }

  /** As objects, for callers that want them. */
  toMatches(words: readonly WordSet[]): Match[] {
    const matches: Match[] = [];
    for (let at = 0; at < this.count; at += 1) {
      const word = this.words[at] as number;
      matches.push({ start: this.starts[at] as number, end: this.ends[at] as number, term: this.terms[at] as string, query: (words[word] as WordSet).query, word });
    }
    return matches;
  }
}

/**
 * The words of text[from, to) that answer the query, in order, each with
 * the query word it answers: the same as splitting the stretch into words
 * and keeping those the document was matched on (wordsToMark's choice: a
 * query word's typo matches only where it has no match as typed; a word
 * answering two query words goes to the first). See scanMatches.
 */
export function findMatches(text: string, from: number, to: number, words: readonly WordSet[], outsideAscii = true, lowered?: string): Match[] {
  const list = new MatchList();
  scanMatches(list, text, from, to, words, outsideAscii, lowered);
  return list.toMatches(words);
}

/**
 * findMatches, into `list` (emptied first). ASCII words fold by
 * lower-casing, so each query word is looked for once with indexOf in the
 * lower-cased stretch (a prefix then extended to the end of its word); only
 * the few words with a letter outside ASCII are folded one by one.
 * `outsideAscii`: false when the caller knows the text has no word
 * character outside ASCII. `lowered`: the text's searchCopy, if the caller
 * keeps one (an article's text does), so that nothing is lower-cased here.
 */
export function scanMatches(list: MatchList, text: string, from: number, to: number, words: readonly WordSet[], outsideAscii = true, lowered?: string): void {
  list.count = 0;
  finishMatches(list, appendMatches(list, text, from, to, words, outsideAscii, lowered));
}

/** How much of a passage scanToAnchor reads at a time. */
const SCAN_CHUNK = 512;

/**
 * Where to show a match in text[from, to) (anchorOf's answer), reading the
 * stretch a chunk at a time and stopping once the answer is settled: at the
 * first place with every query word (a passage matched as typed has them
 * all), once no word still unread could join it, and once the words a
 * snippet around it could show are read. Most text hits are settled well
 * before the end of their passage. `list` holds the matches read, enough to
 * mark the snippet. With typo matches (which count only if their word has
 * none as typed anywhere) it reads everything.
 */
export function scanToAnchor(
  list: MatchList,
  text: string,
  from: number,
  to: number,
  words: readonly WordSet[],
  outsideAscii: boolean,
  lowered: string,
  avoid: readonly Range[],
): Range | null {
  list.count = 0;
  if (words.some((set) => set.typo.size > 0)) {
    finishMatches(list, appendMatches(list, text, from, to, words, outsideAscii, lowered));
    return anchorOf(list, avoid);
  }
  let read = from;
  let anchor: Range | null = null;
  while (read < to) {
    // Chunks end just after a space, so that no word is cut in two (the copy keeps the text's spaces).
    const space = lowered.indexOf(' ', read + SCAN_CHUNK);
    const end = space === -1 || space >= to ? to : space + 1;
    appendMatches(list, text, read, end, words, outsideAscii, lowered);
    finishMatches(list, -1);
    read = end;
    anchor ??= firstFullCluster(list, avoid, words.length, read);
    // Settled, and every word the snippet's context (SNIPPET_CONTEXT characters past the anchor, at most) could mark is read.
    if (anchor && read > anchor.end + SNIPPET_CONTEXT) return anchor;
  }
  return anchor ?? anchorOf(list, avoid);
}

/**
 * anchorOf's answer, if it is already settled by the matches of
 * text[…, read): the first match not in `avoid` whose cluster (matches
 * within CLUSTER_SPAN after it) has all `wanted` words and could not grow
 * with words past `read`. Every earlier match then has a settled cluster
 * without all of them, so anchorOf would pick this one.
 */
function firstFullCluster(list: MatchList, avoid: readonly Range[], wanted: number, read: number): Range | null {
  const { starts, ends, count } = list;
  const avoided = (at: number) => avoid.length > 0 && avoid.some((range) => range.start <= (starts[at] as number) && (ends[at] as number) <= range.end);
  for (let i = 0; i < count; i += 1) {
    const firstStart = starts[i] as number;
    if (firstStart + CLUSTER_SPAN >= read) return null;
    if (avoided(i)) continue;
    const { distinct, end } = clusterAt(list, i, avoided);
    if (distinct === wanted) return { start: firstStart, end };
  }
  return null;
}

/**
 * Appends the matches of text[from, to) to `list`, unsorted, typo ones
 * flagged; returns the bits of the query words matched as typed. The
 * stretch must start and end between words.
 */
function appendMatches(list: MatchList, text: string, from: number, to: number, words: readonly WordSet[], outsideAscii: boolean, lowered: string | undefined): number {
  const slice = text.slice(from, to);
  // Lower-casing keeps every offset, except for "İ" (U+0130, the one character that lower-cases to two): split such (rare) text into words.
  if (lowered === undefined && outsideAscii && slice.includes('\u0130')) {
    let exactFound = 0;
    for (const span of wordSpans(text, from, to)) exactFound |= claim(list, span.start, span.end, span.term, words);
    return exactFound;
  }
  const lower = lowered === undefined ? slice.toLowerCase() : lowered.slice(from, to);
  // Bit per query word, once it has a match as typed (its typo matches then do not count).
  let exactFound = 0;
  for (let word = 0; word < words.length; word += 1) {
    const set = words[word] as WordSet;
    const query = set.query;
    if (isAsciiTerm(query) && set.exact.size > 0) {
      for (let at = lower.indexOf(query); at !== -1; at = lower.indexOf(query, at + 1)) {
        if (isWordCharBefore(lower, at)) continue;
        let end = at + query.length;
        if (set.prefix) while (end < lower.length && isAsciiWordCode(lower.charCodeAt(end))) end += 1;
        // A word going on with a letter outside ASCII is found below, folded.
        if (isWordCharAt(lower, end)) continue;
        const term = end === at + query.length ? query : lower.slice(at, end);
        if (!set.exact.has(term)) continue;
        list.push(from + at, from + end, word, term);
        exactFound |= 1 << word;
        at = end - 1;
      }
    }
    for (const term of set.typo) {
      if (!isAsciiTerm(term)) continue;
      for (let at = lower.indexOf(term); at !== -1; at = lower.indexOf(term, at + 1)) {
        const end = at + term.length;
        if (isWordCharBefore(lower, at) || isWordCharAt(lower, end)) continue;
        list.push(from + at, from + end, word | TYPO, term);
      }
    }
  }
  // Words with a letter outside ASCII ("Brontë", "naïve") fold to other letters: each is folded and looked up.
  if (outsideAscii) {
    eachWordOutsideAscii(slice, lower, (start, end) => {
      exactFound |= claim(list, from + start, from + end, foldWord(slice.slice(start, end)), words);
    });
  }
  return exactFound;
}

/**
 * A copy of a text for scanMatches to look for ASCII words in: lower-cased,
 * with every character beyond Latin-1 replaced, code unit for code unit, by
 * "ÿ" if it is part of a word and by a space if not. It has the text's
 * offsets, and it is a one-byte string: article text, with its dashes and
 * curly quotes, is otherwise a two-byte string, which V8 lower-cases several
 * times slower. Words with such characters are then left to scanMatches'
 * folding, as words with letters outside ASCII are.
 */
export function searchCopy(text: string): string {
  // Latin-1 bytes keep each code unit's low byte, and toString('latin1') makes a one-byte string (replace() would keep a
  // two-byte one two-byte); the few characters beyond Latin-1 are then set right, in place.
  const bytes = Buffer.from(text, 'latin1');
  const beyond = /[\u0100-\uffff]+/g;
  for (let run = beyond.exec(text); run !== null; run = beyond.exec(text)) {
    let at = run.index;
    for (const char of run[0]) {
      const byte = WORD_START.test(char) ? 0xff : 0x20;
      for (let unit = 0; unit < char.length; unit += 1) bytes[at++] = byte;
    }
  }
  return bytes.toString('latin1').toLowerCase();
}

const WORD_START = /^[\p{L}\p{M}\p{N}]/u;

/** Every query word a folded document word answers, as typed or with a typo: returns the bits of those as typed. */
function claim(list: MatchList, start: number, end: number, term: string, words: readonly WordSet[]): number {
  let exact = 0;
  // Every claim is kept: which one wins is settled once typo matches are known to count (finishMatches).
  for (let word = 0; word < words.length; word += 1) {
    const set = words[word] as WordSet;
    if (set.exact.has(term)) {
      list.push(start, end, word, term);
      exact |= 1 << word;
    } else if (set.typo.has(term)) list.push(start, end, word | TYPO, term);
  }
  return exact;
}

/**
 * Drops the typo matches of query words that have one as typed, sorts by
 * offset, and keeps one match per word: the first query word's (as
 * wordsToMark has it).
 */
function finishMatches(list: MatchList, exactFound: number): void {
  const { starts, ends, words, terms } = list;
  let kept = 0;
  for (let at = 0; at < list.count; at += 1) {
    let word = words[at] as number;
    if (word & TYPO) {
      word &= ~TYPO;
      if (exactFound & (1 << word)) continue;
    }
    // Insertion into place: each query word's matches come in order, so this moves little.
    let into = kept;
    const start = starts[at] as number;
    const end = ends[at] as number;
    const term = terms[at] as string;
    while (into > 0 && ((starts[into - 1] as number) > start || ((starts[into - 1] as number) === start && (words[into - 1] as number) > word))) {
      starts[into] = starts[into - 1] as number;
      ends[into] = ends[into - 1] as number;
      words[into] = words[into - 1] as number;
      terms[into] = terms[into - 1] as string;
      into -= 1;
    }
    starts[into] = start;
    ends[into] = end;
    words[into] = word;
    terms[into] = term;
    kept += 1;
  }
  let unique = 0;
  for (let at = 0; at < kept; at += 1) {
    if (unique > 0 && starts[at] === starts[unique - 1]) continue;
    starts[unique] = starts[at] as number;
    ends[unique] = ends[at] as number;
    words[unique] = words[at] as number;
    terms[unique] = terms[at] as string;
    unique += 1;
  }
  list.count = unique;
}

function isAsciiTerm(term: string): boolean {
  for (let at = 0; at < term.length; at += 1) if (!isAsciiWordCode(term.charCodeAt(at))) return false;
  return term.length > 0;
}

/**
 * The cluster that starts at match `first`: how many different query words
 * have a match within CLUSTER_SPAN characters after it (matches inside an
 * avoided range left out), and where the last of those first matches ends.
 */
function clusterAt(list: MatchList, first: number, avoided: (at: number) => boolean): { distinct: number; end: number } {
  const { starts, ends, words, count } = list;
  const firstStart = starts[first] as number;
  let answered = 0;
  let distinct = 0;
  let end = ends[first] as number;
  for (let j = first; j < count; j += 1) {
    if ((starts[j] as number) - firstStart > CLUSTER_SPAN) break;
    if (j > first && avoided(j)) continue;
    const bit = 1 << (words[j] as number);
    if ((answered & bit) === 0) {
      answered |= bit;
      distinct += 1;
      end = ends[j] as number;
    }
  }
  return { distinct, end };
}

/**
 * Where to show a match among its matched words (no phrases): the first
 * place where the most different query words sit within CLUSTER_SPAN
 * characters, not inside an `avoid` range. Null if every match is inside
 * `avoid`. Every match is a word to mark.
 */
export function anchorOf(list: MatchList, avoid: readonly Range[] = []): Range | null {
  const { starts, ends, words, count } = list;
  const avoided = (at: number) => avoid.length > 0 && avoid.some((range) => range.start <= (starts[at] as number) && (ends[at] as number) <= range.end);
  // Query words as bits (each WordSet is one query word): no sets to build per hit.
  let wanted = 0;
  let seen = 0;
  for (let at = 0; at < count; at += 1) {
    const bit = 1 << (words[at] as number);
    if ((seen & bit) === 0) {
      seen |= bit;
      wanted += 1;
    }
  }
  let bestDistinct = 0;
  let bestStart = 0;
  let bestEnd = 0;
  for (let i = 0; i < count && bestDistinct < wanted; i += 1) {
    if (avoided(i)) continue;
    const firstStart = starts[i] as number;
    const { distinct, end } = clusterAt(list, i, avoided);
    if (distinct > bestDistinct) {
      bestDistinct = distinct;
      bestStart = firstStart;
      bestEnd = end;
    }
  }
  return bestDistinct === 0 ? null : { start: bestStart, end: bestEnd };
}

/** anchorOf for matches as objects, with every match as a mark (the same answer). */
export function locateMatches(matches: readonly Match[], avoid: readonly Range[] = []): { anchor: Range; marks: Range[] } | null {
  const list = new MatchList();
  for (const match of matches) list.push(match.start, match.end, match.word, match.term);
  const anchor = anchorOf(list, avoid);
  return anchor ? { anchor, marks: matches.map((match) => ({ start: match.start, end: match.end })) } : null;
}

/** How many different query words the matches answer. */
function distinctWords(list: MatchList): number {
  let seen = 0;
  let count = 0;
  for (let at = 0; at < list.count; at += 1) {
    const bit = 1 << (list.words[at] as number);
    if ((seen & bit) === 0) {
      seen |= bit;
      count += 1;
    }
  }
  return count;
}

/** One list per field for locateInFields (a document has at most a few fields), reused. */
const fieldLists: MatchList[] = [];

/**
 * Where to show a match in a document of several fields (a title with its
 * byline and site; a highlight's quote, note and tags): the fields in
 * order of how many query words they answer (ties: the order given), and
 * the first where the match can be shown. `present`: the fields (bit i
 * for order[i]) the index says a word matched in; the others are skipped.
 * `outsideAscii`: as for findMatches.
 */
export function locateInFields<F extends string>(
  fields: Record<F, string>,
  order: readonly F[],
  words: readonly WordSet[],
  phrases: readonly string[][],
  present = -1,
  outsideAscii = true,
): { field: F; snippet: Snippet } | null {
  // Field places, most words first; and how many words each answers.
  const ranked: number[] = [];
  const answeredBy: number[] = [];
  for (let index = 0; index < order.length; index += 1) {
    if (((present >> index) & 1) === 0) continue;
    const text = fields[order[index] as F];
    const list = (fieldLists[index] ??= new MatchList());
    scanMatches(list, text, 0, text.length, words, outsideAscii);
    if (list.count === 0) continue;
    const answered = distinctWords(list);
    answeredBy[index] = answered;
    let at = ranked.length;
    while (at > 0 && (answeredBy[ranked[at - 1] as number] as number) < answered) at -= 1;
    ranked.splice(at, 0, index);
    // A field with every word comes first and, with no phrase to fail on, is the one shown: the rest need not be read.
    if (at === 0 && answered === words.length && phrases.length === 0) break;
  }
  for (const index of ranked) {
    const field = order[index] as F;
    const text = fields[field];
    const list = fieldLists[index] as MatchList;
    if (phrases.length > 0 && !holdsPhrases(text, 0, text.length, phrases)) continue;
    if (phrases.length > 0) {
      const found = locate(text, 0, text.length, markedWordsOf(list, words), phrases);
      if (found) return { field, snippet: buildSnippet(text, found.anchor, found.marks) };
      continue;
    }
    const anchor = anchorOf(list);
    if (anchor) return { field, snippet: snippetAround(text, anchor, list.starts, list.ends, list.count) };
  }
  return null;
}

/** The matched words as locate() takes them: each document word with the query word it answers. */
export function markedWords(matches: readonly Match[]): Map<string, string> {
  const words = new Map<string, string>();
  for (const match of matches) if (!words.has(match.term)) words.set(match.term, match.query);
  return words;
}

/** markedWords, from a MatchList. */
export function markedWordsOf(list: MatchList, words: readonly WordSet[]): Map<string, string> {
  const marked = new Map<string, string>();
  for (let at = 0; at < list.count; at += 1) {
    const term = list.terms[at] as string;
    if (!marked.has(term)) marked.set(term, (words[list.words[at] as number] as WordSet).query);
  }
  return marked;
}

/** Whether text[from, to) holds every phrase: a quick test before finding where. */
export function holdsPhrases(text: string, from: number, to: number, phrases: readonly string[][]): boolean {
  return phrases.every((phrase) => holdsPhrase(text, from, to, phrase));
}

/** Words within this many characters of the first one count as one place. */
const CLUSTER_SPAN = 40;

/**
 * Where in text[from, to) to show the match: the first occurrence of every
 * quoted phrase if there are any (null if one is missing), otherwise the
 * place where the most different query words sit close together. Also
 * returns the matched words in that stretch, to mark. `words` maps each
 * document word to mark to the query word it answers.
 */
export function locate(
  text: string,
  from: number,
  to: number,
  words: ReadonlyMap<string, string>,
  phrases: readonly string[][],
  avoid: readonly Range[] = [],
): { anchor: Range; marks: Range[] } | null {
  const isWanted = (term: string) => words.has(term);
  // Without phrases only the matched words are needed; with them, every word, to find the phrases among.
  const spans = phrases.length > 0 ? wordSpans(text, from, to) : findWords(text, from, to, words);
  const outside = (span: Range) => !avoid.some((range) => range.start <= span.start && span.end <= range.end);
  const matched = phrases.length > 0 ? spans.filter((span) => isWanted(span.term)) : spans;
  const anchors = avoid.length === 0 ? matched : matched.filter(outside);

  if (phrases.length > 0) {
    let anchor: Range | null = null;
    const phraseWords: WordSpan[] = [];
    for (const phrase of phrases) {
      const at = findPhrase(spans, phrase, anchor === null ? outside : () => true);
      if (at === -1) return null;
      const first = spans[at] as WordSpan;
      const last = spans[at + phrase.length - 1] as WordSpan;
      anchor ??= { start: first.start, end: last.end };
      phraseWords.push(...spans.slice(at, at + phrase.length));
    }
    const marks = uniqueRanges([...matched, ...phraseWords]);
    return anchor ? { anchor, marks } : null;
  }

  if (anchors.length === 0) return null;
  const wanted = new Set(words.values()).size;
  let best = { distinct: 0, start: 0, end: 0 };
  for (let i = 0; i < anchors.length && best.distinct < wanted; i += 1) {
    const first = anchors[i] as WordSpan;
    const answered = new Set<string>();
    let end = first.end;
    for (let j = i; j < anchors.length; j += 1) {
      const span = anchors[j] as WordSpan;
      if (span.start - first.start > CLUSTER_SPAN) break;
      const queryTerm = words.get(span.term) as string;
      if (!answered.has(queryTerm)) {
        answered.add(queryTerm);
        end = span.end;
      }
    }
    if (answered.size > best.distinct) best = { distinct: answered.size, start: first.start, end };
  }
  return { anchor: { start: best.start, end: best.end }, marks: uniqueRanges(matched) };
}

/** Where the phrase's words start in words, at the first place accepted. */
function findPhrase(words: readonly WordSpan[], phrase: readonly string[], accept: (range: Range) => boolean): number {
  outer: for (let i = 0; i + phrase.length <= words.length; i += 1) {
    for (let k = 0; k < phrase.length; k += 1) if ((words[i + k] as WordSpan).term !== phrase[k]) continue outer;
    if (accept({ start: (words[i] as WordSpan).start, end: (words[i + phrase.length - 1] as WordSpan).end })) return i;
  }
  return -1;
}

function uniqueRanges(ranges: readonly Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a.start - b.start);
  const unique: Range[] = [];
  for (const range of sorted) {
    const last = unique.at(-1);
    if (last && last.start === range.start) continue;
    unique.push({ start: range.start, end: range.end });
  }
  return unique;
}
