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

export function parseQuery(query: string): ParsedQuery {
  const terms: QueryTerm[] = [];
  const phrases: string[][] = [];
  const tags: string[] = [];
  const seen = new Map<string, QueryTerm>();
  let openTerm: string | null = null;

  const addTerm = (term: string, exact: boolean) => {
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

  for (const found of query.matchAll(TOKEN)) {
    const groups = found.groups ?? {};
    const endsQuery = found.index + found[0].length === query.length;
    if (groups.key !== undefined) {
      const key = searchTagKey(groups.quotedTag ?? groups.tag ?? '');
      if (key.length > 0) tags.push(key);
      openTerm = null;
    } else if (groups.phrase !== undefined) {
      const words = splitWords(groups.phrase).map(foldWord).filter((word) => word.length > 0);
      for (const word of words) addTerm(word, true);
      if (words.length > 1) phrases.push(words);
      openTerm = null;
    } else if (groups.word !== undefined) {
      const words = splitWords(groups.word).map(foldWord).filter((word) => word.length > 0);
      for (const word of words) addTerm(word, false);
      // "walden," is finished; "wald" at the very end may still grow.
      openTerm = endsQuery && /[\p{L}\p{M}\p{N}]$/u.test(groups.word) ? (words.at(-1) ?? null) : null;
    }
  }
  if (openTerm !== null && (seen.get(openTerm)?.exact ?? true)) openTerm = null;
  return { terms, phrases, tags, openTerm };
}

/** A tag as search compares it: the store's tag key, folded like words ("Région/ASEAN" → "region/asean"). */
export function searchTagKey(tag: string): string {
  return tagKey(tag)
    .split('/')
    .map((segment) => foldWord(segment))
    .join('/');
}
