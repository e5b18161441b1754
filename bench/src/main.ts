import { writeFileSync } from 'node:fs';
import { cpus, loadavg, platform, release, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runBrowserCases } from './cases/browser';
import { runExportCase } from './cases/export';
import { runReanchorCase } from './cases/reanchor';
import { runSaveCases } from './cases/save';
import { runSearchCase } from './cases/search';
import type { BenchContext, CaseResult } from './result';
import { formatMs, round } from './stats';

/**
 * Runs every case, prints the table and writes bench/results.json. Timings
 * are reported, never asserted: a missed target is a finding for
 * docs/PERFORMANCE.md, not a failure (the exit code is 0 unless the bench
 * itself broke).
 */

const GROUPS = ['export', 'reanchor', 'save', 'search', 'browser'] as const;
type Group = (typeof GROUPS)[number];

const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    quick: { type: 'boolean', default: false },
    keep: { type: 'boolean', default: false },
    tmp: { type: 'string' },
  },
  strict: true,
});

const root = process.env.GLOSS_BENCH_ROOT ?? process.cwd();
const started = Number(process.env.GLOSS_BENCH_STARTED_MS ?? Date.now());
const wanted = new Set((values.only?.split(',') ?? [...GROUPS]).map((name) => name.trim()).filter(Boolean));
for (const name of wanted) {
  if (!(GROUPS as readonly string[]).includes(name)) throw new Error(`--only: unknown case "${name}" (known: ${GROUPS.join(', ')})`);
}

const context: BenchContext = {
  root,
  seedsDir: join(root, 'seeds'),
  quick: values.quick === true,
  keep: values.keep === true,
  tmp: values.tmp ?? tmpdir(),
  log: (message) => process.stderr.write(`bench: ${message}\n`),
};

const machine: Record<string, unknown> = {
  cpu: cpus()[0]?.model ?? 'unknown',
  cores: cpus().length,
  memoryGB: Math.round(totalmem() / 1024 ** 3),
  os: `${platform()} ${release()}`,
  node: process.version,
  // Other work on the machine skews every timing: the 1-minute load average when the bench started and ended.
  loadAverageAtStart: round(loadavg()[0] as number),
};

const runners: Record<Group, () => Promise<CaseResult[]>> = {
  export: () => runExportCase(context),
  reanchor: () => runReanchorCase(context),
  save: () => runSaveCases(context),
  search: () => runSearchCase(context),
  browser: () => runBrowserCases(context, machine),
};

const results: CaseResult[] = [];
const timings: Record<string, number> = {};
for (const group of GROUPS) {
  if (!wanted.has(group)) continue;
  const began = performance.now();
  try {
    results.push(...(await runners[group]()));
  } catch (error) {
    context.log(`${group} failed: ${(error as Error).stack ?? String(error)}`);
    results.push({
      id: group,
      title: group,
      measure: 'the case could not run',
      unit: 'ms',
      target: '–',
      verdict: 'skipped',
      figure: (error as Error).message.split('\n')[0],
    });
  }
  timings[group] = Math.round((performance.now() - began) / 100) / 10;
  context.log(`${group} done in ${timings[group]} s`);
}

machine.loadAverageAtEnd = round(loadavg()[0] as number);
const wallSeconds = Math.round((Date.now() - started) / 100) / 10;
printTable(results);
process.stdout.write(
  `\nmachine: ${machine.cpu}, ${machine.cores} cores, ${machine.memoryGB} GB, ${machine.os}, Node ${machine.node}${machine.chromium ? `, Chromium ${machine.chromium}` : ''}; load average ${machine.loadAverageAtStart} at start, ${machine.loadAverageAtEnd} at end\n`,
);
process.stdout.write(`wall time: ${wallSeconds} s (build ${process.env.GLOSS_BENCH_PREPARED_S ?? '?'} s; ${Object.entries(timings).map(([group, seconds]) => `${group} ${seconds} s`).join(', ')})\n`);

const output = join(root, 'bench', 'results.json');
writeFileSync(
  output,
  JSON.stringify({ generatedAt: new Date().toISOString(), quick: context.quick, machine, wallSeconds, groupSeconds: timings, cases: results }, null, 2) + '\n',
);
process.stdout.write(`results: ${output}\n`);

function cell(result: CaseResult, which: 'ours' | 'baseline'): string {
  const summary = result[which];
  if (!summary) return '';
  const format = result.unit === 'MB' ? (value: number) => `${value.toFixed(1)} MB` : formatMs;
  return `${format(summary.median)} / ${format(summary.p95)}`;
}

function formatRatio(value: number): string {
  if (!Number.isFinite(value)) return '–';
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value >= 0.1 ? value.toFixed(2) : value.toPrecision(2);
}

function printTable(rows: readonly CaseResult[]): void {
  const header = ['case', 'measure', 'ours (median / p95)', 'baseline (median / p95)', 'ratio', 'target', 'result'];
  const lines = rows.map((row) => [
    row.title,
    row.measure,
    row.figure && !row.ours ? row.figure : cell(row, 'ours'),
    cell(row, 'baseline'),
    row.ratio ? `${formatRatio(row.ratio.median)}×` : '',
    row.target,
    row.verdict,
  ]);
  const widths = header.map((title, column) => Math.min(column === 1 || column === 2 ? 70 : 40, Math.max(title.length, ...lines.map((line) => (line[column] as string).length))));
  const format = (line: string[]) => '| ' + line.map((text, column) => text.padEnd(widths[column] as number)).join(' | ') + ' |';
  process.stdout.write('\n' + format(header) + '\n');
  process.stdout.write('|' + widths.map((width) => '-'.repeat(width + 2)).join('|') + '|\n');
  for (const line of lines) process.stdout.write(format(line) + '\n');
  const extras = rows.filter((row) => row.figure && row.ours);
  if (extras.length > 0) {
    process.stdout.write('\n');
    for (const row of extras) process.stdout.write(`${row.title}: ${row.figure}\n`);
  }
}
