import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LibrarySearch, type SearchAnnotation, type SearchHit } from '../../main/library/search-index';
import { STOP_WORDS } from '../../main/library/stop-words';
import { foldWord, splitWords } from '../../main/library/search-text';
import { generateLibrary, seededRandom, type SyntheticArticle } from '../../main/library/synthetic-library';

/**
 * The scale: 1,000 articles of about 5,000 words (5 million words),
 * generated from the real prose of the fixtures and seeds. It checks that
 * answers stay right at that size and prints how long building and querying
 * take; it asserts nothing about time (the benchmark reports performance).
 */
const ARTICLES = 1_000;
const WORDS_PER_ARTICLE = 5_000;
const ROOT = join(__dirname, '../..');

function readAll(dir: string, skip: readonly string[] = []): string[] {
  return readdirSync(join(ROOT, dir))
    .filter((name) => name.endsWith('.txt') && !skip.includes(name))
    .sort()
    .map((name) => readFileSync(join(ROOT, dir, name), 'utf8'));
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

describe('LibrarySearch at 1,000 articles and 5 million words', () => {
  it('builds, answers correctly, and stays incremental', { timeout: 240_000 }, () => {
    // Les Misérables is left out of the sources so that its words are in exactly one article.
    const sources = [...readAll('tests/fixtures/search', ['les-miserables.txt']), ...readAll('tests/fixtures/anchoring'), ...readAll('seeds')];
    const lesMiserables = readFileSync(join(ROOT, 'tests/fixtures/search/les-miserables.txt'), 'utf8').trim().split(/\n\s*\n/).slice(1).join('\n\n');

    let started = performance.now();
    const library: SyntheticArticle[] = generateLibrary({ sources, articles: ARTICLES, wordsPerArticle: WORDS_PER_ARTICLE, seed: 2024 });
    const needle = library[137] as SyntheticArticle;
    needle.text = `${needle.text}\n\n${lesMiserables}`;
    (library[512] as SyntheticArticle).title = 'Les Misérables';
    const generateMs = performance.now() - started;
    const totalWords = library.reduce((sum, article) => sum + article.wordCount, 0);
    expect(totalWords).toBeGreaterThanOrEqual(ARTICLES * WORDS_PER_ARTICLE);

    // A highlight on every fifth article, with a note and tags, as a reader would leave them.
    const random = seededRandom(99);
    const tagNames = ['history', 'history/europe', 'politics', 'sea', 'fiction/victorian', 'to-read'];
    const notes = sources.flatMap((source) => source.split(/(?<=[.!?])\s+/)).filter((sentence) => sentence.length > 40 && sentence.length < 200);
    const annotations = new Map<string, SearchAnnotation[]>();
    for (let index = 0; index < library.length; index += 5) {
      const article = library[index] as SyntheticArticle;
      const start = Math.floor(random() * (article.text.length - 200));
      const from = article.text.indexOf(' ', start) + 1;
      const to = article.text.indexOf(' ', from + 60);
      annotations.set(article.id, [
        {
          id: `h-${index}`,
          start: from,
          end: to,
          quote: article.text.slice(from, to),
          note: notes[Math.floor(random() * notes.length)] as string,
          tags: [tagNames[Math.floor(random() * tagNames.length)] as string],
        },
      ]);
    }

    const heapBefore = process.memoryUsage().heapUsed;
    started = performance.now();
    const search = new LibrarySearch();
    for (const article of library) search.addArticle(article);
    for (const [articleId, list] of annotations) search.setAnnotations(articleId, list);
    const buildMs = performance.now() - started;
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;

    // --- Right answers at scale -------------------------------------------
    const textOf = (hit: SearchHit) => (library.find((article) => article.id === hit.articleId) as SyntheticArticle).text;
    const myriel = search.search('Myriel');
    expect(myriel.length).toBeGreaterThan(0);
    for (const hit of myriel) {
      expect(hit.articleId).toBe(needle.id);
      expect(textOf(hit).slice(hit.start, hit.end)).toBe('Myriel');
    }
    expect(search.search('miserables')[0]).toMatchObject({ articleId: library[512]?.id, kind: 'title' });
    const [bienvenu] = search.search('bienvenu myriel') as [SearchHit];
    expect(bienvenu.articleId).toBe(needle.id);
    expect(bienvenu.snippet.match).toBe('Bienvenu Myriel');
    expect(search.search('"the see of D"')[0]?.articleId).toBe(needle.id);

    const ocean = search.search('ocean');
    expect(ocean).toHaveLength(50);
    const perArticle = new Map<string, number>();
    for (const hit of ocean) {
      perArticle.set(hit.articleId, (perArticle.get(hit.articleId) ?? 0) + 1);
      if (hit.kind === 'text') expect(foldWord(textOf(hit).slice(hit.start, hit.end)).startsWith('ocean')).toBe(true);
    }
    expect(Math.max(...perArticle.values())).toBeLessThanOrEqual(3);

    const tagged = search.search('tag:history', { limit: 1_000, perArticle: 10 });
    const expectedTagged = [...annotations.values()].flat().filter((annotation) => annotation.tags.some((tag) => tag === 'history' || tag.startsWith('history/')));
    expect(tagged.map((hit) => hit.annotationId).sort()).toEqual(expectedTagged.map((annotation) => annotation.id).sort());

    // --- Query times ------------------------------------------------------
    const vocabulary = [...new Set(splitWords(library.slice(0, 50).map((article) => article.text).join(' ')).map(foldWord))].filter(
      (word) => word.length >= 4 && !STOP_WORDS.has(word) && !/\d/.test(word),
    );
    const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
    const queries: string[] = [];
    for (let i = 0; i < 18; i += 1) queries.push(pick(vocabulary));
    for (let i = 0; i < 10; i += 1) queries.push(`${pick(vocabulary)} ${pick(vocabulary)}`);
    for (let i = 0; i < 8; i += 1) {
      const word = pick(vocabulary);
      queries.push(word.slice(0, Math.min(word.length, 3 + (i % 3))));
    }
    for (let i = 0; i < 6; i += 1) {
      const word = pick(vocabulary.filter((candidate) => candidate.length >= 6));
      const at = 1 + Math.floor(random() * (word.length - 2));
      queries.push(`${word.slice(0, at)}${word[at + 1]}${word[at]}${word.slice(at + 2)} `);
    }
    for (let i = 0; i < 4; i += 1) {
      const words = splitWords(pick(library).text);
      const at = Math.floor(random() * (words.length - 3));
      queries.push(`"${words.slice(at, at + 3).join(' ')}"`);
    }
    for (let i = 0; i < 4; i += 1) queries.push(`${pick(vocabulary)} tag:${pick(tagNames)}`);

    for (const query of queries) search.search(query); // warm-up
    const times: number[] = [];
    let totalHits = 0;
    for (const query of queries) {
      const start = performance.now();
      totalHits += search.search(query).length;
      times.push(performance.now() - start);
    }
    const sorted = [...times].sort((a, b) => a - b);
    const slowest = queries.map((query, index) => ({ query, ms: times[index] as number })).sort((a, b) => b.ms - a.ms).slice(0, 5);

    // --- Incremental changes and the cache --------------------------------
    started = performance.now();
    search.removeArticle(needle.id);
    const removeMs = performance.now() - started;
    expect(search.search('Myriel')).toEqual([]);
    const replaced = library[138] as SyntheticArticle;
    started = performance.now();
    search.replaceArticle({ ...replaced, text: `${lesMiserables}\n\n${replaced.text}` });
    const replaceMs = performance.now() - started;
    expect(search.search('Myriel').every((hit) => hit.articleId === replaced.id)).toBe(true);
    expect(search.articleCount).toBe(ARTICLES - 1);

    started = performance.now();
    const json = search.serialize();
    const serializeMs = performance.now() - started;
    started = performance.now();
    const loaded = LibrarySearch.load(json);
    const loadMs = performance.now() - started;
    expect(loaded.search('Myriel')).toEqual(search.search('Myriel'));

    const figures = [
      `search scale: ${ARTICLES} articles, ${(totalWords / 1e6).toFixed(2)} M words, ${search.passageCount} passages, ${search.annotationCount} highlights`,
      `  generate ${generateMs.toFixed(0)} ms; build ${buildMs.toFixed(0)} ms; heap +${heapMb.toFixed(0)} MB`,
      `  ${queries.length} queries (${totalHits} hits): median ${percentile(sorted, 0.5).toFixed(2)} ms, p95 ${percentile(sorted, 0.95).toFixed(2)} ms, max ${(sorted.at(-1) as number).toFixed(2)} ms`,
      `  slowest: ${slowest.map(({ query, ms }) => `${JSON.stringify(query)} ${ms.toFixed(1)} ms`).join(', ')}`,
      `  remove one article ${removeMs.toFixed(1)} ms; replace one article ${replaceMs.toFixed(1)} ms`,
      `  serialize ${serializeMs.toFixed(0)} ms (${(json.length / 1e6).toFixed(1)} MB); load ${loadMs.toFixed(0)} ms`,
    ];
    console.log(figures.join('\n'));
  });
});
