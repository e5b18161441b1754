import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { chromium, type Browser, type BrowserContext, type ElementHandle, type Page } from '@playwright/test';
import { hasNote, type Annotation } from '../app';
import { bigArticle } from '../big-article';
import { pickPassages } from '../corpus';
import { LIBRARY_WORDS, asFixture, generatedLibrary } from '../library';
import { benchId, makeAnnotations, makeDataDir, paragraphBlocks, removeDataDir, tagPool, writeLibrary, type FixtureArticle } from '../fixture';
import type { Probe } from '../page/probe';
import type { BenchContext, CaseResult } from '../result';
import { formatMs, ratio, round, summarize } from '../stats';

/**
 * The cases that need the real app in real Chromium: web mode (the built
 * out/main/web.js, as `npm run web` runs it) on a prepared data directory,
 * driven through its UI. Nothing in the app is changed or instrumented: the
 * bench clicks what a person clicks and watches the page (CSS.highlights,
 * the DOM) from outside React.
 *
 * - Open and paint: click an article in the Library, until its text is on
 *   screen with all 1,000 highlights painted; vs the same text with none.
 * - Painting vs the classic way: see page/probe.ts. Timed with the
 *   highlights as the app paints them (colour, and a note's underline), and
 *   reported also in colour only (the notes left out on both sides).
 * - Memory: the renderer's JS heap after a full GC, with the article and its
 *   1,000 highlights open (and, for reference, the same with none).
 * - Start-up: from spawning web mode to the Library painted with all 1,000
 *   articles; the baseline spawns Node with a trivial HTTP server and paints
 *   a one-line page, the floor any web-mode start-up stands on.
 */

const HIGHLIGHTS = 1_000;
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const VIEWPORT = { width: 1400, height: 900 };

interface Server {
  child: ChildProcess;
  url: string;
}

function startProcess(command: string, args: string[], pattern: RegExp, cwd: string): Promise<Server> {
  const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  return new Promise<Server>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${args.join(' ')} did not start in 60 s. stderr:\n${stderr}`)), 60_000);
    lines.on('line', (line) => {
      const match = pattern.exec(line);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] as string });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${args.join(' ')} exited with ${code}. stderr:\n${stderr}`));
    });
  });
}

async function stopProcess(server: Server): Promise<void> {
  if (server.child.exitCode !== null || server.child.signalCode !== null) return;
  const exited = new Promise((resolve) => server.child.once('exit', resolve));
  server.child.kill('SIGTERM');
  await exited;
}

const WEB_LINE = /^Gloss web: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/;

/** The built web mode; GLOSS_BENCH_WEB_ENTRY runs the same cases against another build (an experiment with a proposed change). */
function webEntry(context: BenchContext): string {
  return process.env.GLOSS_BENCH_WEB_ENTRY ?? join(context.root, 'out', 'main', 'web.js');
}

function startWebMode(context: BenchContext, dataDir: string): Promise<Server> {
  return startProcess(process.execPath, [webEntry(context), '--data-dir', dataDir], WEB_LINE, context.root);
}

async function freshPage(browser: Browser, options: { bypassCSP?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: VIEWPORT, bypassCSP: options.bypassCSP === true });
  return { context, page: await context.newPage() };
}

async function waitForReady(page: Page): Promise<void> {
  await page.locator('.app[data-ready="true"]').waitFor({ timeout: 60_000 });
}

async function libraryButton(page: Page, title: string): Promise<ElementHandle<HTMLElement>> {
  const locator = page.getByRole('navigation', { name: 'Library' }).getByRole('button', { name: title });
  await locator.first().waitFor({ timeout: 60_000 });
  return (await locator.first().elementHandle()) as ElementHandle<HTMLElement>;
}

/**
 * Clicks the article's button and resolves, in the page's clock, once the
 * frame showing it has been painted: the title and every block are in the
 * DOM, and (when expected) all its highlights are registered.
 */
async function openAndTime(page: Page, button: ElementHandle<HTMLElement>, expected: { title: string; blocks: number; highlights: number }): Promise<number> {
  return page.evaluate(
    ([element, wanted]) =>
      new Promise<number>((resolve, reject) => {
        const began = performance.now();
        const deadline = began + 120_000;
        const names = ['yellow', 'green', 'blue', 'pink', 'purple'].map((color) => `gloss-${color}`);
        const check = (): void => {
          let ready = document.getElementById('article-title')?.textContent === wanted.title;
          ready &&= document.querySelectorAll('.article-body [data-start]').length === wanted.blocks;
          if (ready && wanted.highlights > 0) {
            let painted = 0;
            for (const name of names) painted += CSS.highlights.get(name)?.size ?? 0;
            ready = painted === wanted.highlights;
          }
          if (ready) {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => resolve(performance.now() - began);
            channel.port2.postMessage(null);
          } else if (performance.now() > deadline) reject(new Error(`"${wanted.title}" did not open with its highlights in 120 s`));
          else requestAnimationFrame(check);
        };
        element.click();
        requestAnimationFrame(check);
      }),
    [button, expected] as const,
  );
}

/** The page's JS heap after two full collections, in MB (CDP: HeapProfiler.collectGarbage, Runtime.getHeapUsage). */
async function heapAfterGc(page: Page): Promise<number> {
  const session = await page.context().newCDPSession(page);
  await session.send('HeapProfiler.enable');
  await session.send('HeapProfiler.collectGarbage');
  await page.waitForTimeout(200);
  await session.send('HeapProfiler.collectGarbage');
  const usage = await session.send('Runtime.getHeapUsage');
  await session.detach();
  return usage.usedSize / 1024 / 1024;
}

/** Waits until the page has been quiet for a moment: the annotations pane laid out, the layout observers settled. */
async function settle(page: Page): Promise<void> {
  await page.waitForLoadState('networkidle').catch(() => undefined);
  await page.waitForTimeout(1_000);
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
}

async function readerCases(context: BenchContext, browser: Browser): Promise<CaseResult[]> {
  const article = bigArticle(context.root, 23);
  const { prose, random } = article;
  const blocks = paragraphBlocks(article.paragraphs);
  const baseTitle = prose.title();
  const marked: FixtureArticle = { id: benchId(random), title: `${baseTitle}, highlighted`, blocks, annotations: [] };
  marked.annotations = makeAnnotations(marked.id, article.text, pickPassages(random, article.words, HIGHLIGHTS), prose, random, tagPool(prose, random));
  const plain: FixtureArticle = { id: benchId(random), title: `${baseTitle}, plain copy`, blocks, annotations: [] };
  const dataDir = await makeDataDir('reader', context.tmp);
  let server: Server | null = null;
  try {
    await writeLibrary(dataDir, [marked, plain], context.seedsDir);
    server = await startWebMode(context, dataDir);
    const url = server.url;

    // Open and paint, with a memory reading once each opened article has settled.
    const runs = context.quick ? 3 : 5;
    context.log(`open and paint: ${(article.text.length / 1e6).toFixed(2)} MB article, ${runs} runs each…`);
    const withHighlights: number[] = [];
    const without: number[] = [];
    const heapWith: number[] = [];
    const heapWithout: number[] = [];
    const heapLibrary: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      for (const subject of run % 2 === 0 ? [marked, plain] : [plain, marked]) {
        const { context: browserContext, page } = await freshPage(browser);
        try {
          await page.goto(url);
          await waitForReady(page);
          const button = await libraryButton(page, subject.title);
          if (run === 0 && subject === marked) {
            await settle(page);
            heapLibrary.push(await heapAfterGc(page));
          }
          const elapsed = await openAndTime(page, button, { title: subject.title, blocks: blocks.length, highlights: subject.annotations.length });
          (subject === marked ? withHighlights : without).push(elapsed);
          if (run < 3) {
            await settle(page);
            (subject === marked ? heapWith : heapWithout).push(await heapAfterGc(page));
          }
        } finally {
          await browserContext.close();
        }
      }
    }
    const openWith = summarize(withHighlights);
    const openWithout = summarize(without);
    const openRatio = { median: ratio(openWith.median, openWithout.median), p95: ratio(openWith.p95, openWithout.p95) };
    context.log(`  with ${HIGHLIGHTS} highlights ${formatMs(openWith.median)}, without ${formatMs(openWithout.median)}`);

    // Painting vs the classic way, on the plain copy's rendered body: the highlights as the app paints them (colour, and a dotted
    // underline for each with a note; the marks draw the same), and, reported beside it, the same highlights in colour only.
    // Eight runs: the <mark> baseline's frame varies by ±30% from run to run, and with five its median did too.
    const paintRuns = context.quick ? 2 : 8;
    context.log(`painting vs <mark>: ${paintRuns} runs each, as painted and in colour only…`);
    const probeSource = readFileSync(join(context.root, 'node_modules', '.cache', 'gloss-bench', 'page', 'probe.js'), 'utf8');
    const annotations: Annotation[] = marked.annotations.map((record) => ({ ...record }));
    // Counted as the painter counts them: an orphaned highlight is not painted.
    const withNotes = annotations.filter((annotation) => !annotation.orphaned && hasNote(annotation)).length;
    const variants = { painted: annotations, colourOnly: annotations.map((annotation) => ({ ...annotation, note: '' })) };
    const kinds = ['ours', 'marks'] as const;
    type Timings = Record<(typeof kinds)[number], number[]>;
    const total: Record<keyof typeof variants, Timings> = { painted: { ours: [], marks: [] }, colourOnly: { ours: [], marks: [] } };
    const script: Timings = { ours: [], marks: [] };
    let markElements = 0;
    let mapping: { appMs: number } | null = null;
    for (let run = 0; run < paintRuns; run += 1) {
      for (const variant of ['painted', 'colourOnly'] as const) {
        for (let turn = 0; turn < kinds.length; turn += 1) {
          const kind = kinds[(run + turn) % kinds.length] as (typeof kinds)[number];
          const list = variants[variant];
          // A fresh page for every run: the classic way leaves thousands of extra nodes behind.
          const { context: browserContext, page } = await freshPage(browser, { bypassCSP: true });
          try {
            await page.goto(url);
            await waitForReady(page);
            await openAndTime(page, await libraryButton(page, plain.title), { title: plain.title, blocks: blocks.length, highlights: 0 });
            await settle(page);
            await page.evaluate(probeSource);
            const timing = await page.evaluate(
              ([which, highlights]) => (window as unknown as { __glossBenchProbe: Probe }).__glossBenchProbe.paintOnCopy(which, highlights),
              [kind, list] as const,
            );
            if (kind !== 'marks' && timing.count !== HIGHLIGHTS) throw new Error(`${kind}: painted ${timing.count} highlights, expected ${HIGHLIGHTS}`);
            if (kind === 'marks') markElements = timing.count;
            total[variant][kind].push(timing.totalMs);
            if (variant === 'painted') script[kind].push(timing.scriptMs);
            if (mapping === null) {
              mapping = await page.evaluate((highlights) => (window as unknown as { __glossBenchProbe: Probe }).__glossBenchProbe.mappingCost(highlights), list);
            }
          } finally {
            await browserContext.close();
          }
        }
      }
    }
    const oursSummary = summarize(total.painted.ours);
    const marksSummary = summarize(total.painted.marks);
    const speedUp = round(marksSummary.median / oursSummary.median);
    const colourOnly = { ours: summarize(total.colourOnly.ours), marks: summarize(total.colourOnly.marks) };
    const colourOnlySpeedUp = round(colourOnly.marks.median / colourOnly.ours.median);
    context.log(`  as painted: ours ${formatMs(oursSummary.median)}, <mark> ${formatMs(marksSummary.median)}; colour only: ours ${formatMs(colourOnly.ours.median)}, <mark> ${formatMs(colourOnly.marks.median)}`);

    const memory = summarize(heapWith);
    const memoryPlain = summarize(heapWithout);
    const memoryLibrary = summarize(heapLibrary);
    context.log(`  heap with highlights ${memory.median.toFixed(1)} MB, without ${memoryPlain.median.toFixed(1)} MB, library only ${memoryLibrary.median.toFixed(1)} MB`);

    return [
      {
        id: 'open-paint',
        title: 'Open and paint',
        measure: `click → ${(article.text.length / 1e6).toFixed(2)} MB article painted with ${HIGHLIGHTS.toLocaleString('en')} highlights`,
        unit: 'ms',
        ours: openWith,
        baseline: openWithout,
        baselineLabel: 'the same article with no highlights',
        ratio: openRatio,
        target: '≤ 1.25×',
        verdict: openRatio.median <= 1.25 ? 'met' : 'missed',
        details: { blocks: blocks.length, characters: article.text.length },
      },
      {
        id: 'paint-vs-mark',
        title: 'Painting vs the classic way',
        measure: `${HIGHLIGHTS.toLocaleString('en')} highlights (${withNotes} with a note's underline) to the next painted frame`,
        unit: 'ms',
        ours: oursSummary,
        baseline: marksSummary,
        baselineLabel: `wrapping each highlight's text nodes in <mark> (${markElements.toLocaleString('en')} elements), with the same colours and note underline`,
        ratio: { median: ratio(oursSummary.median, marksSummary.median), p95: ratio(oursSummary.p95, marksSummary.p95) },
        target: 'ours ≥ 5× faster',
        verdict: speedUp >= 5 ? 'met' : 'missed',
        figure: `${versus(speedUp)}; in colour only (no note underlines on either side) ${versus(colourOnlySpeedUp)} (${formatMs(colourOnly.ours.median)} vs ${formatMs(colourOnly.marks.median)}); script only: ours ${formatMs(summarize(script.ours).median)} (of which mapping 1,000 ranges ${mapping ? formatMs(mapping.appMs) : '?'}), <mark> ${formatMs(summarize(script.marks).median)}`,
        details: {
          speedUp,
          highlightsWithNotes: withNotes,
          colourOnly: { speedUp: colourOnlySpeedUp, ours: colourOnly.ours, marks: colourOnly.marks },
          oursScript: summarize(script.ours),
          marksScript: summarize(script.marks),
          markElements,
          offsetMapping: mapping && { appRangeOfOffsetsMs: round(mapping.appMs) },
        },
      },
      {
        id: 'memory',
        title: 'Memory',
        measure: `renderer JS heap after GC, 1 MB article + ${HIGHLIGHTS.toLocaleString('en')} highlights open`,
        unit: 'MB',
        ours: memory,
        baseline: memoryPlain,
        baselineLabel: 'the same article with no highlights',
        ratio: { median: ratio(memory.median, memoryPlain.median), p95: ratio(memory.p95, memoryPlain.p95) },
        target: '≤ 150 MB',
        verdict: memory.median <= 150 ? 'met' : 'missed',
        figure: `library alone ${memoryLibrary.median.toFixed(1)} MB`,
        details: { libraryOnlyMB: memoryLibrary },
      },
    ];
  } finally {
    if (server) await stopProcess(server);
    if (!context.keep) await removeDataDir(dataDir);
  }
}

/** "5.2× faster than <mark>", or "3.8× slower than <mark>". */
function versus(speedUp: number): string {
  return speedUp >= 1 ? `${speedUp}× faster than <mark>` : `${round(1 / speedUp)}× slower than <mark>`;
}

/** Resolves once the Library lists `count` articles and that frame has been painted. */
async function libraryPainted(page: Page, count: number): Promise<void> {
  await page.evaluate(
    (wanted) =>
      new Promise<void>((resolve, reject) => {
        const deadline = performance.now() + 120_000;
        const check = (): void => {
          const buttons = document.querySelectorAll('nav[aria-label="Library"] li button, nav[aria-label="Library"] [role="listitem"] button').length;
          if (buttons >= wanted) {
            const channel = new MessageChannel();
            channel.port1.onmessage = () => resolve();
            channel.port2.postMessage(null);
          } else if (performance.now() > deadline) reject(new Error(`the Library showed ${buttons} of ${wanted} articles after 120 s`));
          else requestAnimationFrame(check);
        };
        requestAnimationFrame(check);
      }),
    count,
  );
}

async function startupCase(context: BenchContext, browser: Browser): Promise<CaseResult[]> {
  const library = generatedLibrary(context);
  const articleCount = library.length;
  const highlightCount = library.reduce((sum, article) => sum + article.annotations.length, 0);
  const dataDir = await makeDataDir('startup', context.tmp);
  try {
    await writeLibrary(dataDir, library.map(asFixture), context.seedsDir);

    const serverReady: number[] = [];
    const once = async (start: () => Promise<Server>, painted: (page: Page) => Promise<void>, isGloss = false): Promise<number> => {
      const { context: browserContext, page } = await freshPage(browser);
      const began = performance.now();
      const server = await start();
      if (isGloss) serverReady.push(performance.now() - began);
      try {
        await page.goto(server.url, { waitUntil: 'commit' });
        await painted(page);
        return performance.now() - began;
      } finally {
        await browserContext.close();
        await stopProcess(server);
      }
    };
    const gloss = () => once(() => startWebMode(context, dataDir), (page) => libraryPainted(page, articleCount), true);
    const floor = () =>
      once(
        () =>
          startProcess(
            process.execPath,
            [
              '-e',
              "const s=require('node:http').createServer((q,r)=>{r.writeHead(200,{'Content-Type':'text/html'});r.end('<!doctype html><title>t</title><p id=ok>ok</p>')});s.listen(0,'127.0.0.1',()=>console.log('http://127.0.0.1:'+s.address().port+'/'))",
            ],
            /^(http:\/\/127\.0\.0\.1:\d+\/)$/,
            context.root,
          ),
        (page) => page.evaluate(() => new Promise<void>((resolve) => {
          const check = (): void => {
            if (document.getElementById('ok')) {
              const channel = new MessageChannel();
              channel.port1.onmessage = () => resolve();
              channel.port2.postMessage(null);
            } else requestAnimationFrame(check);
          };
          requestAnimationFrame(check);
        })),
      );

    // The first start on a new data folder may do one-time work (backups of every article): reported apart.
    const first = await gloss();
    serverReady.length = 0;
    context.log(`  first start ${formatMs(first)}`);
    const runs = context.quick ? 3 : 7;
    const ours: number[] = [];
    const baseline: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      ours.push(await gloss());
      baseline.push(await floor());
    }
    const summary = summarize(ours);
    const floorSummary = summarize(baseline);
    context.log(`  start-up ${formatMs(summary.median)} (floor ${formatMs(floorSummary.median)})`);
    return [
      {
        id: 'startup',
        title: 'Start-up (web mode)',
        measure: `spawn → Library painted, ${articleCount.toLocaleString('en')} articles (${((articleCount * LIBRARY_WORDS) / 1e6).toFixed(1)} M words, ${highlightCount.toLocaleString('en')} highlights)`,
        unit: 'ms',
        ours: summary,
        baseline: floorSummary,
        baselineLabel: 'spawn node with a trivial HTTP server → a one-line page painted',
        ratio: { median: ratio(summary.median, floorSummary.median), p95: ratio(summary.p95, floorSummary.p95) },
        target: 'reported, ≤ 1 s here',
        verdict: summary.median <= 1000 ? 'met' : 'missed',
        figure: `web mode listening after ${formatMs(summarize(serverReady).median)} (the rest is the page: load, listArticles, render); first start on the new folder ${formatMs(first)}`,
        details: { firstStartMs: round(first), articles: articleCount, serverReadyMs: summarize(serverReady) },
      },
    ];
  } finally {
    if (!context.keep) await removeDataDir(dataDir);
  }
}

export async function runBrowserCases(context: BenchContext, machine: Record<string, unknown>): Promise<CaseResult[]> {
  if (!existsSync(webEntry(context))) throw new Error(`${webEntry(context)} does not exist: the app is not built (bench/run.mjs builds it)`);
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: CHROMIUM_ARGS });
  machine.chromium = browser.version();
  try {
    const rows: CaseResult[] = [];
    rows.push(...(await readerCases(context, browser)));
    rows.push(...(await startupCase(context, browser)));
    return rows;
  } finally {
    await browser.close();
  }
}
