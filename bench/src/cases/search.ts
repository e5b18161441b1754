import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { createService, loadLibrarySearch, type GlossService } from '../app';
import { makeDataDir, removeDataDir, writeLibrary } from '../fixture';
import { Random } from '../corpus';
import { asFixture, generatedLibrary, type LibraryArticle } from '../library';
import type { BenchContext, CaseResult } from '../result';
import { collectGarbage, formatBytes, formatMs, ratio, round, summarize, timeAsync, timeSync, type Summary } from '../stats';

/**
 * "Search": the library search (main/library, LibrarySearch) over 1,000
 * articles of about 5,000 words each, about 5 million words in all. About 100
 * queries of one to three real words taken from the articles themselves (so
 * they have hits), three in ten ending in a word still being typed (a
 * prefix). The baseline is the simplest thing that works: lowercase every
 * article once, then for each query check that every word occurs in the
 * article (String.includes over all 5 million words). Each round times
 * every query once, ours then the scan, so each of our queries starts with
 * the caches full of the scan's text, as after any other work; p95 is over
 * all rounds (300 timings).
 *
 * Also reported: the time to build the index from scratch, its heap, and the
 * time to save it to and load it from its JSON cache (serialize/load), which
 * is what start-up pays when the index is cached.
 */

const QUERIES = 100;
/** The query set is timed this many times over (each query once per round, the scan right after it), as every case runs several times. */
const ROUNDS = 3;

/** Words nobody searches for: queries are made of the other words of a passage. */
const FUNCTION_WORDS = new Set(
  'about above after again also been before being below between both could does doing down during each from further have having here herself himself into itself just more most much myself once only other ours over same shall should some such than that their theirs them then there these they this those through under until upon very were what when where which while whom with would your yours'.split(' '),
);

export function makeQueries(random: Random, articles: readonly LibraryArticle[]): string[] {
  const queries: string[] = [];
  while (queries.length < QUERIES) {
    const article = random.pick(articles);
    const words = article.text.split(/\s+/);
    const length = queries.length < 40 ? 1 : queries.length < 70 ? 2 : 3;
    const first = random.int(0, words.length - length);
    const picked = words.slice(first, first + length).map((word) => word.toLowerCase().replace(/[^\p{L}\p{N}'-]+/gu, '').replace(/^['-]+|['-]+$/g, ''));
    if (picked.some((word) => word.length < 2) || !picked.some((word) => word.length >= 4 && !FUNCTION_WORDS.has(word))) continue;
    const last = picked[picked.length - 1] as string;
    if (random.chance(0.3) && last.length >= 5) picked[picked.length - 1] = last.slice(0, random.int(3, last.length - 1));
    queries.push(picked.join(' '));
  }
  return queries;
}

export async function runSearchCase(context: BenchContext): Promise<CaseResult[]> {
  const module = await loadLibrarySearch();
  const articles = generatedLibrary(context);
  const articleCount = articles.length;
  let wordTotal = 0;
  for (const article of articles) wordTotal += article.text.split(/\s+/).length;
  const random = new Random(99);
  const queries = makeQueries(random, articles);
  const distinct = new Set<string>();
  for (const article of articles) for (const word of article.text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) distinct.add(word);

  collectGarbage();
  const heapBefore = process.memoryUsage().heapUsed;
  const index = new module.LibrarySearch();
  const buildMs = timeSync(() => {
    for (const article of articles) {
      index.addArticle({ id: article.id, title: article.title, text: article.text });
      index.setAnnotations?.(article.id, article.annotations);
    }
  });
  collectGarbage();
  const indexHeap = process.memoryUsage().heapUsed - heapBefore;
  context.log(`  indexed ${wordTotal.toLocaleString('en')} words in ${formatMs(buildMs)} (heap +${formatBytes(indexHeap)})`);

  // The baseline's own preparation (lowercasing once) is not timed, as the index build is not.
  const lowered = articles.map((article) => `${article.title}\n${article.text}`.toLowerCase());
  const scan = (query: string): number => {
    const terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    let found = 0;
    for (const text of lowered) if (terms.every((term) => text.includes(term))) found += 1;
    return found;
  };

  for (const query of queries.slice(0, 10)) {
    index.search(query);
    scan(query);
  }
  // What the setup left for the collector (the lowered copies, the generated text) is collected before timing, not during a query.
  collectGarbage();
  const ours: number[] = [];
  const baseline: number[] = [];
  // Per query, its timings in every round: the slowest queries are reported by their median.
  const oursByQuery: number[][] = queries.map(() => []);
  const baselineByQuery: number[][] = queries.map(() => []);
  let hits = 0;
  let scanMatches = 0;
  for (let round = 0; round < ROUNDS; round += 1) {
    queries.forEach((query, at) => {
      const oursMs = timeSync(() => (hits += index.search(query).length));
      const scanMs = timeSync(() => (scanMatches += scan(query)));
      ours.push(oursMs);
      baseline.push(scanMs);
      (oursByQuery[at] as number[]).push(oursMs);
      (baselineByQuery[at] as number[]).push(scanMs);
    });
  }
  const timings = ours.length;
  const oursSummary = summarize(ours);
  const baselineSummary = summarize(baseline);
  const speedMedian = round(baselineSummary.median / oursSummary.median);
  const speedP95 = round(baselineSummary.p95 / oursSummary.p95);
  context.log(`  query ${formatMs(oursSummary.median)} / p95 ${formatMs(oursSummary.p95)} vs scan ${formatMs(baselineSummary.median)} / p95 ${formatMs(baselineSummary.p95)}`);

  // The JSON cache: what a start-up with a saved index pays instead of rebuilding.
  let cache: Record<string, unknown>;
  try {
    let json = '';
    const serializeMs = timeSync(() => (json = index.serialize()));
    const loadMs = timeSync(() => module.LibrarySearch.load(json));
    cache = { serializeMs: round(serializeMs), loadMs: round(loadMs), bytes: json.length };
    context.log(`  cache: serialize ${formatMs(serializeMs)}, load ${formatMs(loadMs)}, ${formatBytes(json.length)}`);
  } catch (error) {
    cache = { error: (error as Error).message };
  }

  // Through the service, as the app searches: the index is built (or loaded from its cache) on the first search.
  const firstSearch = await serviceFirstSearch(context, articles, queries[0] as string);

  const met = speedMedian >= 20 && speedP95 >= 20 && oursSummary.p95 <= 20;
  const rows: CaseResult[] = [
    {
      id: 'search',
      title: 'Search',
      measure: `${QUERIES} queries × ${ROUNDS} rounds, ${articleCount.toLocaleString('en')} articles, ${(wordTotal / 1e6).toFixed(1)} M words`,
      unit: 'ms',
      ours: oursSummary,
      baseline: baselineSummary,
      baselineLabel: 'linear scan: lowercase includes of every word over every article',
      ratio: { median: ratio(oursSummary.median, baselineSummary.median), p95: ratio(oursSummary.p95, baselineSummary.p95) },
      target: '≥ 20× faster than the scan, p95 ≤ 20 ms',
      verdict: met ? 'met' : 'missed',
      figure: `${speedMedian}× faster than the scan at the median, ${speedP95}× at p95; index built in ${formatMs(buildMs)}, heap ${formatBytes(indexHeap)}; ${distinct.size.toLocaleString('en')} distinct words; a query's words are all in ${round((100 * scanMatches) / timings / articleCount)}% of articles on average`,
      details: {
        articles: articleCount,
        words: wordTotal,
        rounds: ROUNDS,
        slowestQueries: queries
          .map((query, at) => ({ query, ms: summarize(oursByQuery[at] as number[]).median, scanMs: summarize(baselineByQuery[at] as number[]).median }))
          .sort((a, b) => b.ms - a.ms)
          .slice(0, 8),
        queries,
        speedUpMedian: speedMedian,
        // Per timing: the scan is cheap when every word occurs early in most articles, dear when a word is rare.
        timingsAtLeast20xFaster: ours.filter((ms, at) => (baseline[at] as number) >= 20 * ms).length,
        timingsUnder20ms: ours.filter((ms) => ms <= 20).length,
        timings,
        speedUpP95: speedP95,
        averageHits: round(hits / timings),
        averageScanMatches: round(scanMatches / timings),
        distinctWords: distinct.size,
        buildMs: round(buildMs),
        indexHeapBytes: indexHeap,
        passages: index.passageCount,
        cache,
      },
    },
  ];
  if (firstSearch) {
    rows.push({
      id: 'search-first',
      title: 'Search',
      measure: 'first search after start-up, through the service (index built, or loaded from its cache)',
      unit: 'ms',
      target: 'reported',
      verdict: 'reported',
      figure: `without a cache ${formatMs(firstSearch.coldMs)}${firstSearch.cachedMs === null ? '' : `, with the cache ${formatMs(firstSearch.cachedMs)}`}; next query ${formatMs(firstSearch.nextMs)}`,
      details: { coldMs: firstSearch.coldMs, cachedMs: firstSearch.cachedMs, nextMs: firstSearch.nextMs, cacheBytes: firstSearch.cacheBytes },
    });
    const { browsing } = firstSearch;
    rows.push({
      id: 'browse-tag',
      title: 'Browse by tag',
      measure: `listTags, then one tag's highlights across ${articleCount.toLocaleString('en')} articles (${articles.reduce((sum, article) => sum + article.annotations.length, 0).toLocaleString('en')} highlights), through the service`,
      unit: 'ms',
      ours: browsing.listHighlightsOfTag,
      target: 'reported',
      verdict: 'reported',
      figure: `${browsing.tags} tags listed in ${formatMs(browsing.listTags.median)}; "${browsing.tag}" (${browsing.tagged.toLocaleString('en')} highlights) in ${formatMs(browsing.listHighlightsOfTag.median)}; every highlight in ${formatMs(browsing.listAllHighlights.median)}`,
      details: { ...browsing },
    });
  }
  return rows;
}

interface FirstSearch {
  coldMs: number;
  cachedMs: number | null;
  nextMs: number;
  cacheBytes: number | null;
  browsing: TagBrowsing;
}

/** Tag-first browsing on the same library, through the service: the tag list, and one tag's highlights across every article. */
interface TagBrowsing {
  tags: number;
  tag: string;
  tagged: number;
  listTags: Summary;
  listHighlightsOfTag: Summary;
  listAllHighlights: Summary;
}

const BROWSE_RUNS = 15;

async function tagBrowsing(service: GlossService): Promise<TagBrowsing> {
  const tags = await service.listTags({});
  // The tag on the most highlights: the heaviest page a person can open.
  const top = [...tags].sort((a, b) => b.count - a.count)[0];
  if (!top) throw new Error('the library has no tags to browse');
  const time = async (work: () => Promise<unknown>): Promise<Summary> => {
    await work();
    const runs: number[] = [];
    for (let run = 0; run < BROWSE_RUNS; run += 1) runs.push(await timeAsync(work));
    return summarize(runs);
  };
  const tagged = (await service.listHighlights({ tag: top.tag })).length;
  return {
    tags: tags.length,
    tag: top.tag,
    tagged,
    listTags: await time(() => service.listTags({})),
    listHighlightsOfTag: await time(() => service.listHighlights({ tag: top.tag })),
    listAllHighlights: await time(() => service.listHighlights({})),
  };
}

type SearchingService = GlossService & { searchLibrary?: (input: { query: string }) => Promise<unknown> };

async function serviceFirstSearch(context: BenchContext, articles: readonly LibraryArticle[], query: string): Promise<FirstSearch | null> {
  const dataDir = await makeDataDir('search', context.tmp);
  try {
    await writeLibrary(dataDir, articles.map(asFixture), context.seedsDir);
    const open = () => createService({ dataDir, seedsDir: context.seedsDir }) as Promise<SearchingService>;
    const close = async (service: SearchingService) => {
      await service.flush();
      await (service as { close?: () => Promise<void> }).close?.();
    };
    let service = await open();
    if (typeof service.searchLibrary !== 'function') {
      await close(service);
      return null;
    }
    context.log('  first search through the service…');
    const coldMs = await timeAsync(() => (service.searchLibrary as NonNullable<SearchingService['searchLibrary']>)({ query }));
    const nextMs = await timeAsync(() => (service.searchLibrary as NonNullable<SearchingService['searchLibrary']>)({ query: `${query} a` }));
    const browsing = await tagBrowsing(service);
    context.log(`  browse by tag: ${browsing.tags} tags in ${formatMs(browsing.listTags.median)}; "${browsing.tag}" (${browsing.tagged} highlights) in ${formatMs(browsing.listHighlightsOfTag.median)}`);
    await close(service);
    const cacheFile = (await readdir(dataDir)).find((name) => name.startsWith('search-index'));
    let cachedMs: number | null = null;
    let cacheBytes: number | null = null;
    if (cacheFile) {
      cacheBytes = (await stat(join(dataDir, cacheFile))).size;
      service = await open();
      cachedMs = await timeAsync(() => (service.searchLibrary as NonNullable<SearchingService['searchLibrary']>)({ query }));
      await close(service);
    }
    context.log(`  first search: ${formatMs(coldMs)} without a cache${cachedMs === null ? ' (no cache file written)' : `, ${formatMs(cachedMs)} with it`}`);
    return { coldMs: round(coldMs), cachedMs: cachedMs === null ? null : round(cachedMs), nextMs: round(nextMs), cacheBytes, browsing };
  } finally {
    if (!context.keep) await removeDataDir(dataDir);
  }
}
