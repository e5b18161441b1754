/** Display helpers shared by the panes. */

// One formatter each, made once: toLocaleString() and toLocaleDateString()
// build a new Intl formatter on every call, which is most of the cost of
// rendering a thousand Library rows.
const dateFormat = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });
const numberFormat = new Intl.NumberFormat();

export function formatDate(isoDate: string): string {
  const date = new Date(isoDate.length === 10 ? `${isoDate}T12:00:00` : isoDate);
  if (Number.isNaN(date.getTime())) return isoDate;
  return dateFormat.format(date);
}

/** A count with the reader's digit grouping (what `toLocaleString()` gives). */
export function formatCount(count: number): string {
  return numberFormat.format(count);
}

/** Minutes at an unhurried 230 words a minute, never less than one. */
export function readingMinutes(wordCount: number): number {
  return Math.max(1, Math.round(wordCount / 230));
}

export function sourceLabel(source: { kind: string; location: string }): string {
  if (source.kind === 'seed') return 'Gloss sample';
  if (source.kind === 'url') {
    try {
      return new URL(source.location).hostname;
    } catch {
      return source.location;
    }
  }
  return source.location.split(/[\\/]/).pop() ?? source.location;
}
