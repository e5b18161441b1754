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

/**
 * The key a tag is compared by. Listing the library and its tags asks for it
 * once per tag per highlight (30,000 times for 10,000 highlights), and a
 * library uses few distinct spellings, so keys are remembered.
 */
export function tagKey(tag: string): string {
  let key = knownKeys.get(tag);
  if (key === undefined) {
    key = normalizeTag(tag).toLocaleLowerCase('en');
    // Bounded, so a flood of one-off spellings cannot grow it without end.
    if (knownKeys.size >= MAX_KNOWN_KEYS) knownKeys.clear();
    knownKeys.set(tag, key);
  }
  return key;
}

const MAX_KNOWN_KEYS = 20_000;
const knownKeys = new Map<string, string>();

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
