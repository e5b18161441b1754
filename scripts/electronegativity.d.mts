// Types for scripts/electronegativity.mjs, for the tests that import its parts.
export interface Finding {
  check: string;
  severity: string;
  confidence: string;
  file: string;
  location: string;
  sample: string;
  description: string;
  url: string;
}

export interface Suppression {
  check: string;
  file: string;
  match: string;
  justification: string;
}

export interface JudgedFinding extends Finding {
  status: 'suppressed' | 'FAILING' | 'below MEDIUM';
  suppression: Suppression | null;
}

export function parseFindingsCsv(text: string): Finding[];

export function judgeFindings(
  findings: Finding[],
  suppressions: Partial<Suppression>[],
): {
  judged: JudgedFinding[];
  problems: string[];
  counts: { findings: number; serious: number; suppressed: number; failing: number };
};
