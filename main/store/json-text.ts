/**
 * The first check of every file Gloss stores as JSON (article texts,
 * annotations): text that is there and parses. What it must hold is each
 * file's own schema; the problems here read the same for all of them.
 */
export type JsonText = { ok: true; json: unknown } | { ok: false; problem: string };

export function parseJsonText(raw: string): JsonText {
  if (raw.trim().length === 0) return { ok: false, problem: 'the file is empty' };
  try {
    return { ok: true, json: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false, problem: 'not valid JSON' };
  }
}
