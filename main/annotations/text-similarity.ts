/**
 * Small string measures used in anchoring: whether the text beside a
 * candidate passage is the context an annotation remembers, and how much of
 * the quote a candidate's text still is.
 *
 * Stored context is short (about 32 characters a side), so these are plain
 * dynamic programs over a few dozen characters: exact, cheap enough to run on
 * every candidate, and free of any I/O. The context measures read strings from
 * a boundary outward, because context is only meaningful next to the passage:
 * a prefix is compared walking back from the passage's start, a suffix walking
 * forward from its end.
 */

/** Which way to read from the boundary: forward (a suffix's side) or backward (a prefix's side). */
export type ReadDirection = 'forward' | 'backward';

/** How many characters agree, reading both strings from the same boundary. */
export function agreeingRunLength(a: string, b: string, direction: ReadDirection): number {
  const limit = Math.min(a.length, b.length);
  let run = 0;
  while (run < limit && charAt(a, run, direction) === charAt(b, run, direction)) run += 1;
  return run;
}

/**
 * Like agreeingRunLength, but any white space agrees with any other: a space
 * that became a line break has not changed what the words beside it are.
 */
export function agreeingRunIgnoringSpaceKind(a: string, b: string, direction: ReadDirection): number {
  const limit = Math.min(a.length, b.length);
  let run = 0;
  while (run < limit) {
    const left = charAt(a, run, direction);
    const right = charAt(b, run, direction);
    if (left !== right && !(WHITE_SPACE.test(left) && WHITE_SPACE.test(right))) break;
    run += 1;
  }
  return run;
}

const WHITE_SPACE = /\s/;

/**
 * The fewest single-character edits that turn `pattern` into the text read
 * from the boundary for some length: `text` may run on past the match.
 *
 * That free far end is the point. A remembered prefix compared with the text
 * before a passage should not pay for how much text we happened to slice, only
 * for the characters that differ, or were inserted or removed, near the passage.
 *
 * `boundaryGapCost` (0..1) is what each text character skipped right at the
 * boundary, before the pattern starts to match, costs. Below 1 it says that
 * words inserted just beside a passage displace its context without changing it.
 */
export function editDistanceFromBoundary(
  pattern: string,
  text: string,
  direction: ReadDirection,
  boundaryGapCost = 1,
): number {
  const rows = pattern.length;
  const columns = text.length;
  if (rows === 0) return 0;
  if (columns === 0) return rows;

  // previous[j]: cost of turning the first i-1 pattern characters into the first j text characters.
  let previous = new Float64Array(columns + 1);
  let current = new Float64Array(columns + 1);
  for (let j = 0; j <= columns; j += 1) previous[j] = j * boundaryGapCost;

  for (let i = 1; i <= rows; i += 1) {
    const patternChar = charCodeAt(pattern, i - 1, direction);
    current[0] = i;
    for (let j = 1; j <= columns; j += 1) {
      const substitution = (previous[j - 1] as number) + (patternChar === charCodeAt(text, j - 1, direction) ? 0 : 1);
      const deletion = (previous[j] as number) + 1;
      const insertion = (current[j - 1] as number) + 1;
      current[j] = Math.min(substitution, deletion, insertion);
    }
    [previous, current] = [current, previous];
  }

  let best = rows;
  for (let j = 0; j <= columns; j += 1) best = Math.min(best, previous[j] as number);
  return best;
}

/**
 * Plain edit distance between two whole strings. Used to tell a rewritten
 * passage from a lightly edited one.
 */
export function editDistance(a: string, b: string): number {
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let previous = new Int32Array(b.length + 1);
  let current = new Int32Array(b.length + 1);
  for (let j = 0; j <= b.length; j += 1) previous[j] = j;
  for (let i = 1; i <= a.length; i += 1) {
    current[0] = i;
    const aChar = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j += 1) {
      const substitution = (previous[j - 1] as number) + (aChar === b.charCodeAt(j - 1) ? 0 : 1);
      current[j] = Math.min(substitution, (previous[j] as number) + 1, (current[j - 1] as number) + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[b.length] as number;
}

/**
 * The share of `original`'s words that `edited` still has, in order (a
 * longest common subsequence of words, ignoring case and punctuation).
 */
export function wordsKept(original: string, edited: string): number {
  const wanted = words(original);
  if (wanted.length === 0) return 1;
  const found = words(edited);
  let previous = new Int32Array(found.length + 1);
  let current = new Int32Array(found.length + 1);
  for (const word of wanted) {
    for (let j = 1; j <= found.length; j += 1) {
      current[j] =
        word === found[j - 1] ? (previous[j - 1] as number) + 1 : Math.max(previous[j] as number, current[j - 1] as number);
    }
    [previous, current] = [current, previous];
  }
  return (previous[found.length] as number) / wanted.length;
}

function words(s: string): string[] {
  return s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

function charAt(s: string, index: number, direction: ReadDirection): string {
  return s[direction === 'forward' ? index : s.length - 1 - index] as string;
}

function charCodeAt(s: string, index: number, direction: ReadDirection): number {
  return s.charCodeAt(direction === 'forward' ? index : s.length - 1 - index);
}
