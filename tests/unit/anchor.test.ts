import { readFileSync } from 'node:fs';
import { describe as suite, expect, it } from 'vitest';
import {
  CONTEXT_LENGTH,
  MIN_ANCHOR_SCORE,
  anchor,
  describe,
  reanchorAll,
  trimRange,
  type AnchorMatch,
} from '../../main/annotations/anchor';

const TEXT =
  'ASEAN Secretary-General Kao Kim Hourn on Wednesday called for joint efforts to push forward the ' +
  'ASEAN-China comprehensive strategic partnership to a new high.\n\nAt a meeting with visiting Chinese ' +
  'Foreign Minister Qin Gang, he appreciated the longstanding, utmost importance China has attached.';

function rangeOf(text: string, phrase: string, from = 0): { start: number; end: number } {
  const start = text.indexOf(phrase, from);
  if (start === -1) throw new Error(`"${phrase}" is not in the text`);
  return { start, end: start + phrase.length };
}

suite('describe', () => {
  it('keeps the quote and 32 characters of context on each side', () => {
    expect(CONTEXT_LENGTH).toBe(32);
    const { start, end } = rangeOf(TEXT, 'Qin Gang');
    const selector = describe(TEXT, start, end);
    expect(selector).toEqual({
      start,
      end,
      quote: 'Qin Gang',
      prefix: TEXT.slice(start - 32, start),
      suffix: TEXT.slice(end, end + 32),
    });
    expect(selector.prefix).toHaveLength(32);
    expect(selector.suffix).toHaveLength(32);
    expect(selector.prefix.endsWith('Foreign Minister ')).toBe(true);
    expect(selector.suffix.startsWith(', he appreciated')).toBe(true);
  });

  it('takes what context there is at the start and the end of the text', () => {
    const atStart = describe(TEXT, 0, 5);
    expect(atStart.quote).toBe('ASEAN');
    expect(atStart.prefix).toBe('');
    expect(atStart.suffix).toBe(TEXT.slice(5, 37));

    const nearStart = describe(TEXT, 6, 10);
    expect(nearStart.prefix).toBe('ASEAN ');

    const atEnd = describe(TEXT, TEXT.length - 9, TEXT.length);
    expect(atEnd.quote).toBe('attached.');
    expect(atEnd.suffix).toBe('');
    expect(atEnd.prefix).toBe(TEXT.slice(TEXT.length - 41, TEXT.length - 9));

    const whole = describe('short', 0, 5);
    expect(whole).toEqual({ start: 0, end: 5, quote: 'short', prefix: '', suffix: '' });
  });

  it('refuses ranges that do not fit the text', () => {
    expect(() => describe(TEXT, -1, 4)).toThrow(RangeError);
    expect(() => describe(TEXT, 4, 4)).toThrow(RangeError);
    expect(() => describe(TEXT, 5, 4)).toThrow(RangeError);
    expect(() => describe(TEXT, 0, TEXT.length + 1)).toThrow(RangeError);
    expect(() => describe(TEXT, 0.5, 4)).toThrow(RangeError);
    expect(() => describe(TEXT, Number.NaN, 4)).toThrow(RangeError);
    expect(() => describe('', 0, 1)).toThrow(RangeError);
  });
});

suite('anchor', () => {
  it('uses the stored offsets when the quote is still there', () => {
    const { start, end } = rangeOf(TEXT, 'comprehensive strategic partnership');
    expect(anchor(TEXT, describe(TEXT, start, end))).toEqual({ start, end, score: 1 });
  });

  it('finds the quote again after text is inserted before it', () => {
    const { start, end } = rangeOf(TEXT, 'Qin Gang');
    const selector = describe(TEXT, start, end);
    const note = "Editor's note: this story was updated on Feb. 24.\n\n";
    const edited = note + TEXT;
    const match = anchor(edited, selector);
    expect(match).not.toBeNull();
    expect(edited.slice(match!.start, match!.end)).toBe('Qin Gang');
    expect(match!.start).toBe(start + note.length);
  });

  it('finds the quote again after text before it is removed', () => {
    const { start, end } = rangeOf(TEXT, 'utmost importance');
    const selector = describe(TEXT, start, end);
    const edited = TEXT.replace('ASEAN Secretary-General ', '');
    const match = anchor(edited, selector);
    expect(match).not.toBeNull();
    expect(match!.start).toBe(start - 'ASEAN Secretary-General '.length);
    expect(edited.slice(match!.start, match!.end)).toBe('utmost importance');
  });

  it('picks the occurrence of a repeated phrase whose context matches', () => {
    const text =
      'Both said the two sides should join hands. Qin said the two sides agreed. ' +
      'Later, Wang said the two sides will meet again next spring in Beijing.';
    // The third "the two sides" (after "Wang said ").
    const first = text.indexOf('the two sides');
    const second = text.indexOf('the two sides', first + 1);
    const third = text.indexOf('the two sides', second + 1);
    expect(third).toBeGreaterThan(second);
    const selector = describe(text, third, third + 'the two sides'.length);

    // Insert text so the stored offsets no longer hold the quote.
    const edited = 'Update: ' + text;
    const match = anchor(edited, selector);
    expect(match).not.toBeNull();
    expect(match!.start).toBe(third + 'Update: '.length);
    expect(edited.slice(match!.start - 10, match!.start)).toBe('Wang said ');

    // The second one, likewise, even when the edit moves everything a long way.
    const secondSelector = describe(text, second, second + 'the two sides'.length);
    const longEdit = 'x'.repeat(500) + ' ' + text;
    const secondMatch = anchor(longEdit, secondSelector);
    expect(secondMatch!.start).toBe(second + 501);
    expect(longEdit.slice(secondMatch!.start - 9, secondMatch!.start)).toBe('Qin said ');
  });

  it('prefers the context over nearness to the old offsets', () => {
    const text = 'alpha beta gamma. ' + 'filler '.repeat(20) + 'delta beta epsilon.';
    const later = text.lastIndexOf('beta');
    const selector = describe(text, later, later + 4);
    // Remove the filler: the wanted "beta" moves far away, and the other "beta"
    // is now closer to the stored offsets than the right one is.
    const edited = 'alpha beta gamma. delta beta epsilon.';
    const match = anchor(edited, selector);
    expect(match!.start).toBe(edited.lastIndexOf('beta'));
  });

  it('returns null when the quote is no longer in the text', () => {
    const { start, end } = rangeOf(TEXT, 'utmost importance');
    const selector = describe(TEXT, start, end);
    const edited = TEXT.replace('utmost importance', 'great weight');
    expect(anchor(edited, selector)).toBeNull();
    expect(anchor('', selector)).toBeNull();
  });

  it('returns null for an empty quote rather than matching everywhere', () => {
    expect(anchor(TEXT, { start: 0, end: 0, quote: '', prefix: '', suffix: '' })).toBeNull();
  });

  it('does not trust offsets that point past the end of a shortened text', () => {
    const { start, end } = rangeOf(TEXT, 'attached.');
    const selector = describe(TEXT, start, end);
    const edited = 'China has attached.';
    const match = anchor(edited, selector);
    expect(match).toMatchObject({ start: 10, end: 19 });
    // Placed, but less than certain: most of the remembered prefix is gone.
    expect(match!.score).toBeGreaterThanOrEqual(MIN_ANCHOR_SCORE);
    expect(match!.score).toBeLessThan(1);
  });
});

/** A seed article's paragraphs joined by a blank line, as its canonical text is. */
function seedText(name: string): string {
  const raw = readFileSync(new URL(`../../seeds/${name}`, import.meta.url), 'utf8');
  return raw
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0)
    .join('\n\n');
}

const ARTICLE = seedText('000_a6323e6b57c27c38.txt');

function selectorFor(text: string, phrase: string, occurrence = 1) {
  let start = -1;
  for (let seen = 0; seen < occurrence; seen += 1) {
    start = text.indexOf(phrase, start + 1);
    if (start === -1) throw new Error(`"${phrase}" occurs fewer than ${occurrence} times`);
  }
  return describe(text, start, start + phrase.length);
}

/** Replaces the first `target` at or after `from` with `replacement`. */
function edit(text: string, target: string, replacement: string, from = 0): string {
  const at = text.indexOf(target, from);
  if (at === -1) throw new Error(`"${target}" is not in the text`);
  return text.slice(0, at) + replacement + text.slice(at + target.length);
}

function placed(text: string, match: AnchorMatch | null): string {
  expect(match).not.toBeNull();
  expect(match!.score).toBeGreaterThanOrEqual(MIN_ANCHOR_SCORE);
  expect(match!.score).toBeLessThanOrEqual(1);
  return text.slice(match!.start, match!.end);
}

suite('anchor on an edited article', () => {
  const QUOTE = 'he appreciated the longstanding, utmost importance China has attached';

  it('follows words inserted or deleted before the quote, near it and far from it', () => {
    const selector = selectorFor(ARTICLE, QUOTE);
    const insertedFar = edit(ARTICLE, 'JAKARTA, Feb. 22', 'JAKARTA, Wednesday, Feb. 22');
    expect(placed(insertedFar, anchor(insertedFar, selector))).toBe(QUOTE);

    const insertedNear = edit(ARTICLE, 'Qin Gang, he appreciated', 'Qin Gang, who arrived on Tuesday, he appreciated');
    const match = anchor(insertedNear, selector);
    expect(placed(insertedNear, match)).toBe(QUOTE);
    expect(match!.start).toBe(insertedNear.indexOf(QUOTE));

    const deletedNear = edit(ARTICLE, 'visiting Chinese Foreign Minister Qin Gang, ', 'Qin Gang, ');
    expect(placed(deletedNear, anchor(deletedNear, selector))).toBe(QUOTE);
  });

  it('stays put when words after the quote change', () => {
    const selector = selectorFor(ARTICLE, QUOTE);
    const inserted = edit(ARTICLE, 'attached to the Association', 'attached, for decades, to the Association');
    expect(anchor(inserted, selector)).toMatchObject({ start: selector.start, end: selector.end });
    const deleted = edit(ARTICLE, ' to the Association of Southeast Asian Nations (ASEAN)', '');
    expect(anchor(deleted, selector)).toMatchObject({ start: selector.start, end: selector.end });
  });

  it('takes in words inserted inside the quote, and lets go of words deleted from it', () => {
    const selector = selectorFor(ARTICLE, QUOTE);
    const inserted = edit(ARTICLE, 'the longstanding, utmost', 'the longstanding and utmost');
    const widened = anchor(inserted, selector);
    expect(placed(inserted, widened)).toBe('he appreciated the longstanding and utmost importance China has attached');
    expect(widened!.score).toBeLessThan(1);

    const twoWords = edit(ARTICLE, 'utmost importance China', 'utmost strategic importance that China');
    expect(placed(twoWords, anchor(twoWords, selector))).toBe(
      'he appreciated the longstanding, utmost strategic importance that China has attached',
    );

    const deleted = edit(ARTICLE, 'longstanding, utmost importance', 'utmost importance');
    expect(placed(deleted, anchor(deleted, selector))).toBe('he appreciated the utmost importance China has attached');
  });

  it('finds the quote through changed white space and punctuation', () => {
    const selector = selectorFor(ARTICLE, QUOTE);
    const reflowed = edit(ARTICLE, 'the longstanding, utmost importance', 'the\nlongstanding,  utmost\timportance');
    const match = anchor(reflowed, selector);
    expect(placed(reflowed, match)).toBe('he appreciated the\nlongstanding,  utmost\timportance China has attached');
    expect(match!.start).toBe(selector.start);

    const punctuated = edit(ARTICLE, 'longstanding, utmost', 'longstanding utmost');
    expect(placed(punctuated, anchor(punctuated, selector))).toBe('he appreciated the longstanding utmost importance China has attached');

    const quoteMarks = edit(ARTICLE, '"five homes"', '\u201cfive homes\u201d');
    const homes = selectorFor(ARTICLE, 'construction of the "five homes" with ASEAN');
    expect(placed(quoteMarks, anchor(quoteMarks, homes))).toBe('construction of the \u201cfive homes\u201d with ASEAN');
  });

  it('follows a paragraph that moved', () => {
    const paragraphs = ARTICLE.split('\n\n');
    const moving = paragraphs.findIndex((p) => p.startsWith('Both sides will accelerate'));
    const selector = selectorFor(ARTICLE, 'promote closer people-to-people ties');
    const reordered = [paragraphs[moving] as string, ...paragraphs.filter((_, i) => i !== moving)].join('\n\n');
    const match = anchor(reordered, selector);
    expect(placed(reordered, match)).toBe('promote closer people-to-people ties');
    expect(match!.start).toBe(reordered.indexOf('promote closer people-to-people ties'));
    expect(match!.start).toBeLessThan(selector.start - 1000);
  });

  it('chooses the right copy of a repeated phrase', () => {
    // "the Treaty of Amity and Cooperation in Southeast Asia" occurs twice.
    const second = selectorFor(ARTICLE, 'Treaty of Amity and Cooperation in Southeast Asia', 2);
    const first = selectorFor(ARTICLE, 'Treaty of Amity and Cooperation in Southeast Asia', 1);
    const edited = edit(ARTICLE, 'ASEAN Secretary-General Kao', 'The ASEAN Secretary-General, Kao');
    expect(anchor(edited, second)!.start).toBe(edited.lastIndexOf('Treaty of Amity'));
    expect(anchor(edited, first)!.start).toBe(edited.indexOf('Treaty of Amity'));

    // Edit the second copy itself: it is found edited, not swapped for the first.
    const editedCopy = edit(ARTICLE, "China's accession to the Treaty of Amity and", "China's accession to the Treaty of Amity &", 0);
    expect(placed(editedCopy, anchor(editedCopy, second))).toBe('Treaty of Amity & Cooperation in Southeast Asia');
  });

  it('does not trust the stored offsets when a different copy of the phrase has slid under them', () => {
    const text = 'Wang said the two sides should meet. Later, Qin said the two sides agreed on a plan.';
    const copies = [text.indexOf('the two sides'), text.lastIndexOf('the two sides')] as const;
    const selector = describe(text, copies[1], copies[1] + 'the two sides'.length);
    // Insert just enough before the first copy to move it exactly under the
    // stored offsets of the second; the second moves on, context intact.
    const filler = 'x'.repeat(copies[1] - copies[0] - 1) + ' ';
    const edited = text.slice(0, copies[0]) + filler + text.slice(copies[0]);
    expect(edited.slice(selector.start, selector.end)).toBe('the two sides');
    const match = anchor(edited, selector);
    expect(match!.start).toBe(copies[1] + filler.length);
    expect(edited.slice(match!.start - 9, match!.start)).toBe('Qin said ');
  });

  it('keeps the stored offsets when one side of a repeated phrase still fits there', () => {
    const text =
      'There were a king with a large jaw and a queen with a plain face, on the throne of England; ' +
      'there were a king with a large jaw and a queen with a fair face, on the throne of France.';
    const second = text.lastIndexOf('a queen with');
    const selector = describe(text, second, second + 'a queen with'.length);
    // Words inserted right after it: its suffix changes, its prefix still fits.
    const edited = text.slice(0, selector.end) + ' a crown and' + text.slice(selector.end);
    expect(anchor(edited, selector)).toMatchObject({ start: second, end: selector.end });
  });

  it('orphans a quote whose text was deleted, rather than moving it elsewhere', () => {
    const selector = selectorFor(ARTICLE, QUOTE);
    const sentence = edit(
      ARTICLE,
      'At a meeting with visiting Chinese Foreign Minister Qin Gang, he appreciated the longstanding, utmost importance China has attached to the Association of Southeast Asian Nations (ASEAN) and its valuable support for ASEAN integration, saying that China is the first major country to join the Treaty of Amity and Cooperation in Southeast Asia, and is also a vital strategic partner of ASEAN.\n\n',
      '',
    );
    expect(anchor(sentence, selector)).toBeNull();

    const quoteOnly = edit(ARTICLE, QUOTE + ' ', '');
    expect(anchor(quoteOnly, selector)).toBeNull();

    const rewritten = edit(ARTICLE, QUOTE, 'he praised the support China has always given');
    expect(anchor(rewritten, selector)).toBeNull();
  });

  it('orphans a deleted repeated name instead of moving it to another mention', () => {
    // "Kao Kim Hourn" is also named in the photo caption, in other words.
    const selector = selectorFor(ARTICLE, 'Kao Kim Hourn', 2);
    const edited = edit(ARTICLE, 'ASEAN Secretary-General Kao Kim Hourn on Wednesday called', 'ASEAN called');
    expect(edited.includes('Kao Kim Hourn')).toBe(true);
    expect(anchor(edited, selector)).toBeNull();
  });

  it('finds a long quote by its ends after edits inside it and a move', () => {
    const paragraph = ARTICLE.split('\n\n').find((p) => p.startsWith('Such cooperation will also')) as string;
    expect(paragraph.length).toBeGreaterThan(256);
    const selector = selectorFor(ARTICLE, paragraph);
    const editedParagraph = paragraph.replace('tourism and transportation', 'tourism, trade and transportation');
    const edited = 'Update: this story was expanded.\n\n' + ARTICLE.replace(paragraph, editedParagraph);
    expect(placed(edited, anchor(edited, selector))).toBe(editedParagraph);

    const farAway = 'An introduction. '.repeat(600) + '\n\n' + ARTICLE.replace(paragraph, editedParagraph);
    expect(placed(farAway, anchor(farAway, selector))).toBe(editedParagraph);

    const gone = ARTICLE.replace(paragraph + '\n\n', '');
    expect(anchor(gone, selector)).toBeNull();
  });

  it('finds a passage moved far away in a long text by searching beyond its window', () => {
    const selector = selectorFor(ARTICLE, 'promote closer people-to-people ties');
    const padded = ARTICLE.replace('Both sides will accelerate', 'Preamble. '.repeat(2000) + 'Both sides will accelerate');
    const reworded = padded.replace('promote closer people-to-people ties', 'promote closer people-to-people links');
    const match = anchor(reworded, selector);
    expect(placed(reworded, match)).toBe('promote closer people-to-people links');
    expect(match!.start - selector.start).toBeGreaterThan(10_000);
  });
});

suite('reanchorAll', () => {
  it('returns one result per selector, in order, with null for the orphans', () => {
    const selectors = [
      selectorFor(ARTICLE, 'Kao Kim Hourn on Wednesday'),
      selectorFor(ARTICLE, 'The relationship between the two sides'),
      selectorFor(ARTICLE, 'reject "decoupling" and "erecting walls"'),
    ];
    const edited = 'A new opening paragraph.\n\n' + ARTICLE.replace('reject "decoupling" and "erecting walls"', 'work together');
    const results = reanchorAll(edited, selectors);
    expect(results).toHaveLength(3);
    expect(edited.slice(results[0]!.start, results[0]!.end)).toBe('Kao Kim Hourn on Wednesday');
    expect(edited.slice(results[1]!.start, results[1]!.end)).toBe('The relationship between the two sides');
    expect(results[2]).toBeNull();
    expect(reanchorAll(edited, [])).toEqual([]);
  });

  it('agrees with anchor() one by one', () => {
    const phrases = ['comprehensive strategic partnership', 'Qin noted', 'the South China Sea', 'Liang Jun'];
    const selectors = phrases.map((phrase) => selectorFor(ARTICLE, phrase));
    const edited = edit(ARTICLE, 'Qin said during the meeting', 'During the meeting, Qin said');
    const together = reanchorAll(edited, selectors);
    selectors.forEach((selector, index) => {
      expect(together[index]).toMatchObject({ start: anchor(edited, selector)!.start, end: anchor(edited, selector)!.end });
    });
  });
});

suite('trimRange', () => {
  it('moves both ends inward past white space', () => {
    const text = 'one  two\n\nthree \t four';
    expect(trimRange(text, 3, 10)).toEqual({ start: 5, end: 8 });
    expect(text.slice(5, 8)).toBe('two');
    expect(trimRange(text, 15, text.length)).toEqual({ start: 18, end: 22 });
    expect(text.slice(18, 22)).toBe('four');
  });

  it('leaves a range that is already tight alone', () => {
    expect(trimRange('one two', 0, 3)).toEqual({ start: 0, end: 3 });
  });

  it('collapses a range of only white space to an empty range', () => {
    const result = trimRange('one \n\n two', 3, 7);
    expect(result.end).toBe(result.start);
  });

  it('clamps a range that runs past the text', () => {
    expect(trimRange('abc ', -5, 50)).toEqual({ start: 0, end: 3 });
  });
});
