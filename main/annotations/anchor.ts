import type { TextAnchor } from '../../preload/api';

/**
 * Describing and finding a passage in an article's canonical text.
 *
 * An anchor keeps offsets (the fast path) and the quote with some context on
 * each side, so that when the text changes the passage can be found again
 * instead of silently pointing at other words. Pure: no I/O.
 */

export const CONTEXT_LENGTH = 32;

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
  /** 1 for a certain match; lower for a guess. */
  score: number;
}

/**
 * Finds where a selector's passage is in `text`, or null.
 * 1. the stored offsets, when the quote is still there;
 * 2. the exact quote, choosing among repeats by context and nearness.
 */
export function anchor(text: string, selector: TextAnchor): AnchorMatch | null {
  const { start, end, quote } = selector;
  if (quote.length === 0) return null;
  if (text.slice(start, end) === quote) return { start, end, score: 1 };

  let best: AnchorMatch | null = null;
  let bestRank = -Infinity;
  for (let at = text.indexOf(quote); at !== -1; at = text.indexOf(quote, at + 1)) {
    const rank = contextAgreement(text, at, at + quote.length, selector) - distancePenalty(at, start, text.length);
    if (rank > bestRank) {
      bestRank = rank;
      best = { start: at, end: at + quote.length, score: 1 };
    }
  }
  return best;
}

/** How many characters of prefix and suffix agree with the text around [from, to). */
function contextAgreement(text: string, from: number, to: number, selector: TextAnchor): number {
  let agree = 0;
  const { prefix, suffix } = selector;
  for (let i = 1; i <= prefix.length && from - i >= 0; i += 1) {
    if (text[from - i] !== prefix[prefix.length - i]) break;
    agree += 1;
  }
  for (let i = 0; i < suffix.length && to + i < text.length; i += 1) {
    if (text[to + i] !== suffix[i]) break;
    agree += 1;
  }
  return agree;
}

function distancePenalty(at: number, expected: number, length: number): number {
  return length === 0 ? 0 : Math.abs(at - expected) / length;
}
