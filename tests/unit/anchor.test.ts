import { describe as suite, expect, it } from 'vitest';
import { CONTEXT_LENGTH, anchor, describe, trimRange } from '../../main/annotations/anchor';

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
    expect(anchor(edited, selector)).toEqual({ start: 10, end: 19, score: 1 });
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
