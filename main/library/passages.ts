/**
 * Splits an article's canonical text into the passages search indexes. A
 * passage is the unit a text match is found in: small enough that building a
 * snippet reads a kilobyte or two, not the whole article, and large enough
 * that a 5,000-word article is a few dozen index documents, not thousands.
 *
 * Passages follow paragraphs (blocks are joined by a blank line): short
 * paragraphs are grouped, and a paragraph longer than the maximum is cut
 * after a sentence, or failing that at a space. Passages are returned as
 * [start, end) offsets into the text, in order, and never overlap. Changing
 * the sizes changes the index: bump SEARCH_INDEX_VERSION with them.
 */

import type { Range } from './search-text';

/** Group paragraphs until a passage reaches about this many characters. */
export const PASSAGE_TARGET = 2_000;
/** No passage is longer than this, unless a single word is. */
export const PASSAGE_MAX = 3_000;

export function splitPassages(text: string): Range[] {
  const passages: Range[] = [];
  let current: Range | null = null;
  const flush = () => {
    if (current) passages.push(current);
    current = null;
  };

  for (const paragraph of paragraphs(text)) {
    const length = paragraph.end - paragraph.start;
    if (length > PASSAGE_MAX) {
      flush();
      passages.push(...cutLongParagraph(text, paragraph));
    } else if (current === null) {
      current = { ...paragraph };
    } else if (paragraph.end - (current as Range).start > PASSAGE_TARGET) {
      flush();
      current = { ...paragraph };
    } else {
      (current as Range).end = paragraph.end;
    }
  }
  flush();
  return passages;
}

/** Non-blank stretches between blank lines, without their outer white space. */
function paragraphs(text: string): Range[] {
  const found: Range[] = [];
  const breaks = /\n[^\S\n]*\n\s*/g;
  let start = 0;
  for (let match = breaks.exec(text); match !== null; match = breaks.exec(text)) {
    pushTrimmed(text, start, match.index, found);
    start = match.index + match[0].length;
  }
  pushTrimmed(text, start, text.length, found);
  return found;
}

function pushTrimmed(text: string, start: number, end: number, into: Range[]): void {
  while (start < end && /\s/.test(text[start] as string)) start += 1;
  while (end > start && /\s/.test(text[end - 1] as string)) end -= 1;
  if (end > start) into.push({ start, end });
}

function cutLongParagraph(text: string, paragraph: Range): Range[] {
  const pieces: Range[] = [];
  let start = paragraph.start;
  while (paragraph.end - start > PASSAGE_MAX) {
    const end = cutPoint(text, start + Math.floor(PASSAGE_TARGET / 2), start + PASSAGE_MAX);
    pushTrimmed(text, start, end, pieces);
    start = end;
  }
  pushTrimmed(text, start, paragraph.end, pieces);
  return pieces;
}

/** The best place to cut in [earliest, latest]: after a sentence, else at a space, else hard (not inside a surrogate pair). */
function cutPoint(text: string, earliest: number, latest: number): number {
  let space = -1;
  for (let at = latest; at > earliest; at -= 1) {
    if (!/\s/.test(text[at] as string)) continue;
    if (/[.!?;:]["'”’)\]]?$/.test(text.slice(Math.max(earliest, at - 2), at))) return at;
    if (space === -1) space = at;
  }
  if (space !== -1) return space;
  const code = text.charCodeAt(latest - 1);
  return code >= 0xd800 && code <= 0xdbff ? latest - 1 : latest;
}
