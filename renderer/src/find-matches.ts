/**
 * Where a search term occurs in the article's canonical text, ignoring case
 * and accents (so "cafe" finds "Café"). Returns [start, end) offsets.
 */
export function findMatches(text: string, query: string, limit = 5_000): { start: number; end: number }[] {
  const needle = fold(query.trim());
  if (needle.length === 0) return [];
  const haystack = fold(text);
  const matches: { start: number; end: number }[] = [];
  for (let at = haystack.indexOf(needle); at !== -1 && matches.length < limit; at = haystack.indexOf(needle, at + needle.length)) {
    matches.push({ start: at, end: at + needle.length });
  }
  return matches;
}

/** Lower case without diacritics, keeping one character per character so offsets stay valid. */
function fold(text: string): string {
  let out = '';
  for (const char of text) {
    const base = char.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    // Keep the string length identical (UTF-16 units) to the original.
    out += base.length === char.length ? base : char.toLowerCase().length === char.length ? char.toLowerCase() : char;
  }
  return out;
}
