import search from 'approx-string-match';
import type { TextAnchor } from '../../preload/api';
import type { QuoteCandidate } from './anchor-score';
import { editDistance } from './text-similarity';

/**
 * Finding where a quote might now be: exact copies; near copies found by a
 * bounded approximate search (Myers' bit-parallel algorithm, from
 * approx-string-match); and whatever now lies where the remembered prefix ends
 * or the remembered suffix begins.
 *
 * The last kind exists because the approximate search reports only the
 * fewest-error matches. In text that repeats itself ("it was the best of
 * times, it was the worst of times") an edited quote can lose to a different,
 * closer copy; the context, found on its own, still points at the right place.
 *
 * This module only proposes candidates; anchor-score decides which one, if
 * any, is the passage. Everything here is bounded so that re-anchoring a
 * thousand annotations on a long article stays fast: callers search a window
 * first, the error budget is capped, a very long quote is matched by its two
 * ends instead of as a whole, and a search over a long stretch of text first
 * narrows it to the regions that can hold a match (approximateMatches).
 */

export interface Span {
  start: number;
  end: number;
}

/** Quotes longer than this are found by matching their first and last stretches. */
export const LONG_QUOTE_LENGTH = 256;
/** How much of each end of a long quote is matched. */
export const QUOTE_END_LENGTH = 64;
/** No search tolerates more edits than this, whatever the quote's length. */
export const MAX_FUZZY_ERRORS = 32;
/** At most this many near copies are kept from one search, nearest the expected position first. */
const MAX_NEAR_COPIES = 64;
/** At most this many places where the prefix ends (or the suffix begins) are followed up. */
const MAX_CONTEXT_MATCHES = 16;
/** Stretches longer than this are narrowed to regions that can hold a match before the approximate search. */
const NARROW_ABOVE = 65_536;
/** The shortest piece of a pattern looked up exactly when narrowing: shorter pieces occur everywhere. */
const MIN_PIECE_LENGTH = 10;
/**
 * At most this many edits in a match found by narrowing: each allowed edit is
 * one more piece to look up across the whole text, and an orphan pays for all
 * of them.
 */
const MAX_FAR_ERRORS = 2;
/** Narrowing gives up (and scans everything) when the pieces occur more often than this. */
const MAX_PIECE_HITS = 20_000;

const WORD_CHAR = /[\p{L}\p{N}]/u;
const WHITE_SPACE_RUN = /\s+/g;

/**
 * The edits a near copy may differ by: a quarter of the quote, at least two (so
 * a two-word quote survives a changed character or space) and never more than
 * MAX_FUZZY_ERRORS (which bounds the search's cost).
 */
export function maxErrorsFor(quoteLength: number): number {
  return Math.min(MAX_FUZZY_ERRORS, Math.max(2, Math.round(quoteLength / 4)), quoteLength);
}

/**
 * The least quote similarity a candidate may have: the same quarter of the
 * quote as maxErrorsFor, without the cap (which is about cost, not tolerance).
 * Anything further from the quote is different words, not the same words edited.
 */
export function minQuoteSimilarity(quoteLength: number): number {
  return 1 - Math.min(quoteLength, Math.max(2, Math.round(quoteLength / 4))) / quoteLength;
}

/**
 * How alike the quote and a candidate's text are: 1 minus edits per quote
 * character, counting any run of white space as one space (reflowed text has
 * the same words). Exact for ordinary quotes; for a long one, estimated from
 * its two ends and the length, to keep the cost linear.
 */
export function quoteSimilarity(quote: string, found: string): number {
  const wanted = collapseWhiteSpace(quote);
  const seen = collapseWhiteSpace(found);
  if (wanted.length <= LONG_QUOTE_LENGTH && seen.length <= 2 * LONG_QUOTE_LENGTH) {
    return Math.max(0, 1 - editDistance(wanted, seen) / wanted.length);
  }
  const ends =
    editDistance(wanted.slice(0, QUOTE_END_LENGTH), seen.slice(0, QUOTE_END_LENGTH)) +
    editDistance(wanted.slice(-QUOTE_END_LENGTH), seen.slice(-QUOTE_END_LENGTH));
  const lengthSimilarity = Math.min(seen.length, wanted.length) / Math.max(seen.length, wanted.length);
  return Math.max(0, (1 - ends / (2 * QUOTE_END_LENGTH)) * lengthSimilarity);
}

/**
 * Starts of exact copies of `quote` that begin in [from, to], in order, at
 * most `limit` of them (a very common short quote would otherwise yield
 * thousands).
 */
export function exactCopies(text: string, quote: string, from: number, to: number, limit: number): number[] {
  const starts: number[] = [];
  if (quote.length === 0 || to < from) return starts;
  // Search only the stretch that can hold such a copy: indexOf on the whole
  // text would run on to its end looking for one more.
  const offset = Math.max(0, from);
  const stretch = text.slice(offset, to + quote.length);
  for (let at = stretch.indexOf(quote); at !== -1; at = stretch.indexOf(quote, at + 1)) {
    starts.push(offset + at);
    if (starts.length >= limit) break;
  }
  return starts;
}

/**
 * Near copies of the quote inside `within`, skipping the `excluded` spans
 * (exact copies already considered, or a window already searched).
 */
export function nearCopies(
  text: string,
  selector: TextAnchor,
  within: Span,
  excluded: readonly Span[],
  expectedStart: number,
): QuoteCandidate[] {
  const { quote } = selector;
  const spans: Span[] = [];
  const minimumSegment = Math.max(1, quote.length - maxErrorsFor(quote.length));
  for (const segment of segmentsBetween(within, excluded)) {
    if (segment.end - segment.start < minimumSegment) continue;
    spans.push(...(quote.length > LONG_QUOTE_LENGTH ? longQuoteSpans(text, quote, segment) : quoteSpans(text, quote, segment)));
  }
  return finishCandidates(text, selector, nearestFirst(spans, expectedStart).slice(0, MAX_NEAR_COPIES));
}

/**
 * Candidates framed by the context: where a near copy of the stored prefix
 * ends, the passage starts; where a near copy of the stored suffix begins, it
 * ends. From each such boundary a short local search finds the other end.
 */
export function copiesBetweenContext(
  text: string,
  selector: TextAnchor,
  within: Span,
  expectedStart: number,
): QuoteCandidate[] {
  const { quote } = selector;
  const errors = maxErrorsFor(quote.length);
  const reach = quote.length + 2 * errors;
  const starts = prefixEnds(text, selector.prefix, within, expectedStart);
  const ends = suffixStarts(text, selector.suffix, within, expectedStart + quote.length);
  const spans: Span[] = [];

  for (const start of starts) {
    for (const end of ends) {
      if (Math.abs(end - start - quote.length) <= errors) spans.push({ start, end });
    }
    const local = { start, end: Math.min(text.length, start + reach) };
    for (const match of search(text.slice(local.start, local.end), quote, errors)) spans.push({ start, end: start + match.end });
  }
  for (const end of ends) {
    const local = { start: Math.max(0, end - reach), end };
    for (const match of search(text.slice(local.start, local.end), quote, errors)) spans.push({ start: local.start + match.start, end });
  }
  return finishCandidates(text, selector, spans);
}

/** Approximate matches of the whole quote in one segment. */
function quoteSpans(text: string, quote: string, segment: Span): Span[] {
  return approximateMatches(text, segment, quote, maxErrorsFor(quote.length));
}

/**
 * A long quote is found by its first and last QUOTE_END_LENGTH characters,
 * paired when the span they make is about the quote's length. Matching the
 * whole quote would cost more and would need an error budget large enough to
 * match almost anything; the middle of a long passage adds little evidence of
 * where it is.
 */
function longQuoteSpans(text: string, quote: string, segment: Span): Span[] {
  const head = quote.slice(0, QUOTE_END_LENGTH);
  const tail = quote.slice(quote.length - QUOTE_END_LENGTH);
  const tails = approximateMatches(text, segment, tail, maxErrorsFor(tail.length)).slice(0, MAX_NEAR_COPIES);
  const spans: Span[] = [];
  for (const headMatch of approximateMatches(text, segment, head, maxErrorsFor(head.length)).slice(0, MAX_NEAR_COPIES)) {
    let best: { end: number; lengthError: number } | null = null;
    for (const tailMatch of tails) {
      const length = tailMatch.end - headMatch.start;
      if (length < quote.length / 2 || length > quote.length * 2) continue;
      const lengthError = Math.abs(length - quote.length);
      if (!best || lengthError < best.lengthError) best = { end: tailMatch.end, lengthError };
    }
    if (best) spans.push({ start: headMatch.start, end: best.end });
  }
  return spans;
}

/** Where near copies of the stored prefix end inside `within`, nearest the expected start first. */
function prefixEnds(text: string, prefix: string, within: Span, expectedStart: number): number[] {
  // No prefix: the passage began the text.
  if (prefix.length === 0) return within.start === 0 ? [0] : [];
  const matches = approximateMatches(text, within, prefix, maxErrorsFor(prefix.length));
  return nearest(
    matches.map((match) => match.end),
    expectedStart,
  );
}

/** Where near copies of the stored suffix begin inside `within`, nearest the expected end first. */
function suffixStarts(text: string, suffix: string, within: Span, expectedEnd: number): number[] {
  // No suffix: the passage ended the text.
  if (suffix.length === 0) return within.end === text.length ? [text.length] : [];
  const matches = approximateMatches(text, within, suffix, maxErrorsFor(suffix.length));
  return nearest(
    matches.map((match) => match.start),
    expectedEnd,
  );
}

/**
 * Approximate matches of `pattern` in text[within], in text offsets.
 *
 * A long stretch (a whole article, when the search near the expected place
 * found nothing) is first narrowed: split the pattern into errors + 1 pieces,
 * and any match with at most that many errors contains one piece exactly, so
 * only regions around exact occurrences of a piece need the full search. For
 * the pieces to be rare enough to narrow anything they must not be too short,
 * and each one costs a pass over the text, so far from where the passage was
 * a match may differ by fewer edits (about a tenth of the quote, at most
 * MAX_FAR_ERRORS). That is also the right rule for evidence: position no
 * longer vouches for the match.
 */
function approximateMatches(text: string, within: Span, pattern: string, maxErrors: number): Span[] {
  if (within.end - within.start <= NARROW_ABOVE) return searchIn(text, within, pattern, maxErrors);
  const errors = Math.min(maxErrors, MAX_FAR_ERRORS, Math.floor(pattern.length / MIN_PIECE_LENGTH) - 1);
  if (errors < 0) return [];
  const regions = regionsHoldingAPiece(text, within, pattern, errors);
  if (!regions) return searchIn(text, within, pattern, errors);
  return regions.flatMap((region) => searchIn(text, region, pattern, errors));
}

function searchIn(text: string, within: Span, pattern: string, maxErrors: number): Span[] {
  return search(text.slice(within.start, within.end), pattern, maxErrors).map((match) => ({
    start: within.start + match.start,
    end: within.start + match.end,
  }));
}

/**
 * The merged regions of text[within] that contain an exact copy of one of the
 * pattern's errors + 1 pieces, widened to hold a whole match; null when the
 * pieces are so common that narrowing would not pay.
 */
function regionsHoldingAPiece(text: string, within: Span, pattern: string, errors: number): Span[] | null {
  const pieceCount = errors + 1;
  const regions: Span[] = [];
  for (let piece = 0; piece < pieceCount; piece += 1) {
    const from = Math.floor((piece * pattern.length) / pieceCount);
    const to = Math.floor(((piece + 1) * pattern.length) / pieceCount);
    const needle = pattern.slice(from, to);
    for (let at = text.indexOf(needle, within.start); at !== -1 && at < within.end; at = text.indexOf(needle, at + 1)) {
      regions.push({
        start: Math.max(within.start, at - from - errors),
        end: Math.min(within.end, at - from + pattern.length + errors),
      });
      if (regions.length > MAX_PIECE_HITS) return null;
    }
  }
  regions.sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const region of regions) {
    const last = merged.at(-1);
    if (last && region.start <= last.end) last.end = Math.max(last.end, region.end);
    else merged.push({ ...region });
  }
  return merged;
}

/**
 * Turns raw spans into candidates: ends fitted to the quote's (fitToQuoteEdges),
 * similarity measured, those too unlike the quote dropped, duplicates merged.
 */
function finishCandidates(text: string, selector: TextAnchor, spans: readonly Span[]): QuoteCandidate[] {
  const floor = minQuoteSimilarity(selector.quote.length);
  const seen = new Set<string>();
  const candidates: QuoteCandidate[] = [];
  for (const raw of spans) {
    const span = fitToQuoteEdges(text, selector, raw);
    const key = `${span.start}:${span.end}`;
    if (span.end <= span.start || seen.has(key)) continue;
    seen.add(key);
    const similarity = quoteSimilarity(selector.quote, text.slice(span.start, span.end));
    if (similarity >= floor) candidates.push({ ...span, quoteSimilarity: similarity });
  }
  return candidates;
}

/**
 * Makes a candidate's ends behave like the quote's. An approximate match may
 * take in a space beside the passage, or start or stop inside a word (it is
 * cheaper to change two letters than to take in an inserted word). Where the
 * reader's selection did neither, neither does the candidate: white space is
 * dropped from its ends, and a cut word is taken whole.
 */
export function fitToQuoteEdges(text: string, selector: TextAnchor, span: Span): Span {
  const { quote, prefix, suffix } = selector;
  let { start, end } = span;
  if (!/^\s/.test(quote)) while (start < end && /\s/.test(text[start] as string)) start += 1;
  if (!/\s$/.test(quote)) while (end > start && /\s/.test(text[end - 1] as string)) end -= 1;
  if (start >= end) return { start, end };

  const quoteCutsWordAtStart = isWordChar(prefix.at(-1)) && isWordChar(quote[0]);
  if (!quoteCutsWordAtStart) while (start > 0 && isWordChar(text[start - 1]) && isWordChar(text[start])) start -= 1;
  const quoteCutsWordAtEnd = isWordChar(quote.at(-1)) && isWordChar(suffix[0]);
  if (!quoteCutsWordAtEnd) while (end < text.length && isWordChar(text[end - 1]) && isWordChar(text[end])) end += 1;
  return { start, end };
}

/** The parts of `within` not covered by any excluded span. */
export function segmentsBetween(within: Span, excluded: readonly Span[]): Span[] {
  const sorted = [...excluded].sort((a, b) => a.start - b.start);
  const segments: Span[] = [];
  let cursor = within.start;
  for (const span of sorted) {
    if (span.end <= cursor) continue;
    if (span.start >= within.end) break;
    if (span.start > cursor) segments.push({ start: cursor, end: span.start });
    cursor = Math.max(cursor, span.end);
  }
  if (cursor < within.end) segments.push({ start: cursor, end: within.end });
  return segments;
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && WORD_CHAR.test(char);
}

function collapseWhiteSpace(s: string): string {
  return s.replace(WHITE_SPACE_RUN, ' ');
}

function nearest(positions: number[], expected: number): number[] {
  return [...new Set(positions)]
    .sort((a, b) => Math.abs(a - expected) - Math.abs(b - expected))
    .slice(0, MAX_CONTEXT_MATCHES);
}

function nearestFirst(spans: Span[], expectedStart: number): Span[] {
  return spans.sort((a, b) => Math.abs(a.start - expectedStart) - Math.abs(b.start - expectedStart));
}
