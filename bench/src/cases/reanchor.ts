import { describe, reanchorAll, type AnchorMatch, type TextAnchor } from '../app';
import { bigArticle } from '../big-article';
import { paragraphSpans, pickPassages, type Span, type Word } from '../corpus';
import type { BenchContext, CaseResult } from '../result';
import { collectGarbage, formatMs, ratio, round, summarize, timeSync } from '../stats';

/**
 * "Re-anchor": 1,000 annotations on a 1 MB article, then the article is
 * edited as a re-import would bring it back: a new passage at the top (every
 * offset moves), 300 word edits scattered through the text (some inside
 * highlighted passages or their context, changing at most a fifth of a
 * quote), 20 highlighted passages deleted outright and 3 whole paragraphs
 * removed. reanchorAll, the code a re-import runs, places them all again.
 *
 * Accuracy uses tests/unit/anchor-accuracy.test.ts's definitions: a kept
 * passage is placed correctly when the anchor starts within 4 characters of
 * where the passage went and overlaps it by at least 80% of the longer span;
 * otherwise it is misplaced, or orphaned when not placed. A deleted passage
 * must be orphaned. A deleted passage whose exact text survives elsewhere
 * (prose repeats itself) is judged apart, as in the test.
 */

const ANNOTATIONS = 1_000;
const WORD_EDITS = 300;
const DELETED_QUOTES = 20;
const DELETED_PARAGRAPHS = 3;
const START_TOLERANCE = 4;
const MIN_OVERLAP = 0.8;

interface Splice {
  from: number;
  to: number;
  insert: string;
}

function mapSpan(span: Span, splice: Splice): Span {
  const delta = splice.insert.length - (splice.to - splice.from);
  const start = span.start < splice.to ? Math.min(span.start, splice.from) : span.start + delta;
  const end = span.end <= splice.from ? span.end : span.end >= splice.to ? span.end + delta : splice.from + splice.insert.length;
  return { start, end };
}

type Verdict = 'correct' | 'misplaced' | 'orphaned';

function judge(match: AnchorMatch | null, expected: Span | null): Verdict {
  if (!match) return 'orphaned';
  if (!expected) return 'misplaced';
  const overlap = Math.min(match.end, expected.end) - Math.max(match.start, expected.start);
  const longer = Math.max(match.end - match.start, expected.end - expected.start);
  return Math.abs(match.start - expected.start) <= START_TOLERANCE && overlap >= MIN_OVERLAP * longer ? 'correct' : 'misplaced';
}

export async function runReanchorCase(context: BenchContext): Promise<CaseResult[]> {
  const article = bigArticle(context.root, 11);
  const { text, words, prose, random } = article;
  const selectors: TextAnchor[] = pickPassages(random, words, ANNOTATIONS).map((span) => describe(text, span.start, span.end));

  const splices: Splice[] = [{ from: 0, to: 0, insert: prose.paragraphsOfLength(3_000).join('\n\n') + '\n\n' }];
  const overlapsSplice = (from: number, to: number): boolean => splices.some((splice) => from <= splice.to + 1 && splice.from <= to + 1);

  const deletedQuotes = new Set<number>();
  while (deletedQuotes.size < DELETED_QUOTES) {
    const index = random.int(0, selectors.length - 1);
    const { start, end } = selectors[index] as TextAnchor;
    const to = text[end] === ' ' ? end + 1 : end;
    if (deletedQuotes.has(index) || overlapsSplice(start, to)) continue;
    deletedQuotes.add(index);
    splices.push({ from: start, to, insert: '' });
  }
  const paragraphs = paragraphSpans(article.paragraphs);
  let removed = 0;
  while (removed < DELETED_PARAGRAPHS) {
    const index = random.int(1, paragraphs.length - 2);
    const paragraph = paragraphs[index] as Span;
    if (overlapsSplice(paragraph.start, paragraph.end + 2)) continue;
    splices.push({ from: paragraph.start, to: paragraph.end + 2, insert: '' });
    removed += 1;
  }
  let edits = 0;
  while (edits < WORD_EDITS) {
    const index = random.int(1, words.length - 2);
    const word = words[index] as Word;
    const next = words[index + 1] as Word;
    const choice = random.int(0, 2);
    if (choice === 1 && next.paragraph !== word.paragraph) continue;
    const splice: Splice =
      choice === 0
        ? { from: word.start, to: word.start, insert: prose.word() + ' ' }
        : choice === 1
          ? { from: word.start, to: next.start, insert: '' }
          : { from: word.start, to: word.end, insert: prose.word() };
    if (overlapsSplice(splice.from, splice.to)) continue;
    // An edit inside a quote may change at most a fifth of it (the test's keep-case bound).
    const changed = Math.max(splice.insert.length, splice.to - splice.from);
    const inside = selectors.some((selector) => splice.from < selector.end && selector.start < Math.max(splice.to, splice.from + 1) && changed > (selector.end - selector.start) / 5);
    if (inside) continue;
    splices.push(splice);
    edits += 1;
  }

  splices.sort((a, b) => a.from - b.from || a.to - b.to);
  const pieces: string[] = [];
  let cursor = 0;
  for (const splice of splices) {
    pieces.push(text.slice(cursor, splice.from), splice.insert);
    cursor = splice.to;
  }
  pieces.push(text.slice(cursor));
  const edited = pieces.join('');

  // Where each passage is after the edits; null when an edit removed all of it.
  const rightToLeft = [...splices].reverse();
  const expected = selectors.map((selector): Span | null => {
    if (splices.some((splice) => splice.from <= selector.start && splice.to >= selector.end && splice.to > splice.from)) return null;
    let span: Span = { start: selector.start, end: selector.end };
    for (const splice of rightToLeft) span = mapSpan(span, splice);
    return span;
  });

  const runs = context.quick ? 3 : 7;
  context.log(`re-anchor: ${ANNOTATIONS} annotations on a ${(edited.length / 1e6).toFixed(2)} MB article, ${runs} runs…`);
  reanchorAll(edited, selectors.slice(0, 50));
  let results: (AnchorMatch | null)[] = [];
  const times: number[] = [];
  // The baseline: the least any re-anchoring can do, an exact search for each quote (no context, no fuzzy matching).
  const naive: number[] = [];
  let naiveFound = 0;
  for (let run = 0; run < runs; run += 1) {
    collectGarbage();
    times.push(timeSync(() => (results = reanchorAll(edited, selectors))));
    collectGarbage();
    naive.push(timeSync(() => (naiveFound = selectors.filter((selector) => edited.indexOf(selector.quote) !== -1).length)));
  }

  const kept = { correct: 0, misplaced: 0, orphaned: 0 };
  const deleted = { orphaned: 0, misplaced: 0 };
  const survivingCopy = { orphaned: 0, placedOnCopy: 0 };
  selectors.forEach((selector, index) => {
    const match = results[index] ?? null;
    const where = expected[index] ?? null;
    if (where) {
      kept[judge(match, where)] += 1;
    } else if (edited.includes(selector.quote)) {
      if (match) survivingCopy.placedOnCopy += 1;
      else survivingCopy.orphaned += 1;
    } else if (match) deleted.misplaced += 1;
    else deleted.orphaned += 1;
  });
  const keptTotal = kept.correct + kept.misplaced + kept.orphaned;
  const deletedTotal = deleted.orphaned + deleted.misplaced;
  const summary = summarize(times);
  const perAnnotationUs = round((summary.median * 1000) / ANNOTATIONS);
  const accuracy =
    `${kept.correct}/${keptTotal} kept placed correctly (${((100 * kept.correct) / keptTotal).toFixed(1)}%), ${kept.misplaced} misplaced, ${kept.orphaned} orphaned; ` +
    `${deleted.orphaned}/${deletedTotal} deleted orphaned` +
    (survivingCopy.orphaned + survivingCopy.placedOnCopy > 0 ? `; ${survivingCopy.placedOnCopy + survivingCopy.orphaned} deleted with a copy elsewhere: ${survivingCopy.orphaned} orphaned` : '');
  context.log(`  ${formatMs(summary.median)} total, ${perAnnotationUs} µs per annotation; ${accuracy}`);
  return [
    {
      id: 'reanchor',
      title: 'Re-anchor',
      measure: `${ANNOTATIONS.toLocaleString('en')} annotations, edited ${(edited.length / 1e6).toFixed(2)} MB article (${perAnnotationUs} µs each)`,
      unit: 'ms',
      ours: summary,
      baseline: summarize(naive),
      baselineLabel: 'indexOf of each quote in the edited text (exact only, no context)',
      ratio: { median: ratio(summary.median, summarize(naive).median), p95: ratio(summary.p95, summarize(naive).p95) },
      target: '≤ 1 s total, accuracy reported',
      verdict: summary.median <= 1000 ? 'met' : 'missed',
      figure: `accuracy: ${accuracy}`,
      details: {
        articleCharacters: edited.length,
        edits: { wordEdits: WORD_EDITS, deletedQuotes: DELETED_QUOTES, deletedParagraphs: DELETED_PARAGRAPHS, insertedAtTop: (splices[0] as Splice).insert.length },
        perAnnotationMicroseconds: perAnnotationUs,
        baselineFoundExactly: naiveFound,
        kept,
        deleted,
        deletedWithSurvivingCopy: survivingCopy,
      },
    },
  ];
}
