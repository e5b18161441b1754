import type { TextAnchor } from '../../preload/api';
import { contextSides, exactContextRun, scoreCandidate, type QuoteCandidate, type ScoredSpan } from './anchor-score';
import { copiesBetweenContext, exactCopies, nearCopies, type Span } from './match-quote';

/**
 * Describing and finding a passage in an article's canonical text.
 *
 * An anchor keeps offsets (the fast path) and the quote with some context on
 * each side, so that when the text changes the passage can be found again
 * instead of silently pointing at other words. Finding it tries, in order:
 * the stored offsets; an exact copy of the quote, chosen among repeats by its
 * context and nearness; a near copy found by approximate search. Every
 * candidate is scored on quote, context and position (anchor-score.ts), and
 * one that scores below MIN_ANCHOR_SCORE is not a placement: the caller keeps
 * the annotation as an orphan. Pure: no I/O.
 */

export const CONTEXT_LENGTH = 32;

/**
 * The lowest score at which a found passage is trusted. Below it the quote
 * matches only loosely, or its context says it is some other copy, and
 * pointing the highlight there would be worse than asking the reader.
 */
export const MIN_ANCHOR_SCORE = 0.7;

/**
 * A score at which no further search can plausibly do better, so the search
 * stops: the quote matches and its context mostly agrees, near where it was.
 */
const CONFIDENT_SCORE = 0.9;

/**
 * An exact copy whose context agrees this well (fully, on both sides) is the
 * passage wherever it now is, so the search stops there too: a long insertion
 * above it moves it far from its old offsets without making it any less
 * certain. Anything less than full agreement might be a look-alike in prose
 * built on parallels, so it does not stop the search.
 */
const CONFIDENT_CONTEXT = 1;

/**
 * How far beyond the expected position the first searches look. Most edits
 * move a passage by less than this, and searching a window first keeps the
 * cost independent of the article's length; the whole text is searched only
 * when the window has nothing good enough.
 */
export const SEARCH_WINDOW = 4096;

/**
 * By how much another exact copy must outscore the one at the stored offsets
 * to be preferred: enough that the stored copy's context clearly disagrees
 * while the other's agrees.
 */
const CLEAR_MARGIN = 0.1;

/** A context side agreeing this well is the same context, give or take a changed character. */
const SIDE_AGREES = 0.9;

/** Exact copies beyond this many are ignored: a quote that common says little by itself. */
const MAX_EXACT_COPIES = 10_000;

/** Only this many candidates, best by a cheap measure, get the full score. */
const MAX_FULLY_SCORED = 64;

/** Builds the selector for text[start, end). */
export function describe(text: string, start: number, end: number): TextAnchor {
  if (!(Number.isInteger(start) && Number.isInteger(end)) || start < 0 || end > text.length || end <= start) {
    throw new RangeError(`cannot describe [${start}, ${end}) in a text of length ${text.length}`);
  }
  return {
    start,
    end,
    quote: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - CONTEXT_LENGTH), start),
    suffix: text.slice(end, end + CONTEXT_LENGTH),
  };
}

/** Narrows [start, end) so it neither starts nor ends on whitespace. */
export function trimRange(text: string, start: number, end: number): { start: number; end: number } {
  let from = Math.max(0, start);
  let to = Math.min(text.length, end);
  while (from < to && /\s/.test(text[from] as string)) from += 1;
  while (to > from && /\s/.test(text[to - 1] as string)) to -= 1;
  return { start: from, end: to };
}

export interface AnchorMatch {
  start: number;
  end: number;
  /** 1 for a certain match; lower for a guess, never below MIN_ANCHOR_SCORE. */
  score: number;
}

export interface AnchorOptions {
  /**
   * Where the passage is expected to start, when the caller knows better than
   * the stored offsets (reanchorAll passes the shift its earlier annotations
   * moved by). It centres the search window and the position score.
   */
  expectedStart?: number;
}

/**
 * Finds where a selector's passage is in `text`, or null when it cannot be
 * placed with confidence (the caller then keeps it as an orphan).
 * 1. the stored offsets, when the quote is still there and no other copy's
 *    context fits clearly better;
 * 2. an exact copy of the quote, choosing among repeats by context and nearness;
 * 3. a near copy, scored on quote, prefix, suffix and position.
 */
export function anchor(text: string, selector: TextAnchor, options: AnchorOptions = {}): AnchorMatch | null {
  if (selector.quote.length === 0 || text.length === 0) return null;
  const expectedStart = clamp(Math.round(options.expectedStart ?? selector.start), 0, text.length);
  const found = matchAtStoredOffsets(text, selector, expectedStart) ?? searchForQuote(text, selector, expectedStart);
  return found && { start: found.start, end: found.end, score: roundScore(found.score) };
}

/**
 * Re-anchors many selectors on one text, returning a result per selector in
 * the same order (null for each orphan).
 *
 * Selectors are visited in their old order, and each one's search is centred
 * on its stored start plus the shift the previous placed one moved by: after
 * an insertion near the top of a long article, every later passage is then
 * found in its first, small search window.
 */
export function reanchorAll(text: string, selectors: readonly TextAnchor[]): (AnchorMatch | null)[] {
  const results: (AnchorMatch | null)[] = new Array(selectors.length).fill(null);
  const order = selectors.map((_, index) => index).sort((a, b) => (selectors[a] as TextAnchor).start - (selectors[b] as TextAnchor).start);
  let shift = 0;
  for (const index of order) {
    const selector = selectors[index] as TextAnchor;
    const match = anchor(text, selector, { expectedStart: selector.start + shift });
    results[index] = match;
    if (match) shift = match.start - selector.start;
  }
  return results;
}

/**
 * Step 1. Returns undefined when the stored offsets no longer hold the quote,
 * so the search goes on. When they do, they win unless the quote also occurs
 * elsewhere, neither side of the context agrees here, and another copy's
 * context fits clearly better: an edit can slide a different copy of a
 * repeated phrase under the old offsets.
 */
function matchAtStoredOffsets(text: string, selector: TextAnchor, expectedStart: number): ScoredSpan | undefined {
  const { start, end, quote } = selector;
  if (start < 0 || end > text.length || text.slice(start, end) !== quote) return undefined;
  const stored = scoreCandidate(text, exactCandidate(start, quote), selector, expectedStart);
  if (isConfident(stored) || oneSideAgrees(text, start, end, selector)) return stored;

  const copies = exactCopies(text, quote, 0, text.length - quote.length, MAX_EXACT_COPIES);
  const best = bestCandidate(
    text,
    copies.map((at) => exactCandidate(at, quote)),
    selector,
    expectedStart,
  );
  if (best && best.start !== start && best.score >= stored.score + CLEAR_MARGIN && best.score >= MIN_ANCHOR_SCORE) return best;
  // The quote is still exactly where it was and nothing fits better: that
  // outweighs any threshold on context, so report at least the minimum score.
  return { ...stored, score: Math.max(stored.score, MIN_ANCHOR_SCORE) };
}

/**
 * True when the prefix or the suffix still fits nearly exactly: then this is the
 * copy that was here, and only the other side was edited. (Phrases repeat with
 * the same words on one side: "a king with a large jaw and a queen with a
 * plain face ... a king with a large jaw and a queen with a fair face".)
 */
function oneSideAgrees(text: string, start: number, end: number, selector: TextAnchor): boolean {
  const { before, after } = contextSides(text, start, end, selector);
  return [before, after].some((side) => side.weight === 1 && side.agreement >= SIDE_AGREES);
}

/** Steps 2 and 3: exact copies first, then near copies; near the expected position first, then everywhere. */
function searchForQuote(text: string, selector: TextAnchor, expectedStart: number): ScoredSpan | null {
  const window = searchWindow(text, selector.quote, expectedStart);
  const exact = bestExactCopy(text, selector, window, expectedStart);
  if (isConfident(exact.best)) return exact.best;
  const best = better(exact.best, bestNearCopy(text, selector, window, exact.copies, expectedStart, exact.best));
  return isAcceptable(best) ? best : null;
}

/**
 * Step 2: the best exact copy of the quote, and where all the copies are.
 * Copies in the window come first; the whole text is scanned (indexOf, which
 * is fast) only when none of them is a confident match.
 */
function bestExactCopy(
  text: string,
  selector: TextAnchor,
  window: Span,
  expectedStart: number,
): { best: ScoredSpan | null; copies: Span[] } {
  const { quote } = selector;
  const lastStart = text.length - quote.length;
  const asSpans = (starts: number[]): Span[] => starts.map((at) => ({ start: at, end: at + quote.length }));
  const score = (starts: number[]): ScoredSpan | null =>
    bestCandidate(text, starts.map((at) => exactCandidate(at, quote)), selector, expectedStart);

  const nearby = exactCopies(text, quote, window.start, Math.min(window.end - quote.length, lastStart), MAX_EXACT_COPIES);
  const nearbyBest = score(nearby);
  if (isConfident(nearbyBest)) return { best: nearbyBest, copies: asSpans(nearby) };

  const everywhere = isWholeText(text, window) ? nearby : exactCopies(text, quote, 0, lastStart, MAX_EXACT_COPIES);
  let best = everywhere === nearby ? nearbyBest : better(nearbyBest, score(everywhere));
  const onlyCopy = everywhere.length === 1 ? (everywhere[0] as number) : undefined;
  if (best && !isConfident(best) && onlyCopy !== undefined && oneSideAgrees(text, onlyCopy, onlyCopy + quote.length, selector)) {
    // The only verbatim copy, with one side of its context intact: its other
    // side changed, or its paragraph moved. That is enough to place it, unless
    // a near copy fits better (the quote itself was edited, and this is a
    // look-alike elsewhere).
    best = { ...best, score: Math.max(best.score, MIN_ANCHOR_SCORE) };
  }
  return { best, copies: asSpans(everywhere) };
}

/**
 * Step 3: the best near copy. Exact copies are left out of the search, or it
 * would only report them again (it returns the fewest-error matches) and hide
 * an edited copy. The window is searched for the quote and for the context;
 * the rest of the text only when that gave nothing acceptable, and only for
 * the quote: searching it for the context as well would double the cost of
 * every orphan, for the rare passage both moved far and edited beside a
 * look-alike.
 */
function bestNearCopy(
  text: string,
  selector: TextAnchor,
  window: Span,
  exactCopySpans: Span[],
  expectedStart: number,
  bestSoFar: ScoredSpan | null,
): ScoredSpan | null {
  const inWindow = withoutExactCopyOverlap(
    [
      ...nearCopies(text, selector, window, exactCopySpans, expectedStart),
      ...copiesBetweenContext(text, selector, window, expectedStart),
    ],
    exactCopySpans,
  );
  const best = bestCandidate(text, inWindow, selector, expectedStart);
  if (isWholeText(text, window) || isAcceptable(better(bestSoFar, best))) return best;

  const searched = innerPart(window, selector.quote.length);
  const elsewhere = nearCopies(text, selector, { start: 0, end: text.length }, [...exactCopySpans, searched], expectedStart);
  return better(best, bestCandidate(text, elsewhere, selector, expectedStart));
}

function isWholeText(text: string, span: Span): boolean {
  return span.start === 0 && span.end === text.length;
}

/**
 * Drops near copies that overlap an exact copy of the quote. Such a span is
 * the exact copy plus words inserted beside it (found between the old prefix
 * and suffix), or the exact copy less a word or two; either way the highlight
 * belongs on the quote's own words, which the exact copy is.
 */
function withoutExactCopyOverlap(candidates: QuoteCandidate[], copies: readonly Span[]): QuoteCandidate[] {
  if (copies.length === 0) return candidates;
  return candidates.filter((candidate) => !copies.some((copy) => copy.start < candidate.end && candidate.start < copy.end));
}

/** The stretch around the expected position searched first. */
function searchWindow(text: string, quote: string, expectedStart: number): Span {
  const reach = SEARCH_WINDOW + quote.length;
  return { start: Math.max(0, expectedStart - reach), end: Math.min(text.length, expectedStart + quote.length + reach) };
}

/**
 * The part of an already searched window that a wider search may skip: its
 * edges stay in, so a match straddling them is still found.
 */
function innerPart(window: Span, quoteLength: number): Span {
  const margin = 2 * quoteLength;
  const start = window.start + margin;
  return { start, end: Math.max(start, window.end - margin) };
}

/**
 * Scores candidates and returns the best. When there are many (a common
 * phrase), a cheap exact-context measure picks the few worth scoring fully.
 */
function bestCandidate(
  text: string,
  candidates: readonly QuoteCandidate[],
  selector: TextAnchor,
  expectedStart: number,
): ScoredSpan | null {
  let best: ScoredSpan | null = null;
  for (const candidate of mostPromising(text, candidates, selector, expectedStart)) {
    best = better(best, scoreCandidate(text, candidate, selector, expectedStart));
  }
  return best;
}

function mostPromising(
  text: string,
  candidates: readonly QuoteCandidate[],
  selector: TextAnchor,
  expectedStart: number,
): readonly QuoteCandidate[] {
  if (candidates.length <= MAX_FULLY_SCORED) return candidates;
  const roughScore = (candidate: QuoteCandidate): number =>
    exactContextRun(text, candidate.start, candidate.end, selector) +
    selector.quote.length * candidate.quoteSimilarity -
    Math.abs(candidate.start - expectedStart) / (text.length + 1);
  return candidates
    .map((candidate) => ({ candidate, rough: roughScore(candidate) }))
    .sort((a, b) => b.rough - a.rough)
    .slice(0, MAX_FULLY_SCORED)
    .map(({ candidate }) => candidate);
}

function exactCandidate(start: number, quote: string): QuoteCandidate {
  return { start, end: start + quote.length, quoteSimilarity: 1 };
}

function better(a: ScoredSpan | null, b: ScoredSpan | null): ScoredSpan | null {
  if (!a) return b;
  if (!b) return a;
  return b.score > a.score ? b : a;
}

function isConfident(match: ScoredSpan | null): boolean {
  if (match === null) return false;
  return match.score >= CONFIDENT_SCORE || (match.quoteAgreement === 1 && match.contextAgreement >= CONFIDENT_CONTEXT);
}

function isAcceptable(match: ScoredSpan | null): boolean {
  return match !== null && match.score >= MIN_ANCHOR_SCORE;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** Three decimals: enough to compare, and stable to print. */
function roundScore(score: number): number {
  return Math.round(score * 1000) / 1000;
}
