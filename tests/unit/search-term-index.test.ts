import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { anchorOf, findMatches, locate, locateMatches, markedWords, MatchList, scanMatches, scanToAnchor, searchCopy, wordsToMark, type WordSet } from '../../main/library/match-location';
import { foldedWords, foldWord, snippetAround, splitWords } from '../../main/library/search-text';
import { seededRandom } from '../../main/library/synthetic-library';
import { TermIndex, Vocabulary, type Scored, type TermSpec } from '../../main/library/term-index';

const FIXTURES = join(__dirname, '../fixtures/search');

function paragraphs(): string[] {
  return readdirSync(FIXTURES)
    .sort()
    .flatMap((name) => readFileSync(join(FIXTURES, name), 'utf8').trim().split(/\n\s*\n/).slice(1))
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0);
}

function levenshtein(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index);
  for (let i = 1; i <= a.length; i += 1) {
    const current = [i];
    for (let j = 1; j <= b.length; j += 1) {
      current.push(Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1)));
    }
    previous = current;
  }
  return previous[b.length] as number;
}

/** The slots and scores of a result, as a plain sorted list to compare. */
function results(scored: Scored): Array<[number, number]> {
  const list: Array<[number, number]> = [];
  for (let at = 0; at < scored.count; at += 1) {
    const slot = scored.slots[at] as number;
    list.push([slot, scored.scores[slot] as number]);
  }
  return list.sort((a, b) => a[0] - b[0]);
}

function spec(index: TermIndex, term: string, bit: number, prefix = false, fuzzy: number | false = false): TermSpec {
  return { bit, term, expansions: index.expand(term, prefix, fuzzy) };
}

describe('TermIndex', () => {
  const texts = paragraphs();

  function build(): TermIndex {
    const index = new TermIndex(['text'], foldedWords);
    texts.forEach((text, at) => index.add(`p${at}`, [[text]], at));
    return index;
  }

  it('finds the terms within a few typos, exactly as comparing with every term would', () => {
    const index = build();
    const vocabulary = [...new Set(texts.flatMap((text) => splitWords(text).map(foldWord)))];
    const random = seededRandom(5);
    const probes = ['whale', 'ishmael', 'scroge', 'netherfeild', 'circumambulate', 'bienvenu', 'x', 'qqqqq', 'marly', 'francois'];
    for (let round = 0; round < 30; round += 1) {
      const word = vocabulary[Math.floor(random() * vocabulary.length)] as string;
      const at = Math.floor(random() * word.length);
      probes.push(`${word.slice(0, at)}${'zq'[round % 2]}${word.slice(at + 1)}`);
    }
    for (const probe of probes) {
      for (const limit of [1, 2]) {
        const expected = vocabulary.filter((term) => term !== probe && levenshtein(term, probe) <= limit).sort();
        const got = index
          .expand(probe, false, limit)
          .filter((expansion) => expansion.term !== probe)
          .map((expansion) => expansion.term)
          .sort();
        expect(got, `${probe} ±${limit}`).toEqual(expected);
      }
    }
  });

  it('expands a prefix to every longer term it starts, also after terms come and go', () => {
    const index = build();
    const vocabulary = new Set(texts.flatMap((text) => foldedWords(text)));
    const prefixed = (prefix: string) =>
      index
        .expand(prefix, true, false)
        .map((expansion) => expansion.term)
        .filter((term) => term !== prefix)
        .sort();
    const expected = (prefix: string) => [...vocabulary].filter((term) => term !== prefix && term.startsWith(prefix)).sort();
    for (const prefix of ['whal', 'sea', 'mar', 'ch', 'zzz', 'ishmael']) expect(prefixed(prefix), prefix).toEqual(expected(prefix));
    expect(prefixed('ch').length).toBeGreaterThan(10);
    // New terms, one at a time and in a batch, then gone again.
    index.add('new', [['Whalebone whalers seaworthy']], 999);
    expect(prefixed('whal')).toEqual([...expected('whal'), 'whalebone', 'whalers'].sort());
    const batch = Array.from({ length: 100 }, (_, at) => `seaword${at}`).join(' ');
    index.add('batch', [[batch]], 1_000);
    expect(prefixed('whal')).toEqual([...expected('whal'), 'whalebone', 'whalers'].sort());
    expect(prefixed('sea')).toEqual([...expected('sea'), 'seaworthy', ...foldedWords(batch)].sort());
    index.remove('new', [['Whalebone whalers seaworthy']]);
    index.remove('batch', [[batch]]);
    expect(prefixed('whal')).toEqual(expected('whal'));
    expect(prefixed('sea')).toEqual(expected('sea'));
    // Enough new terms to be merged in batches, then enough removed ones to be filtered out; one comes back.
    const many = Array.from({ length: 1_500 }, (_, at) => `seamany${at}`).join(' ');
    index.add('many', [[many]], 1_001);
    expect(prefixed('seamany1')).toEqual(foldedWords(many).filter((term) => term.startsWith('seamany1') && term !== 'seamany1').sort());
    const near = [...vocabulary, ...foldedWords(many)].filter((term) => levenshtein(term, 'seamany77') <= 1).sort();
    expect(index.expand('seamany77', false, 1).map((expansion) => expansion.term).sort()).toEqual(near);
    expect(near.length).toBeGreaterThan(20);
    index.remove('many', [[many]]);
    expect(prefixed('sea')).toEqual(expected('sea'));
    const typos = (term: string) => index.expand(term, false, 1).map((expansion) => expansion.term).sort();
    expect(typos('seamany77')).toEqual([...vocabulary].filter((term) => levenshtein(term, 'seamany77') <= 1).sort());
    index.add('back', [['seamany5']], 1_002);
    expect(prefixed('seaman')).toEqual([...expected('seaman'), 'seamany5'].sort());
    expect(typos('seamany')).toEqual([...vocabulary, 'seamany5'].filter((term) => levenshtein(term, 'seamany') <= 1).sort());
  });

  it('answers AND and OR queries the same before and after removals, compaction and a save', () => {
    const index = build();
    const queries = [['whale', 'sea'], ['marley', 'scrooge'], ['the', 'of', 'and'], ['bennet'], ['nothing-here']];
    const run = (target: TermIndex) =>
      queries.map((words) => {
        const specs = words.map((word, bit) => spec(target, word, bit));
        return { and: results(target.and(specs)), or: results(target.or(specs)) };
      });

    // A second index that had extra documents, since removed: same answers, once its slots are renumbered alike.
    const churned = new TermIndex(['text'], foldedWords);
    texts.forEach((text, at) => {
      churned.add(`extra${at}`, [[`${text} whale sea marley`]], 5_000 + at);
      churned.add(`p${at}`, [[text]], at);
    });
    texts.forEach((text, at) => churned.remove(`extra${at}`, [[`${text} whale sea marley`]]));
    churned.compact();
    expect(run(churned)).toEqual(run(index));
    expect(churned.documentCount).toBe(texts.length);

    const loaded = TermIndex.fromJSON(JSON.parse(JSON.stringify(index.toJSON())), ['text'], foldedWords);
    expect(run(loaded)).toEqual(run(index));
    expect(loaded.keyOf(3)).toBe('p3');
    expect(loaded.ownerOf(3)).toBe(3);
    // A loaded index keeps working incrementally.
    loaded.add('late', [['A whale at sea']], 77);
    const late = results(loaded.and([spec(loaded, 'whale', 0), spec(loaded, 'sea', 1)]));
    expect(late.some(([slot]) => loaded.keyOf(slot) === 'late')).toBe(true);
  });

  it('scores documents within slot ranges exactly as the whole OR query does', () => {
    const index = build();
    const specs = ['whale', 'sea', 'marley', 'the'].map((word, bit) => spec(index, word, bit, word === 'sea'));
    const whole = index.or(specs);
    const expected = new Map<number, [number, number]>();
    const ranges = [3, 9, 20, 21, 40, 70];
    const inRanges = (slot: number) => (slot >= 3 && slot < 9) || slot === 20 || (slot >= 40 && slot < 70);
    for (let at = 0; at < whole.count; at += 1) {
      const slot = whole.slots[at] as number;
      if (inRanges(slot)) expected.set(slot, [whole.scores[slot] as number, whole.masks[slot] as number]);
    }
    const within = index.orWithin(specs, ranges);
    const got = new Map<number, [number, number]>();
    for (let at = 0; at < within.count; at += 1) {
      const slot = within.slots[at] as number;
      got.set(slot, [within.scores[slot] as number, within.masks[slot] as number]);
    }
    expect(got).toEqual(expected);
    expect(got.size).toBeGreaterThan(5);
  });

  it('matches AND against a filter of OR, with the rarest word probed in the commoner ones', () => {
    const index = build();
    for (const words of [['ishmael', 'the'], ['the', 'ishmael'], ['sea', 'whale', 'of'], ['marley', 'dead']]) {
      const specs = words.map((word, bit) => spec(index, word, bit));
      const all = (1 << words.length) - 1;
      const or = index.or(specs);
      const expected: number[] = [];
      for (let at = 0; at < or.count; at += 1) if (((or.masks[or.slots[at] as number] as number) & all) === all) expected.push(or.slots[at] as number);
      const and = index.and(specs);
      expect(results(and).map(([slot]) => slot)).toEqual(expected.sort((a, b) => a - b));
    }
  });

  it('ranks best first, ties to the document indexed first, and says which fields matched', () => {
    const index = new TermIndex(['title', 'body'], foldedWords);
    index.add('a', [['Whale', 'a story of the sea']], 0);
    index.add('b', [['Sea', 'whale whale whale']], 1);
    index.add('c', [['Sea', 'whale whale whale']], 2);
    const specs = [spec(index, 'whale', 0)];
    const scored = index.and(specs);
    const ranking = index.rank(scored);
    const order: string[] = [];
    for (let slot = ranking.next(); slot !== -1; slot = ranking.next()) order.push(index.keyOf(slot) as string);
    expect(order).toHaveLength(3);
    expect(order.indexOf('b')).toBeLessThan(order.indexOf('c'));
    expect(index.matchOf(0, specs)).toEqual({ whale: ['title'] });
    expect(index.matchOf(1, specs)).toEqual({ whale: ['body'] });
  });

  it('shares one vocabulary between indexes, each seeing only its own terms', () => {
    const vocabulary = new Vocabulary();
    const titles = new TermIndex(['title'], foldedWords, vocabulary);
    const notes = new TermIndex(['note'], foldedWords, vocabulary);
    titles.add('t1', [['Whales and whaling']], 0);
    notes.add('n1', [['A whaler, and whalebone']], 0);
    const terms = (index: TermIndex, word: string, prefix: boolean, fuzzy: number | false) => index.expand(word, prefix, fuzzy).map((expansion) => expansion.term).sort();
    expect(terms(titles, 'whal', true, false)).toEqual(['whales', 'whaling']);
    expect(terms(notes, 'whal', true, false)).toEqual(['whalebone', 'whaler']);
    expect(terms(titles, 'whalez', false, 1)).toEqual(['whales']);
    expect(terms(notes, 'whalez', false, 1)).toEqual(['whaler']);
    expect(titles.has('and') && notes.has('and')).toBe(true);
    // A term one index drops stays for the other.
    notes.remove('n1', [['A whaler, and whalebone']]);
    expect(terms(notes, 'whal', true, false)).toEqual([]);
    expect(titles.has('and')).toBe(true);
    expect(notes.has('and')).toBe(false);
    expect(terms(titles, 'whal', true, false)).toEqual(['whales', 'whaling']);
    // A term the other index already holds, new to this one, is found with a typo too.
    expect(terms(notes, 'whalez', false, 1)).toEqual([]);
    notes.add('n3', [['Whales again']], 2);
    expect(terms(notes, 'whalez', false, 1)).toEqual(['whales']);
    notes.remove('n3', [['Whales again']]);
    expect(terms(notes, 'whalez', false, 1)).toEqual([]);
    // Saved and loaded into one vocabulary again.
    const loaded = new Vocabulary();
    const titlesAgain = TermIndex.fromJSON(JSON.parse(JSON.stringify(titles.toJSON())), ['title'], foldedWords, loaded);
    const notesAgain = TermIndex.fromJSON(JSON.parse(JSON.stringify(notes.toJSON())), ['note'], foldedWords, loaded);
    notesAgain.add('n2', [['Whaling logs']], 1);
    expect(terms(titlesAgain, 'whal', true, false)).toEqual(['whales', 'whaling']);
    expect(terms(notesAgain, 'whal', true, false)).toEqual(['whaling']);
  });

  it('places a match in a long passage reading only part of it, exactly where reading all of it would', () => {
    // Passages of several paragraphs, as the index cuts them (up to 3,000 characters).
    const long: string[] = [];
    for (let at = 0; at + 8 <= texts.length; at += 8) long.push(texts.slice(at, at + 8).join('\n\n').slice(0, 3_000));
    const random = seededRandom(31);
    let compared = 0;
    let partial = 0;
    for (const text of long) {
      const lowered = searchCopy(text);
      const vocabulary = foldedWords(text).filter((word) => word.length >= 3);
      for (let round = 0; round < 16; round += 1) {
        // Words that follow one another, as people search for, or any words of the passage.
        const first = Math.floor(random() * (vocabulary.length - 3));
        const picked = [...new Set(round % 2 === 0 ? vocabulary.slice(first, first + 1 + (round % 3)) : Array.from({ length: 1 + (round % 3) }, () => vocabulary[Math.floor(random() * vocabulary.length)] as string))];
        const prefix = round % 2 === 0 ? (picked[picked.length - 1] as string) : null;
        const words: WordSet[] = picked.map((query) => ({ query, prefix: query === prefix, exact: { size: 1, has: (term: string) => term === query || (query === prefix && term.startsWith(query)) }, typo: new Set<string>() }));
        // Sometimes a highlight to keep the anchor out of.
        const avoidAt = Math.floor(random() * text.length);
        const avoid = round % 3 === 2 ? [{ start: avoidAt, end: Math.min(text.length, avoidAt + 200) }] : [];
        const all = new MatchList();
        scanMatches(all, text, 0, text.length, words, true, lowered);
        const expected = anchorOf(all, avoid);
        const some = new MatchList();
        const got = scanToAnchor(some, text, 0, text.length, words, true, lowered, avoid);
        expect(got, picked.join(' ')).toEqual(expected);
        if (expected) {
          expect(snippetAround(text, got as { start: number; end: number }, some.starts, some.ends, some.count)).toEqual(snippetAround(text, expected, all.starts, all.ends, all.count));
        }
        if (some.count < all.count) partial += 1;
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(20);
    // Most of the time it stopped early.
    expect(partial).toBeGreaterThan(compared / 4);
  });

  it('makes a one-for-one lower-cased Latin-1 copy of a text to search in', () => {
    const text = 'Café — “𝒜b” İstanbul \u212Aelvin ½';
    const copy = searchCopy(text);
    expect(copy).toHaveLength(text.length);
    // Letters beyond Latin-1 (each code unit of them) become "ÿ", anything else beyond it a space; Latin-1 is lower-cased.
    expect(copy).toBe('café    ÿÿb  ÿstanbul ÿelvin ½');
  });

  it('refuses a damaged save', () => {
    const json = build().toJSON();
    expect(() => TermIndex.fromJSON({ ...json, counts: json.units }, ['text'], foldedWords)).toThrow();
    expect(() => TermIndex.fromJSON({ ...json, keys: json.keys.slice(1) }, ['text'], foldedWords)).toThrow();
    expect(() => TermIndex.fromJSON({ ...json, fieldCount: 2 }, ['text'], foldedWords)).toThrow();
  });

  it('finds in the text the words the index matched a document on, and places the match as the index match says', () => {
    // Accents, a ligature and the Kelvin sign, beside the fixtures' prose.
    const extra = ['Brontë and the BRONTE sisters; Café, cafe, CAFÉS.', 'The \u212Aelvin scale; kelvins; ﬁnal and final; naïve naive.', 'İstanbul and istanbul, Zhōngguó.', '𝒜lpha and alpha — “alpha” ½ ÿes, 北京alpha alpha北京.'];
    const all = [...texts, ...extra];
    const index = new TermIndex(['text'], foldedWords);
    all.forEach((text, at) => index.add(`p${at}`, [[text]], at));
    const vocabulary = [...new Set(all.flatMap((text) => foldedWords(text)))].filter((term) => term.length >= 3);
    const random = seededRandom(21);
    const pick = () => vocabulary[Math.floor(random() * vocabulary.length)] as string;
    const queries: Array<{ terms: string[]; prefix: string | null; fuzzy: boolean }> = [
      { terms: ['bronte'], prefix: null, fuzzy: false },
      { terms: ['caf'], prefix: 'caf', fuzzy: false },
      { terms: ['kelvin'], prefix: 'kelvin', fuzzy: false },
      { terms: ['final', 'naive'], prefix: null, fuzzy: false },
      { terms: ['istanbul'], prefix: null, fuzzy: false },
      { terms: ['scroge', 'marley'], prefix: null, fuzzy: true },
      { terms: ['alpha'], prefix: 'alpha', fuzzy: false },
      { terms: ['yes', 'alpha'], prefix: null, fuzzy: false },
    ];
    for (let round = 0; round < 200; round += 1) {
      const terms = [pick(), ...(round % 3 === 0 ? [pick()] : [])];
      const last = terms[terms.length - 1] as string;
      const prefix = round % 2 === 0 ? last.slice(0, Math.max(3, last.length - 2)) : null;
      if (prefix !== null) terms[terms.length - 1] = prefix;
      queries.push({ terms, prefix, fuzzy: round % 5 === 0 });
    }
    let compared = 0;
    for (const query of queries) {
      const specs = query.terms.map((term, bit) => ({ bit, term, expansions: index.expand(term, term === query.prefix, query.fuzzy && term.length >= 5 ? 1 : false) }));
      const words: WordSet[] = specs.map((spec) => ({
        query: spec.term,
        prefix: spec.term === query.prefix,
        exact: new Set(spec.expansions.filter((expansion) => expansion.exact).map((expansion) => expansion.term)),
        typo: new Set(spec.expansions.filter((expansion) => !expansion.exact).map((expansion) => expansion.term)),
      }));
      const scored = index.or(specs);
      for (let at = 0; at < scored.count; at += 1) {
        const slot = scored.slots[at] as number;
        const text = all[slot] as string;
        const expected = wordsToMark(Object.keys(index.matchOf(slot, specs)), { terms: query.terms, prefixTerm: query.prefix });
        const matches = findMatches(text, 0, text.length, words);
        expect(markedWords(matches), `${query.terms.join(' ')} in p${slot}`).toEqual(expected);
        // The same from the lower-cased one-byte copy an article keeps, and from part of the text.
        expect(findMatches(text, 0, text.length, words, true, searchCopy(text))).toEqual(matches);
        const half = Math.floor(text.length / 2);
        expect(findMatches(text, half, text.length, words, true, searchCopy(text))).toEqual(findMatches(text, half, text.length, words));
        expect(locateMatches(matches), `${query.terms.join(' ')} in p${slot}`).toEqual(locate(text, 0, text.length, expected, []));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(300);
  });
});
