import { createHash } from 'node:crypto';
import type { ArticleSummary } from '../../preload/api';
import { unifiedLineDiff } from './line-diff';
import { markdownFileName } from './markdown';

/**
 * Re-exporting into a note the user also writes in.
 *
 * Gloss owns only the text between two Obsidian comment lines, which Obsidian
 * hides when reading:
 *
 *   %% gloss:begin sha256=<16 hex> %%
 *   …everything Gloss generates below the front matter…
 *   %% gloss:end %%
 *
 * The rules:
 * - A new note is the generated front matter at the very top (where Obsidian
 *   and Logseq look for it), then the managed region.
 * - Later exports replace the region whole, so new highlights appear, deleted
 *   ones go, and none is ever duplicated. Everything outside the region,
 *   including the front matter, is the user's and survives byte for byte:
 *   the front matter is written on creation only (its `exported` is when the
 *   note was first made, and tags added later show up as #tags in the region).
 * - The begin marker holds a hash of the region as Gloss wrote it. If the
 *   region no longer matches it, the user edited inside it: that is a
 *   conflict, answered with a diff, and nothing is overwritten unless the
 *   caller asks again with `overwriteUserEdits`.
 * - A file without markers (a note of the user's that happens to have the same
 *   name), with damaged markers, or written for another article (its
 *   `gloss-id` differs) is a conflict too. Forcing a file without markers
 *   appends the region and keeps all its text; damaged markers are never
 *   forced, because where Gloss's text ends cannot be known.
 * - Exporting again with nothing changed leaves the bytes as they are.
 * - Hashes and comparisons ignore line endings; a CRLF file stays CRLF.
 */

export type MergeStatus = 'created' | 'updated' | 'unchanged' | 'conflict';
export type ConflictReason = 'edited-region' | 'no-markers' | 'damaged-markers' | 'different-article';

export interface MergeResult {
  /** What to write. On a conflict it is the existing file unchanged, so writing it loses nothing. */
  content: string;
  status: MergeStatus;
  /** True when the region's text differs from what Gloss last wrote there. */
  userEditedRegion: boolean;
  conflict?: ConflictReason;
  /** A sentence for the user explaining the conflict. */
  message?: string;
  /** On a conflict that can be forced: what forcing would change, as a unified line diff. */
  diff?: string;
}

export interface MergeOptions {
  /** The user has seen the diff and wants Gloss's version anyway. */
  overwriteUserEdits?: boolean;
}

const BEGIN_LINE = /^%% gloss:begin(?: sha256=([0-9a-f]{16}))? %%$/;
const END_LINE = /^%% gloss:end %%$/;
/** Anything that could be read as a marker; generated text must never contain one. */
const MARKER_LIKE = /^\s*%%\s*gloss:(?:begin|end)\b/;

/** The hash stored in the begin marker: the region's text with LF line endings. */
export function regionHash(inner: string): string {
  return createHash('sha256').update(toLf(inner), 'utf8').digest('hex').slice(0, 16);
}

/** Markdown inside the markers, ending with a newline. The body is framed by blank lines so it never runs into a marker. */
export function wrapManaged(markdownBody: string): string {
  const inner = regionInner(markdownBody);
  return `%% gloss:begin sha256=${regionHash(inner)} %%\n${inner}\n%% gloss:end %%\n`;
}

/** Splits leading YAML front matter (`---` … `---`) from the rest. */
export function splitFrontMatter(markdown: string): { frontMatter: string; body: string } {
  const text = toLf(markdown);
  const match = /^---\n(?:.*\n)*?(?:---|\.\.\.)(?:\n|$)/.exec(text);
  if (!match) return { frontMatter: '', body: text };
  const frontMatter = match[0].endsWith('\n') ? match[0] : `${match[0]}\n`;
  return { frontMatter, body: text.slice(match[0].length) };
}

/** The note as Gloss creates it: front matter first, then the managed region. */
export function createManagedNote(generated: string): string {
  const { frontMatter, body } = splitFrontMatter(generated);
  return frontMatter === '' ? wrapManaged(body) : `${frontMatter}\n${wrapManaged(body)}`;
}

/**
 * Merges a fresh export (`generated`: front matter plus body, as
 * renderArticleMarkdown or a template returns it) into the file already at
 * the export path (`existing`, or null when there is none).
 */
export function mergeIntoExisting(existing: string | null, generated: string, options: MergeOptions = {}): MergeResult {
  const created = createManagedNote(generated);
  if (existing === null || existing.trim() === '') {
    return { content: created, status: 'created', userEditedRegion: false };
  }
  const force = options.overwriteUserEdits === true;
  const eol = existing.includes('\r\n') ? '\r\n' : '\n';
  const { body } = splitFrontMatter(generated);
  const newInner = regionInner(body);
  const region = locateRegion(existing);

  if (region.kind === 'damaged') {
    return {
      content: existing,
      status: 'conflict',
      userEditedRegion: false,
      conflict: 'damaged-markers',
      message: `The note's Gloss markers are damaged (${region.problem}), so Gloss cannot tell its text from yours. Fix or remove the %% gloss:begin %% and %% gloss:end %% lines, or export under another name.`,
    };
  }

  if (region.kind === 'none') {
    const appended = `${existing}${/\r?\n$/.test(existing) ? '' : eol}${eol}${withEol(wrapManaged(body), eol)}`;
    if (force) return { content: appended, status: 'updated', userEditedRegion: false };
    return {
      content: existing,
      status: 'conflict',
      userEditedRegion: false,
      conflict: 'no-markers',
      message:
        'A note with this name already exists and Gloss did not write it. Overwriting keeps all of its text and adds the highlights at the end.',
      diff: diffFor(existing, appended),
    };
  }

  const replaced = `${existing.slice(0, region.start)}${withEol(wrapManaged(body), eol).replace(/\r?\n$/, '')}${existing.slice(region.end)}`;
  const currentInner = toLf(region.inner);
  const userEditedRegion = region.hash === null || regionHash(currentInner) !== region.hash;

  const existingId = glossIdOf(splitFrontMatter(existing).frontMatter);
  const generatedId = glossIdOf(splitFrontMatter(generated).frontMatter);
  if (!force && existingId !== null && generatedId !== null && existingId !== generatedId) {
    return {
      content: existing,
      status: 'conflict',
      userEditedRegion,
      conflict: 'different-article',
      message: 'This note holds the highlights of a different article with the same title. Export under another name, or overwrite its highlights.',
      diff: diffFor(existing, replaced),
    };
  }

  if (currentInner === newInner) {
    // Same text: only a stale or missing hash (the user edited the region into exactly this) needs writing.
    if (!userEditedRegion) return { content: existing, status: 'unchanged', userEditedRegion: false };
    return { content: replaced, status: 'updated', userEditedRegion: false };
  }
  if (userEditedRegion && !force) {
    return {
      content: existing,
      status: 'conflict',
      userEditedRegion: true,
      conflict: 'edited-region',
      message:
        'The highlights section of this note was edited outside Gloss. Exporting would replace those edits (text outside the section is always kept).',
      diff: diffFor(existing, replaced),
    };
  }
  return { content: replaced, status: 'updated', userEditedRegion };
}

/** A stable file name for an article's note. */
export function exportFileName(article: Pick<ArticleSummary, 'title'>): string {
  return markdownFileName(article.title);
}

/**
 * The file name of each article's note in an export folder: `<slug>.md`, and
 * for a later article with the same title `<slug>-<id>.md`, so neither blocks
 * the other. Given the library's order, names are the same at every export,
 * from the app or the CLI.
 */
export function noteFileNames(articles: readonly Pick<ArticleSummary, 'id' | 'title'>[]): Map<string, string> {
  const taken = new Set<string>();
  const names = new Map<string, string>();
  for (const article of articles) {
    const plain = exportFileName(article);
    const name = taken.has(plain) ? `${plain.replace(/\.md$/, '')}-${article.id}.md` : plain;
    taken.add(name);
    names.set(article.id, name);
  }
  return names;
}

// ---------------------------------------------------------------------------

type Located =
  | { kind: 'none' }
  | { kind: 'damaged'; problem: string }
  | { kind: 'found'; start: number; end: number; inner: string; hash: string | null };

/** Finds the one managed region: offsets of the begin line's start and the end line's last character. */
function locateRegion(text: string): Located {
  const begins: { start: number; next: number; hash: string | null }[] = [];
  const ends: { start: number; end: number }[] = [];
  let offset = 0;
  while (offset <= text.length) {
    const newline = text.indexOf('\n', offset);
    const lineEnd = newline === -1 ? text.length : newline;
    const line = text.slice(offset, lineEnd).replace(/[ \t\r]+$/, '');
    const begin = BEGIN_LINE.exec(line);
    if (begin) begins.push({ start: offset, next: newline === -1 ? text.length : newline + 1, hash: begin[1] ?? null });
    else if (END_LINE.test(line)) ends.push({ start: offset, end: offset + line.length });
    else if (MARKER_LIKE.test(line)) return { kind: 'damaged', problem: `an unreadable marker line "${line.slice(0, 60)}"` };
    if (newline === -1) break;
    offset = newline + 1;
  }
  if (begins.length === 0 && ends.length === 0) return { kind: 'none' };
  if (begins.length !== 1 || ends.length !== 1) {
    return { kind: 'damaged', problem: `${begins.length} begin and ${ends.length} end markers` };
  }
  const [begin] = begins as [(typeof begins)[number]];
  const [end] = ends as [(typeof ends)[number]];
  if (end.start < begin.next) return { kind: 'damaged', problem: 'the end marker comes before the begin marker' };
  // The region's text runs from after the begin line to before the line break that precedes the end line.
  let innerEnd = end.start === begin.next ? begin.next : end.start - 1;
  if (innerEnd > begin.next && text[innerEnd - 1] === '\r') innerEnd -= 1;
  return { kind: 'found', start: begin.start, end: end.end, inner: text.slice(begin.next, innerEnd), hash: begin.hash };
}

function regionInner(body: string): string {
  const lines = toLf(body)
    .replace(/^(?:[ \t]*\n)+/, '')
    .replace(/\s+$/, '')
    .split('\n')
    .map((line) => (MARKER_LIKE.test(line) ? `\\${line}` : line));
  return `\n${lines.join('\n')}\n`;
}

function glossIdOf(frontMatter: string): string | null {
  const match = /^gloss-id:[ \t]*(.*?)[ \t]*$/m.exec(frontMatter);
  if (!match) return null;
  const value = match[1] as string;
  if (value.startsWith('"')) {
    try {
      const parsed: unknown = JSON.parse(value);
      return typeof parsed === 'string' ? parsed : null;
    } catch {
      return null;
    }
  }
  return value.replace(/^'(.*)'$/, '$1');
}

function diffFor(before: string, after: string): string {
  return unifiedLineDiff(before, after, { beforeLabel: 'your note', afterLabel: 'after export' });
}

function toLf(text: string): string {
  return text.replace(/\r\n/g, '\n');
}

function withEol(text: string, eol: string): string {
  return eol === '\n' ? text : text.replace(/\n/g, eol);
}
