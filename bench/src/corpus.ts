import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { seededRandom } from './app';

/**
 * The bench's data, made from the real English shipped in the repository
 * (the two seed articles and the public-domain prose in tests/fixtures) and
 * a seeded PRNG, so every run on every machine generates the same library.
 *
 * The fixtures hold about 20 KB of text; a 1 MB article or a 5-million-word
 * library is generated from them with a word-bigram chain: each next word is
 * drawn from the words that follow the current one in the sources. Word
 * frequencies, the vocabulary, punctuation and common word pairs are those of
 * real prose, which is what index sizes, anchoring ambiguity and layout cost
 * depend on. No lorem ipsum anywhere.
 */

export class Random {
  private readonly next: () => number;
  constructor(seed: number) {
    this.next = seededRandom(seed);
  }
  float(): number {
    return this.next();
  }
  /** An integer in [low, high]. */
  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  chance(probability: number): boolean {
    return this.next() < probability;
  }
}

export interface SourceText {
  name: string;
  text: string;
}

/** Every .txt under seeds/ and tests/fixtures/ (anchoring, search, articles…), sorted by path. */
export function loadSources(root: string): SourceText[] {
  const files: string[] = [];
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const name of names) {
      const full = join(dir, name);
      if (name.endsWith('.txt')) files.push(full);
      else if (!name.includes('.')) walk(full);
    }
  };
  walk(join(root, 'seeds'));
  walk(join(root, 'tests', 'fixtures'));
  if (files.length === 0) throw new Error('bench: no .txt sources under seeds/ or tests/fixtures/');
  return files.map((file) => ({ name: file.slice(root.length), text: readFileSync(file, 'utf8') }));
}

const SENTENCE_END = /[.!?]["'”’)]*$/;

/** A word-bigram chain over real prose. */
export class ProseGenerator {
  readonly vocabulary: readonly string[];
  private readonly followers = new Map<string, string[]>();
  private readonly openers: string[] = [];

  constructor(
    sources: readonly SourceText[],
    private readonly random: Random,
  ) {
    // The seed format's first line is a header (" date 2023-02-23 Title"), not prose.
    const words = sources.flatMap(({ text }) =>
      text
        .replace(/^ date \d{4}-\d{2}-\d{2} /, '')
        .split(/\s+/)
        .filter((word) => word.length > 0),
    );
    for (let i = 0; i + 1 < words.length; i += 1) {
      const word = words[i] as string;
      const next = words[i + 1] as string;
      let list = this.followers.get(word);
      if (!list) this.followers.set(word, (list = []));
      list.push(next);
      if (SENTENCE_END.test(word) && /^[A-Z]/.test(next)) this.openers.push(next);
    }
    if (this.openers.length === 0) this.openers.push(words[0] as string);
    this.vocabulary = [...new Set(words.map((word) => word.replace(/[^\p{L}\p{N}'’-]+/gu, '')).filter((word) => /^\p{L}{3,}$/u.test(word)))].sort();
  }

  sentenceWords(maxWords = 40): string[] {
    const out = [this.random.pick(this.openers)];
    while (out.length < maxWords) {
      const last = out[out.length - 1] as string;
      if (SENTENCE_END.test(last) && out.length >= 4) break;
      const next = this.followers.get(last);
      out.push(next ? this.random.pick(next) : this.random.pick(this.openers));
    }
    const lastWord = out[out.length - 1] as string;
    if (!SENTENCE_END.test(lastWord)) out[out.length - 1] = lastWord.replace(/[,;:]+$/, '') + '.';
    return out;
  }

  sentence(maxWords = 40): string {
    return this.sentenceWords(maxWords).join(' ');
  }

  paragraph(): string {
    const sentences: string[] = [];
    for (let count = this.random.int(2, 6); count > 0; count -= 1) sentences.push(this.sentence());
    return sentences.join(' ');
  }

  /** Paragraphs adding up to at least `characters` of canonical text (joined by a blank line). */
  paragraphsOfLength(characters: number): string[] {
    const paragraphs: string[] = [];
    let total = 0;
    while (total < characters) {
      const paragraph = this.paragraph();
      paragraphs.push(paragraph);
      total += paragraph.length + 2;
    }
    return paragraphs;
  }

  /** Paragraphs adding up to about `words` words. */
  paragraphsOfWords(words: number): string[] {
    const paragraphs: string[] = [];
    let count = 0;
    while (count < words) {
      const sentences: string[] = [];
      for (let n = this.random.int(2, 6); n > 0 && count < words; n -= 1) {
        const sentence = this.sentenceWords(Math.max(4, Math.min(40, words - count)));
        count += sentence.length;
        sentences.push(sentence.join(' '));
      }
      paragraphs.push(sentences.join(' '));
    }
    return paragraphs;
  }

  title(): string {
    const words = this.sentenceWords(4 + this.random.int(0, 5))
      .map((word) => word.replace(/[.,;:!?"'”’“‘()]+/g, ''))
      .filter((word) => word.length > 0);
    const text = words.join(' ');
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  word(): string {
    return this.random.pick(this.vocabulary);
  }
}

/**
 * The long tail of a real vocabulary. Real text of 5 million words has tens
 * of thousands of distinct word forms (Heaps' law), most of them rare and
 * bursty: a name or a technical word turns up a few times in the one article
 * about it and nowhere else. The fixtures hold about 1,300 distinct words, so
 * a library made from them alone would have every content word in most
 * articles: no real library looks like that, and it would make any index look
 * slow and a linear scan look fast (String.includes stops at the first hit).
 *
 * So each article also uses a few dozen rarer forms: real stems from the
 * fixtures with real English affixes (un-, re-, over-…, -ness, -ship, -ward…),
 * drawn from about 300,000 such forms by a Zipf law, as word frequencies are.
 */
const TAIL_PREFIXES = ['', '', '', 'un', 're', 'over', 'under', 'out', 'fore', 'counter', 'mis', 'non', 'sub', 'inter', 'super'];
const TAIL_SUFFIXES = ['', 'ness', 'ful', 'less', 'ly', 'ward', 'ship', 'hood', 'ism', 'ist', 'like', 'some', 'wise', 'dom', 'craft', 'man'];

export class LongTail {
  readonly size: number;

  constructor(
    private readonly stems: readonly string[],
    private readonly random: Random,
  ) {
    this.size = TAIL_PREFIXES.length * stems.length * TAIL_SUFFIXES.length;
  }

  /** The form of a given rank: the same on every run. */
  form(rank: number): string {
    const next = seededRandom(rank * 2654435761);
    const stem = this.stems[Math.floor(next() * this.stems.length)] as string;
    const prefix = TAIL_PREFIXES[Math.floor(next() * TAIL_PREFIXES.length)] as string;
    let suffix = TAIL_SUFFIXES[Math.floor(next() * TAIL_SUFFIXES.length)] as string;
    if (prefix === '' && suffix === '') suffix = TAIL_SUFFIXES[1 + Math.floor(next() * (TAIL_SUFFIXES.length - 1))] as string;
    return `${prefix}${stem.toLowerCase()}${suffix}`;
  }

  /** A rank drawn by Zipf's law (exponent 1): rank r with probability about 1 / (r ln N). */
  zipfRank(): number {
    return Math.min(this.size - 1, Math.floor(Math.pow(this.size + 1, this.random.float())) - 1);
  }
}

/**
 * Articles on topics: each article keeps mostly (85% of its sentences) to
 * the word chain of one source text, the rest drawn from all of them, and
 * uses its own few dozen long-tail words (see LongTail). A real library is
 * like that: an article about whaling uses whaling words, and a content word
 * occurs in some articles and not in others.
 */
export class TopicalProse {
  private readonly topics: ProseGenerator[];
  private readonly everything: ProseGenerator;
  private readonly tail: LongTail;

  /** One chain over every source, for notes and tags. */
  get plain(): ProseGenerator {
    return this.everything;
  }

  constructor(
    sources: readonly SourceText[],
    private readonly random: Random,
    private readonly tailWordsPerArticle = 80,
    private readonly tailShare = 0.04,
  ) {
    this.topics = sources.map((source) => new ProseGenerator([source], random));
    this.everything = new ProseGenerator(sources, random);
    this.tail = new LongTail(this.everything.vocabulary, random);
  }

  /** Paragraphs of about `words` words, mostly on one topic. */
  paragraphsOfWords(words: number): string[] {
    const topic = this.random.pick(this.topics);
    const own = Array.from({ length: this.tailWordsPerArticle }, () => this.tail.form(this.tail.zipfRank()));
    const paragraphs: string[] = [];
    let count = 0;
    while (count < words) {
      const sentences: string[] = [];
      for (let n = this.random.int(2, 6); n > 0 && count < words; n -= 1) {
        const source = this.random.chance(0.85) ? topic : this.everything;
        const sentence = source.sentenceWords(Math.max(4, Math.min(40, words - count)));
        for (let i = 1; i < sentence.length; i += 1) {
          const word = sentence[i] as string;
          // A content word (four letters or more, lower case) may give way to one of the article's rare words.
          const match = /^([a-z]{4,})([^a-z]*)$/.exec(word);
          if (match && this.random.chance(this.tailShare * 2)) sentence[i] = this.random.pick(own) + (match[2] as string);
        }
        count += sentence.length;
        sentences.push(sentence.join(' '));
      }
      paragraphs.push(sentences.join(' '));
    }
    return paragraphs;
  }

  title(): string {
    return this.everything.title();
  }
}

export interface Span {
  start: number;
  end: number;
}

/** Each paragraph's span in the canonical text (paragraphs joined by "\n\n"). */
export function paragraphSpans(paragraphs: readonly string[]): Span[] {
  const spans: Span[] = [];
  let cursor = 0;
  for (const paragraph of paragraphs) {
    spans.push({ start: cursor, end: cursor + paragraph.length });
    cursor += paragraph.length + 2;
  }
  return spans;
}

export interface Word extends Span {
  paragraph: number;
}

/** Every whitespace-separated word, with the paragraph it is in. */
export function wordsOf(paragraphs: readonly string[]): Word[] {
  const words: Word[] = [];
  let cursor = 0;
  paragraphs.forEach((paragraph, index) => {
    for (const match of paragraph.matchAll(/\S+/g)) {
      words.push({ start: cursor + match.index, end: cursor + match.index + match[0].length, paragraph: index });
    }
    cursor += paragraph.length + 2;
  });
  return words;
}

/**
 * `count` passages to highlight: runs of 2 to 15 words inside one paragraph,
 * not overlapping each other (a reader's highlights rarely do).
 */
export function pickPassages(random: Random, words: readonly Word[], count: number): Span[] {
  const taken = new Set<number>();
  const spans: Span[] = [];
  let attempts = 0;
  while (spans.length < count) {
    if ((attempts += 1) > count * 100) throw new Error('pickPassages: the text is too short for that many passages');
    const first = random.int(0, words.length - 2);
    const length = random.int(2, 15);
    const last = Math.min(words.length - 1, first + length - 1);
    const firstWord = words[first] as Word;
    if ((words[last] as Word).paragraph !== firstWord.paragraph) continue;
    let free = true;
    for (let index = first - 1; index <= last + 1; index += 1) if (taken.has(index)) free = false;
    if (!free) continue;
    for (let index = first; index <= last; index += 1) taken.add(index);
    spans.push({ start: firstWord.start, end: (words[last] as Word).end });
  }
  return spans.sort((a, b) => a.start - b.start);
}
