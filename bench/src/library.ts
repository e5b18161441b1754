import type { AnnotationRecord } from './app';
import { Random, TopicalProse, loadSources, pickPassages, wordsOf } from './corpus';
import { benchId, makeAnnotations, paragraphBlocks, tagPool, type FixtureArticle } from './fixture';
import type { BenchContext } from './result';

/**
 * The big library the search and start-up cases share: 1,000 articles of
 * about 5,000 words (5 million words), on topics (see TopicalProse), with
 * ten highlights each. Generated once per run, with a fixed seed.
 */
export const LIBRARY_ARTICLES = 1_000;
export const LIBRARY_WORDS = 5_000;
export const LIBRARY_HIGHLIGHTS_PER_ARTICLE = 10;

export interface LibraryArticle {
  id: string;
  title: string;
  paragraphs: string[];
  text: string;
  annotations: AnnotationRecord[];
}

let cached: { count: number; articles: LibraryArticle[] } | null = null;

export function generatedLibrary(context: BenchContext): LibraryArticle[] {
  const count = context.quick ? 200 : LIBRARY_ARTICLES;
  if (cached?.count === count) return cached.articles;
  context.log(`generating a library of ${count.toLocaleString('en')} articles of ${LIBRARY_WORDS.toLocaleString('en')} words…`);
  const random = new Random(4242);
  const sources = loadSources(context.root);
  const prose = new TopicalProse(sources, random);
  const tags: string[] = [];
  const articles: LibraryArticle[] = [];
  for (let index = 0; index < count; index += 1) {
    const paragraphs = prose.paragraphsOfWords(LIBRARY_WORDS);
    const text = paragraphs.join('\n\n');
    const id = benchId(random);
    const passages = pickPassages(random, wordsOf(paragraphs), LIBRARY_HIGHLIGHTS_PER_ARTICLE);
    if (tags.length === 0) tags.push(...tagPool(prose.plain, random));
    const annotations = makeAnnotations(id, text, passages, prose.plain, random, tags, index * LIBRARY_HIGHLIGHTS_PER_ARTICLE);
    articles.push({ id, title: prose.title(), paragraphs, text, annotations });
  }
  cached = { count, articles };
  return articles;
}

export function asFixture(article: LibraryArticle): FixtureArticle {
  return { id: article.id, title: article.title, blocks: paragraphBlocks(article.paragraphs), annotations: article.annotations };
}
