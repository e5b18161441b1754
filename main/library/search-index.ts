/**
 * Full-text search over the whole library: article titles (with byline and
 * site), article text, and each highlight's quote, note and tags.
 *
 * It is a plain in-memory object with no I/O, so the service owns one, keeps it
 * up to date as articles and highlights change, and can cache it on disk with
 * serialize()/load(). It keeps three inverted indexes (term-index.ts):
 *
 * - titles: one document per article;
 * - passages: each article's text cut into paragraph-sized passages (see
 *   passages.ts), so a match is found in a kilobyte or two of text and a
 *   snippet never needs the whole article;
 * - annotations: one document per highlight (quote, note, tags).
 *
 * Every change is incremental: importing, re-importing or deleting one
 * article, or editing one highlight, touches only its own documents and
 * never rebuilds the rest.
 *
 * Matching: every word of the query must match (AND), case and accents
 * aside. The word still being typed also matches as a prefix. A word of five
 * letters or more that the library does not hold also matches with one typo
 * (nine or more: two). English function words are not in the text index
 * (stop-words.ts) and are ignored beside other words, except inside a
 * "quoted phrase", which must appear as written.
 *
 * Ranking, in order of precedence:
 * 1. hits where every word matched as typed (or as a prefix of the word being
 *    typed) before hits that needed typo tolerance;
 * 2. all words in one title, passage or highlight before words spread over an
 *    article;
 * 3. title, then highlight/note/tag, then body text;
 * 4. BM25 score (as MiniSearch, which this used to be built on, computed it).
 * At most `perArticle` hits (3) come from one article, and `limit` (50) in all.
 * Body text inside a highlight that is already listed is not listed again.
 * Spread and typo matches are looked for only when fewer than FALLBACK_BELOW
 * hits have every word as typed.
 *
 * Cost: a query reads the posting lists of its words once (or, for a word
 * much commoner than the others, only the entries of the documents still in
 * the running), then takes documents best first from a heap and stops once
 * `limit` hits are built. Snippets, the costly part of a hit, are built only
 * for the hits returned: never for the thousands of other matching passages,
 * and a text hit reads its passage only as far as placing the match needs.
 * The three indexes share one vocabulary, so each query word is looked up
 * (and a prefix or a typo expanded) once. Each article's text is also kept
 * as a lower-cased one-byte copy (searchCopy), in which hits find their words
 * without lower-casing anything.
 */

import { holdsPhrases, locate, locateInFields, markedWordsOf, MatchList, scanMatches, scanToAnchor, searchCopy, typoDistance, type WordSet } from './match-location';
import { splitPassages } from './passages';
import { parseQuery, searchTagKey, type ParsedQuery } from './search-query';
import { STOP_WORDS } from './stop-words';
import { buildSnippet, foldedWords, MAYBE_WORD_OUTSIDE_ASCII, snippetAround, type Range, type Snippet } from './search-text';
import { bitCount, fieldsOf, TermIndex, Vocabulary, type DocumentFields, type TermIndexJSON, type TermSpec } from './term-index';

export type { Snippet } from './search-text';

export interface SearchArticle {
  id: string;
  title: string;
  /** The canonical text: the blocks' text joined by a blank line. Offsets in hits index into it. */
  text: string;
  site?: string;
  byline?: string;
  /** The article's content hash, kept so that a cached index can tell which articles changed since. */
  hash?: string;
}

export interface SearchAnnotation {
  id: string;
  start: number;
  end: number;
  quote: string;
  note: string;
  tags: readonly string[];
  orphaned?: boolean;
}

export type SearchHitKind = 'title' | 'text' | 'highlight' | 'note' | 'tag';

export interface SearchHit {
  articleId: string;
  articleTitle: string;
  kind: SearchHitKind;
  /** For highlight, note and tag hits. */
  annotationId?: string;
  /** True when the highlight could not be placed in the current text (its start and end mean nothing). */
  orphaned?: boolean;
  /**
   * Where to go in the article's canonical text: the matched words for a text
   * hit, the highlight for a highlight/note/tag hit, 0–0 (the top) for a title hit.
   */
  start: number;
  end: number;
  snippet: Snippet;
  /** A BM25 score; it orders hits of one kind, and means nothing across kinds. */
  score: number;
}

export interface LibrarySearchOptions {
  /** At most this many hits (default 50). */
  limit?: number;
  /** At most this many hits from one article (default 3). */
  perArticle?: number;
  /** Only highlights with this tag or a tag nested under it; the same as "tag:NAME" in the query. */
  tag?: string;
}

export const DEFAULT_LIMIT = 50;
export const DEFAULT_PER_ARTICLE = 3;
/** The word being typed is matched as a prefix in titles and highlights once it has this many letters. */
export const MIN_PREFIX_LENGTH = 2;
/**
 * …and in body text once it has this many: a two- or three-letter prefix
 * expands to hundreds of words that together are in nearly every passage.
 */
export const TEXT_PREFIX_MIN_LENGTH = 4;

/**
 * Words spread over an article, and typo matches, are looked for only when
 * fewer hits than this have all the words as typed (a screenful): they are
 * weaker answers, and finding them costs more than the exact search.
 */
export const FALLBACK_BELOW = 10;
/** offerExact takes candidates from a ranking this many at a time at least (more while more hits are wanted)… */
const MIN_BATCH = 8;
/** …and at most. */
const MAX_BATCH = 64;

/** Bumped whenever the serialized shape or the indexing rules change, so an old cache is rebuilt, not misread. */
export const SEARCH_INDEX_VERSION = 2;
const FORMAT = 'gloss-search-index';

interface ArticleEntry {
  id: string;
  title: string;
  site?: string;
  byline?: string;
  hash?: string;
  text: string;
  /** Passage boundaries, flattened: [start0, end0, start1, end1, …]. */
  passages: number[];
  /** Whether the text may have word characters outside ASCII; if not, finding a match skips looking for them. */
  outsideAscii: boolean;
}

interface AnnotationEntry {
  id: string;
  articleId: string;
  start: number;
  end: number;
  quote: string;
  note: string;
  tags: string[];
  orphaned?: boolean;
  /** Whether quote, note or tags may have word characters outside ASCII (as ArticleEntry.outsideAscii). */
  outsideAscii: boolean;
}

/** Each highlight's tags as search compares them; an edited highlight is a new entry, so this never goes stale. */
const tagKeys = new WeakMap<AnnotationEntry, string[]>();

/** Every filter is met by one of the highlight's tags: the tag itself or one nested under it. */
function hasTag(annotation: AnnotationEntry | undefined, filters: readonly string[]): boolean {
  if (!annotation) return false;
  let keys = tagKeys.get(annotation);
  if (!keys) tagKeys.set(annotation, (keys = annotation.tags.map(searchTagKey)));
  const held = keys;
  return filters.every((filter) => held.some((key) => key === filter || key.startsWith(`${filter}/`)));
}

const TITLE_FIELDS = ['title', 'byline', 'site'] as const;
const ANNOTATION_FIELDS = ['quote', 'note', 'tags'] as const;
const ANNOTATION_KIND: Record<(typeof ANNOTATION_FIELDS)[number], SearchHitKind> = { quote: 'highlight', note: 'note', tags: 'tag' };

/** Titles and highlights are short, and keep every word; article text leaves out function words (stop-words.ts: the passage index skips them). */
const allTerms = (text: string): string[] => foldedWords(text);
const PASSAGE_FIELDS = ['text'] as const;

type Source = 'title' | 'annotation' | 'text';
const TIER: Record<Source, number> = { title: 3, annotation: 2, text: 1 };

interface Candidate {
  source: Source;
  /** The document's slot in its index. */
  slot: number;
  /** Its article's number (ArticleNumbers). */
  article: number;
  score: number;
  /** What the index was asked, per query word: the words to look for in the document if the hit is built. */
  words: readonly WordSet[];
  /** The fields any word matched in (bit f: field f), for titles and highlights: the others need not be looked at. */
  fields: number;
  /** Some query word matched only with typo tolerance. */
  fuzzy: boolean;
  /** Represents an article whose words are spread over several documents. */
  spread: boolean;
}

/** One index as a query sees it: where hits come from, what it is asked, and which documents may answer. */
interface IndexQuery {
  source: Source;
  index: TermIndex;
  lookup: IndexLookup;
  filter: ((slot: number) => boolean) | undefined;
}

export class LibrarySearch {
  private readonly articles = new Map<string, ArticleEntry>();
  private readonly annotations = new Map<string, AnnotationEntry>();
  private readonly annotationsByArticle = new Map<string, Set<string>>();
  /** One vocabulary for the three indexes: a query's words are looked up, and prefixes and typos expanded, once for all. */
  private vocabulary = new Vocabulary();
  private titleIndex = new TermIndex(TITLE_FIELDS, allTerms, this.vocabulary);
  /** Each article's passages, under the article's id, as parts 0, 1, … (the passage's number). */
  private passageIndex = new TermIndex(PASSAGE_FIELDS, allTerms, this.vocabulary, STOP_WORDS);
  private annotationIndex = new TermIndex(ANNOTATION_FIELDS, allTerms, this.vocabulary);
  /**
   * Each article id as a small number, the owner of its documents in the
   * indexes, and the indexed articles by number: per-article work in a
   * query uses arrays, not maps keyed by id (each look-up of which was a
   * trip to memory the query had not touched yet).
   */
  private numbers = new ArticleNumbers();
  private byNumber: (ArticleEntry | undefined)[] = [];
  /**
   * By article number, the text's searchCopy: a text hit then finds its
   * words without lower-casing its passage (most article text is a
   * two-byte string, slow to lower-case). It costs about the text's length
   * in bytes, and is made again from the text when the cache is loaded.
   */
  private searchTexts: (string | undefined)[] = [];
  /** By article number, per passage: 1 if it may have word characters outside ASCII (so a text hit tests nothing for that). */
  private passagesOutsideAscii: (Uint8Array | undefined)[] = [];
  /** Where a text hit's matched words are collected, reused from hit to hit. */
  private readonly matches = new MatchList();
  /** Per-article arrays for a query, kept from query to query (allocating them was a measurable part of a query). */
  private readonly perArticle = new ArticleArrays();
  /** The candidates offerExact takes from a ranking at a time: their slots, and their articles' numbers. */
  private readonly batchSlots = new Int32Array(MAX_BATCH);
  private readonly batchArticles = new Int32Array(MAX_BATCH);
  /** What touchHitData read, summed. */
  private touchedSum = 0;

  get articleCount(): number {
    return this.articles.size;
  }

  get annotationCount(): number {
    return this.annotations.size;
  }

  get passageCount(): number {
    return this.passageIndex.documentCount;
  }

  hasArticle(id: string): boolean {
    return this.articles.has(id);
  }

  /** The hash given when the article was indexed, to compare with the library's on start-up. */
  articleHash(id: string): string | undefined {
    return this.articles.get(id)?.hash;
  }

  articleIds(): string[] {
    return [...this.articles.keys()];
  }

  /** Adds an article, or replaces it if it is already indexed. Its highlights are kept. */
  addArticle(article: SearchArticle): void {
    if (this.articles.has(article.id)) {
      this.replaceArticle(article);
      return;
    }
    const entry = articleEntry(article, flatPassages(article.text));
    this.articles.set(entry.id, entry);
    const number = this.numbers.acquire(entry.id);
    this.byNumber[number] = entry;
    this.keepSearchCopy(number, entry);
    this.titleIndex.add(entry.id, [titleFields(entry)], number);
    this.passageIndex.add(entry.id, passageFields(entry), number);
  }

  /**
   * Re-indexes an article whose text or metadata changed (a re-import). Only
   * this article's documents are touched; its highlights stay, and the service
   * updates their offsets with setAnnotations after re-anchoring.
   */
  replaceArticle(article: SearchArticle): void {
    const old = this.articles.get(article.id);
    if (!old) {
      this.addArticle(article);
      return;
    }
    const textChanged = old.text !== article.text;
    const entry = articleEntry(article, textChanged ? flatPassages(article.text) : old.passages);
    this.articles.set(entry.id, entry);
    const number = this.numbers.numberOf(entry.id);
    this.byNumber[number] = entry;
    if (textChanged) this.keepSearchCopy(number, entry);
    if (old.title !== entry.title || old.byline !== entry.byline || old.site !== entry.site) {
      this.titleIndex.remove(old.id, [titleFields(old)]);
      this.titleIndex.add(entry.id, [titleFields(entry)], number);
    }
    if (textChanged) {
      this.passageIndex.remove(old.id, passageFields(old));
      this.passageIndex.add(entry.id, passageFields(entry), number);
    }
  }

  /**
   * The article's title, site and byline as they now are (after a rename),
   * without its text: what is left out is cleared. Cheap when nothing
   * changed, so a start-up check can call it for every article. Unknown ids
   * are ignored.
   */
  updateArticleDetails(id: string, details: Pick<SearchArticle, 'title' | 'site' | 'byline'>): void {
    const old = this.articles.get(id);
    if (!old) return;
    this.replaceArticle({ id, text: old.text, ...(old.hash !== undefined ? { hash: old.hash } : {}), ...details });
  }

  /** Forgets an article, its passages and its highlights. Unknown ids are ignored. */
  removeArticle(id: string): void {
    const entry = this.articles.get(id);
    if (entry) {
      this.titleIndex.remove(id, [titleFields(entry)]);
      this.passageIndex.remove(id, passageFields(entry));
      this.articles.delete(id);
      this.byNumber[this.numbers.numberOf(id)] = undefined;
      this.searchTexts[this.numbers.numberOf(id)] = undefined;
      this.passagesOutsideAscii[this.numbers.numberOf(id)] = undefined;
      this.numbers.release(id);
    }
    for (const annotationId of [...(this.annotationsByArticle.get(id) ?? [])]) this.removeAnnotation(annotationId);
    this.annotationsByArticle.delete(id);
  }

  /**
   * Makes an article's indexed highlights exactly these: new ones are added,
   * missing ones removed, changed ones re-indexed, and unchanged ones left
   * alone (a highlight that only moved is not re-indexed).
   */
  setAnnotations(articleId: string, annotations: readonly SearchAnnotation[]): void {
    const wanted = new Set(annotations.map((annotation) => annotation.id));
    for (const existing of [...(this.annotationsByArticle.get(articleId) ?? [])]) {
      if (!wanted.has(existing)) this.removeAnnotation(existing);
    }
    for (const annotation of annotations) this.upsertAnnotation(articleId, annotation);
  }

  /** Adds or updates one highlight (a new highlight, an edited note, new tags, a re-anchored range). */
  upsertAnnotation(articleId: string, annotation: SearchAnnotation): void {
    if (this.annotations.get(annotation.id)?.articleId !== articleId) this.removeAnnotation(annotation.id);
    const entry: AnnotationEntry = {
      id: annotation.id,
      articleId,
      start: annotation.start,
      end: annotation.end,
      quote: annotation.quote,
      note: annotation.note,
      tags: [...annotation.tags],
      outsideAscii: MAYBE_WORD_OUTSIDE_ASCII.test(annotation.quote) || MAYBE_WORD_OUTSIDE_ASCII.test(annotation.note) || annotation.tags.some((tag) => MAYBE_WORD_OUTSIDE_ASCII.test(tag)),
    };
    if (annotation.orphaned) entry.orphaned = true;
    const current = this.annotations.get(annotation.id);
    this.annotations.set(entry.id, entry);
    let ids = this.annotationsByArticle.get(articleId);
    if (!ids) this.annotationsByArticle.set(articleId, (ids = new Set()));
    ids.add(entry.id);
    if (!current) this.annotationIndex.add(entry.id, [annotationFields(entry)], this.numbers.acquire(articleId));
    else if (current.quote !== entry.quote || current.note !== entry.note || current.tags.join('\n') !== entry.tags.join('\n')) {
      this.annotationIndex.remove(current.id, [annotationFields(current)]);
      this.annotationIndex.add(entry.id, [annotationFields(entry)], this.numbers.numberOf(articleId));
    }
    // The index hands a hit its entry directly: the entry is new even when its text is not.
    this.annotationIndex.setPayload(entry.id, entry);
  }

  /** Forgets one highlight. Unknown ids are ignored. */
  removeAnnotation(annotationId: string): void {
    const entry = this.annotations.get(annotationId);
    if (!entry) return;
    this.annotationIndex.remove(annotationId, [annotationFields(entry)]);
    this.annotations.delete(annotationId);
    this.numbers.release(entry.articleId);
    this.annotationsByArticle.get(entry.articleId)?.delete(annotationId);
  }

  /**
   * Finds the query's words in titles, text and highlights (see the top of
   * this file for the rules), best first. tag:NAME, or options.tag, keeps only
   * highlights with that tag or one nested under it; with no words, it lists
   * them article by article in reading order, as highlight hits whose snippet
   * is the start of the quote (and `match` is empty).
   */
  search(query: string, options: LibrarySearchOptions = {}): SearchHit[] {
    const parsed = parseQuery(query);
    if (options.tag !== undefined) {
      const key = searchTagKey(options.tag);
      if (key.length > 0) parsed.tags.push(key);
    }
    const limit = Math.max(0, options.limit ?? DEFAULT_LIMIT);
    const perArticle = Math.max(1, options.perArticle ?? DEFAULT_PER_ARTICLE);
    if (limit === 0) return [];
    if (parsed.terms.length === 0) return parsed.tags.length > 0 ? this.listTagged(parsed.tags, limit, perArticle) : [];

    const plan = planQuery(parsed);
    const picker = new HitPicker(limit, perArticle, this.perArticle.forHits(this.numbers.size), (candidate, highlighted) => this.toHit(candidate, parsed, plan, highlighted));
    const indexes = this.indexesFor(parsed, plan);
    this.offerExact(indexes, plan, picker);
    if (picker.full) return picker.hits;
    // Spread and typo-tolerant hits rank below every exact one (byRank), and cost
    // more to find: they are looked for only when the exact ones are few.
    if (picker.hits.length >= Math.min(limit, FALLBACK_BELOW)) return picker.hits;
    const more = [...this.collectSpread(indexes, plan), ...this.collectTypos(indexes, parsed, plan)].sort(byRank);
    const offered = new Set<string>();
    for (const candidate of more) {
      // A passage can stand for its article's spread words and also hold them all with a typo.
      const key = `${candidate.source}:${candidate.slot}`;
      if (offered.has(key)) continue;
      offered.add(key);
      picker.offer(candidate);
      if (picker.full) break;
    }
    return picker.hits;
  }

  // -------------------------------------------------------------------------
  // Matching and ranking
  // -------------------------------------------------------------------------

  /**
   * Offers the documents in which every word is as typed (or, for the word
   * being typed, a prefix), per index, in rank order (titles, highlights,
   * then text, each best first), until the picker is full. Lazy: an index
   * is searched only if the hits before it did not fill the limit, and its
   * documents are ranked only as far as the hits need: a batch at a time,
   * as many as hits are still wanted (at least MIN_BATCH, at most
   * MAX_BATCH). One from an article that already has its share is passed
   * over before its hit is built.
   */
  private offerExact(indexes: readonly IndexQuery[], plan: QueryPlan, picker: HitPicker): void {
    for (const { source, index, lookup, filter } of indexes) {
      const specs = termSpecs(index, [...lookup.required], lookup.prefixTerm, plan.bits, () => false);
      const scored = index.and(specs);
      if (scored.count === 0) continue;
      const words = wordSets(index, specs, lookup.prefixTerm);
      const ranking = index.rank(scored);
      // One candidate, refilled for each document: a hit is built from it at once and keeps nothing of it.
      const candidate: Candidate = { source, slot: 0, article: 0, score: 0, words, fields: 0, fuzzy: false, spread: false };
      // Candidates are taken in batches, and what their hits will read first is touched for the whole batch before any is built (touchHitData).
      const { batchSlots: slots, batchArticles: articles } = this;
      for (let exhausted = false; !exhausted; ) {
        let size = 0;
        const wanted = Math.min(MAX_BATCH, Math.max(MIN_BATCH, picker.room));
        while (size < wanted) {
          const slot = ranking.next();
          if (slot === -1) {
            exhausted = true;
            break;
          }
          const article = index.ownerOf(slot);
          if (article < 0 || !picker.wants(article) || (filter && !filter(slot))) continue;
          slots[size] = slot;
          articles[size] = article;
          size += 1;
        }
        this.touchHitData(source, slots, articles, size);
        for (let at = 0; at < size; at += 1) {
          const slot = slots[at] as number;
          const article = articles[at] as number;
          // An earlier hit of this batch may have filled the article's share.
          if (!picker.wants(article)) continue;
          candidate.slot = slot;
          candidate.article = article;
          candidate.score = scored.scores[slot] as number;
          candidate.fields = fieldsOf(scored, slot);
          picker.offer(candidate);
          if (picker.full) return;
        }
      }
    }
  }

  /**
   * Reads, for a batch of candidates, the first bytes of what building each
   * one's hit reads: its article entry, its highlight, the start of its
   * passage. After other work has filled the caches (a query usually comes
   * after some), each of those is a trip to memory, and a hit's own code
   * makes them one after another, each waiting on the last. Here the loads
   * of different candidates do not depend on each other, so the processor
   * has many in flight at once; the hits then find them in the cache. Back to
   * back after a linear scan of the library: 12% less per query.
   */
  private touchHitData(source: Source, slots: Int32Array, articles: Int32Array, size: number): void {
    let touched = 0;
    if (source === 'text') {
      for (let at = 0; at < size; at += 1) {
        const number = articles[at] as number;
        const article = this.byNumber[number];
        if (!article) continue;
        const from = article.passages[this.passageIndex.partOf(slots[at] as number) * 2] as number;
        touched += (this.searchTexts[number]?.charCodeAt(from) ?? 0) + article.text.charCodeAt(from) + article.title.length + article.id.length;
      }
    } else if (source === 'annotation') {
      for (let at = 0; at < size; at += 1) {
        const annotation = this.annotationIndex.payloadOf(slots[at] as number) as AnnotationEntry | undefined;
        const article = this.byNumber[articles[at] as number];
        if (!annotation || !article) continue;
        touched += annotation.quote.charCodeAt(0) + annotation.note.length + article.title.length + article.id.length;
      }
    }
    // Kept, so that the compiler cannot drop the reads as unused.
    this.touchedSum = (this.touchedSum + touched) | 0;
  }

  /**
   * Articles that hold every word, but not in any one title, passage or
   * highlight: one candidate each, the document holding the most of them
   * (ties: titles, then highlights, then text; then the better score).
   * Found with an OR query, which costs more than AND, so only when the
   * exact pass falls short; and when one of the words is rare, only over
   * the few articles that have it (an article with every word has that one).
   */
  private collectSpread(indexes: readonly IndexQuery[], plan: QueryPlan): Candidate[] {
    if (!plan.spread) return [];
    const wanted = maskOf(plan.text.required, plan.bits);
    const asked = indexes.map(({ index, lookup }) => termSpecs(index, lookup.terms, lookup.prefixTerm, plan.bits, () => false));
    const within = this.spreadArticles(indexes, asked, wanted);
    if (within?.length === 0) return [];
    // Per article number: the wanted words found, whether one document has them all, and the best document so far.
    const { covered, full, listed, bestCoverage, bestSource, bestSlot, bestScore, bestFields } = this.perArticle.forSpread(this.numbers.size);
    const touched: number[] = [];
    indexes.forEach(({ index, lookup, filter }, source) => {
      const specs = asked[source] as TermSpec[];
      const required = maskOf(lookup.required, plan.bits);
      const scored = within ? index.orWithin(specs, this.slotRanges((indexes[source] as IndexQuery).source, within)) : index.or(specs);
      for (let at = 0; at < scored.count; at += 1) {
        const slot = scored.slots[at] as number;
        const number = index.ownerOf(slot);
        if (number < 0 || full[number] === 1 || (filter && !filter(slot))) continue;
        const bits = scored.masks[slot] as number;
        if ((bits & required) === required) {
          // All the words in one document: the exact pass has it.
          full[number] = 1;
          continue;
        }
        if (listed[number] === 0) {
          listed[number] = 1;
          touched.push(number);
        }
        covered[number] = (covered[number] as number) | (bits & wanted);
        const coverage = bitCount(bits & wanted);
        const score = scored.scores[slot] as number;
        if (
          coverage > (bestCoverage[number] as number) ||
          (coverage > 0 && coverage === bestCoverage[number] && bestSource[number] === source && (score > (bestScore[number] as number) || (score === bestScore[number] && slot < (bestSlot[number] as number))))
        ) {
          bestCoverage[number] = coverage;
          bestSource[number] = source;
          bestSlot[number] = slot;
          bestScore[number] = score;
          bestFields[number] = fieldsOf(scored, slot);
        }
      }
    });
    const words: WordSet[][] = [];
    const candidates: Candidate[] = [];
    for (const number of touched) {
      const source = bestSource[number] as number;
      if (full[number] === 1 || source === -1 || covered[number] !== wanted) continue;
      const query = indexes[source] as IndexQuery;
      words[source] ??= wordSets(query.index, asked[source] as TermSpec[], query.lookup.prefixTerm);
      candidates.push({ source: query.source, slot: bestSlot[number] as number, article: number, score: bestScore[number] as number, words: words[source], fields: bestFields[number] as number, fuzzy: false, spread: true });
    }
    return candidates;
  }

  /**
   * The articles a spread match can be in, when one wanted word is rare
   * enough that reading only their documents costs less than the OR query
   * over every document: the numbers of the articles that have that word
   * (none if a wanted word is nowhere). Null: read everything.
   */
  private spreadArticles(indexes: readonly IndexQuery[], asked: readonly TermSpec[][], wanted: number): number[] | null {
    let total = 0;
    const sizes = new Map<number, number>();
    for (const specs of asked) {
      for (const spec of specs) {
        const size = spec.expansions.reduce((sum, expansion) => sum + expansion.postings.length, 0);
        total += size;
        if ((wanted >> spec.bit) & 1) sizes.set(spec.bit, (sizes.get(spec.bit) ?? 0) + size);
      }
    }
    let rarest = -1;
    for (const [bit, size] of sizes) if (rarest === -1 || size < (sizes.get(rarest) as number)) rarest = bit;
    if (rarest === -1) return null;
    if (sizes.get(rarest) === 0) return [];
    if ((sizes.get(rarest) as number) * 8 > total) return null;
    const seen = this.perArticle.forSeen(this.numbers.size);
    const articles: number[] = [];
    indexes.forEach(({ index }, source) => {
      for (const spec of asked[source] as TermSpec[]) {
        if (spec.bit !== rarest) continue;
        for (const expansion of spec.expansions) {
          const { units, length } = expansion.postings;
          for (let at = 0; at < length; at += 1) {
            const number = index.ownerOf(Math.floor((units[at] as number) / index.fieldCount));
            if (number >= 0 && seen[number] === 0) {
              seen[number] = 1;
              articles.push(number);
            }
          }
        }
      }
    });
    // Each of those articles' documents (a title, its highlights, its passages) is found in the postings by binary search.
    const perArticle = 2 + this.annotationCount / Math.max(1, this.articles.size);
    return articles.length * perArticle * 4 < total ? articles : null;
  }

  /** The slots of these articles' documents in one index, as [low, high) pairs. */
  private slotRanges(source: Source, articles: readonly number[]): number[] {
    const ranges: number[] = [];
    const add = (index: TermIndex, key: string) => {
      const first = index.slotOf(key);
      if (first >= 0) ranges.push(first, first + index.countOf(key));
    };
    for (const number of articles) {
      const id = this.numbers.idOf(number);
      if (id === undefined) continue;
      if (source === 'title') add(this.titleIndex, id);
      else if (source === 'text') add(this.passageIndex, id);
      else for (const annotationId of this.annotationsByArticle.get(id) ?? []) add(this.annotationIndex, annotationId);
    }
    return ranges;
  }

  /**
   * Documents holding every word when words of five letters or more may have
   * a typo. Only words the index does not hold get typo tolerance: a word that
   * is in the library was most likely meant, and its look-alikes ("fight":
   * "night", "right", "light", "might") would make the query scan most of it.
   */
  private collectTypos(indexes: readonly IndexQuery[], parsed: ParsedQuery, plan: QueryPlan): Candidate[] {
    const exact = new Set(parsed.terms.filter((term) => term.exact).map((term) => term.term));
    const candidates: Candidate[] = [];
    for (const { source, index, lookup, filter } of indexes) {
      const terms = [...lookup.required];
      const tolerant = new Set(terms.filter((term) => !exact.has(term) && typoDistance(term) !== false && !index.has(term)));
      if (tolerant.size === 0) continue;
      const specs = termSpecs(index, terms, lookup.prefixTerm, plan.bits, (term) => (tolerant.has(term) ? typoDistance(term) : false));
      const all = maskOf(terms, plan.bits);
      const words = wordSets(index, specs, lookup.prefixTerm);
      const scored = index.and(specs);
      for (let at = 0; at < scored.count; at += 1) {
        // Every word as typed (or as a prefix of the word being typed): the exact pass has offered it already.
        const slot = scored.slots[at] as number;
        if (((scored.exactMasks[slot] as number) & all) === all) continue;
        if (filter && !filter(slot)) continue;
        const article = index.ownerOf(slot);
        if (article >= 0) candidates.push({ source, slot, article, score: scored.scores[slot] as number, words, fields: fieldsOf(scored, slot), fuzzy: true, spread: false });
      }
    }
    return candidates;
  }

  /** The indexes a query runs on, in rank order, with what each is asked. A tag filter leaves only the highlights. */
  private indexesFor(parsed: ParsedQuery, plan: QueryPlan): IndexQuery[] {
    const tags = parsed.tags;
    if (tags.length > 0) {
      const annotations = this.annotationIndex;
      return [{ source: 'annotation', index: annotations, lookup: plan.fields, filter: (slot) => hasTag(annotations.payloadOf(slot) as AnnotationEntry | undefined, tags) }];
    }
    return [
      { source: 'title', index: this.titleIndex, lookup: plan.fields, filter: undefined },
      { source: 'annotation', index: this.annotationIndex, lookup: plan.fields, filter: undefined },
      { source: 'text', index: this.passageIndex, lookup: plan.text, filter: undefined },
    ];
  }

  /**
   * Builds the hit, or null when a quoted phrase is not in the document as
   * written, or a passage's words are all inside `highlighted` ranges.
   */
  private toHit(candidate: Candidate, parsed: ParsedQuery, plan: QueryPlan, highlighted: readonly Range[]): SearchHit | null {
    // A highlight can be indexed before its article is: such hits are dropped here.
    const article = this.byNumber[candidate.article];
    if (!article) return null;
    // Hits are built as whole literals, not spread from parts: spreading made building one cost microseconds.

    if (candidate.source === 'text') {
      const part = this.passageIndex.partOf(candidate.slot);
      const from = article.passages[part * 2];
      const to = article.passages[part * 2 + 1];
      if (from === undefined || to === undefined) return null;
      // A phrase of common words can have thousands of candidate passages: rule most out without splitting them into words.
      if (parsed.phrases.length > 0 && !holdsPhrases(article.text, from, to, parsed.phrases)) return null;
      const matches = this.matches;
      const lowered = this.searchTexts[candidate.article] as string;
      const outsideAscii = this.passagesOutsideAscii[candidate.article]?.[part] !== 0;
      if (parsed.phrases.length > 0) {
        scanMatches(matches, article.text, from, to, candidate.words, outsideAscii, lowered);
        const found = locate(article.text, from, to, markedWordsOf(matches, candidate.words), parsed.phrases, highlighted);
        if (!found) return null;
        const snippet = buildSnippet(article.text, found.anchor, found.marks);
        return { articleId: article.id, articleTitle: article.title, score: candidate.score, kind: 'text', start: found.anchor.start, end: found.anchor.end, snippet };
      }
      // Read only as much of the passage as placing the match and its snippet needs.
      const anchor = scanToAnchor(matches, article.text, from, to, candidate.words, outsideAscii, lowered, highlighted);
      if (!anchor) return null;
      const snippet = snippetAround(article.text, anchor, matches.starts, matches.ends, matches.count);
      return { articleId: article.id, articleTitle: article.title, score: candidate.score, kind: 'text', start: anchor.start, end: anchor.end, snippet };
    }

    if (candidate.source === 'title') {
      const fields: Record<(typeof TITLE_FIELDS)[number], string> = { title: article.title, byline: article.byline ?? '', site: article.site ?? '' };
      const found = locateInFields(fields, TITLE_FIELDS, candidate.words, parsed.phrases, candidate.fields);
      if (!found) return null;
      return { articleId: article.id, articleTitle: article.title, score: candidate.score, kind: 'title', start: 0, end: 0, snippet: found.snippet };
    }

    const annotation = this.annotationIndex.payloadOf(candidate.slot) as AnnotationEntry | undefined;
    if (!annotation) return null;
    // The tags' text is made only when a word matched in them.
    const fields: Record<(typeof ANNOTATION_FIELDS)[number], string> = { quote: annotation.quote, note: annotation.note, tags: candidate.fields & (1 << 2) ? tagsText(annotation.tags) : '' };
    const found = locateInFields(fields, ANNOTATION_FIELDS, candidate.words, parsed.phrases, candidate.fields, annotation.outsideAscii);
    if (!found) return null;
    const hit: SearchHit = {
      articleId: article.id,
      articleTitle: article.title,
      score: candidate.score,
      annotationId: annotation.id,
      start: annotation.start,
      end: annotation.end,
      kind: ANNOTATION_KIND[found.field],
      snippet: found.snippet,
    };
    if (annotation.orphaned) hit.orphaned = true;
    return hit;
  }

  /** tag: with no words: the highlights with that tag, article by article, in reading order. */
  private listTagged(tags: readonly string[], limit: number, perArticle: number): SearchHit[] {
    const hits: SearchHit[] = [];
    for (const article of this.articles.values()) {
      const tagged = [...(this.annotationsByArticle.get(article.id) ?? [])]
        .map((id) => this.annotations.get(id) as AnnotationEntry)
        .filter((annotation) => hasTag(annotation, tags))
        .sort((a, b) => a.start - b.start || a.end - b.end)
        .slice(0, perArticle);
      for (const annotation of tagged) {
        if (hits.length >= limit) return hits;
        hits.push({
          articleId: article.id,
          articleTitle: article.title,
          kind: 'highlight',
          ...annotationPlace(annotation),
          snippet: buildSnippet(annotation.quote, { start: 0, end: 0 }, []),
          score: 1,
        });
      }
    }
    return hits;
  }

  /** Makes the article's searchCopy, and notes which of its passages may have word characters outside ASCII. */
  private keepSearchCopy(number: number, entry: ArticleEntry): void {
    const copy = searchCopy(entry.text);
    this.searchTexts[number] = copy;
    const flags = new Uint8Array(entry.passages.length / 2);
    // In the copy each such character is a Latin-1 letter or "ÿ": a one-byte test per passage, and none for an all-ASCII article.
    if (entry.outsideAscii) {
      for (let part = 0; part < flags.length; part += 1) flags[part] = MAYBE_WORD_OUTSIDE_ASCII.test(copy.slice(entry.passages[part * 2], entry.passages[part * 2 + 1])) ? 1 : 0;
    }
    this.passagesOutsideAscii[number] = flags;
  }

  // -------------------------------------------------------------------------
  // Cache on disk
  // -------------------------------------------------------------------------

  /**
   * The whole index as JSON, to write to a cache file. It holds the articles'
   * text, so LibrarySearch.load needs nothing else.
   */
  serialize(): string {
    const payload: SerializedIndex = {
      format: FORMAT,
      version: SEARCH_INDEX_VERSION,
      articleNumbers: this.numbers.toJSON(),
      articles: [...this.articles.values()],
      annotations: [...this.annotations.values()],
      titleIndex: this.titleIndex.toJSON(),
      passageIndex: this.passageIndex.toJSON(),
      annotationIndex: this.annotationIndex.toJSON(),
    };
    return JSON.stringify(payload);
  }

  /**
   * Reads what serialize() wrote. Throws SearchIndexFormatError for anything
   * else (another version, a truncated file): the caller then rebuilds.
   */
  static load(json: string): LibrarySearch {
    const payload = parseSerialized(json);
    const search = new LibrarySearch();
    try {
      search.vocabulary = new Vocabulary();
      search.titleIndex = TermIndex.fromJSON(payload.titleIndex, TITLE_FIELDS, allTerms, search.vocabulary);
      search.passageIndex = TermIndex.fromJSON(payload.passageIndex, PASSAGE_FIELDS, allTerms, search.vocabulary, STOP_WORDS);
      search.annotationIndex = TermIndex.fromJSON(payload.annotationIndex, ANNOTATION_FIELDS, allTerms, search.vocabulary);
    } catch (error) {
      throw new SearchIndexFormatError(`The search index cache is damaged (${(error as Error).message}).`);
    }
    search.restoreEntries(payload);
    return search;
  }

  /** load() that yields to the event loop first, for use at start-up (loading itself takes a fraction of a second). */
  static async loadAsync(json: string): Promise<LibrarySearch> {
    await new Promise((resolve) => setImmediate(resolve));
    return LibrarySearch.load(json);
  }

  private restoreEntries(payload: SerializedIndex): void {
    this.numbers = ArticleNumbers.fromJSON(payload.articleNumbers);
    for (const article of payload.articles) {
      // Each indexed article has its title and as many passages as its entry says, owned by its number: anything else is a damaged cache.
      const number = this.numbers.acquire(article.id);
      if (
        this.titleIndex.ownerOf(this.titleIndex.slotOf(article.id)) !== number ||
        this.passageIndex.countOf(article.id) !== article.passages.length / 2 ||
        (article.passages.length > 0 && this.passageIndex.ownerOf(this.passageIndex.slotOf(article.id)) !== number)
      ) {
        throw new SearchIndexFormatError('The search index cache does not match its articles.');
      }
      this.articles.set(article.id, article);
      this.byNumber[number] = article;
      this.keepSearchCopy(number, article);
    }
    for (const annotation of payload.annotations) {
      if (this.annotationIndex.ownerOf(this.annotationIndex.slotOf(annotation.id)) !== this.numbers.acquire(annotation.articleId)) {
        throw new SearchIndexFormatError('The search index cache does not match its highlights.');
      }
      this.annotations.set(annotation.id, annotation);
      this.annotationIndex.setPayload(annotation.id, annotation);
      let ids = this.annotationsByArticle.get(annotation.articleId);
      if (!ids) this.annotationsByArticle.set(annotation.articleId, (ids = new Set()));
      ids.add(annotation.id);
    }
    if (this.titleIndex.documentCount !== this.articles.size || this.annotationIndex.documentCount !== this.annotations.size) {
      throw new SearchIndexFormatError('The search index cache does not match its entries.');
    }
    this.numbers.dropUnused();
  }
}

/**
 * Article ids as small numbers, reused once nothing refers to them: an
 * article entry and each of its highlights hold a reference (a highlight can
 * be indexed before its article).
 */
class ArticleNumbers {
  private readonly numbers = new Map<string, number>();
  private readonly ids: (string | undefined)[] = [];
  private readonly uses: number[] = [];
  private readonly free: number[] = [];

  /** One past the largest number in use: the size of an array indexed by number. */
  get size(): number {
    return this.ids.length;
  }

  acquire(id: string): number {
    let number = this.numbers.get(id);
    if (number === undefined) {
      number = this.free.pop() ?? this.ids.length;
      this.numbers.set(id, number);
      this.ids[number] = id;
      this.uses[number] = 0;
    }
    this.uses[number] = (this.uses[number] as number) + 1;
    return number;
  }

  release(id: string): void {
    const number = this.numbers.get(id);
    if (number === undefined) return;
    const uses = (this.uses[number] as number) - 1;
    this.uses[number] = uses;
    if (uses > 0) return;
    this.numbers.delete(id);
    this.ids[number] = undefined;
    this.free.push(number);
  }

  /** The number of an id in use (acquired and not yet released as often). */
  numberOf(id: string): number {
    const number = this.numbers.get(id);
    if (number === undefined) throw new Error(`LibrarySearch: no number for "${id}"`);
    return number;
  }

  idOf(number: number): string | undefined {
    return this.ids[number];
  }

  toJSON(): (string | null)[] {
    return this.ids.map((id) => id ?? null);
  }

  /** The numbering serialize() saved, before any use is counted: the entries then acquire their numbers again. */
  static fromJSON(ids: unknown): ArticleNumbers {
    if (!Array.isArray(ids)) throw new SearchIndexFormatError('The search index cache has no article numbers.');
    const numbers = new ArticleNumbers();
    ids.forEach((id: unknown, number) => {
      if (id === null) numbers.free.push(number);
      else if (typeof id === 'string' && !numbers.numbers.has(id)) {
        numbers.numbers.set(id, number);
        numbers.uses[number] = 0;
      } else throw new SearchIndexFormatError('The search index cache has damaged article numbers.');
      numbers.ids[number] = id ?? undefined;
    });
    return numbers;
  }

  /** After fromJSON: ids nothing acquired again are freed. */
  dropUnused(): void {
    for (const [id, number] of [...this.numbers]) {
      if (this.uses[number] === 0) {
        this.numbers.delete(id);
        this.ids[number] = undefined;
        this.free.push(number);
      }
    }
  }
}

/**
 * Arrays indexed by article number, for one query at a time: the hit
 * picker's counts, and collectSpread's (and spreadArticles', whose `seen`
 * is `full` before collectSpread uses it) per-article state. A fresh typed
 * array costs a query tens of microseconds once other work has pushed the
 * allocator out of the caches; these are reused and cleared.
 */
class ArticleArrays {
  hits = new Int32Array(0);
  covered = new Int32Array(0);
  full = new Uint8Array(0);
  listed = new Uint8Array(0);
  bestCoverage = new Int32Array(0);
  bestSource = new Int8Array(0);
  bestSlot = new Int32Array(0);
  bestScore = new Float64Array(0);
  bestFields = new Int32Array(0);

  /** The hit counts, cleared, for `size` articles. */
  forHits(size: number): Int32Array {
    this.ensure(size);
    this.hits.fill(0, 0, size);
    return this.hits;
  }

  /** collectSpread's arrays, cleared (bestSource to -1: no best yet; the other best* are read only once it is set). */
  forSpread(size: number): this {
    this.ensure(size);
    this.covered.fill(0, 0, size);
    this.full.fill(0, 0, size);
    this.listed.fill(0, 0, size);
    this.bestCoverage.fill(0, 0, size);
    this.bestSource.fill(-1, 0, size);
    return this;
  }

  /** spreadArticles' marks, cleared (it runs before collectSpread takes the arrays). */
  forSeen(size: number): Uint8Array {
    this.ensure(size);
    this.full.fill(0, 0, size);
    return this.full;
  }

  private ensure(size: number): void {
    if (this.hits.length < size) {
      const capacity = Math.max(size, this.hits.length * 2, 64);
      this.hits = new Int32Array(capacity);
      this.covered = new Int32Array(capacity);
      this.full = new Uint8Array(capacity);
      this.listed = new Uint8Array(capacity);
      this.bestCoverage = new Int32Array(capacity);
      this.bestSource = new Int8Array(capacity);
      this.bestSlot = new Int32Array(capacity);
      this.bestScore = new Float64Array(capacity);
      this.bestFields = new Int32Array(capacity);
    }
  }
}

/**
 * Takes ranked candidates and keeps the hits: at most `perArticle` from one
 * article, `limit` in all. Body text inside a highlight
 * already kept is shown by the highlight, so a text hit there looks for its
 * words elsewhere in its passage (or is dropped).
 */
class HitPicker {
  readonly hits: SearchHit[] = [];
  /** By article number. */
  private readonly perArticleCount: Int32Array;
  private readonly highlightRanges = new Map<number, Range[]>();

  constructor(
    private readonly limit: number,
    private readonly perArticle: number,
    /** Zeroed, one entry per article number. */
    perArticleCount: Int32Array,
    private readonly build: (candidate: Candidate, highlighted: readonly Range[]) => SearchHit | null,
  ) {
    this.perArticleCount = perArticleCount;
  }

  get full(): boolean {
    return this.hits.length >= this.limit;
  }

  /** How many more hits it takes. */
  get room(): number {
    return this.limit - this.hits.length;
  }

  /** Whether a hit from this article could still be kept. */
  wants(article: number): boolean {
    return (this.perArticleCount[article] as number) < this.perArticle;
  }

  offer(candidate: Candidate): void {
    if (this.full) return;
    const count = this.perArticleCount[candidate.article] as number;
    if (count >= this.perArticle) return;
    const hit = this.build(candidate, this.highlightRanges.get(candidate.article) ?? []);
    if (!hit) return;
    if (hit.annotationId !== undefined && !hit.orphaned) {
      const ranges = this.highlightRanges.get(candidate.article) ?? [];
      ranges.push({ start: hit.start, end: hit.end });
      this.highlightRanges.set(candidate.article, ranges);
    }
    this.perArticleCount[candidate.article] = count + 1;
    this.hits.push(hit);
  }
}

export class SearchIndexFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SearchIndexFormatError';
  }
}

interface SerializedIndex {
  format: typeof FORMAT;
  version: number;
  /** Article ids by number: the owners the indexes name. */
  articleNumbers: (string | null)[];
  articles: ArticleEntry[];
  annotations: AnnotationEntry[];
  titleIndex: TermIndexJSON;
  passageIndex: TermIndexJSON;
  annotationIndex: TermIndexJSON;
}

function parseSerialized(json: string): SerializedIndex {
  let payload: unknown;
  try {
    payload = JSON.parse(json);
  } catch {
    throw new SearchIndexFormatError('The search index cache is not valid JSON.');
  }
  const record = (payload ?? {}) as Partial<Record<keyof SerializedIndex, unknown>>;
  if (record.format !== FORMAT) throw new SearchIndexFormatError('This is not a Gloss search index.');
  if (record.version !== SEARCH_INDEX_VERSION) {
    throw new SearchIndexFormatError(`The search index cache is version ${String(record.version)}; this Gloss reads version ${SEARCH_INDEX_VERSION}.`);
  }
  const indexes = [record.titleIndex, record.passageIndex, record.annotationIndex];
  if (!Array.isArray(record.articles) || !Array.isArray(record.annotations) || indexes.some((index) => typeof index !== 'object' || index === null)) {
    throw new SearchIndexFormatError('The search index cache is incomplete.');
  }
  for (const article of record.articles as unknown[]) {
    const entry = article as Partial<ArticleEntry> | null;
    if (typeof entry?.id !== 'string' || typeof entry.title !== 'string' || typeof entry.text !== 'string' || !Array.isArray(entry.passages) || typeof entry.outsideAscii !== 'boolean') {
      throw new SearchIndexFormatError('The search index cache has a damaged article entry.');
    }
  }
  for (const annotation of record.annotations as unknown[]) {
    const entry = annotation as Partial<AnnotationEntry> | null;
    if (
      typeof entry?.id !== 'string' ||
      typeof entry.articleId !== 'string' ||
      typeof entry.quote !== 'string' ||
      typeof entry.note !== 'string' ||
      !Array.isArray(entry.tags) ||
      typeof entry.outsideAscii !== 'boolean'
    ) {
      throw new SearchIndexFormatError('The search index cache has a damaged highlight entry.');
    }
  }
  return record as SerializedIndex;
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

function articleEntry(article: SearchArticle, passages: number[]): ArticleEntry {
  const entry: ArticleEntry = { id: article.id, title: article.title, text: article.text, passages, outsideAscii: MAYBE_WORD_OUTSIDE_ASCII.test(article.text) };
  if (article.site !== undefined) entry.site = article.site;
  if (article.byline !== undefined) entry.byline = article.byline;
  if (article.hash !== undefined) entry.hash = article.hash;
  return entry;
}

function flatPassages(text: string): number[] {
  return splitPassages(text).flatMap((passage) => [passage.start, passage.end]);
}

/** What the title index holds of an article, in TITLE_FIELDS order. */
function titleFields(entry: ArticleEntry): DocumentFields {
  return [entry.title, entry.byline ?? '', entry.site ?? ''];
}

/** The article's passages as documents of the passage index, in order. */
function passageFields(entry: ArticleEntry): DocumentFields[] {
  const documents: DocumentFields[] = [];
  for (let index = 0; index * 2 < entry.passages.length; index += 1) documents.push([entry.text.slice(entry.passages[index * 2], entry.passages[index * 2 + 1])]);
  return documents;
}

/** What the highlight index holds of a highlight, in ANNOTATION_FIELDS order. */
function annotationFields(entry: AnnotationEntry): DocumentFields {
  return [entry.quote, entry.note, tagsText(entry.tags)];
}

function tagsText(tags: readonly string[]): string {
  return tags.map((tag) => `#${tag}`).join(' ');
}

function annotationPlace(annotation: AnnotationEntry): Pick<SearchHit, 'annotationId' | 'start' | 'end' | 'orphaned'> {
  const place: Pick<SearchHit, 'annotationId' | 'start' | 'end' | 'orphaned'> = { annotationId: annotation.id, start: annotation.start, end: annotation.end };
  if (annotation.orphaned) place.orphaned = true;
  return place;
}

/** What one index is asked: the terms to look up, those a document must hold all of, and the term matched as a prefix. */
interface IndexLookup {
  terms: string[];
  required: ReadonlySet<string>;
  prefixTerm: string | null;
}

interface QueryPlan {
  /** Titles and highlights. */
  fields: IndexLookup;
  text: IndexLookup;
  /** Whether words may be spread over an article (two or more words the text index holds, no phrase). */
  spread: boolean;
  /** Each query word's bit in the indexes' masks. */
  bits: ReadonlyMap<string, number>;
}

/**
 * Which words each index is asked for. Function words ("the", "of") are left
 * out when the query has other words; the text index does not hold them at
 * all. The word being typed is a prefix once it is long enough; in body text,
 * while it is shorter than TEXT_PREFIX_MIN_LENGTH, it only adds to the score,
 * so results do not vanish between keystrokes.
 */
function planQuery(parsed: ParsedQuery): QueryPlan {
  const open = parsed.openTerm;
  const all = parsed.terms.map((term) => term.term);
  // A function word being typed ("china and") is most likely finished; it still counts (as a prefix) when it is all there is.
  const content = all.filter((term) => !STOP_WORDS.has(term));
  const fieldTerms = content.length > 0 ? content : all;
  const fields: IndexLookup = { terms: fieldTerms, required: new Set(fieldTerms), prefixTerm: open !== null && open.length >= MIN_PREFIX_LENGTH && fieldTerms.includes(open) ? open : null };

  const textTerms = fieldTerms.filter((term) => !STOP_WORDS.has(term));
  const shortOpen = open !== null && open.length < TEXT_PREFIX_MIN_LENGTH && textTerms.includes(open);
  const text: IndexLookup = {
    terms: textTerms,
    required: new Set(shortOpen && textTerms.length > 1 ? textTerms.filter((term) => term !== open) : textTerms),
    prefixTerm: open !== null && open.length >= TEXT_PREFIX_MIN_LENGTH && textTerms.includes(open) ? open : null,
  };
  const spread = parsed.phrases.length === 0 && text.required.size > 1;
  return { fields, text, spread, bits: termBits(parsed) };
}


/** Each query word's bit in masks: its place among the query's words (at most MAX_QUERY_TERMS, so under 31). */
function termBits(parsed: ParsedQuery): Map<string, number> {
  return new Map(parsed.terms.map((term, at) => [term.term, at]));
}

function maskOf(terms: Iterable<string>, bits: ReadonlyMap<string, number>): number {
  let mask = 0;
  for (const term of terms) mask |= 1 << (bits.get(term) as number);
  return mask;
}

/** What one index is asked for these words: each word's index terms (itself, its prefix matches, its typo matches). */
function termSpecs(index: TermIndex, terms: readonly string[], prefixTerm: string | null, bits: ReadonlyMap<string, number>, fuzzy: (term: string) => number | false): TermSpec[] {
  return terms.map((term) => ({ bit: bits.get(term) as number, term, expansions: index.expand(term, term === prefixTerm, fuzzy(term)) }));
}

/** The same, as the words to find in a matched document's text: per query word, its index terms as typed or prefixed, and its typo matches. */
function wordSets(index: TermIndex, specs: readonly TermSpec[], prefixTerm: string | null): WordSet[] {
  return specs.map((spec) => {
    const query = spec.term;
    const prefix = query === prefixTerm;
    let size = 0;
    const typo = new Set<string>();
    for (const expansion of spec.expansions) {
      if (expansion.exact) size += 1;
      else typo.add(expansion.term);
    }
    // The terms it matched as typed or as a prefix are the index's terms that are it or (a prefix) start with it. They are asked of
    // the index, not copied into a set (a short prefix has hundreds), and each answer is kept: the same few words come back hit
    // after hit, and a look-up in the large vocabulary costs more than one in this small map.
    const held = index.has(query);
    const answers = new Map<string, boolean>();
    const exact = {
      size,
      has: (term: string): boolean => {
        if (term === query) return held;
        if (!prefix || !term.startsWith(query)) return false;
        let answer = answers.get(term);
        if (answer === undefined) answers.set(term, (answer = index.has(term)));
        return answer;
      },
    };
    return { query, prefix, exact, typo };
  });
}

function byRank(a: Candidate, b: Candidate): number {
  return (
    Number(a.fuzzy) - Number(b.fuzzy) ||
    Number(a.spread) - Number(b.spread) ||
    TIER[b.source] - TIER[a.source] ||
    b.score - a.score ||
    // Equal scores: the document indexed first, as the exact pass orders them, so results do not depend on how they were collected.
    a.slot - b.slot
  );
}
