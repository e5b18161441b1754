/**
 * Where in a matched document to show the match. MiniSearch says which
 * words of a document matched; this finds them in the document's text (a
 * passage, a title, a note), picks the place where most of the query's words
 * sit together (or the quoted phrase), and returns the words to mark. Only the
 * matched document's text is read, never the rest of the article.
 */

import { buildSnippet, findWords, holdsPhrase, wordSpans, type Range, type Snippet, type WordSpan } from './search-text';

/** What was asked of an index: the query words, and the one matched as a prefix. */
export interface QueryWords {
  terms: readonly string[];
  prefixTerm: string | null;
}

/** Which document words matched, by field (MiniSearch's `match`). */
export type MatchedFields = Record<string, string[]>;

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

/** Fields in order of how many query words they answer (ties: the order given), and the first where the match can be shown. */
export function locateInFields<F extends string>(
  fields: Record<F, string>,
  order: readonly F[],
  match: MatchedFields,
  lookup: QueryWords,
  phrases: readonly string[][],
): { field: F; snippet: Snippet } | null {
  const ranked = order
    .map((field) => ({ field, words: wordsToMark(Object.keys(match).filter((term) => match[term]?.includes(field)), lookup) }))
    .filter((entry) => entry.words.size > 0)
    .sort((a, b) => new Set(b.words.values()).size - new Set(a.words.values()).size);
  for (const { field, words } of ranked) {
    const text = fields[field];
    if (!holdsPhrases(text, 0, text.length, phrases)) continue;
    const found = locate(text, 0, text.length, words, phrases);
    if (found) return { field, snippet: buildSnippet(text, found.anchor, found.marks) };
  }
  return null;
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
