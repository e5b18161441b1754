import { describe, expect, it } from 'vitest';
import { normalizeTag, normalizeTags, tagKey } from '../../main/annotations/tags';

describe('normalizeTag', () => {
  it('trims the ends', () => {
    expect(normalizeTag('  diplomacy \t')).toBe('diplomacy');
  });

  it('turns inner white space into "-"', () => {
    expect(normalizeTag('foreign  policy')).toBe('foreign-policy');
    expect(normalizeTag('a\tb\nc')).toBe('a-b-c');
  });

  it('drops leading "#" marks', () => {
    expect(normalizeTag('#asean')).toBe('asean');
    expect(normalizeTag('##asean')).toBe('asean');
    expect(normalizeTag('  #asean china ')).toBe('asean-china');
  });

  it('keeps "/" nesting and drops empty segments', () => {
    expect(normalizeTag('region/asean')).toBe('region/asean');
    expect(normalizeTag('region//asean/')).toBe('region/asean');
    expect(normalizeTag('/region/asean')).toBe('region/asean');
    expect(normalizeTag('region / south east asia')).toBe('region/south-east-asia');
  });

  it('keeps the spelling and case the user typed', () => {
    expect(normalizeTag('ASEAN-China')).toBe('ASEAN-China');
    expect(normalizeTag('Zhōngguó')).toBe('Zhōngguó');
  });

  it('reduces tags with no content to the empty string', () => {
    expect(normalizeTag('')).toBe('');
    expect(normalizeTag('   ')).toBe('');
    expect(normalizeTag('#')).toBe('');
    expect(normalizeTag('//')).toBe('');
  });
});

describe('tagKey', () => {
  it('compares tags regardless of case and spacing', () => {
    expect(tagKey('Foreign Policy')).toBe(tagKey('#foreign-policy'));
    expect(tagKey('ASEAN')).toBe(tagKey('asean'));
    expect(tagKey('a/b')).not.toBe(tagKey('a-b'));
  });
});

describe('normalizeTags', () => {
  it('normalizes every tag and keeps the order given', () => {
    expect(normalizeTags([' #Foreign Policy ', 'asean/china', 'trade'])).toEqual([
      'Foreign-Policy',
      'asean/china',
      'trade',
    ]);
  });

  it('removes case-insensitive duplicates, keeping the first spelling', () => {
    expect(normalizeTags(['ASEAN', 'asean', '#Asean', ' asean '])).toEqual(['ASEAN']);
    expect(normalizeTags(['foreign policy', 'Foreign-Policy', 'FOREIGN   POLICY'])).toEqual(['foreign-policy']);
  });

  it('drops tags that normalize to nothing', () => {
    expect(normalizeTags(['', '  ', '#', 'kept', '/'])).toEqual(['kept']);
  });

  it('returns an empty list for an empty list', () => {
    expect(normalizeTags([])).toEqual([]);
  });
});
