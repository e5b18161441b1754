import { describe as suite, expect, it } from 'vitest';
import { describe } from '../../main/annotations/anchor';
import { contextAgreement, scoreCandidate } from '../../main/annotations/anchor-score';
import {
  MAX_FUZZY_ERRORS,
  copiesBetweenContext,
  exactCopies,
  fitToQuoteEdges,
  maxErrorsFor,
  minQuoteSimilarity,
  nearCopies,
  quoteSimilarity,
  segmentsBetween,
} from '../../main/annotations/match-quote';
import {
  agreeingRunIgnoringSpaceKind,
  agreeingRunLength,
  editDistance,
  editDistanceFromBoundary,
  wordsKept,
} from '../../main/annotations/text-similarity';

/** The pieces of anchoring, each on its own: string measures, candidate search, scoring. */

const DICKENS =
  'It was the best of times, it was the worst of times, it was the age of wisdom, it was the age of ' +
  'foolishness, it was the epoch of belief, it was the epoch of incredulity, it was the season of Light, ' +
  'it was the season of Darkness, it was the spring of hope, it was the winter of despair.';

suite('text-similarity', () => {
  it('counts agreeing characters from either boundary', () => {
    expect(agreeingRunLength('the two sides', 'the two hands', 'forward')).toBe(8);
    expect(agreeingRunLength('Wang said ', 'Qin said ', 'backward')).toBe(6);
    expect(agreeingRunLength('', 'abc', 'forward')).toBe(0);
    expect(agreeingRunIgnoringSpaceKind('two  sides', 'two\n sides', 'forward')).toBe(10);
    expect(agreeingRunLength('two  sides', 'two\n sides', 'forward')).toBe(3);
  });

  it('measures edits from a boundary, leaving the far end free', () => {
    // The text runs on past what the pattern matches: no charge for that.
    expect(editDistanceFromBoundary('said the', 'said the two sides', 'forward')).toBe(0);
    expect(editDistanceFromBoundary('Qin said ', 'Later, Qin said ', 'backward')).toBe(0);
    expect(editDistanceFromBoundary('said the', 'sad the two', 'forward')).toBe(1);
    // Words inserted at the boundary cost less when the caller says so.
    expect(editDistanceFromBoundary(' the two', ' indeed the two', 'forward')).toBe(7);
    expect(editDistanceFromBoundary(' the two', ' indeed the two', 'forward', 0.25)).toBe(1.75);
    expect(editDistanceFromBoundary('', 'anything', 'forward')).toBe(0);
    expect(editDistanceFromBoundary('abc', '', 'forward')).toBe(3);
  });

  it('measures plain edit distance', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('same', 'same')).toBe(0);
  });

  it('counts the words an edit kept, in order, ignoring case and punctuation', () => {
    expect(wordsKept('benefiting 2 billion', 'benefiting nation 2 billion')).toBe(1);
    expect(wordsKept('benefiting 2 billion', 'benefiting billion')).toBeCloseTo(2 / 3);
    expect(wordsKept('Treaty of Amity', 'treaty, of amity')).toBe(1);
    expect(wordsKept('one two three', 'three two one')).toBeCloseTo(1 / 3);
    expect(wordsKept('', 'anything')).toBe(1);
  });
});

suite('match-quote', () => {
  it('bounds the error budget', () => {
    expect(maxErrorsFor(4)).toBe(2);
    expect(maxErrorsFor(40)).toBe(10);
    expect(maxErrorsFor(10_000)).toBe(MAX_FUZZY_ERRORS);
    expect(maxErrorsFor(1)).toBe(1);
    expect(minQuoteSimilarity(40)).toBeCloseTo(0.75);
    expect(minQuoteSimilarity(10_000)).toBeCloseTo(0.75);
  });

  it('compares quotes with any run of white space as one space', () => {
    expect(quoteSimilarity('the two sides', 'the\ntwo   sides')).toBe(1);
    expect(quoteSimilarity('the two sides', 'the two  side')).toBeCloseTo(12 / 13);
    const long = 'word '.repeat(100).trim();
    expect(quoteSimilarity(long, long)).toBe(1);
    expect(quoteSimilarity(long, long.slice(0, 250))).toBeLessThan(0.6);
  });

  it('finds exact copies only inside the range asked for, and no more than the limit', () => {
    const text = 'ab ab ab ab';
    expect(exactCopies(text, 'ab', 0, text.length, 10)).toEqual([0, 3, 6, 9]);
    expect(exactCopies(text, 'ab', 2, 6, 10)).toEqual([3, 6]);
    expect(exactCopies(text, 'ab', 0, text.length, 2)).toEqual([0, 3]);
    expect(exactCopies(text, '', 0, text.length, 10)).toEqual([]);
  });

  it('splits a range around excluded spans', () => {
    expect(
      segmentsBetween({ start: 0, end: 100 }, [
        { start: 50, end: 60 },
        { start: 10, end: 20 },
        { start: 15, end: 25 },
      ]),
    ).toEqual([
      { start: 0, end: 10 },
      { start: 25, end: 50 },
      { start: 60, end: 100 },
    ]);
    expect(segmentsBetween({ start: 0, end: 10 }, [{ start: 0, end: 10 }])).toEqual([]);
  });

  it('fits a candidate to whole words and drops stray spaces, unless the reader cut a word', () => {
    const text = 'Four score and seven years ago';
    const selector = describe(text, 5, 14); // "score and"
    expect(fitToQuoteEdges(text, selector, { start: 4, end: 15 })).toEqual({ start: 5, end: 14 });
    expect(fitToQuoteEdges(text, selector, { start: 7, end: 12 })).toEqual({ start: 5, end: 14 });
    const midWord = describe(text, 7, 12); // "ore a", cut on both sides
    expect(fitToQuoteEdges(text, midWord, { start: 7, end: 12 })).toEqual({ start: 7, end: 12 });
  });

  it('finds a near copy of an edited quote, skipping excluded spans', () => {
    const text = 'We are met on a great battle-field of that war. We have come to dedicate a portion of that field.';
    const selector = describe(text, text.indexOf('a great battle-field'), text.indexOf(' of that war'));
    const edited = text.replace('a great battle-field', 'a great battlefield');
    const found = nearCopies(edited, selector, { start: 0, end: edited.length }, [], selector.start);
    expect(found.map((c) => edited.slice(c.start, c.end))).toContain('a great battlefield');
    const excluded = nearCopies(edited, selector, { start: 0, end: edited.length }, [{ start: 0, end: 40 }], selector.start);
    expect(excluded).toEqual([]);
  });

  it('finds an edited quote between its old context even when a look-alike is closer to the quote', () => {
    const quote = 'it was the best of times, it was the';
    const selector = describe(DICKENS, 0, quote.length);
    const edited = DICKENS.replace('It was the best of times', 'It was the of times');
    // The plain search reports only the fewest-error match, which is the "worst" clause.
    const near = nearCopies(edited, { ...selector, quote: 'was the best of times, it was the' }, { start: 0, end: edited.length }, [], 0);
    expect(near.every((c) => edited.slice(c.start, c.end).includes('worst'))).toBe(true);
    // Framed by its old suffix, the edited quote itself is a candidate.
    const framed = copiesBetweenContext(edited, selector, { start: 0, end: edited.length }, 0);
    expect(framed.map((c) => edited.slice(c.start, c.end))).toContain('It was the of times, it was the');
  });

  it('narrows a search over a long text to where a match can be, and still finds it', () => {
    const filler = 'Time is but the stream I go a-fishing in. '.repeat(2000);
    const passage = 'whose bottom is pebbly with stars';
    const text = filler + 'I would drink deeper; fish in the sky, ' + passage + '. ' + filler;
    const selector = describe(text, text.indexOf(passage), text.indexOf(passage) + passage.length);
    const edited = text.replace('pebbly with stars', 'pebbly, with stars');
    expect(edited.length).toBeGreaterThan(65_536);
    const found = nearCopies(edited, selector, { start: 0, end: edited.length }, [], 0);
    expect(found.map((c) => edited.slice(c.start, c.end))).toContain('whose bottom is pebbly, with stars');
    // Far from where it was, a match must be closer to the quote (about a tenth of it may differ).
    const rewritten = text.replace('pebbly with stars', 'pebbly with the many stars');
    expect(nearCopies(rewritten, selector, { start: 0, end: rewritten.length }, [], 0)).toEqual([]);
  });
});

suite('anchor-score', () => {
  const text = 'Both said the two sides should join hands. Qin said the two sides agreed. Wang said the two sides will meet.';
  const second = text.indexOf('the two sides', text.indexOf('Qin'));
  const selector = describe(text, second, second + 'the two sides'.length);

  it('gives full context agreement in place, and little to a copy in other words', () => {
    expect(contextAgreement(text, selector.start, selector.end, selector)).toBe(1);
    const third = text.lastIndexOf('the two sides');
    expect(contextAgreement(text, third, third + 13, selector)).toBeLessThan(0.5);
  });

  it('forgives words inserted right beside the passage more than words replaced', () => {
    const inserted = text.replace('Qin said the', 'Qin said once more the');
    const at = inserted.indexOf('the two sides agreed');
    const replaced = text.replace('Qin said the', 'Qin wrote the');
    const replacedAt = replaced.indexOf('the two sides agreed');
    expect(contextAgreement(inserted, at, at + 13, selector)).toBeGreaterThan(0.8);
    expect(contextAgreement(inserted, at, at + 13, selector)).toBeGreaterThan(contextAgreement(replaced, replacedAt, replacedAt + 13, selector) - 0.1);
  });

  it('scores 1 only for the quote, in its context, where expected; less as each part fails', () => {
    const exact = { start: selector.start, end: selector.end, quoteSimilarity: 1 };
    expect(scoreCandidate(text, exact, selector, selector.start).score).toBe(1);
    const far = scoreCandidate(text, exact, selector, selector.start + 2000).score;
    expect(far).toBeLessThan(1);
    expect(far).toBeGreaterThan(0.7);
    const third = text.lastIndexOf('the two sides');
    const lookAlike = scoreCandidate(text, { start: third, end: third + 13, quoteSimilarity: 1 }, selector, selector.start).score;
    expect(lookAlike).toBeLessThan(0.7);
  });
});
