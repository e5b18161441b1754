import { ProseGenerator, Random, loadSources, wordsOf, type Word } from './corpus';

/**
 * The "1 MB article" several cases share: about 1,000,000 characters of
 * canonical text in paragraphs, generated from the repository's real prose
 * with a fixed seed, so the reader, export and re-anchoring cases all see the
 * same text on every run.
 */
export interface BigArticle {
  paragraphs: string[];
  text: string;
  words: Word[];
  prose: ProseGenerator;
  random: Random;
}

export const BIG_ARTICLE_CHARACTERS = 1_000_000;

export function bigArticle(root: string, seed: number): BigArticle {
  const random = new Random(seed);
  const prose = new ProseGenerator(loadSources(root), random);
  const paragraphs = prose.paragraphsOfLength(BIG_ARTICLE_CHARACTERS);
  return { paragraphs, text: paragraphs.join('\n\n'), words: wordsOf(paragraphs), prose, random };
}
