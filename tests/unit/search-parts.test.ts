import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PASSAGE_MAX, splitPassages } from '../../main/library/passages';
import { parseQuery, parseQueryTokens, searchTagKey } from '../../main/library/search-query';
import { buildSnippet, findWords, foldText, foldWord, holdsPhrase, splitWords, wordSpans } from '../../main/library/search-text';
import { generateLibrary, seededRandom } from '../../main/library/synthetic-library';

const FIXTURES = join(__dirname, '../fixtures/search');

/** The paragraphs of every search fixture, as one long canonical text. */
function longText(): string {
  return readdirSync(FIXTURES)
    .sort()
    .flatMap((name) => readFileSync(join(FIXTURES, name), 'utf8').trim().split(/\n\s*\n/).slice(1))
    .map((paragraph) => paragraph.trim())
    .join('\n\n');
}

describe('words', () => {
  it('folds case, accents and compatibility forms to one spelling', () => {
    expect(foldWord('Café')).toBe('cafe');
    expect(foldWord('FRANÇOIS')).toBe('francois');
    expect(foldWord('Brontë')).toBe('bronte');
    expect(foldWord('Straße')).toBe('strasse');
    expect(foldWord('Ørsted')).toBe('orsted');
    expect(foldWord('ﬁnal')).toBe('final');
    expect(foldWord('İstanbul')).toBe('istanbul');
    expect(foldWord('Zhōngguó')).toBe('zhongguo');
  });

  it('splits on spaces and punctuation and keeps offsets', () => {
    const sentence = "Scrooge's name was good upon 'Change, for anything he chose—Charles-François-Bienvenu.";
    expect(splitWords(sentence)).toEqual(['Scrooge', 's', 'name', 'was', 'good', 'upon', 'Change', 'for', 'anything', 'he', 'chose', 'Charles', 'François', 'Bienvenu']);
    for (const span of wordSpans(sentence)) expect(foldWord(sentence.slice(span.start, span.end))).toBe(span.term);
    expect(wordSpans(sentence, 8, 18).map((span) => span.term)).toEqual(['s', 'name', 'was']);
  });

  it('finds given words where splitting the text would, on ASCII and other text alike', () => {
    const samples = [longText(), "Marley's ghost—Marley! MARLEY, marleys, 'Marley'", 'Charles-François-Bienvenu Myriel; FRANÇOIS and francois'];
    for (const text of samples) {
      for (const wanted of [['marley'], ['francois', 'myriel'], ['the', 'sea', 'ocean'], ['whale', 'ishmael', 'of']]) {
        const terms = new Set(wanted);
        expect(findWords(text, 0, text.length, terms)).toEqual(wordSpans(text).filter((span) => terms.has(span.term)));
        expect(findWords(text, 5, text.length - 5, terms)).toEqual(wordSpans(text, 5, text.length - 5).filter((span) => terms.has(span.term)));
      }
    }
  });

  it('finds given words where splitting would, in text mixing ASCII with accents, other scripts and look-alike letters', () => {
    // "\u212A" (Kelvin sign) lower-cases to an ASCII "k"; "İ" lower-cases to two characters; "𝒜" is two code units.
    const pieces = ['Marley', 'marley', 'François', 'francois', 'cafe', 'Café', ' ', '—', '’s', '北京', '𝒜lpha', 'e\u0301', '\u212Aelvin', 'kelvin', 'İstanbul', 'istanbul', 'ﬁnal', 'final', '42', '-', ', ', '\n\n'];
    const random = seededRandom(11);
    for (let round = 0; round < 400; round += 1) {
      let text = '';
      const length = 1 + Math.floor(random() * 16);
      for (let i = 0; i < length; i += 1) text += pieces[Math.floor(random() * pieces.length)];
      const all = wordSpans(text).map((span) => span.term);
      const terms = new Set(all.filter(() => random() < 0.5));
      terms.add('kelvin');
      const from = Math.floor(random() * 4);
      const to = Math.max(from, text.length - Math.floor(random() * 4));
      expect(findWords(text, from, to, terms), text).toEqual(wordSpans(text, from, to).filter((span) => terms.has(span.term)));
    }
  });

  it('splits any text into the runs of letters, marks and digits, fast paths included', () => {
    const pieces = ['Marley', 'François', ' ', '—', '’s', 'Zhōngguó', '北京', '𝒜lpha', 'e\u0301', '½', '42', '_', '-', ', ', '\n\n', 'ß', 'İ', '™', '“', '”', 'ﬁ'];
    const random = seededRandom(7);
    for (let round = 0; round < 300; round += 1) {
      let text = '';
      const length = 1 + Math.floor(random() * 12);
      for (let i = 0; i < length; i += 1) text += pieces[Math.floor(random() * pieces.length)];
      expect(splitWords(text), text).toEqual(text.match(/[\p{L}\p{M}\p{N}]+/gu) ?? []);
      const spans = wordSpans(text);
      expect(spans.map((span) => text.slice(span.start, span.end))).toEqual(splitWords(text));
      expect(spans.map((span) => span.term)).toEqual(splitWords(text).map(foldWord));
    }
  });

  it('folds a whole text to the same words, for phrase look-ups', () => {
    for (const text of [longText(), 'Charles-François-Bienvenu Myriel, “D——”, Straße ﬁnal İstanbul ½ mile', '']) {
      expect(foldText(text).split(' ').filter((word) => word.length > 0)).toEqual(wordSpans(text).map((span) => span.term).filter((word) => word.length > 0));
    }
  });

  it('tells whether a text holds a phrase, the same way on ASCII and other text', () => {
    const has = (text: string, phrase: string[]) => holdsPhrase(text, 0, text.length, phrase);
    expect(has('In 1815, M. Charles-François-Bienvenu Myriel was Bishop', ['francois', 'bienvenu', 'myriel'])).toBe(true);
    expect(has('Old Marley was as dead as a door-nail.', ['dead', 'as', 'a', 'door', 'nail'])).toBe(true);
    expect(has('OLD MARLEY — was “as dead”', ['marley', 'was', 'as', 'dead'])).toBe(true);
    expect(has('the deadest piece', ['dead', 'piece'])).toBe(false);
    expect(has('a deadly door', ['dead', 'door'])).toBe(false);
    expect(has('Brontë wrote', ['bronte', 'wrote'])).toBe(true);
    // The same answer as looking for the phrase among the words.
    const text = longText();
    const words = wordSpans(text).map((span) => span.term);
    const random = seededRandom(3);
    for (let round = 0; round < 200; round += 1) {
      const at = Math.floor(random() * (words.length - 3));
      const phrase = random() < 0.5 ? words.slice(at, at + 3) : [words[at] as string, words[Math.floor(random() * words.length)] as string];
      const from = Math.floor(random() * text.length);
      const to = Math.min(text.length, from + 300);
      const inWords = ` ${wordSpans(text, from, to).map((span) => span.term).join(' ')} `.includes(` ${phrase.join(' ')} `);
      expect(holdsPhrase(text, from, to, phrase), phrase.join(' ')).toBe(inWords);
    }
  });
});

describe('buildSnippet', () => {
  const text = longText();

  it('shows a short text whole, with the match and its marks', () => {
    const source = 'Mr. Bennet made no answer.';
    const snippet = buildSnippet(source, { start: 4, end: 10 }, [{ start: 4, end: 10 }, { start: 16, end: 18 }]);
    expect(snippet).toEqual({ before: 'Mr. ', match: 'Bennet', after: ' made no answer.', marks: [{ start: 4, end: 10 }, { start: 16, end: 18 }] });
  });

  it('cuts about 60 characters from the match at word boundaries, and collapses white space', () => {
    const start = text.indexOf('Circumambulate');
    const snippet = buildSnippet(text, { start, end: start + 'Circumambulate'.length }, []);
    // At the start of a paragraph: nothing before it, however long the paragraph before is.
    expect(snippet.before).toBe('');
    expect(snippet.after).toBe(' the city of a dreamy Sabbath afternoon. Go from Corlears…');

    const messy = 'The register   of his\nburial was signed by the clergyman, the clerk, the undertaker, and the chief mourner.';
    const at = messy.indexOf('clergyman');
    const cut = buildSnippet(messy, { start: at, end: at + 9 }, [{ start: at, end: at + 9 }]);
    expect(cut.before).toBe('The register of his burial was signed by the ');
    expect(cut.after).toBe(', the clerk, the undertaker, and the chief mourner.');
    expect(cut.marks).toEqual([{ start: cut.before.length, end: cut.before.length + 9 }]);
  });

  it('does not read past the paragraph or the given bounds', () => {
    const source = 'Mr. Bennet made no answer.\n\n"Do you not want to know who has taken it?" cried his wife impatiently.';
    const at = source.indexOf('answer');
    expect(buildSnippet(source, { start: at, end: at + 6 }, []).after).toBe('.');
    expect(buildSnippet(source, { start: 4, end: 10 }, [], { start: 4, end: 15 })).toMatchObject({ before: '', after: ' made' });
  });

  it('drops a word that would be cut, and cuts inside a word only when there is no space to cut at', () => {
    const word = 'x'.repeat(200);
    const spaced = buildSnippet(`${word} Marley ${word}`, { start: 201, end: 207 }, []);
    expect(spaced).toMatchObject({ before: '…', match: 'Marley', after: '…' });
    const joined = buildSnippet(`${word}—Marley—${word}`, { start: 201, end: 207 }, []);
    expect(joined.before).toBe(`…${'x'.repeat(59)}—`);
    expect(joined.after).toBe(`—${'x'.repeat(59)}…`);
  });
});

describe('splitPassages', () => {
  it('covers every word of the text once, in order, in passages of bounded size', () => {
    const text = longText();
    const passages = splitPassages(text);
    expect(passages.length).toBeGreaterThan(3);
    let previousEnd = 0;
    for (const passage of passages) {
      expect(passage.start).toBeGreaterThanOrEqual(previousEnd);
      expect(text.slice(previousEnd, passage.start).trim()).toBe('');
      expect(passage.end - passage.start).toBeLessThanOrEqual(PASSAGE_MAX);
      // Passages start where a paragraph starts.
      expect(passage.start === 0 || text.slice(passage.start - 2, passage.start) === '\n\n').toBe(true);
      previousEnd = passage.end;
    }
    expect(text.slice(previousEnd).trim()).toBe('');
  });

  it('cuts a paragraph longer than the maximum after a sentence', () => {
    const paragraph = longText().replace(/\n\n/g, ' ');
    const passages = splitPassages(paragraph);
    expect(passages.length).toBeGreaterThan(1);
    for (const passage of passages.slice(0, -1)) {
      expect(passage.end - passage.start).toBeLessThanOrEqual(PASSAGE_MAX);
      expect(paragraph.slice(passage.start, passage.end)).toMatch(/[.!?;:]["'”’)\]]?$/);
    }
    expect(splitPassages('')).toEqual([]);
    expect(splitPassages('\n\n  \n\n')).toEqual([]);
  });
});

describe('parseQuery', () => {
  it('reads words, phrases and tag filters, and knows which word is being typed', () => {
    const parsed = parseQuery('Walden "the Woods" tag:Nature tag:"two words" deliber');
    expect(parsed.terms).toEqual([
      { term: 'walden', exact: false },
      { term: 'the', exact: true },
      { term: 'woods', exact: true },
      { term: 'deliber', exact: false },
    ]);
    expect(parsed.phrases).toEqual([['the', 'woods']]);
    expect(parsed.tags).toEqual(['nature', 'two-words']);
    expect(parsed.openTerm).toBe('deliber');
    expect(parseQuery('deliberately ').openTerm).toBeNull();
    expect(parseQuery('deliberately,').openTerm).toBeNull();
    expect(parseQuery('"deliberately').openTerm).toBeNull();
    expect(parseQuery('Marley marley MARLEY').terms).toEqual([{ term: 'marley', exact: false }]);
    expect(parseQuery('ASEAN-China').terms.map((term) => term.term)).toEqual(['asean', 'china']);
  });

  it('reads plain words the quick way exactly as the token pattern does', () => {
    // ASCII pieces too (an ASCII query takes a loop of its own): digits, punctuation, "tag" without its colon, a "TAG:" filter.
    const pieces = ['Walden', 'wald', 'ASEAN-China', 'café', ' ', '  ', '\t', ',', 'walden,', 'Straße', '北京', 'the', "o'clock", '…', 'x', '\u0301', '-\u0301', 'e\u0301', '1984', 'a1b2', '_', '@', 'tag', 'TAG:', ':', '\n', 'Zz'];
    const random = seededRandom(17);
    const queries = ['', ' ', 'walden', 'walden ', ' walden', 'a b c d e f g h i j k l m n o', 'walden,', 'wald-', 'tagged', 'TAG', 'tag', 'Tag:x', 'stag:y', 'tag :x', 'x:tag', '9', 'abc_def', 'hello\u007f'];
    for (let round = 0; round < 600; round += 1) {
      let query = '';
      const length = Math.floor(random() * 8);
      for (let i = 0; i < length; i += 1) query += pieces[Math.floor(random() * pieces.length)];
      queries.push(query);
    }
    for (const query of queries) expect(parseQuery(query), JSON.stringify(query)).toEqual(parseQueryTokens(query));
  });

  it('compares tags as the store does, and without accents', () => {
    expect(searchTagKey('#Région / Asie du Sud')).toBe('region/asie-du-sud');
  });
});

describe('generateLibrary', () => {
  it('makes the same articles from the same seed, from the words of the sources', () => {
    const sources = readdirSync(FIXTURES).map((name) => readFileSync(join(FIXTURES, name), 'utf8'));
    const first = generateLibrary({ sources, articles: 3, wordsPerArticle: 500, seed: 42 });
    expect(generateLibrary({ sources, articles: 3, wordsPerArticle: 500, seed: 42 })).toEqual(first);
    expect(generateLibrary({ sources, articles: 3, wordsPerArticle: 500, seed: 43 })).not.toEqual(first);
    const vocabulary = new Set(sources.flatMap((source) => splitWords(source).map(foldWord)));
    for (const article of first) {
      expect(article.wordCount).toBeGreaterThanOrEqual(500);
      expect(article.text).toContain('\n\n');
      for (const word of splitWords(article.text)) expect(vocabulary.has(foldWord(word))).toBe(true);
    }
  });
});
