/**
 * Full-text search over the whole library: article titles (with byline and
 * site), article text, and each highlight's quote, note and tags.
 *
 * It is a plain in-memory object with no I/O, so the service owns one, keeps it
 * up to date as articles and highlights change, and can cache it on disk with
 * serialize()/load(). It is built on MiniSearch, in three indexes:
 *
 * - titles: one document per article;
 * - passages: each article's text cut into paragraph-sized passages (see
 *   passages.ts), so a match is found in a kilobyte or two of text and a
 *   snippet never needs the whole article;
 * - annotations: one document per highlight (quote, note, tags).
 *
 * Every change is incremental (MiniSearch add, discard, replace): importing,
 * re-importing or deleting one article, or editing one highlight, never
 * rebuilds the rest.
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
 * 4. MiniSearch's BM25 score.
 * At most `perArticle` hits (3) come from one article, and `limit` (50) in all.
 * Body text inside a highlight that is already listed is not listed again.
 * Spread and typo matches are looked for only when fewer than FALLBACK_BELOW
 * hits have every word as typed.
 */

import MiniSearch, { type AsPlainObject, type MatchInfo, type Options, type SearchOptions, type SearchResult } from 'minisearch';
import { holdsPhrases, locate, locateInFields, typoDistance, wordsToMark } from './match-location';
import { splitPassages } from './passages';
import { parseQuery, searchTagKey, type ParsedQuery } from './search-query';
import { STOP_WORDS } from './stop-words';
import { buildSnippet, processTerm, splitWords, type Range, type Snippet } from './search-text';

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
  /** MiniSearch's BM25 score; it orders hits of one kind, and means nothing across kinds. */
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

/** Bumped whenever the serialized shape or the indexing rules change, so an old cache is rebuilt, not misread. */
export const SEARCH_INDEX_VERSION = 1;
const FORMAT = 'gloss-search-index';

interface TitleDocument {
  id: string;
  title: string;
  byline: string;
  site: string;
}
interface PassageDocument {
  id: string;
  text: string;
}
interface AnnotationDocument {
  id: string;
  quote: string;
  note: string;
  tags: string;
}

interface ArticleEntry {
  id: string;
  title: string;
  site?: string;
  byline?: string;
  hash?: string;
  text: string;
  /** Passage boundaries, flattened: [start0, end0, start1, end1, …]. */
  passages: number[];
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
}

/** Each highlight's tags as search compares them; an edited highlight is a new entry, so this never goes stale. */
const tagKeys = new WeakMap<AnnotationEntry, string[]>();

const TITLE_FIELDS = ['title', 'byline', 'site'] as const;
const ANNOTATION_FIELDS = ['quote', 'note', 'tags'] as const;
const ANNOTATION_KIND: Record<(typeof ANNOTATION_FIELDS)[number], SearchHitKind> = { quote: 'highlight', note: 'note', tags: 'tag' };

function indexOptions<T>(fields: readonly string[]): Options<T> {
  return {
    fields: [...fields],
    storeFields: [],
    tokenize: splitWords,
    processTerm,
    autoVacuum: true,
  };
}
const titleOptions = () => indexOptions<TitleDocument>(TITLE_FIELDS);
const passageOptions = (): Options<PassageDocument> => ({
  ...indexOptions<PassageDocument>(['text']),
  processTerm: (word) => {
    const term = processTerm(word);
    return term === null || STOP_WORDS.has(term) ? null : term;
  },
});
const annotationOptions = () => indexOptions<AnnotationDocument>(ANNOTATION_FIELDS);

const PASSAGE_ID_SEPARATOR = '#';
const passageId = (articleId: string, index: number) => `${articleId}${PASSAGE_ID_SEPARATOR}${index}`;

type Source = 'title' | 'annotation' | 'text';
const TIER: Record<Source, number> = { title: 3, annotation: 2, text: 1 };

interface Candidate {
  source: Source;
  /** The MiniSearch document id. */
  id: string;
  articleId: string;
  score: number;
  match: MatchInfo;
  /** Some query word matched only with typo tolerance. */
  fuzzy: boolean;
  /** Represents an article whose words are spread over several documents. */
  spread: boolean;
}

export class LibrarySearch {
  private readonly articles = new Map<string, ArticleEntry>();
  private readonly annotations = new Map<string, AnnotationEntry>();
  private readonly annotationsByArticle = new Map<string, Set<string>>();
  private titleIndex: MiniSearch<TitleDocument>;
  private passageIndex: MiniSearch<PassageDocument>;
  private annotationIndex: MiniSearch<AnnotationDocument>;

  constructor() {
    this.titleIndex = new MiniSearch(titleOptions());
    this.passageIndex = new MiniSearch(passageOptions());
    this.annotationIndex = new MiniSearch(annotationOptions());
  }

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
    this.titleIndex.add(titleDocument(entry));
    this.addPassages(entry);
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
    if (old.title !== entry.title || old.byline !== entry.byline || old.site !== entry.site) this.titleIndex.replace(titleDocument(entry));
    if (textChanged) {
      this.discardPassages(old);
      this.addPassages(entry);
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
      this.titleIndex.discard(id);
      this.discardPassages(entry);
      this.articles.delete(id);
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
    };
    if (annotation.orphaned) entry.orphaned = true;
    const current = this.annotations.get(annotation.id);
    this.annotations.set(entry.id, entry);
    let ids = this.annotationsByArticle.get(articleId);
    if (!ids) this.annotationsByArticle.set(articleId, (ids = new Set()));
    ids.add(entry.id);
    if (!current) this.annotationIndex.add(annotationDocument(entry));
    else if (current.quote !== entry.quote || current.note !== entry.note || current.tags.join('\n') !== entry.tags.join('\n')) {
      this.annotationIndex.replace(annotationDocument(entry));
    }
  }

  /** Forgets one highlight. Unknown ids are ignored. */
  removeAnnotation(annotationId: string): void {
    const entry = this.annotations.get(annotationId);
    if (!entry) return;
    this.annotationIndex.discard(annotationId);
    this.annotations.delete(annotationId);
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
    const picker = new HitPicker(limit, perArticle, (candidate, highlighted) => this.toHit(candidate, parsed, plan, highlighted));
    for (const candidate of this.exactCandidates(parsed, plan)) {
      picker.offer(candidate);
      if (picker.full) return picker.hits;
    }
    // Spread and typo-tolerant hits rank below every exact one (byRank), and cost
    // more to find: they are looked for only when the exact ones are few.
    if (picker.hits.length >= Math.min(limit, FALLBACK_BELOW)) return picker.hits;
    const more = [...this.collectSpread(parsed, plan), ...this.collectTypos(parsed, plan)].sort(byRank);
    const offered = new Set<string>();
    for (const candidate of more) {
      // A passage can stand for its article's spread words and also hold them all with a typo.
      const key = `${candidate.source}:${candidate.id}`;
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
   * The documents in which every word is as typed (or, for the word being
   * typed, a prefix): MiniSearch's AND, per index, in rank order (titles,
   * highlights, then text, each sorted by score). Lazy: an index is searched
   * only if the hits before it did not fill the limit.
   */
  private *exactCandidates(parsed: ParsedQuery, plan: QueryPlan): Generator<Candidate> {
    for (const [source, index, lookup, filter] of this.indexesFor(parsed, plan)) {
      for (const result of runQuery(index, [...lookup.required], 'AND', lookup.prefixTerm, () => false, filter)) {
        const id = result.id as string;
        const articleId = this.articleOf(source, id);
        if (articleId !== null) yield { source, id, articleId, score: result.score, match: result.match, fuzzy: false, spread: false };
      }
    }
  }

  /**
   * Articles that hold every word, but not in any one title, passage or
   * highlight: one candidate each, the document holding the most of them.
   * Found with an OR query, which costs more than AND, so only when the exact
   * pass falls short.
   */
  private collectSpread(parsed: ParsedQuery, plan: QueryPlan): Candidate[] {
    if (!plan.spread) return [];
    const wanted = plan.text.required;
    const articles = new Map<string, SpreadArticle>();
    for (const [source, index, lookup, filter] of this.indexesFor(parsed, plan)) {
      const results = runQuery(index, lookup.terms, 'OR', lookup.prefixTerm, () => false, filter);
      for (const result of results) {
        const id = result.id as string;
        const articleId = this.articleOf(source, id);
        if (articleId === null) continue;
        let article = articles.get(articleId);
        if (!article) articles.set(articleId, (article = { covered: new Set(), best: null, bestCoverage: 0, hasFull: false }));
        if (article.hasFull) continue;
        let required = 0;
        let coverage = 0;
        for (const term of result.queryTerms) {
          if (lookup.required.has(term)) required += 1;
          if (!wanted.has(term)) continue;
          coverage += 1;
          article.covered.add(term);
        }
        if (required === lookup.required.size) {
          // All the words in one document: the exact pass has it.
          article.hasFull = true;
          continue;
        }
        // Results come in rank order, so the first document with the most words is the best one.
        if (coverage > article.bestCoverage) {
          article.best = { source, id, articleId, score: result.score, match: result.match, fuzzy: false, spread: true };
          article.bestCoverage = coverage;
        }
      }
    }
    const candidates: Candidate[] = [];
    for (const article of articles.values()) {
      if (!article.hasFull && article.best !== null && article.covered.size === wanted.size) candidates.push(article.best);
    }
    return candidates;
  }

  /**
   * Documents holding every word when words of five letters or more may have
   * a typo. Only words the index does not hold get typo tolerance: a word that
   * is in the library was most likely meant, and its look-alikes ("fight":
   * "night", "right", "light", "might") would make the query scan most of it.
   */
  private collectTypos(parsed: ParsedQuery, plan: QueryPlan): Candidate[] {
    const exact = new Set(parsed.terms.filter((term) => term.exact).map((term) => term.term));
    const candidates: Candidate[] = [];
    for (const [source, index, lookup, filter] of this.indexesFor(parsed, plan)) {
      const terms = [...lookup.required];
      const tolerant = new Set(terms.filter((term) => !exact.has(term) && typoDistance(term) !== false && !indexHasTerm(index, term)));
      if (tolerant.size === 0) continue;
      const results = runQuery(index, terms, 'AND', lookup.prefixTerm, (term) => (tolerant.has(term) ? typoDistance(term) : false), filter);
      for (const result of results) {
        const id = result.id as string;
        const articleId = this.articleOf(source, id);
        if (articleId === null) continue;
        const { match } = result;
        const fuzzy = terms.some((term) => !Object.hasOwn(match, term) && !(term === lookup.prefixTerm && result.terms.some((documentTerm) => documentTerm.startsWith(term))));
        // Every word as typed: the exact pass has offered it already.
        if (fuzzy) candidates.push({ source, id, articleId, score: result.score, match, fuzzy, spread: false });
      }
    }
    return candidates;
  }

  /** The indexes a query runs on, in rank order, with what each is asked. A tag filter leaves only the highlights. */
  private indexesFor(parsed: ParsedQuery, plan: QueryPlan): Array<[Source, MiniSearch, IndexLookup, ((result: SearchResult) => boolean) | undefined]> {
    const tags = parsed.tags;
    if (tags.length > 0) return [['annotation', this.annotationIndex, plan.fields, (result) => this.hasTag(result.id as string, tags)]];
    return [
      ['title', this.titleIndex, plan.fields, undefined],
      ['annotation', this.annotationIndex, plan.fields, undefined],
      ['text', this.passageIndex, plan.text, undefined],
    ];
  }

  /**
   * Builds the hit, or null when a quoted phrase is not in the document as
   * written, or a passage's words are all inside `highlighted` ranges.
   */
  private toHit(candidate: Candidate, parsed: ParsedQuery, plan: QueryPlan, highlighted: readonly Range[]): SearchHit | null {
    const article = this.articles.get(candidate.articleId);
    if (!article) return null;
    const base = { articleId: article.id, articleTitle: article.title, score: candidate.score };

    if (candidate.source === 'text') {
      const index = Number(candidate.id.slice(candidate.id.lastIndexOf(PASSAGE_ID_SEPARATOR) + 1));
      const from = article.passages[index * 2];
      const to = article.passages[index * 2 + 1];
      if (from === undefined || to === undefined) return null;
      // A phrase of common words can have thousands of candidate passages: rule most out without splitting them into words.
      if (!holdsPhrases(article.text, from, to, parsed.phrases)) return null;
      const found = locate(article.text, from, to, wordsToMark(Object.keys(candidate.match), plan.text), parsed.phrases, highlighted);
      if (!found) return null;
      return { ...base, kind: 'text', start: found.anchor.start, end: found.anchor.end, snippet: buildSnippet(article.text, found.anchor, found.marks) };
    }

    if (candidate.source === 'title') {
      const fields: Record<(typeof TITLE_FIELDS)[number], string> = { title: article.title, byline: article.byline ?? '', site: article.site ?? '' };
      const found = locateInFields(fields, TITLE_FIELDS, candidate.match, plan.fields, parsed.phrases);
      if (!found) return null;
      return { ...base, kind: 'title', start: 0, end: 0, snippet: found.snippet };
    }

    const annotation = this.annotations.get(candidate.id);
    if (!annotation) return null;
    const fields: Record<(typeof ANNOTATION_FIELDS)[number], string> = { quote: annotation.quote, note: annotation.note, tags: tagsText(annotation.tags) };
    const found = locateInFields(fields, ANNOTATION_FIELDS, candidate.match, plan.fields, parsed.phrases);
    if (!found) return null;
    return { ...base, ...annotationPlace(annotation), kind: ANNOTATION_KIND[found.field], snippet: found.snippet };
  }

  /** tag: with no words: the highlights with that tag, article by article, in reading order. */
  private listTagged(tags: readonly string[], limit: number, perArticle: number): SearchHit[] {
    const hits: SearchHit[] = [];
    for (const article of this.articles.values()) {
      const tagged = [...(this.annotationsByArticle.get(article.id) ?? [])]
        .map((id) => this.annotations.get(id) as AnnotationEntry)
        .filter((annotation) => this.hasTag(annotation.id, tags))
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

  /** Every filter is met by one of the highlight's tags: the tag itself or one nested under it. */
  private hasTag(annotationId: string, filters: readonly string[]): boolean {
    const annotation = this.annotations.get(annotationId);
    if (!annotation) return false;
    let keys = tagKeys.get(annotation);
    if (!keys) tagKeys.set(annotation, (keys = annotation.tags.map(searchTagKey)));
    const held = keys;
    return filters.every((filter) => held.some((key) => key === filter || key.startsWith(`${filter}/`)));
  }

  private articleOf(source: Source, id: string): string | null {
    if (source === 'title') return this.articles.has(id) ? id : null;
    // Passages go with their article, so a passage found belongs to a live article.
    if (source === 'text') return id.slice(0, id.lastIndexOf(PASSAGE_ID_SEPARATOR));
    const articleId = this.annotations.get(id)?.articleId;
    return articleId !== undefined && this.articles.has(articleId) ? articleId : null;
  }

  private addPassages(entry: ArticleEntry): void {
    const documents: PassageDocument[] = [];
    for (let index = 0; index * 2 < entry.passages.length; index += 1) {
      documents.push({ id: passageId(entry.id, index), text: entry.text.slice(entry.passages[index * 2], entry.passages[index * 2 + 1]) });
    }
    this.passageIndex.addAll(documents);
  }

  private discardPassages(entry: ArticleEntry): void {
    const ids: string[] = [];
    for (let index = 0; index * 2 < entry.passages.length; index += 1) ids.push(passageId(entry.id, index));
    this.passageIndex.discardAll(ids);
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
    search.titleIndex = MiniSearch.loadJS(payload.titleIndex, titleOptions());
    search.passageIndex = MiniSearch.loadJS(payload.passageIndex, passageOptions());
    search.annotationIndex = MiniSearch.loadJS(payload.annotationIndex, annotationOptions());
    search.restoreEntries(payload);
    return search;
  }

  /** load() that yields to the event loop while rebuilding the largest index, for use at start-up. */
  static async loadAsync(json: string): Promise<LibrarySearch> {
    const payload = parseSerialized(json);
    const search = new LibrarySearch();
    search.titleIndex = MiniSearch.loadJS(payload.titleIndex, titleOptions());
    search.passageIndex = await MiniSearch.loadJSAsync(payload.passageIndex, passageOptions());
    search.annotationIndex = MiniSearch.loadJS(payload.annotationIndex, annotationOptions());
    search.restoreEntries(payload);
    return search;
  }

  private restoreEntries(payload: SerializedIndex): void {
    for (const article of payload.articles) this.articles.set(article.id, article);
    for (const annotation of payload.annotations) {
      this.annotations.set(annotation.id, annotation);
      let ids = this.annotationsByArticle.get(annotation.articleId);
      if (!ids) this.annotationsByArticle.set(annotation.articleId, (ids = new Set()));
      ids.add(annotation.id);
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
  private readonly perArticleCount = new Map<string, number>();
  private readonly highlightRanges = new Map<string, Range[]>();

  constructor(
    private readonly limit: number,
    private readonly perArticle: number,
    private readonly build: (candidate: Candidate, highlighted: readonly Range[]) => SearchHit | null,
  ) {}

  get full(): boolean {
    return this.hits.length >= this.limit;
  }

  offer(candidate: Candidate): void {
    if (this.full) return;
    const count = this.perArticleCount.get(candidate.articleId) ?? 0;
    if (count >= this.perArticle) return;
    const hit = this.build(candidate, this.highlightRanges.get(candidate.articleId) ?? []);
    if (!hit) return;
    if (hit.annotationId !== undefined && !hit.orphaned) {
      const ranges = this.highlightRanges.get(hit.articleId) ?? [];
      ranges.push({ start: hit.start, end: hit.end });
      this.highlightRanges.set(hit.articleId, ranges);
    }
    this.perArticleCount.set(candidate.articleId, count + 1);
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
  articles: ArticleEntry[];
  annotations: AnnotationEntry[];
  titleIndex: AsPlainObject;
  passageIndex: AsPlainObject;
  annotationIndex: AsPlainObject;
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
    if (typeof entry?.id !== 'string' || typeof entry.title !== 'string' || typeof entry.text !== 'string' || !Array.isArray(entry.passages)) {
      throw new SearchIndexFormatError('The search index cache has a damaged article entry.');
    }
  }
  for (const annotation of record.annotations as unknown[]) {
    const entry = annotation as Partial<AnnotationEntry> | null;
    if (typeof entry?.id !== 'string' || typeof entry.articleId !== 'string' || typeof entry.quote !== 'string' || typeof entry.note !== 'string' || !Array.isArray(entry.tags)) {
      throw new SearchIndexFormatError('The search index cache has a damaged highlight entry.');
    }
  }
  return record as SerializedIndex;
}

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

function articleEntry(article: SearchArticle, passages: number[]): ArticleEntry {
  const entry: ArticleEntry = { id: article.id, title: article.title, text: article.text, passages };
  if (article.site !== undefined) entry.site = article.site;
  if (article.byline !== undefined) entry.byline = article.byline;
  if (article.hash !== undefined) entry.hash = article.hash;
  return entry;
}

function flatPassages(text: string): number[] {
  return splitPassages(text).flatMap((passage) => [passage.start, passage.end]);
}

function titleDocument(entry: ArticleEntry): TitleDocument {
  return { id: entry.id, title: entry.title, byline: entry.byline ?? '', site: entry.site ?? '' };
}

function annotationDocument(entry: AnnotationEntry): AnnotationDocument {
  return { id: entry.id, quote: entry.quote, note: entry.note, tags: tagsText(entry.tags) };
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
  return { fields, text, spread };
}

interface SpreadArticle {
  covered: Set<string>;
  best: Candidate | null;
  bestCoverage: number;
  hasFull: boolean;
}

/** One MiniSearch query over terms already folded (so MiniSearch is told not to split or fold them again). */
function runQuery(
  index: MiniSearch,
  terms: readonly string[],
  combineWith: 'AND' | 'OR',
  prefixTerm: string | null,
  fuzzy: (term: string) => number | false,
  filter: ((result: SearchResult) => boolean) | undefined,
): SearchResult[] {
  if (terms.length === 0) return [];
  const options: SearchOptions = {
    combineWith,
    tokenize: (text) => text.split(' '),
    processTerm: (term) => term,
    prefix: (term) => term === prefixTerm,
    fuzzy,
    maxFuzzy: 2,
  };
  if (filter) options.filter = filter;
  return index.search(terms.join(' '), options);
}

/**
 * Whether the index holds this exact term. MiniSearch keeps its terms in a
 * radix tree it does not expose; this reads it, and if a later version moves
 * it, answers "no", which only means typo tolerance is tried more often.
 */
function indexHasTerm(index: MiniSearch, term: string): boolean {
  const tree = (index as unknown as { _index?: { has?: (key: string) => boolean } })._index;
  return typeof tree?.has === 'function' ? tree.has(term) : false;
}

function byRank(a: Candidate, b: Candidate): number {
  return (
    Number(a.fuzzy) - Number(b.fuzzy) ||
    Number(a.spread) - Number(b.spread) ||
    TIER[b.source] - TIER[a.source] ||
    b.score - a.score
  );
}
