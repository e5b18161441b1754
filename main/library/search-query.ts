/**
 * Reads what a person types into the search box: words, "quoted phrases" and
 * tag:name filters (tag:"two words" too). Words are folded the way the index
 * folds them, so the rest of search compares plain strings.
 */

import { tagKey } from '../annotations/tags';
import { foldWord, splitWords } from './search-text';

export interface QueryTerm {
  /** Folded, as in the index. */
  term: string;
  /** Matched as typed (inside a phrase): no prefix, no typo tolerance. */
  exact: boolean;
}

export interface ParsedQuery {
  /** Distinct terms in the order typed. */
  terms: QueryTerm[];
  /** Each quoted phrase of two or more words, as folded terms. */
  phrases: string[][];
  /** tag: filters, as folded tag keys ("region/asean"). */
  tags: string[];
  /** The word still being typed (the query ends inside it), matched as a prefix too. */
  openTerm: string | null;
}

/** More terms than this are ignored: each one costs an index lookup, and they add nothing a person can see. */
export const MAX_QUERY_TERMS = 12;

const TOKEN = /(?<key>tag):(?:"(?<quotedTag>[^"]*)"?|(?<tag>\S*))|"(?<phrase>[^"]*)("?)|(?<word>[^\s"]+)/giu;

/**
 * Reads a query. Plain words (no quote, no tag:) take a quicker way than
 * the token pattern, with the same result (tests compare the two).
 */
export function parseQuery(query: string): ParsedQuery {
  if (isPlainAscii(query)) return parseAsciiQuery(query);
  return !query.includes('"') && !/tag:/i.test(query) ? parsePlainQuery(query) : parseQueryTokens(query);
}

/** Code of "a" minus "A": an ASCII capital is lower-cased by adding it. */
const TO_LOWER = 32;

function isAsciiWordCode(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 65 && code <= 90) || (code >= 48 && code <= 57);
}

/** ASCII only, no quote, no tag: (in any case): what most typed queries are. */
function isPlainAscii(query: string): boolean {
  for (let at = 0; at < query.length; at += 1) {
    const code = query.charCodeAt(at);
    if (code >= 128 || code === 34 /* " */) return false;
    // "tag:" in any case, without lower-casing the query.
    if (code === 58 /* : */ && at >= 3 && (query.charCodeAt(at - 3) | TO_LOWER) === 116 && (query.charCodeAt(at - 2) | TO_LOWER) === 97 && (query.charCodeAt(at - 1) | TO_LOWER) === 103) return false;
  }
  return true;
}

/**
 * parsePlainQuery for an ASCII query, in one pass over its characters: a
 * word is a run of ASCII letters and digits and folds by lower-casing. The
 * query is read after other work has pushed the regular-expression engine
 * out of the caches, where each pattern run costs a query several
 * microseconds to bring back; a loop brings back nothing. Tests compare
 * it with the token pattern.
 */
function parseAsciiQuery(query: string): ParsedQuery {
  const { terms, add, open } = termCollector();
  const lower = query.toLowerCase();
  let start = -1;
  for (let at = 0; at <= lower.length; at += 1) {
    const inWord = at < lower.length && isAsciiWordCode(lower.charCodeAt(at));
    if (inWord && start === -1) start = at;
    else if (!inWord && start !== -1) {
      add(lower.slice(start, at), false);
      start = -1;
    }
  }
  // Ends in a letter or digit: the word it ends in is still being typed.
  let openTerm: string | null = null;
  if (lower.length > 0 && isAsciiWordCode(lower.charCodeAt(lower.length - 1))) {
    let first = lower.length - 1;
    while (first > 0 && isAsciiWordCode(lower.charCodeAt(first - 1))) first -= 1;
    openTerm = lower.slice(first);
  }
  return { terms, phrases: [], tags: [], openTerm: open(openTerm) };
}

/** Collects distinct terms, at most MAX_QUERY_TERMS, a term typed inside a phrase counting as exact. */
function termCollector() {
  const terms: QueryTerm[] = [];
  const seen = new Map<string, QueryTerm>();
  const add = (term: string, exact: boolean) => {
    const existing = seen.get(term);
    if (existing) {
      existing.exact ||= exact;
      return;
    }
    if (terms.length >= MAX_QUERY_TERMS) return;
    const entry = { term, exact };
    seen.set(term, entry);
    terms.push(entry);
  };
  // The word being typed is kept only if it is a term that may grow (not cut off by MAX_QUERY_TERMS, not inside a phrase).
  const open = (term: string | null) => (term !== null && !(seen.get(term)?.exact ?? true) ? term : null);
  return { terms, add, open };
}

/** A query of words only: split at white space, each piece into words. */
function parsePlainQuery(query: string): ParsedQuery {
  const { terms, add, open } = termCollector();
  // Plain loops: this runs once per keystroke, too seldom for the JIT to compile it, so the fewer steps the better.
  for (const word of splitWords(query)) {
    const folded = foldWord(word);
    if (folded.length > 0) add(folded, false);
  }
  // The last piece is being typed if the query ends in a letter or digit ("walden," or "walden " is finished): its last word may grow.
  let openTerm: string | null = null;
  if (/[\p{L}\p{M}\p{N}]$/u.test(query)) {
    const piece = splitWords(query.slice(query.search(/\S+$/))).map(foldWord).filter((word) => word.length > 0);
    openTerm = piece.at(-1) ?? null;
  }
  return { terms, phrases: [], tags: [], openTerm: open(openTerm) };
}

/** Any query, with the token pattern: words, "phrases" and tag: filters. */
export function parseQueryTokens(query: string): ParsedQuery {
  const { terms, add, open } = termCollector();
  const phrases: string[][] = [];
  const tags: string[] = [];
  let openTerm: string | null = null;
  for (const found of query.matchAll(TOKEN)) {
    const groups = found.groups ?? {};
    const endsQuery = found.index + found[0].length === query.length;
    if (groups.key !== undefined) {
      const key = searchTagKey(groups.quotedTag ?? groups.tag ?? '');
      if (key.length > 0) tags.push(key);
      openTerm = null;
    } else if (groups.phrase !== undefined) {
      const words = splitWords(groups.phrase).map(foldWord).filter((word) => word.length > 0);
      for (const word of words) add(word, true);
      if (words.length > 1) phrases.push(words);
      openTerm = null;
    } else if (groups.word !== undefined) {
      const words = splitWords(groups.word).map(foldWord).filter((word) => word.length > 0);
      for (const word of words) add(word, false);
      // "walden," is finished; "wald" at the very end may still grow.
      openTerm = endsQuery && /[\p{L}\p{M}\p{N}]$/u.test(groups.word) ? (words.at(-1) ?? null) : null;
    }
  }
  return { terms, phrases, tags, openTerm: open(openTerm) };
}

/** A tag as search compares it: the store's tag key, folded like words ("Région/ASEAN" → "region/asean"). */
export function searchTagKey(tag: string): string {
  return tagKey(tag)
    .split('/')
    .map((segment) => foldWord(segment))
    .join('/');
}
