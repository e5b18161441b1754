/**
 * Tags are compared case-insensitively and stored in one spelling: trimmed,
 * inner whitespace turned into "-", "/" kept for nesting (a/b), and no empty
 * path segments. The first spelling a user typed for a tag is kept.
 */
export function normalizeTag(raw: string): string {
  return raw
    .trim()
    .replace(/^#+/, '')
    .replace(/\s+/g, '-')
    .split('/')
    .map((segment) => segment.replace(/^-+|-+$/g, ''))
    .filter((segment) => segment.length > 0)
    .join('/');
}

export function tagKey(tag: string): string {
  return normalizeTag(tag).toLocaleLowerCase('en');
}

/** Normalizes and de-duplicates a list, keeping the first spelling of each tag. */
export function normalizeTags(raw: readonly string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const tag of raw) {
    const normalized = normalizeTag(tag);
    const key = normalized.toLocaleLowerCase('en');
    if (normalized.length === 0 || seen.has(key)) continue;
    seen.add(key);
    result.push(normalized);
  }
  return result;
}
