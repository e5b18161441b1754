import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import search from 'approx-string-match';
import { describe as suite, expect, it } from 'vitest';
import { anchor, describe, reanchorAll, type AnchorMatch } from '../../main/annotations/anchor';
import { editDistance } from '../../main/annotations/text-similarity';
import type { TextAnchor } from '../../preload/api';
import { seededRandom as mulberry32 } from '../../main/library/synthetic-library';

/**
 * Anchoring measured on many generated edits of real English text: the two
 * seed articles and the public-domain prose in tests/fixtures/anchoring.
 *
 * What "correct" means, precisely:
 * - A keep-case is an edit after which the quote's words are still there: words
 *   inserted or deleted before, inside or after it, white space or punctuation
 *   changed in or around it, its paragraph moved, or text changed elsewhere.
 *   An edit inside the quote changes at most a fifth of its characters. We know
 *   where the edited quote now is; the anchor is correct when it starts within
 *   START_TOLERANCE characters of that place and the two spans overlap by at
 *   least MIN_OVERLAP of the longer one. Non-null but not correct is misplaced;
 *   null is orphaned.
 * - A deleted-case is an edit that removes the quote's text: its sentence, its
 *   paragraph, the quote itself, or the quote rewritten into other words (at
 *   least half its characters changed). The anchor must be null: an orphan the
 *   reader can review, never a highlight on the wrong words.
 * - A repeated-deletion is a deleted-case after which a copy of the quote's
 *   text survives elsewhere (the article repeats the phrase, or echoes it: "a
 *   queen with a plain face" / "a queen with a fair face"). Only the context
 *   can tell that copy from the quote, and in prose built on parallels it
 *   often cannot, so these are judged apart and held to a lower bar.
 */

const START_TOLERANCE = 4;
const MIN_OVERLAP = 0.8;
const KEEP_CASES = 1000;
const DELETED_CASES = 200;

const ROOT = fileURLToPath(new URL('../..', import.meta.url));


class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  /** An integer in [low, high]. */
  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)] as T;
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

// ---------------------------------------------------------------------------
// Corpus
// ---------------------------------------------------------------------------

/** Paragraphs joined by a blank line, as in the canonical text. */
function canonical(raw: string): string {
  return raw
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter((paragraph) => paragraph.length > 0)
    .join('\n\n');
}

function loadCorpus(): string[] {
  const seedDir = path.join(ROOT, 'seeds');
  const fixtureDir = path.join(ROOT, 'tests/fixtures/anchoring');
  const files = [
    ...readdirSync(seedDir).map((name) => path.join(seedDir, name)),
    ...readdirSync(fixtureDir)
      .filter((name) => name.endsWith('.txt'))
      .map((name) => path.join(fixtureDir, name)),
  ].sort();
  return files.map((file) => canonical(readFileSync(file, 'utf8')));
}

interface Span {
  start: number;
  end: number;
}

interface Word extends Span {
  paragraph: number;
}

interface Doc {
  text: string;
  words: Word[];
  paragraphs: Span[];
}

function analyse(text: string): Doc {
  const paragraphs: Span[] = [];
  let cursor = 0;
  for (const paragraph of text.split('\n\n')) {
    paragraphs.push({ start: cursor, end: cursor + paragraph.length });
    cursor += paragraph.length + 2;
  }
  const words: Word[] = [];
  for (const match of text.matchAll(/\S+/g)) {
    const start = match.index;
    const paragraph = paragraphs.findIndex((p) => start >= p.start && start < p.end);
    words.push({ start, end: start + match[0].length, paragraph });
  }
  return { text, words, paragraphs };
}

// ---------------------------------------------------------------------------
// Edits
// ---------------------------------------------------------------------------

/** Replace text[from, to) with insert. */
interface Splice {
  from: number;
  to: number;
  insert: string;
}

const KEEP_KINDS = [
  'insert-before',
  'delete-before',
  'insert-after',
  'delete-after',
  'insert-inside',
  'delete-inside',
  'whitespace',
  'punctuation',
  'reorder-paragraphs',
  'edit-elsewhere',
] as const;
const DELETED_KINDS = ['delete-sentence', 'delete-paragraph', 'delete-quote', 'rewrite-quote'] as const;
type KeepKind = (typeof KEEP_KINDS)[number];
type DeletedKind = (typeof DELETED_KINDS)[number];

interface EditCase {
  kind: KeepKind | DeletedKind;
  repeatedPhrase: boolean;
  selector: TextAnchor;
  edited: string;
  /** Where the quote is after the edit; null when the edit deleted it. */
  expected: Span | null;
}

function applySplices(text: string, quote: Span, splices: Splice[]): { edited: string; expected: Span } {
  // Right to left, so each splice's offsets still hold when it is applied.
  const ordered = [...splices].sort((a, b) => b.from - a.from);
  let edited = text;
  let expected = { ...quote };
  for (const splice of ordered) {
    edited = edited.slice(0, splice.from) + splice.insert + edited.slice(splice.to);
    expected = mapSpan(expected, splice);
  }
  return { edited, expected };
}

/** Where a span goes through a splice; text inserted exactly at its start lands before it, at its end after it. */
function mapSpan(span: Span, splice: Splice): Span {
  const delta = splice.insert.length - (splice.to - splice.from);
  const start = span.start < splice.to ? Math.min(span.start, splice.from) : span.start + delta;
  const end = span.end <= splice.from ? span.end : span.end >= splice.to ? span.end + delta : splice.from + splice.insert.length;
  return { start, end };
}

/**
 * Whether some stretch of `text` is still the quote, give or take a quarter of
 * its characters (the keep-cases' tolerance, with some margin). Deleting one
 * copy of a phrase that the article repeats does not delete the quote's text.
 */
function stillContains(text: string, quote: string): boolean {
  return search(text, quote, Math.max(2, Math.ceil(quote.length / 4))).length > 0;
}

class CaseGenerator {
  /** Deletions of one copy of a phrase that survives elsewhere: judged apart (see the test). */
  readonly survivingCopies: EditCase[] = [];
  private readonly docs: Doc[];
  private readonly vocabulary: string[];

  constructor(
    texts: string[],
    private readonly random: Random,
  ) {
    this.docs = texts.map(analyse);
    this.vocabulary = [...new Set(texts.join(' ').match(/[A-Za-z]{2,}/g) ?? [])];
  }

  keepCase(kind: KeepKind): EditCase | null {
    const doc = this.random.pick(this.docs);
    const quote = this.pickQuote(doc);
    if (!quote) return null;
    const selector = describe(doc.text, quote.span.start, quote.span.end);
    if (kind === 'reorder-paragraphs') {
      const moved = this.reorder(doc, quote.span);
      return moved && { kind, repeatedPhrase: quote.repeated, selector, ...moved };
    }
    const splices = this.keepSplices(kind, doc, quote);
    if (!splices) return null;
    return { kind, repeatedPhrase: quote.repeated, selector, ...applySplices(doc.text, quote.span, splices) };
  }

  deletedCase(kind: DeletedKind): EditCase | null {
    const doc = this.random.pick(this.docs);
    const quote = this.pickQuote(doc);
    if (!quote) return null;
    const selector = describe(doc.text, quote.span.start, quote.span.end);
    const splice = this.deleteSplice(kind, doc, quote);
    if (!splice) return null;
    const edited = doc.text.slice(0, splice.from) + splice.insert + doc.text.slice(splice.to);
    const made = { kind, repeatedPhrase: quote.repeated, selector, edited, expected: null };
    if (stillContains(edited, selector.quote)) {
      this.survivingCopies.push(made);
      return null;
    }
    return made;
  }

  /** A run of 2 to 12 words inside one paragraph; one time in ten, a phrase that occurs more than once. */
  private pickQuote(doc: Doc): { span: Span; first: number; last: number; repeated: boolean } | null {
    if (this.random.chance(0.1)) {
      const repeated = this.repeatedPhrase(doc);
      if (repeated) return { ...repeated, repeated: true };
    }
    const first = this.random.int(0, doc.words.length - 2);
    const paragraph = (doc.words[first] as Word).paragraph;
    let last = Math.min(doc.words.length - 1, first + this.random.int(1, 11));
    while (last > first && (doc.words[last] as Word).paragraph !== paragraph) last -= 1;
    if (last === first) return null;
    const span = { start: (doc.words[first] as Word).start, end: (doc.words[last] as Word).end };
    if (span.end - span.start < 10) return null;
    return { span, first, last, repeated: false };
  }

  private repeatedPhrase(doc: Doc): { span: Span; first: number; last: number } | null {
    const length = this.random.int(2, 4);
    const seen = new Map<string, number[]>();
    for (let first = 0; first + length <= doc.words.length; first += 1) {
      const last = first + length - 1;
      if ((doc.words[first] as Word).paragraph !== (doc.words[last] as Word).paragraph) continue;
      const phrase = doc.text.slice((doc.words[first] as Word).start, (doc.words[last] as Word).end);
      if (phrase.length < 10) continue;
      seen.set(phrase, [...(seen.get(phrase) ?? []), first]);
    }
    const repeats = [...seen.values()].filter((firsts) => firsts.length > 1);
    if (repeats.length === 0) return null;
    const first = this.random.pick(this.random.pick(repeats));
    const last = first + length - 1;
    return { span: { start: (doc.words[first] as Word).start, end: (doc.words[last] as Word).end }, first, last };
  }

  private phrase(words: number): string {
    return Array.from({ length: words }, () => this.random.pick(this.vocabulary)).join(' ');
  }

  /**
   * Words to insert at `position`, none the same as the word on either side:
   * "discover discover that" would make it ambiguous which copy is the quote's.
   */
  private insertion(doc: Doc, position: number, words: number): string {
    const neighbours = new Set(
      doc.words
        .filter((word) => word.end === position || word.end === position - 1 || word.start === position || word.start === position + 1)
        .map((word) => bareWord(doc.text.slice(word.start, word.end))),
    );
    for (;;) {
      const phrase = this.phrase(words);
      if (!phrase.split(' ').some((word) => neighbours.has(bareWord(word)))) return phrase;
    }
  }

  /** Consecutive words [from, to) of one paragraph, as a span that takes the following space with it. */
  private wordRunWithSpace(doc: Doc, from: number, to: number): Span | null {
    const first = doc.words[from];
    const next = doc.words[to];
    if (!first || !next || next.paragraph !== first.paragraph) return null;
    return { start: first.start, end: next.start };
  }

  private keepSplices(
    kind: KeepKind,
    doc: Doc,
    quote: { span: Span; first: number; last: number },
  ): Splice[] | null {
    const { random } = this;
    const { first, last, span } = quote;
    const quoteLength = span.end - span.start;
    switch (kind) {
      case 'insert-before': {
        const at = random.chance(0.5) ? random.int(Math.max(0, first - 3), first) : random.int(0, first);
        const position = (doc.words[at] as Word).start;
        return [{ from: position, to: position, insert: this.insertion(doc, position, random.int(1, 5)) + ' ' }];
      }
      case 'delete-before': {
        const count = random.int(1, 5);
        const from = random.chance(0.5) ? first - count : random.int(0, first - count);
        if (from < 0) return null;
        const run = this.wordRunWithSpace(doc, from, from + count);
        return run && [{ from: run.start, to: run.end, insert: '' }];
      }
      case 'insert-after': {
        const at = random.chance(0.5) ? random.int(last, Math.min(last + 3, doc.words.length - 1)) : random.int(last, doc.words.length - 1);
        const position = (doc.words[at] as Word).end;
        return [{ from: position, to: position, insert: ' ' + this.insertion(doc, position, random.int(1, 5)) }];
      }
      case 'delete-after': {
        const count = random.int(1, 5);
        const from = random.chance(0.5) ? last + 1 : random.int(last + 1, doc.words.length - 1);
        const lastDeleted = doc.words[from + count - 1];
        const before = doc.words[from - 1];
        if (!lastDeleted || !before || lastDeleted.paragraph !== before.paragraph) return null;
        return [{ from: before.end, to: lastDeleted.end, insert: '' }];
      }
      case 'insert-inside': {
        if (last - first < 2) return null;
        const position = (doc.words[random.int(first + 1, last)] as Word).start;
        const insert = this.insertion(doc, position, random.int(1, 2)) + ' ';
        if (insert.length > quoteLength / 5) return null;
        return [{ from: position, to: position, insert }];
      }
      case 'delete-inside': {
        if (last - first < 3) return null;
        const at = random.int(first + 1, last - 1);
        const run = this.wordRunWithSpace(doc, at, at + 1);
        if (!run || run.end - run.start > quoteLength / 5) return null;
        return [{ from: run.start, to: run.end, insert: '' }];
      }
      case 'whitespace': {
        const gaps: Span[] = [];
        for (let index = Math.max(0, first - 1); index <= last && index + 1 < doc.words.length; index += 1) {
          const left = doc.words[index] as Word;
          const right = doc.words[index + 1] as Word;
          if (left.paragraph === right.paragraph) gaps.push({ start: left.end, end: right.start });
        }
        if (gaps.length === 0) return null;
        const chosen = new Set(Array.from({ length: random.int(1, 3) }, () => random.pick(gaps)));
        return [...chosen].map((gap) => ({ from: gap.start, to: gap.end, insert: random.pick(['  ', '\n', ' \n', '\t', '   ']) }));
      }
      case 'punctuation': {
        const splices: Splice[] = [];
        const quoteText = doc.text.slice(span.start, span.end);
        for (let index = first; index <= last && splices.length < 2; index += 1) {
          const word = doc.words[index] as Word;
          const lastChar = doc.text[word.end - 1] as string;
          if (/[,.;:!?]/.test(lastChar) && random.chance(0.5)) splices.push({ from: word.end - 1, to: word.end, insert: '' });
          else if (index < last && /[A-Za-z0-9]/.test(lastChar) && random.chance(0.2)) splices.push({ from: word.end, to: word.end, insert: ',' });
        }
        for (const [plain, fancy] of [
          ["'", '\u2019'],
          ['"', '\u201c'],
          ['--', '\u2014'],
          ['-', '\u2013'],
        ] as const) {
          const at = quoteText.indexOf(plain);
          if (at !== -1 && splices.length < 2 && !splices.some((s) => Math.abs(s.from - (span.start + at)) < 3)) {
            splices.push({ from: span.start + at, to: span.start + at + plain.length, insert: fancy });
          }
        }
        if (splices.length === 0) {
          // Nothing to take away: add a comma after the first word instead.
          if (last === first) return null;
          const word = doc.words[first] as Word;
          splices.push({ from: word.end, to: word.end, insert: ',' });
        }
        return splices;
      }
      case 'edit-elsewhere': {
        const others = doc.words.filter((word) => word.paragraph !== (doc.words[first] as Word).paragraph);
        if (others.length === 0) return null;
        const word = random.pick(others);
        return [{ from: word.start, to: word.end, insert: this.phrase(1) }];
      }
      case 'reorder-paragraphs':
        return null;
    }
  }

  /** Moves the quote's paragraph to another place among the paragraphs. */
  private reorder(doc: Doc, quote: Span): { edited: string; expected: Span } | null {
    const from = doc.paragraphs.findIndex((p) => quote.start >= p.start && quote.end <= p.end);
    if (doc.paragraphs.length < 3 || from === -1) return null;
    let to = this.random.int(0, doc.paragraphs.length - 2);
    if (to >= from) to += 1;
    const texts = doc.paragraphs.map((p) => doc.text.slice(p.start, p.end));
    const [moved] = texts.splice(from, 1);
    texts.splice(to, 0, moved as string);
    const edited = texts.join('\n\n');
    const newStart = texts.slice(0, to).reduce((sum, text) => sum + text.length + 2, 0);
    const offset = quote.start - (doc.paragraphs[from] as Span).start;
    return { edited, expected: { start: newStart + offset, end: newStart + offset + (quote.end - quote.start) } };
  }

  private deleteSplice(kind: DeletedKind, doc: Doc, quote: { span: Span; first: number; last: number }): Splice | null {
    const { span } = quote;
    const paragraphIndex = (doc.words[quote.first] as Word).paragraph;
    const paragraph = doc.paragraphs[paragraphIndex] as Span;
    switch (kind) {
      case 'delete-paragraph':
        return this.removeParagraph(doc, paragraphIndex);
      case 'delete-sentence': {
        const sentence = sentenceAround(doc.text, paragraph, span);
        if (sentence.start === paragraph.start && sentence.end >= paragraph.end) return this.removeParagraph(doc, paragraphIndex);
        return { from: sentence.start, to: sentence.end, insert: '' };
      }
      case 'delete-quote': {
        const spaceAfter = doc.text[span.end] === ' ' ? 1 : 0;
        return { from: span.start, to: span.end + spaceAfter, insert: '' };
      }
      case 'rewrite-quote': {
        const quoteText = doc.text.slice(span.start, span.end);
        for (let attempt = 0; attempt < 20; attempt += 1) {
          const replacement = this.phrase(quote.last - quote.first + 1);
          if (editDistance(replacement, quoteText) >= quoteText.length / 2) return { from: span.start, to: span.end, insert: replacement };
        }
        return null;
      }
    }
  }

  private removeParagraph(doc: Doc, index: number): Splice | null {
    if (doc.paragraphs.length < 2) return null;
    const paragraph = doc.paragraphs[index] as Span;
    // Take the separator after it, or before it for the last paragraph.
    return index < doc.paragraphs.length - 1
      ? { from: paragraph.start, to: paragraph.end + 2, insert: '' }
      : { from: paragraph.start - 2, to: paragraph.end, insert: '' };
  }
}

function bareWord(word: string): string {
  return word.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '');
}

/** The sentence(s) holding `span`, with the space after them, inside one paragraph. */
function sentenceAround(text: string, paragraph: Span, span: Span): Span {
  let start = span.start;
  while (start > paragraph.start && !/[.!?]["\u201d')]?\s$/.test(text.slice(Math.max(paragraph.start, start - 3), start))) start -= 1;
  let end = span.end;
  while (end < paragraph.end && !(/[.!?]/.test(text[end - 1] as string) && /\s/.test(text[end] as string))) end += 1;
  while (end < paragraph.end && text[end] === ' ') end += 1;
  return { start, end };
}

// ---------------------------------------------------------------------------
// Judging
// ---------------------------------------------------------------------------

type Verdict = 'correct' | 'misplaced' | 'orphaned';

function judge(match: AnchorMatch | null, expected: Span | null): Verdict {
  if (!match) return 'orphaned';
  if (!expected) return 'misplaced';
  const overlap = Math.min(match.end, expected.end) - Math.max(match.start, expected.start);
  const longer = Math.max(match.end - match.start, expected.end - expected.start);
  const startsClose = Math.abs(match.start - expected.start) <= START_TOLERANCE;
  return startsClose && overlap >= MIN_OVERLAP * longer ? 'correct' : 'misplaced';
}

function generateCases(random: Random, generator: CaseGenerator): { keep: EditCase[]; deleted: EditCase[] } {
  const keep: EditCase[] = [];
  while (keep.length < KEEP_CASES) {
    const made = generator.keepCase(KEEP_KINDS[keep.length % KEEP_KINDS.length] as KeepKind);
    if (made) keep.push(made);
  }
  const deleted: EditCase[] = [];
  while (deleted.length < DELETED_CASES) {
    const made = generator.deletedCase(random.pick(DELETED_KINDS));
    if (made) deleted.push(made);
  }
  return { keep, deleted };
}

function describeFailure(edit: EditCase, match: AnchorMatch | null): string {
  const found = match ? JSON.stringify(edit.edited.slice(match.start, match.end)) + ` @${match.start} score ${match.score}` : 'null';
  const wanted = edit.expected ? JSON.stringify(edit.edited.slice(edit.expected.start, edit.expected.end)) + ` @${edit.expected.start}` : 'null';
  return `${edit.kind}${edit.repeatedPhrase ? ' (repeated phrase)' : ''}: quote ${JSON.stringify(edit.selector.quote)} @${edit.selector.start}; wanted ${wanted}; got ${found}`;
}

suite('anchoring accuracy on generated edits of real text', () => {
  it('places kept quotes where they went, orphans deleted ones, and misplaces none', () => {
    // ANCHOR_SEED=n runs the same test on another generated set.
    const random = new Random(Number(process.env.ANCHOR_SEED ?? 20240601));
    const generator = new CaseGenerator(loadCorpus(), random);
    const { keep, deleted } = generateCases(random, generator);

    const tally = { correct: 0, misplaced: 0, orphaned: 0 };
    const byKind = new Map<string, { correct: number; total: number }>();
    const failures: string[] = [];
    for (const edit of keep) {
      const match = anchor(edit.edited, edit.selector);
      const verdict = judge(match, edit.expected);
      tally[verdict] += 1;
      const kind = byKind.get(edit.kind) ?? { correct: 0, total: 0 };
      kind.total += 1;
      if (verdict === 'correct') kind.correct += 1;
      else failures.push(`${verdict}: ${describeFailure(edit, match)}`);
      byKind.set(edit.kind, kind);
    }
    let deletedOrphaned = 0;
    for (const edit of deleted) {
      const match = anchor(edit.edited, edit.selector);
      if (match === null) deletedOrphaned += 1;
      else failures.push(`misplaced after deletion: ${describeFailure(edit, match)}`);
    }

    const percent = ((100 * tally.correct) / keep.length).toFixed(1);
    console.log(
      `anchoring accuracy: ${tally.correct}/${keep.length} placed correctly (${percent}%), ${tally.misplaced} misplaced, ` +
        `${tally.orphaned} orphaned; deleted-quote cases: ${deletedOrphaned}/${deleted.length} orphaned`,
    );
    const repeated = generator.survivingCopies;
    const repeatedOrphaned = repeated.filter((edit) => anchor(edit.edited, edit.selector) === null).length;
    console.log(
      `repeated-deletion cases (a copy of the quote survives elsewhere): ${repeatedOrphaned}/${repeated.length} orphaned, ` +
        `${repeated.length - repeatedOrphaned} placed on a surviving copy`,
    );
    console.log(
      'by edit kind: ' + [...byKind].map(([kind, { correct, total }]) => `${kind} ${correct}/${total}`).join(', '),
    );
    if (failures.length > 0) console.log('not placed correctly:\n  ' + failures.slice(0, 40).join('\n  '));

    expect(tally.correct / keep.length).toBeGreaterThanOrEqual(0.95);
    expect(tally.misplaced).toBe(0);
    expect(deletedOrphaned).toBe(deleted.length);
    // Most deleted copies of a repeated phrase must still be orphaned: a
    // surviving copy in other surroundings is not the passage.
    expect(repeatedOrphaned / repeated.length).toBeGreaterThanOrEqual(0.65);
    for (const [kind, { correct, total }] of byKind) {
      // No kind of edit may be neglected behind a good average.
      expect(correct / total, kind).toBeGreaterThanOrEqual(0.85);
    }
  });
});

// ---------------------------------------------------------------------------
// A long article
// ---------------------------------------------------------------------------

/** About `length` characters of sentences and paragraphs built from the corpus's words. */
function generateArticle(random: Random, vocabulary: readonly string[], length: number): string {
  const paragraphs: string[] = [];
  let total = 0;
  while (total < length) {
    const sentences: string[] = [];
    for (let s = random.int(3, 7); s > 0; s -= 1) {
      const words = Array.from({ length: random.int(8, 25) }, () => random.pick(vocabulary));
      const sentence = words.join(' ');
      sentences.push(sentence.charAt(0).toUpperCase() + sentence.slice(1) + random.pick(['.', '.', '.', '?', ';']));
    }
    const paragraph = sentences.join(' ');
    paragraphs.push(paragraph);
    total += paragraph.length + 2;
  }
  return paragraphs.join('\n\n');
}

suite('re-anchoring on a long article', () => {
  it('re-anchors 1,000 annotations on an edited 1 MB article', () => {
    const random = new Random(7);
    const vocabulary = [...new Set(loadCorpus().join(' ').match(/[A-Za-z]{2,}/g) ?? [])];
    const text = generateArticle(random, vocabulary, 1_000_000);
    const words = [...text.matchAll(/\S+/g)].map((match) => ({ start: match.index, end: match.index + match[0].length }));

    const selectors: TextAnchor[] = [];
    for (let index = 0; index < 1000; index += 1) {
      const first = random.int(0, words.length - 16);
      const last = first + random.int(1, 14);
      const start = (words[first] as Span).start;
      const end = (words[last] as Span).end;
      if (text.slice(start, end).includes('\n')) {
        index -= 1;
        continue;
      }
      selectors.push(describe(text, start, end));
    }

    // A new paragraph at the top moves everything; 20 annotated passages are
    // deleted outright (their search widens to the whole text before they are
    // orphaned); 300 small edits are scattered through the rest.
    const splices: Splice[] = [{ from: 0, to: 0, insert: generateArticle(random, vocabulary, 3000) + '\n\n' }];
    const deletedSelectors = new Set<number>();
    while (deletedSelectors.size < 20) {
      const index = random.int(0, selectors.length - 1);
      const { start, end } = selectors[index] as TextAnchor;
      if (splices.some((s) => s.from < end + 1 && start < s.to) || deletedSelectors.has(index)) continue;
      deletedSelectors.add(index);
      splices.push({ from: start, to: text[end] === ' ' ? end + 1 : end, insert: '' });
    }
    const edited = new Set<number>();
    while (splices.length < 321) {
      const word = random.int(1, words.length - 2);
      if (edited.has(word) || edited.has(word - 1) || edited.has(word + 1)) continue;
      const { start: wordStart, end: wordEnd } = words[word] as Span;
      if (splices.some((s) => s.from <= wordEnd + 1 && wordStart <= s.to + 1)) continue;
      edited.add(word);
      const { start, end } = words[word] as Span;
      const choice = random.int(0, 2);
      if (choice === 0) splices.push({ from: start, to: start, insert: random.pick(vocabulary) + ' ' });
      else if (choice === 1) splices.push({ from: start, to: (words[word + 1] as Span).start, insert: '' });
      else splices.push({ from: start, to: end, insert: random.pick(vocabulary) });
    }
    splices.sort((a, b) => a.from - b.from);
    const pieces: string[] = [];
    let cursor = 0;
    for (const splice of splices) {
      pieces.push(text.slice(cursor, splice.from), splice.insert);
      cursor = splice.to;
    }
    pieces.push(text.slice(cursor));
    const editedText = pieces.join('');

    const began = performance.now();
    const results = reanchorAll(editedText, selectors);
    const elapsed = performance.now() - began;

    // An annotation that no edit touched, context included, must be found exactly where its text moved.
    let untouched = 0;
    let untouchedExact = 0;
    for (const [index, selector] of selectors.entries()) {
      if (deletedSelectors.has(index)) continue;
      const reach = { start: selector.start - selector.prefix.length, end: selector.end + selector.suffix.length };
      const touched = splices.some((s, i) => i > 0 && s.from <= reach.end && s.to >= reach.start);
      if (touched) continue;
      untouched += 1;
      const shift = splices
        .filter((s) => s.to <= selector.start)
        .reduce((sum, s) => sum + s.insert.length - (s.to - s.from), 0);
      const result = results[index];
      if (result && result.start === selector.start + shift && result.end === selector.end + shift) untouchedExact += 1;
    }
    const placed = results.filter((result) => result !== null).length;
    const deletedOrphaned = [...deletedSelectors].filter((index) => results[index] === null).length;
    console.log(
      `re-anchored 1000 annotations on a ${(editedText.length / 1e6).toFixed(2)} MB article in ${elapsed.toFixed(0)} ms: ` +
        `${placed} placed, ${1000 - placed} orphaned (${deletedOrphaned}/${deletedSelectors.size} deleted passages); ` +
        `${untouchedExact}/${untouched} untouched ones exactly where they moved`,
    );

    expect(results).toHaveLength(1000);
    expect(untouchedExact).toBe(untouched);
    expect(deletedOrphaned).toBe(deletedSelectors.size);
    expect(placed).toBeGreaterThanOrEqual(950);
  });
});
