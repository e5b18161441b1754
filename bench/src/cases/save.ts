import { mkdir, open, readFile, readdir, rename, stat } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { ANNOTATIONS_DIR, DATABASE_FILE, createService } from '../app';
import { bigArticle } from '../big-article';
import { ProseGenerator, Random, loadSources, pickPassages, wordsOf, type Span } from '../corpus';
import { benchId, makeAnnotations, makeDataDir, paragraphBlocks, removeDataDir, syncPath, syncTree, tagPool, writeLibrary, type FixtureArticle } from '../fixture';
import type { BenchContext, CaseResult } from '../result';
import { collectGarbage, formatBytes, formatMs, ratio, round, summarize, timeAsync, type Summary } from '../stats';

/**
 * "Save a highlight": createAnnotation on a library already holding N
 * annotations, timed until it resolves (the service resolves only once the
 * change is durable: temp file, fsync, rename, directory fsync). The baseline
 * writes the same bytes (every file the save changed, as it is on disk after
 * the save) the same durable way, in the same directory, so the ratio is what
 * Gloss adds on top of the unavoidable I/O. Runs alternate between the two to
 * share any drift. Which files a save changed is found by comparing the data
 * folder before and after it (inode and mtime), not assumed.
 */
const ARTICLES = 200;
const WORDS_PER_ARTICLE = 3_000;

interface SaveFigures {
  size: number;
  ours: Summary;
  baseline: Summary;
  /** The library on disk: db.json and every annotations file (what one save rewrote before version 2). */
  libraryBytes: number;
  /** What one save wrote: its files, and their total size. */
  writtenFiles: string[];
  writtenBytes: number;
  articleReadMs: number;
  /** Each save adds one: how many were stored once the last timed save was done. */
  storedAtEnd: number;
}

async function durableWrite(path: string, contents: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  const handle = await open(temp, 'w', 0o600);
  try {
    await handle.writeFile(contents);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await rename(temp, path);
  await syncPath(join(path, '..'));
}

/** Passages for a library of `size` annotations spread over the articles (they may overlap: only their bytes matter here). */
function passagesFor(random: Random, words: ReturnType<typeof wordsOf>, count: number): Span[] {
  const spans: Span[] = [];
  while (spans.length < count) {
    const first = random.int(0, words.length - 16);
    const last = first + random.int(1, 14);
    const a = words[first];
    const b = words[last];
    if (!a || !b || a.paragraph !== b.paragraph) continue;
    spans.push({ start: a.start, end: b.end });
  }
  return spans;
}

async function measureSize(context: BenchContext, size: number, runs: number): Promise<SaveFigures> {
  const random = new Random(1000 + size);
  const prose = new ProseGenerator(loadSources(context.root), random);
  const tags = tagPool(prose, random);
  const articles: FixtureArticle[] = [];
  const perArticle = Math.floor(size / ARTICLES);
  let made = 0;
  for (let index = 0; index < ARTICLES; index += 1) {
    const paragraphs = prose.paragraphsOfWords(WORDS_PER_ARTICLE);
    const text = paragraphs.join('\n\n');
    const id = benchId(random);
    const count = index === ARTICLES - 1 ? size - made : perArticle;
    const annotations = makeAnnotations(id, text, passagesFor(random, wordsOf(paragraphs), count), prose, random, tags, made);
    made += count;
    articles.push({ id, title: prose.title(), blocks: paragraphBlocks(paragraphs), annotations });
  }
  return measureSaves(context, `save-${size}`, articles, runs, random, size);
}

/** Every file of the library proper (db.json and the annotations folder), with what identifies its current version. */
async function libraryFiles(dataDir: string): Promise<Map<string, { version: string; size: number }>> {
  const paths = [join(dataDir, DATABASE_FILE), ...(await readdir(join(dataDir, ANNOTATIONS_DIR))).map((name) => join(dataDir, ANNOTATIONS_DIR, name))];
  const files = new Map<string, { version: string; size: number }>();
  for (const path of paths) {
    const info = await stat(path);
    files.set(path, { version: `${info.ino}:${info.mtimeMs}:${info.size}`, size: info.size });
  }
  return files;
}

function changedFiles(before: Map<string, { version: string }>, after: Map<string, { version: string }>): string[] {
  return [...after].filter(([path, file]) => before.get(path)?.version !== file.version).map(([path]) => path);
}

/** Times createAnnotation on the first article of a library written to a fresh data directory. */
async function measureSaves(context: BenchContext, label: string, articles: FixtureArticle[], runs: number, random: Random, size: number): Promise<SaveFigures> {
  const dataDir = await makeDataDir(label, context.tmp);
  try {
    await writeLibrary(dataDir, articles, context.seedsDir);
    // On disk before the timed saves, so that none of them waits for the fixture's write-back.
    await syncTree(dataDir);
    const target = articles[0] as FixtureArticle;
    const paragraphs = target.blocks.map((block) => block.text);
    const targetWords = wordsOf(paragraphs);
    const fresh = passagesFor(random, targetWords, runs + 3);
    articles.length = 0;
    collectGarbage();

    // Start-up's one-off check of every article's file (2 s in) is put off past the timed saves: it read 200 article files in the
    // middle of the series, and how many saves it overlapped (and slowed) changed from run to run.
    const service = await createService({ dataDir, seedsDir: context.seedsDir, autoExportDelayMs: 60_000, articleCheckDelayMs: 600_000 });
    const save = (span: Span) =>
      service.createAnnotation({ articleId: target.id, start: span.start, end: span.end, color: 'yellow' });
    // Warm-up: JIT, the article file in the page cache, the first backup of the hour.
    for (const span of fresh.slice(runs)) await save(span);

    const baselineDir = join(dataDir, 'baseline');
    await mkdir(baselineDir);
    const ours: number[] = [];
    const baseline: number[] = [];
    let written: string[] = [];
    for (let run = 0; run < runs; run += 1) {
      const before = await libraryFiles(dataDir);
      collectGarbage();
      ours.push(await timeAsync(() => save(fresh[run] as Span)));
      written = changedFiles(before, await libraryFiles(dataDir));
      const contents = await Promise.all(written.map((path) => readFile(path, 'utf8')));
      collectGarbage();
      baseline.push(
        await timeAsync(async () => {
          for (const [index, text] of contents.entries()) await durableWrite(join(baselineDir, `file-${index}.json`), text);
        }),
      );
    }
    const files = await libraryFiles(dataDir);
    const libraryBytes = [...files.values()].reduce((sum, file) => sum + file.size, 0);
    const writtenBytes = written.reduce((sum, path) => sum + (files.get(path)?.size ?? 0), 0);
    // What finding the quote's context would cost if the article were read from disk for every save.
    const articlePath = join(dataDir, 'articles', `${target.id}.json`);
    const articleRead: number[] = [];
    for (let run = 0; run < 5; run += 1) articleRead.push(await timeAsync(async () => JSON.parse(await readFile(articlePath, 'utf8'))));
    await service.flush();
    await (service as { close?: () => Promise<void> }).close?.();
    return {
      size,
      ours: summarize(ours),
      baseline: summarize(baseline),
      libraryBytes,
      writtenFiles: written.map((path) => relative(dataDir, path)),
      writtenBytes,
      articleReadMs: summarize(articleRead).median,
      storedAtEnd: size + fresh.length,
    };
  } finally {
    if (!context.keep) await removeDataDir(dataDir);
  }
}

/** "annotations/abc.json (4.1 KB) of a 4.8 MB library" */
function writtenFigure(figure: SaveFigures): string {
  return `each save wrote ${figure.writtenFiles.join(' + ') || 'nothing'} (${formatBytes(figure.writtenBytes)}) of a ${formatBytes(figure.libraryBytes)} library`;
}

export async function runSaveCases(context: BenchContext): Promise<CaseResult[]> {
  const sizes = [1_000, 10_000, 100_000];
  const figures: SaveFigures[] = [];
  for (const size of sizes) {
    // fsync on this disk takes about 2 ms or about 4–5 ms, one or the other: with 30 runs the median of either series fell in
    // either mode, and the 10,000 ratio read anywhere from 0.77× to 1.51×. A hundred runs settle it (1.15–1.25×); 100,000,
    // at 7–10 ms a save, runs 30 times (it was 15).
    const runs = context.quick ? 8 : size >= 100_000 ? 30 : 100;
    context.log(`save: ${size.toLocaleString('en')} annotations, ${runs} runs…`);
    const result = await measureSize(context, size, runs);
    context.log(`  createAnnotation ${formatMs(result.ours.median)} vs durable write ${formatMs(result.baseline.median)} (${writtenFigure(result)})`);
    figures.push(result);
  }
  const rows: CaseResult[] = figures.map((figure) => {
    const label = `${figure.size / 1000}k`;
    const ratios = { median: ratio(figure.ours.median, figure.baseline.median), p95: ratio(figure.ours.p95, figure.baseline.p95) };
    const judged = figure.size === 10_000;
    return {
      id: `save-${label}`,
      title: judged ? 'Save a highlight' : 'Save vs size',
      measure: `createAnnotation, durable, ${figure.size.toLocaleString('en')} stored (${figure.storedAtEnd.toLocaleString('en')} by the last save; library ${formatBytes(figure.libraryBytes)})`,
      unit: 'ms',
      ours: figure.ours,
      baseline: figure.baseline,
      baselineLabel: 'the same bytes: write + fsync + rename + dir fsync',
      ratio: ratios,
      target: judged ? '≤ 1.5× at the median' : 'growth reported',
      verdict: judged ? (ratios.median <= 1.5 ? 'met' : 'missed') : 'reported',
      figure: writtenFigure(figure),
      details: { annotations: figure.size, articles: ARTICLES, libraryBytes: figure.libraryBytes, writtenFiles: figure.writtenFiles, writtenBytes: figure.writtenBytes },
    };
  });
  // A reader's case: highlighting in one long article (1 MB, 1,000 highlights already).
  const big = bigArticle(context.root, 47);
  const bigId = benchId(big.random);
  const bigRuns = context.quick ? 8 : 20;
  context.log(`save: on a 1 MB article with 1,000 highlights, ${bigRuns} runs…`);
  const onBig = await measureSaves(
    context,
    'save-big',
    [{ id: bigId, title: big.prose.title(), blocks: paragraphBlocks(big.paragraphs), annotations: makeAnnotations(bigId, big.text, pickPassages(big.random, big.words, 1_000), big.prose, big.random, tagPool(big.prose, big.random)) }],
    bigRuns,
    big.random,
    1_000,
  );
  context.log(`  createAnnotation ${formatMs(onBig.ours.median)} vs durable write ${formatMs(onBig.baseline.median)} (${writtenFigure(onBig)})`);
  const [small, , large] = figures as [SaveFigures, SaveFigures, SaveFigures];
  const growth = round(large.ours.median / small.ours.median);
  const perThousand = round((large.ours.median - small.ours.median) / ((large.size - small.size) / 1000));
  rows.push({
    id: 'save-growth',
    title: 'Save vs size',
    measure: 'median save time, 1k → 10k → 100k annotations',
    unit: 'ms',
    target: 'growth reported',
    verdict: 'reported',
    figure: `${figures.map((figure) => formatMs(figure.ours.median)).join(' → ')}: ×${growth} for ×100 annotations (+${formatMs(perThousand)} per 1,000 stored)`,
    details: {
      medians: Object.fromEntries(figures.map((figure) => [figure.size, figure.ours.median])),
      baselineMedians: Object.fromEntries(figures.map((figure) => [figure.size, figure.baseline.median])),
      libraryBytes: Object.fromEntries(figures.map((figure) => [figure.size, figure.libraryBytes])),
      writtenBytes: Object.fromEntries(figures.map((figure) => [figure.size, figure.writtenBytes])),
      growth100x: growth,
      msPer1000Stored: perThousand,
    },
  });
  rows.push({
    id: 'save-big-article',
    title: 'Save a highlight',
    measure: `in a 1 MB article, 1,000 stored (library ${formatBytes(onBig.libraryBytes)})`,
    unit: 'ms',
    ours: onBig.ours,
    baseline: onBig.baseline,
    baselineLabel: 'the same bytes: write + fsync + rename + dir fsync',
    ratio: { median: ratio(onBig.ours.median, onBig.baseline.median), p95: ratio(onBig.ours.p95, onBig.baseline.p95) },
    target: 'reported',
    verdict: 'reported',
    figure: `${writtenFigure(onBig)}; reading the article's file, which a save no longer does (the text is cached): ${formatMs(onBig.articleReadMs)}`,
    details: { libraryBytes: onBig.libraryBytes, writtenFiles: onBig.writtenFiles, writtenBytes: onBig.writtenBytes, articleReadMs: onBig.articleReadMs },
  });

  return rows;
}
