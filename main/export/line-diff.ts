/**
 * A small unified-style line diff, for showing a person what an export would
 * change in a note they edited ("-" their line, "+" Gloss's line). It only
 * has to be readable and correct, not minimal at any cost: the common head
 * and tail are trimmed first, and a middle too large for the quadratic LCS
 * table is shown as one replacement.
 */

export interface LineDiffOptions {
  /** Unchanged lines shown around each change. */
  context?: number;
  beforeLabel?: string;
  afterLabel?: string;
}

type Op = { kind: ' ' | '-' | '+'; text: string };

/** Cells of the LCS table we are willing to allocate (4 bytes each). */
const MAX_LCS_CELLS = 4_000_000;

/** The diff between two texts (line endings ignored), or '' when they have the same lines. */
export function unifiedLineDiff(before: string, after: string, options: LineDiffOptions = {}): string {
  const context = Math.max(0, options.context ?? 3);
  const a = splitLines(before);
  const b = splitLines(after);
  const ops = diffLines(a, b);
  if (ops.every((op) => op.kind === ' ')) return '';

  const lines = [`--- ${options.beforeLabel ?? 'before'}`, `+++ ${options.afterLabel ?? 'after'}`];
  for (const hunk of hunksOf(ops, context)) {
    lines.push(
      `@@ -${range(hunk.aStart, hunk.aCount)} +${range(hunk.bStart, hunk.bCount)} @@`,
      ...hunk.ops.map((op) => `${op.kind}${op.text}`),
    );
  }
  return lines.join('\n') + '\n';
}

/** The edit script from `a` to `b`, as kept, removed and added lines. */
export function diffLines(a: readonly string[], b: readonly string[]): Op[] {
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head += 1;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail += 1;

  const ops: Op[] = a.slice(0, head).map((text) => ({ kind: ' ', text }));
  const midA = a.slice(head, a.length - tail);
  const midB = b.slice(head, b.length - tail);
  ops.push(...middleOps(midA, midB));
  ops.push(...a.slice(a.length - tail).map((text): Op => ({ kind: ' ', text })));
  return ops;
}

function middleOps(a: readonly string[], b: readonly string[]): Op[] {
  const n = a.length;
  const m = b.length;
  if ((n + 1) * (m + 1) > MAX_LCS_CELLS) {
    return [...a.map((text): Op => ({ kind: '-', text })), ...b.map((text): Op => ({ kind: '+', text }))];
  }
  // lcs[i][j]: the LCS length of a[i..] and b[j..].
  const width = m + 1;
  const lcs = new Uint32Array((n + 1) * width);
  for (let i = n - 1; i >= 0; i -= 1) {
    for (let j = m - 1; j >= 0; j -= 1) {
      lcs[i * width + j] =
        a[i] === b[j] ? (lcs[(i + 1) * width + j + 1] as number) + 1 : Math.max(lcs[(i + 1) * width + j] as number, lcs[i * width + j + 1] as number);
    }
  }
  const ops: Op[] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      ops.push({ kind: ' ', text: a[i] as string });
      i += 1;
      j += 1;
    } else if ((lcs[(i + 1) * width + j] as number) >= (lcs[i * width + j + 1] as number)) {
      ops.push({ kind: '-', text: a[i] as string });
      i += 1;
    } else {
      ops.push({ kind: '+', text: b[j] as string });
      j += 1;
    }
  }
  while (i < n) ops.push({ kind: '-', text: a[i++] as string });
  while (j < m) ops.push({ kind: '+', text: b[j++] as string });
  return ops;
}

interface Hunk {
  aStart: number;
  aCount: number;
  bStart: number;
  bCount: number;
  ops: Op[];
}

function hunksOf(ops: readonly Op[], context: number): Hunk[] {
  const changed = ops.flatMap((op, index) => (op.kind === ' ' ? [] : [index]));
  const hunks: Hunk[] = [];
  let groupStart = 0;
  while (groupStart < changed.length) {
    let groupEnd = groupStart;
    while (
      groupEnd + 1 < changed.length &&
      (changed[groupEnd + 1] as number) - (changed[groupEnd] as number) - 1 <= 2 * context
    ) {
      groupEnd += 1;
    }
    const from = Math.max(0, (changed[groupStart] as number) - context);
    const to = Math.min(ops.length, (changed[groupEnd] as number) + context + 1);
    // Line numbers (1-based) of the hunk's first line on each side.
    let aLine = 1;
    let bLine = 1;
    for (const op of ops.slice(0, from)) {
      if (op.kind !== '+') aLine += 1;
      if (op.kind !== '-') bLine += 1;
    }
    const slice = ops.slice(from, to);
    const aCount = slice.filter((op) => op.kind !== '+').length;
    const bCount = slice.filter((op) => op.kind !== '-').length;
    hunks.push({
      aStart: aCount === 0 ? aLine - 1 : aLine,
      aCount,
      bStart: bCount === 0 ? bLine - 1 : bLine,
      bCount,
      ops: slice,
    });
    groupStart = groupEnd + 1;
  }
  return hunks;
}

function range(start: number, count: number): string {
  return count === 1 ? `${start}` : `${start},${count}`;
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}
