/**
 * A large library made from real prose, for the search scale test and the
 * benchmark: 1,000 articles of 5,000 words cannot be checked in, but they can
 * be generated the same way every time from a few pages of real English.
 *
 * Each next word is drawn from the words that follow the current one in a
 * source text (a word-bigram chain), so the vocabulary, word frequencies and
 * common word pairs are those of the sources, which is what an index's size
 * and a query's cost depend on. Each article keeps mostly to one source. A seeded PRNG makes the output identical on
 * every run. Not used by the app itself.
 */

export interface SyntheticArticle {
  id: string;
  title: string;
  /** Paragraphs joined by a blank line, like an article's canonical text. */
  text: string;
  wordCount: number;
}

export interface SyntheticLibraryOptions {
  /** Real prose to learn words and word pairs from. */
  sources: readonly string[];
  articles: number;
  wordsPerArticle: number;
  seed?: number;
}

/** mulberry32: small, fast, and good enough to pick words. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SENTENCE_END = /[.!?]["'”’)]*$/;

/** The share of sentences drawn from an article's own source; the rest come from any source. */
const TOPIC_SHARE = 0.75;

interface Chain {
  followers: Map<string, string[]>;
  openers: string[];
}

function learnChain(text: string): Chain {
  const words = text.split(/\s+/).filter((word) => word.length > 0);
  const followers = new Map<string, string[]>();
  const openers: string[] = [];
  for (let i = 0; i + 1 < words.length; i += 1) {
    const word = words[i] as string;
    const next = words[i + 1] as string;
    let list = followers.get(word);
    if (!list) followers.set(word, (list = []));
    list.push(next);
    if (SENTENCE_END.test(word) && /^[A-Z]/.test(next)) openers.push(next);
  }
  if (openers.length === 0 && words.length > 0) openers.push(words[0] as string);
  return { followers, openers };
}

export function generateLibrary(options: SyntheticLibraryOptions): SyntheticArticle[] {
  const random = seededRandom(options.seed ?? 1);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  // Each article keeps mostly to one source, as real articles keep to a topic:
  // a topic's words then cluster in some articles instead of being in all of them.
  const chains = options.sources.map(learnChain).filter((chain) => chain.followers.size > 0);
  if (chains.length === 0) throw new Error('generateLibrary needs some source text.');

  const sentence = (chain: Chain, maxWords: number): string[] => {
    const out = [pick(chain.openers)];
    while (out.length < maxWords) {
      const last = out[out.length - 1] as string;
      if (SENTENCE_END.test(last) && out.length >= 4) break;
      const next = chain.followers.get(last);
      out.push(next ? pick(next) : pick(chain.openers));
    }
    return out;
  };

  const articles: SyntheticArticle[] = [];
  for (let n = 0; n < options.articles; n += 1) {
    const topic = pick(chains);
    const titleWords = sentence(topic, 4 + Math.floor(random() * 6))
      .map((word) => word.replace(/[.,;:!?"'”’“‘()]+/g, ''))
      .filter((word) => word.length > 0);
    const paragraphs: string[] = [];
    let count = 0;
    while (count < options.wordsPerArticle) {
      const paragraph: string[] = [];
      const sentences = 2 + Math.floor(random() * 6);
      for (let s = 0; s < sentences && count < options.wordsPerArticle; s += 1) {
        const chain = random() < TOPIC_SHARE ? topic : pick(chains);
        const next = sentence(chain, Math.min(40, options.wordsPerArticle - count));
        count += next.length;
        paragraph.push(next.join(' '));
      }
      paragraphs.push(paragraph.join(' '));
    }
    articles.push({
      id: `synthetic-${String(n).padStart(4, '0')}`,
      title: titleWords.join(' ') || `Article ${n + 1}`,
      text: paragraphs.join('\n\n'),
      wordCount: count,
    });
  }
  return articles;
}
