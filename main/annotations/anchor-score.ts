import type { TextAnchor } from '../../preload/api';
import {
  agreeingRunIgnoringSpaceKind,
  agreeingRunLength,
  editDistanceFromBoundary,
  wordsKept,
  type ReadDirection,
} from './text-similarity';

/**
 * How much to believe that a candidate span is the passage a selector
 * describes, from 0 (no reason to) to 1 (the quote, its context and its
 * position all agree).
 *
 * The quote alone is not enough: short phrases repeat, and a deleted passage
 * often leaves a near-copy of itself somewhere else. The remembered prefix and
 * suffix are what tell the right copy from a wrong one, so they weigh almost as
 * much as the quote. Position weighs least, because a moved paragraph is still
 * the right place, but it decides between copies whose context is alike, which
 * happens in prose built on parallels ("it was the best of times, it was the
 * worst of times").
 */

const QUOTE_WEIGHT = 45;
const CONTEXT_WEIGHT = 40;
const POSITION_WEIGHT = 15;
const TOTAL_WEIGHT = QUOTE_WEIGHT + CONTEXT_WEIGHT + POSITION_WEIGHT;

/**
 * Raw similarity (as measured here, with cheap boundary gaps) between two
 * unrelated 32-character stretches of English is about 0.25, and rarely above
 * 0.35 (measured on the seed articles). Similarity at or below this says
 * nothing, so it maps to zero agreement.
 */
const UNRELATED_TEXT_SIMILARITY = 0.35;

/**
 * Extra characters read beside a candidate, so that context displaced by a
 * few inserted words can still be found (at BOUNDARY_GAP_COST a character).
 */
const CONTEXT_SLACK = 32;

/** Characters of distance at which position agreement halves. */
const POSITION_SCALE = 64;

/**
 * What a character inserted right beside the passage costs in the context
 * comparison, against 1 for any other edit: inserted words displace the
 * context rather than change it.
 */
const BOUNDARY_GAP_COST = 0.25;

/**
 * The share of quote agreement that comes from the quote's words rather than
 * its characters. Edit distance alone prefers a candidate that drops a short
 * word over one that keeps it beside an inserted word ("benefiting" over
 * "benefiting nation 2" for "benefiting 2"): dropping is fewer edits. But the
 * reader highlighted every one of those words, so keeping them counts too.
 */
const WORDS_SHARE = 0.4;

/** A side with at least this much context to compare counts fully; less is weaker evidence. */
const FULL_WEIGHT_CONTEXT = 8;

export interface ScoredSpan {
  start: number;
  end: number;
  score: number;
  /** The parts of the score, for decisions that need one on its own. */
  quoteAgreement: number;
  contextAgreement: number;
}

/** What a search found: a span and how well its text matches the quote (1 = exactly). */
export interface QuoteCandidate {
  start: number;
  end: number;
  quoteSimilarity: number;
}

/** Scores one candidate against the selector it may be, given where we expect the passage to start. */
export function scoreCandidate(
  text: string,
  candidate: QuoteCandidate,
  selector: TextAnchor,
  expectedStart: number,
): ScoredSpan {
  const quote = quoteAgreement(text, candidate, selector.quote);
  const context = contextAgreement(text, candidate.start, candidate.end, selector);
  const position = positionAgreement(candidate.start, expectedStart);
  const score = (QUOTE_WEIGHT * quote + CONTEXT_WEIGHT * context + POSITION_WEIGHT * position) / TOTAL_WEIGHT;
  return { start: candidate.start, end: candidate.end, score, quoteAgreement: quote, contextAgreement: context };
}

/** The candidate's similarity to the quote, by characters and by words kept. An exact copy is 1. */
function quoteAgreement(text: string, candidate: QuoteCandidate, quote: string): number {
  if (candidate.quoteSimilarity === 1) return 1;
  const kept = wordsKept(quote, text.slice(candidate.start, candidate.end));
  return (1 - WORDS_SHARE) * candidate.quoteSimilarity + WORDS_SHARE * kept;
}

/**
 * How well the text around [start, end) agrees with the stored prefix and
 * suffix, from 0 to 1. Each side counts in proportion to how much of it can be
 * compared; with nothing to compare on either side the answer is a neutral 0.5.
 */
export function contextAgreement(text: string, start: number, end: number, selector: TextAnchor): number {
  const { before, after } = contextSides(text, start, end, selector);
  const weight = before.weight + after.weight;
  if (weight === 0) return 0.5;
  return (before.weight * before.agreement + after.weight * after.agreement) / weight;
}

/** The agreement of each side of the context separately. */
export function contextSides(
  text: string,
  start: number,
  end: number,
  selector: TextAnchor,
): { before: SideAgreement; after: SideAgreement } {
  return {
    before: sideAgreement(selector.prefix, text, start, 'backward'),
    after: sideAgreement(selector.suffix, text, end, 'forward'),
  };
}

/**
 * A cheap stand-in for contextAgreement: the count of context characters that
 * agree exactly, reading outward from each end. Used to pick which of many
 * candidates deserve the full comparison.
 */
export function exactContextRun(text: string, start: number, end: number, selector: TextAnchor): number {
  const before = text.slice(Math.max(0, start - selector.prefix.length), start);
  const after = text.slice(end, end + selector.suffix.length);
  return agreeingRunLength(selector.prefix, before, 'backward') + agreeingRunLength(selector.suffix, after, 'forward');
}

export interface SideAgreement {
  /** 0..1 */
  agreement: number;
  /** 0..1: how much this side can tell us. */
  weight: number;
}

/**
 * Compares one side's stored context with the text beside the candidate.
 * `boundary` is the candidate's start (reading backward) or end (reading forward).
 */
function sideAgreement(stored: string, text: string, boundary: number, direction: ReadDirection): SideAgreement {
  const available = direction === 'backward' ? boundary : text.length - boundary;
  // No stored context on this side: the passage was at the edge of the text,
  // and finding the candidate at the edge too is agreement.
  if (stored.length === 0) return available === 0 ? { agreement: 1, weight: 1 } : { agreement: 0, weight: 0 };
  // The passage now sits at the edge, so this side has nothing left to compare.
  if (available === 0) return { agreement: 0, weight: 0 };

  const compared = Math.min(stored.length, available);
  const storedPart = direction === 'backward' ? stored.slice(stored.length - compared) : stored.slice(0, compared);
  const besideLength = Math.min(available, compared + CONTEXT_SLACK);
  const beside =
    direction === 'backward' ? text.slice(boundary - besideLength, boundary) : text.slice(boundary, boundary + besideLength);
  const weight = Math.min(1, compared / FULL_WEIGHT_CONTEXT);

  const run = agreeingRunIgnoringSpaceKind(storedPart, beside, direction);
  if (run === compared) return { agreement: 1, weight };
  const distance = editDistanceFromBoundary(storedPart, beside, direction, BOUNDARY_GAP_COST);
  const similarity = 1 - distance / compared;
  const calibrated = Math.max(0, (similarity - UNRELATED_TEXT_SIMILARITY) / (1 - UNRELATED_TEXT_SIMILARITY));
  return { agreement: Math.max(run / compared, calibrated), weight };
}

/**
 * 1 at the expected start, halving POSITION_SCALE characters away and fading
 * from there. Measured in characters, not as a share of the text: a passage
 * that an edit merely shifted is usually within a few words of where it was,
 * while a near copy elsewhere is typically paragraphs away, whatever the
 * article's length.
 */
function positionAgreement(start: number, expectedStart: number): number {
  return 1 / (1 + Math.abs(start - expectedStart) / POSITION_SCALE);
}
