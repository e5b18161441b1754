import type { Summary } from './stats';

/** One row of the printed table and of bench/results.json. */
export interface CaseResult {
  /** Stable key, e.g. "save-10k". */
  id: string;
  /** The case as the issue names it. */
  title: string;
  /** What was measured, in a few words. */
  measure: string;
  unit: 'ms' | 'MB';
  ours?: Summary;
  baseline?: Summary;
  /** What the baseline is. */
  baselineLabel?: string;
  /** ours / baseline, at the median and at p95. */
  ratio?: { median: number; p95: number };
  target: string;
  verdict: 'met' | 'missed' | 'reported' | 'skipped';
  /** A short figure for the table when the row is not a plain timing (accuracy, growth…). */
  figure?: string;
  details?: Record<string, unknown>;
  notes?: string[];
}

export interface BenchContext {
  root: string;
  seedsDir: string;
  quick: boolean;
  keep: boolean;
  /** Where temporary data directories go. */
  tmp: string;
  log: (message: string) => void;
}
