import { createService, DEFAULT_COLOR_LABELS, HIGHLIGHT_COLORS, renderArticleMarkdown, type Annotation } from '../app';
import { bigArticle } from '../big-article';
import { pickPassages } from '../corpus';
import { benchId, makeAnnotations, makeDataDir, paragraphBlocks, removeDataDir, tagPool, writeLibrary } from '../fixture';
import type { BenchContext, CaseResult } from '../result';
import { collectGarbage, formatMs, ratio, summarize, timeSync, timeAsync } from '../stats';

/**
 * "Export": 10,000 annotations of one article to Markdown with the default
 * template (renderArticleMarkdown, the code every export path uses), against
 * JSON.stringify of the same annotations: the cost of any serialization at
 * all. Then the same through the service (exportMarkdown: reads the article,
 * sorts its annotations, renders), reported.
 */
const ANNOTATIONS = 10_000;

export async function runExportCase(context: BenchContext): Promise<CaseResult[]> {
  const article = bigArticle(context.root, 31);
  const { prose, random } = article;
  const id = benchId(random);
  const records = makeAnnotations(id, article.text, pickPassages(random, article.words, ANNOTATIONS), prose, random, tagPool(prose, random));
  const annotations: Annotation[] = records.map((record) => ({ ...record }));
  const input = {
    article: { id, title: prose.title(), source: { kind: 'file' as const, location: 'essay.txt' }, publishedAt: '2024-05-01' },
    annotations,
    colors: HIGHLIGHT_COLORS.map((color) => ({ id: color, label: DEFAULT_COLOR_LABELS[color] })),
    exportedAt: new Date(Date.UTC(2025, 0, 6)),
    articleTextLength: article.text.length,
  };

  const runs = context.quick ? 5 : 15;
  context.log(`export: ${ANNOTATIONS.toLocaleString('en')} annotations, ${runs} runs…`);
  let markdownBytes = 0;
  let jsonBytes = 0;
  // Warm-up, so both sides are compiled before they are timed.
  renderArticleMarkdown(input);
  JSON.stringify(annotations);
  const ours: number[] = [];
  const baseline: number[] = [];
  for (let run = 0; run < runs; run += 1) {
    collectGarbage();
    ours.push(timeSync(() => (markdownBytes = renderArticleMarkdown(input).length)));
    collectGarbage();
    baseline.push(timeSync(() => (jsonBytes = JSON.stringify(annotations).length)));
  }
  const oursSummary = summarize(ours);
  const baselineSummary = summarize(baseline);
  const ratios = { median: ratio(oursSummary.median, baselineSummary.median), p95: ratio(oursSummary.p95, baselineSummary.p95) };
  context.log(`  renderArticleMarkdown ${formatMs(oursSummary.median)} vs JSON.stringify ${formatMs(baselineSummary.median)}`);
  const rows: CaseResult[] = [
    {
      id: 'export',
      title: 'Export',
      measure: `${ANNOTATIONS.toLocaleString('en')} annotations to Markdown (renderArticleMarkdown)`,
      unit: 'ms',
      ours: oursSummary,
      baseline: baselineSummary,
      baselineLabel: 'JSON.stringify of the same annotations',
      ratio: ratios,
      target: '≤ 3×',
      verdict: ratios.median <= 3 ? 'met' : 'missed',
      details: { markdownCharacters: markdownBytes, jsonCharacters: jsonBytes },
    },
  ];

  // The same export through the service, from a data directory.
  const dataDir = await makeDataDir('export', context.tmp);
  try {
    await writeLibrary(dataDir, [{ id, title: input.article.title, blocks: paragraphBlocks(article.paragraphs), annotations: records }], context.seedsDir);
    const service = await createService({ dataDir, seedsDir: context.seedsDir });
    await service.exportMarkdown({ articleId: id });
    const viaService: number[] = [];
    for (let run = 0; run < runs; run += 1) {
      collectGarbage();
      viaService.push(await timeAsync(() => service.exportMarkdown({ articleId: id })));
    }
    await service.flush();
    await (service as { close?: () => Promise<void> }).close?.();
    const summary = summarize(viaService);
    rows.push({
      id: 'export-service',
      title: 'Export',
      measure: 'the same through service.exportMarkdown (reads the article file too)',
      unit: 'ms',
      ours: summary,
      baseline: baselineSummary,
      baselineLabel: 'JSON.stringify of the same annotations',
      ratio: { median: ratio(summary.median, baselineSummary.median), p95: ratio(summary.p95, baselineSummary.p95) },
      target: 'reported',
      verdict: 'reported',
    });
  } finally {
    if (!context.keep) await removeDataDir(dataDir);
  }
  return rows;
}
