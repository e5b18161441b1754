/**
 * A compact inverted index: for each term, the documents holding it, in
 * typed arrays. LibrarySearch keeps three (titles, passages, highlights).
 *
 * Why not MiniSearch, which this replaced: a query there scores every
 * posting into a Map of result objects (with match details for each), then
 * sorts them all, and a common word is in thousands of passages. A query
 * here adds scores into preallocated arrays indexed by document number,
 * keeps no per-document objects, and leaves ranking to a heap, so a caller
 * that wants 50 hits pays for sorting 50, not 8,000. Which words matched
 * where is worked out only for the documents a caller actually shows.
 *
 * Documents: each has a slot (a number, never reused until compact()), a
 * key (what the caller calls it: an article id, a highlight id), an owner
 * (a number the caller gives: which article it belongs to) and a part (its
 * position among the documents added under that key together: a passage's
 * number in its article). A document has `fieldCount` fields;
 * postings hold "units", slot × fieldCount + field, in increasing order,
 * because slots only grow and a document's terms are all added at once.
 *
 * Scoring is BM25 per field, summed over fields and query terms, with
 * MiniSearch's parameters and weights for prefix and typo matches, so
 * ranking is what it was.
 *
 * The terms themselves live in a Vocabulary, which indexes can share: one
 * map from a term to each index's postings, kept sorted for prefix and typo
 * look-ups. A prefix is a range of the sorted terms, and typo matching
 * walks them as a trie would, sharing the edit-distance rows of a common
 * prefix and skipping every term under a prefix already too far off. A
 * radix tree would do the same but costs several times more to build. New
 * terms wait apart and are merged in batches, so neither a query nor a
 * build sorts all the terms at once (tens of milliseconds for a library's
 * 25,000 words).
 */

/** New terms are merged into the sorted ones in batches of at least this many (and an eighth of those already sorted). */
const MERGE_PENDING = 512;

/** Where the field bits start in Scored.exactMasks (query words take the bits below: at most 12). */
const FIELD_SHIFT = 16;

/** BM25 as MiniSearch computes it (k1, b, and its additive floor d). */
const BM25_K = 1.2;
const BM25_B = 0.7;
const BM25_D = 0.5;
/** What a word found only as a prefix, or only with a typo, counts for (MiniSearch's weights). */
export const PREFIX_WEIGHT = 0.375;
export const FUZZY_WEIGHT = 0.45;

/** One term's postings in one index. Arrays grow by doubling; `length` entries are in use. */
export class Postings {
  units: Int32Array;
  tfs: Uint16Array;
  length = 0;
  /** Per field, how many documents hold the term there (BM25's document frequency). */
  readonly df: Int32Array;

  constructor(fieldCount: number, units?: Int32Array, tfs?: Uint16Array) {
    this.units = units ?? new Int32Array(4);
    this.tfs = tfs ?? new Uint16Array(4);
    this.length = units?.length ?? 0;
    this.df = new Int32Array(fieldCount);
    if (units) {
      for (let at = 0; at < units.length; at += 1) {
        const field = (units[at] as number) % fieldCount;
        this.df[field] = (this.df[field] as number) + 1;
      }
    }
  }

  push(unit: number, tf: number, field: number): void {
    if (this.length === this.units.length) {
      const units = new Int32Array(Math.max(4, this.length * 2));
      units.set(this.units);
      this.units = units;
      const tfs = new Uint16Array(units.length);
      tfs.set(this.tfs);
      this.tfs = tfs;
    }
    this.units[this.length] = unit;
    this.tfs[this.length] = Math.min(tf, 0xffff);
    this.length += 1;
    this.df[field] = (this.df[field] as number) + 1;
  }

  /** Drops the entries whose unit is in [low, high): one document's, or one key's. */
  removeRange(low: number, high: number, fieldCount: number): void {
    const from = lowerBound(this.units, this.length, low);
    const to = lowerBound(this.units, this.length, high);
    if (to === from) return;
    for (let at = from; at < to; at += 1) {
      const field = (this.units[at] as number) % fieldCount;
      this.df[field] = (this.df[field] as number) - 1;
    }
    this.units.copyWithin(from, to, this.length);
    this.tfs.copyWithin(from, to, this.length);
    this.length -= to - from;
  }

  /** Where the entries of units [low, high) are: [first, end). */
  find(low: number, high: number): [number, number] {
    const first = lowerBound(this.units, this.length, low);
    let end = first;
    while (end < this.length && (this.units[end] as number) < high) end += 1;
    return [first, end];
  }
}

/** The first position in sorted[0, length) holding a value ≥ value. */
function lowerBound(sorted: Int32Array, length: number, value: number): number {
  let low = 0;
  let high = length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as number) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** One index term a query word stands for, and what it counts for. */
export interface Expansion {
  term: string;
  postings: Postings;
  weight: number;
  /** Matched as typed or as a prefix, not with a typo. */
  exact: boolean;
}

/** One query word, with the index terms it matches. `bit` names it in masks (the caller's numbering, < 31). */
export interface TermSpec {
  bit: number;
  /** The query word. */
  term: string;
  expansions: readonly Expansion[];
}

/**
 * The documents a query matched, in no particular order, with their scores
 * and masks indexed by slot. All of it is the index's scratch space, not a
 * copy (a query allocates next to nothing): it is valid until the index's
 * next query.
 */
export interface Scored {
  count: number;
  /** The matched slots, [0, count). */
  slots: Int32Array;
  /** By slot: the score. */
  scores: Float64Array;
  /** By slot: the bits of the query words matched (any way). */
  masks: Int32Array;
  /**
   * By slot: the bits of the query words matched as typed or as a prefix;
   * and from bit FIELD_SHIFT on, one bit per field any word matched in
   * (fieldsOf), so that a hit's snippet is looked for only in those fields.
   */
  exactMasks: Int32Array;
}

export interface TermIndexJSON {
  fieldCount: number;
  /** Document keys, one per run of documents added together, their owners and how many documents each run has. */
  keys: string[];
  owners: number[];
  runs: number[];
  /** Per unit: how many distinct terms the field has (base64 Int32). */
  lengths: string;
  /** In code-unit order. */
  terms: string[];
  /** Per term: how many postings (base64 Int32), then all postings concatenated (base64 Int32 and Uint16). */
  counts: string;
  units: string;
  tfs: string;
}

/** A document's fields as text, in field order. */
export type DocumentFields = readonly string[];

/**
 * The terms of the library's indexes, shared by them: one map from a term
 * to each index's postings, and one sorted list for prefix and typo
 * look-ups. A query asks each index about the same words; with one
 * vocabulary that is one look-up, and a prefix or typo search walks the
 * terms once for all three (and remembers the answer until a term comes or
 * goes). After a scan of other memory, each separate structure a query
 * touches costs it microseconds to bring back.
 */
export class Vocabulary {
  private readonly entries = new Map<string, (Postings | undefined)[]>();
  private indexes = 0;
  /**
   * Every term: in `sorted` (code-unit order), or, if new, in `pending`,
   * which is put in order when a look-up needs it and merged into `sorted`
   * once it grows to an eighth of it (so a build merges a few dozen times,
   * not once per batch of a few hundred words). A look-up searches both. A
   * removed term stays in `sorted`, skipped (its entry is gone), until
   * there are enough of them to filter out.
   */
  private sorted: string[] = [];
  private pending: string[] = [];
  private pendingInOrder = true;
  private staleSorted = 0;
  /**
   * For typo look-ups, per index (a typo is looked for only in an index
   * that does not hold the word as typed, and the title and highlight
   * indexes hold a fraction of the terms), built on first need and dropped
   * when a term comes or goes: the index's terms by length, each length in
   * order, with how many letters each shares with the one before it
   * (lcpOf). A word within two typos of a 17-letter one has 15 to 19
   * letters: only those few terms are looked at.
   */
  private byLength: Array<LengthGroup[] | undefined> = [];
  /** The last prefix look-up, for the next index asking the same (dropped when a term comes or goes). */
  private lastPrefix: { prefix: string; terms: string[]; entries: (Postings | undefined)[][] } | null = null;

  /** A number for a new index, its place in each entry. */
  register(): number {
    return this.indexes++;
  }

  get(term: string, no: number): Postings | undefined {
    return this.entries.get(term)?.[no];
  }

  set(term: string, no: number, postings: Postings): void {
    let entry = this.entries.get(term);
    if (!entry) {
      this.entries.set(term, (entry = []));
      this.noteNewTerm(term);
    } else if (entry[no] === undefined) {
      // A term another index holds is new to this one: its typo look-up groups no longer hold.
      this.byLength[no] = undefined;
    }
    entry[no] = postings;
  }

  /** An index no longer holds the term; the term goes when no index does. */
  delete(term: string, no: number): void {
    const entry = this.entries.get(term);
    if (!entry) return;
    entry[no] = undefined;
    this.byLength[no] = undefined;
    if (entry.some((postings) => postings !== undefined)) return;
    this.entries.delete(term);
    this.changed();
    const at = this.pending.indexOf(term);
    if (at !== -1) this.pending.splice(at, 1);
    else this.staleSorted += 1;
    if (this.staleSorted > 1_024 && this.staleSorted > this.sorted.length / 4) {
      this.sorted = this.sorted.filter((held) => this.entries.has(held));
      this.staleSorted = 0;
    }
  }

  /** Every posting list of one index. */
  *postingsOf(no: number): Generator<Postings> {
    for (const entry of this.entries.values()) {
      const postings = entry[no];
      if (postings) yield postings;
    }
  }

  /** One index's terms, in code-unit order. */
  termsOf(no: number): string[] {
    if (this.pending.length > 0) this.mergePending();
    return this.sorted.filter((term) => this.entries.get(term)?.[no] !== undefined);
  }

  /** Loads one index's terms (in order, none of them held by it yet) and postings: one merge into the sorted terms. */
  addSorted(no: number, terms: readonly string[], postings: readonly Postings[]): void {
    if (this.pending.length > 0) this.mergePending();
    const fresh: string[] = [];
    terms.forEach((term, at) => {
      let entry = this.entries.get(term);
      if (!entry) {
        this.entries.set(term, (entry = []));
        // A term removed before, still in `sorted`, is held again; any other is new.
        if (this.sorted[lowerBoundString(this.sorted, term)] === term) this.staleSorted -= 1;
        else fresh.push(term);
      }
      entry[no] = postings[at] as Postings;
    });
    if (fresh.length > 0) this.sorted = mergeSorted(this.sorted, fresh);
    this.changed();
  }

  /** The terms that start with prefix (itself included, if held), in code-unit order. */
  withPrefix(prefix: string): string[] {
    return this.prefixed(prefix).terms;
  }

  /**
   * withPrefix, with each term's entry (its postings in each index), so
   * that the indexes asking in turn read their postings from the list
   * rather than each look every term up again: a short prefix stands for
   * dozens of terms, and a look-up in a large map that no longer sits in
   * the caches costs a microsecond or two.
   */
  prefixed(prefix: string): { terms: string[]; entries: (Postings | undefined)[][] } {
    if (this.lastPrefix?.prefix === prefix) return this.lastPrefix;
    const terms = withPrefix(this.sorted, prefix);
    const pending = withPrefix(this.orderedPending(), prefix);
    if (pending.length > 0) terms.push(...pending);
    if (pending.length > 0) terms.sort();
    const held: string[] = [];
    const entries: (Postings | undefined)[][] = [];
    for (const term of terms) {
      const entry = this.entries.get(term);
      if (!entry) continue;
      held.push(term);
      entries.push(entry);
    }
    this.lastPrefix = { prefix, terms: held, entries };
    return this.lastPrefix;
  }

  /**
   * The terms of index `no` within `limit` edits (Levenshtein: insert,
   * delete or change a letter) of `term`, with their distance. Walks the
   * terms of each length that can qualify as a trie would: a term reuses
   * the rows of the prefix it shares with the one before, and once a prefix
   * is more than `limit` edits off whatever follows, every term under it is
   * skipped.
   */
  withinDistance(term: string, limit: number, no: number): Map<string, number> {
    const found = new Map<string, number>();
    const byLength = (this.byLength[no] ??= this.termsByLength(no));
    for (let length = Math.max(1, term.length - limit); length <= term.length + limit && length < byLength.length; length += 1) {
      const bucket = byLength[length];
      if (!bucket) continue;
      bucket.lcp ??= lcpOf(bucket.terms);
      bucket.letters ??= bucket.terms.join('');
      withinDistanceIn(bucket.terms, bucket.letters, length, bucket.lcp, term, limit, found);
    }
    return found;
  }

  /** What depended on the set of terms is dropped. */
  private changed(): void {
    this.byLength = [];
    this.lastPrefix = null;
  }

  /** A term just added: into `pending`, or back among the sorted ones if it was removed and is still there. */
  private noteNewTerm(term: string): void {
    this.changed();
    const sorted = this.sorted;
    const at = lowerBoundString(sorted, term);
    if (sorted[at] === term) {
      this.staleSorted -= 1;
      return;
    }
    // set() adds a term only when it has no entry, and delete() takes it out of `pending`: it is not there already.
    this.pending.push(term);
    this.pendingInOrder = false;
    if (this.pending.length >= Math.max(MERGE_PENDING, this.sorted.length >> 3)) this.mergePending();
  }

  /** `pending`, in order. */
  private orderedPending(): string[] {
    if (!this.pendingInOrder) {
      this.pending.sort();
      this.pendingInOrder = true;
    }
    return this.pending;
  }

  /** Merges the pending terms into the sorted ones: one pass, rather than a splice each. */
  private mergePending(): void {
    this.sorted = mergeSorted(this.sorted, this.orderedPending());
    this.pending = [];
    this.changed();
  }

  /** Index `no`'s terms grouped by length, each group in order: one pass over the sorted terms (and the pending ones, merged). */
  private termsByLength(no: number): LengthGroup[] {
    const groups: LengthGroup[] = [];
    const sorted = this.sorted;
    const pending = this.orderedPending();
    const add = (term: string) => {
      if (this.entries.get(term)?.[no] === undefined) return;
      (groups[term.length] ??= { terms: [], letters: null, lcp: null }).terms.push(term);
    };
    let j = 0;
    for (const term of sorted) {
      while (j < pending.length && (pending[j] as string) < term) add(pending[j++] as string);
      add(term);
    }
    while (j < pending.length) add(pending[j++] as string);
    return groups;
  }
}

/**
 * An index's terms of one length, in order, for typo look-ups
 * (Vocabulary.withinDistance). `letters` (the terms joined: a second copy of
 * their letters, about as many bytes as the index has letters of vocabulary)
 * and `lcp` are made on first use, and go with the group when a term comes or
 * goes.
 */
interface LengthGroup {
  terms: string[];
  letters: string | null;
  lcp: Uint8Array | null;
}

/** Two sorted lists of distinct strings as one (a string in both is kept once). */
function mergeSorted(a: readonly string[], b: readonly string[]): string[] {
  const merged = new Array<string>(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as string;
    const y = b[j] as string;
    if (x < y) {
      merged[k++] = x;
      i += 1;
    } else if (y < x) {
      merged[k++] = y;
      j += 1;
    } else {
      merged[k++] = x;
      i += 1;
      j += 1;
    }
  }
  while (i < a.length) merged[k++] = a[i++] as string;
  while (j < b.length) merged[k++] = b[j++] as string;
  merged.length = k;
  return merged;
}

export class TermIndex {
  /** The terms, shared with the library's other indexes; this index's postings are at `no` in each entry. */
  readonly vocabulary: Vocabulary;
  private readonly no: number;
  private readonly slotsOf = new Map<string, { first: number; count: number }>();
  private keys: (string | undefined)[] = [];
  private owners = new Int32Array(64);
  /** Whatever the caller keeps with a key's documents (the highlight's entry): found from a slot without a map look-up. Not saved. */
  private payloads: unknown[] = [];
  private parts = new Int32Array(64);
  private lengths = new Int32Array(64);
  private slotCount = 0;
  private live = 0;
  private readonly totalLength: Float64Array;
  /** Scratch space for queries, one entry per slot; `stamp` tells this query's entries from old ones. */
  private stamp = new Int32Array(0);
  private score = new Float64Array(0);
  private mask = new Int32Array(0);
  private exactMask = new Int32Array(0);
  /** The slots this query has stamped so far, in the order first seen. */
  private touched = new Int32Array(0);
  private heap = new Int32Array(0);
  private heapKeys = new Float64Array(0);
  private generation = 0;
  private readonly counts = new Map<string, number>();
  /** Per field, for one posting list at a time: a query allocates next to nothing, so it seldom waits for the garbage collector. */
  private readonly idfScratch: Float64Array;
  private readonly normScratch: Float64Array;

  constructor(
    readonly fields: readonly string[],
    /** The index terms of one field's text, repeated as often as they occur. */
    private readonly tokenize: (text: string) => string[],
    /** Shared with other indexes, or this index's own. */
    vocabulary: Vocabulary = new Vocabulary(),
    /** Terms not indexed (function words), passed over as the text is counted rather than filtered out of a copy first. */
    private readonly skip: ReadonlySet<string> = new Set(),
  ) {
    this.vocabulary = vocabulary;
    this.no = vocabulary.register();
    this.totalLength = new Float64Array(fields.length);
    this.idfScratch = new Float64Array(fields.length);
    this.normScratch = new Float64Array(fields.length);
  }

  get fieldCount(): number {
    return this.fields.length;
  }

  /** How many documents are indexed. */
  get documentCount(): number {
    return this.live;
  }

  has(term: string): boolean {
    return this.vocabulary.get(term, this.no) !== undefined;
  }


  /** The first slot of a key's documents, or -1. */
  slotOf(key: string): number {
    return this.slotsOf.get(key)?.first ?? -1;
  }

  /** How many documents are indexed under this key (0 if none). */
  countOf(key: string): number {
    return this.slotsOf.get(key)?.count ?? 0;
  }

  keyOf(slot: number): string | undefined {
    return this.keys[slot];
  }

  /** The payload last given for the document's key (undefined once it is removed). */
  payloadOf(slot: number): unknown {
    return this.payloads[slot];
  }

  /** Sets the payload of a key's documents (after add, or when what it stands for changed without its text). */
  setPayload(key: string, payload: unknown): void {
    const run = this.slotsOf.get(key);
    if (!run) return;
    for (let part = 0; part < run.count; part += 1) this.payloads[run.first + part] = payload;
  }

  /** The owner given when the document was added (-1 once it is removed). */
  ownerOf(slot: number): number {
    return slot >= 0 && slot < this.slotCount ? (this.owners[slot] as number) : -1;
  }

  partOf(slot: number): number {
    return this.parts[slot] as number;
  }

  /** Indexes documents under one key (parts 0, 1, …). The key must not be indexed already. */
  add(key: string, documents: readonly DocumentFields[], owner: number): void {
    if (this.slotsOf.has(key)) throw new Error(`TermIndex: "${key}" is already indexed`);
    if (documents.length === 0) return;
    const fieldCount = this.fields.length;
    const first = this.slotCount;
    this.reserve(first + documents.length);
    this.slotsOf.set(key, { first, count: documents.length });
    const counts = this.counts;
    for (let part = 0; part < documents.length; part += 1) {
      const slot = first + part;
      const document = documents[part] as DocumentFields;
      this.keys[slot] = key;
      this.owners[slot] = owner;
      this.parts[slot] = part;
      for (let field = 0; field < fieldCount; field += 1) {
        counts.clear();
        const skip = this.skip;
        for (const term of this.tokenize(document[field] ?? '')) if (!skip.has(term)) counts.set(term, (counts.get(term) ?? 0) + 1);
        const unit = slot * fieldCount + field;
        this.lengths[unit] = counts.size;
        this.totalLength[field] = (this.totalLength[field] as number) + counts.size;
        for (const [term, tf] of counts) {
          let postings = this.vocabulary.get(term, this.no);
          if (!postings) {
            postings = new Postings(fieldCount);
            this.vocabulary.set(term, this.no, postings);
          }
          postings.push(unit, tf, field);
        }
      }
    }
    this.slotCount = first + documents.length;
    this.live += documents.length;
  }

  /**
   * Forgets a key's documents. `documents` must be what was added under it:
   * their terms say which postings to take them out of (the index keeps no
   * list of a document's terms, which would cost more memory than all the postings).
   */
  remove(key: string, documents: readonly DocumentFields[]): void {
    const run = this.slotsOf.get(key);
    if (!run) return;
    this.slotsOf.delete(key);
    const fieldCount = this.fields.length;
    const seen = new Set<string>();
    for (let part = 0; part < run.count; part += 1) {
      const slot = run.first + part;
      this.keys[slot] = undefined;
      this.owners[slot] = -1;
      this.payloads[slot] = undefined;
      for (let field = 0; field < fieldCount; field += 1) {
        this.totalLength[field] = (this.totalLength[field] as number) - (this.lengths[slot * fieldCount + field] as number);
        const document = documents[part];
        if (document) for (const term of this.tokenize(document[field] ?? '')) if (!this.skip.has(term)) seen.add(term);
      }
    }
    const low = run.first * fieldCount;
    const high = (run.first + run.count) * fieldCount;
    for (const term of seen) {
      const postings = this.vocabulary.get(term, this.no);
      if (!postings) continue;
      postings.removeRange(low, high, fieldCount);
      if (postings.length === 0) this.vocabulary.delete(term, this.no);
    }
    this.live -= run.count;
    // Slots are not reused, so an index that sees many changes renumbers now and then.
    if (this.slotCount - this.live > Math.max(4_096, this.live)) this.compact();
  }

  /**
   * The index terms a query word matches: itself, and with `prefix` the
   * longer words it starts, and with `fuzzy` (a distance) the words within
   * that many typos. Weighted as MiniSearch weighs them.
   */
  expand(term: string, prefix: boolean, fuzzy: number | false): Expansion[] {
    const expansions: Expansion[] = [];
    const { vocabulary, no } = this;
    const exact = vocabulary.get(term, no);
    if (exact) expansions.push({ term, postings: exact, weight: 1, exact: true });
    if (!prefix && fuzzy === false) return expansions;
    const prefixed = fuzzy === false ? null : new Set<string>();
    if (prefix) {
      // In term order, so that scores add up in the same order (to the last bit) after a save and load.
      const { terms, entries } = vocabulary.prefixed(term);
      for (let at = 0; at < terms.length; at += 1) {
        const derived = terms[at] as string;
        const postings = (entries[at] as (Postings | undefined)[])[no];
        const distance = derived.length - term.length;
        if (!postings || distance === 0) continue;
        prefixed?.add(derived);
        expansions.push({ term: derived, postings, weight: (PREFIX_WEIGHT * derived.length) / (derived.length + 0.3 * distance), exact: true });
      }
    }
    if (fuzzy !== false && fuzzy > 0) {
      const near = vocabulary.withinDistance(term, fuzzy, no);
      for (const derived of [...near.keys()].sort()) {
        const postings = vocabulary.get(derived, no);
        const distance = near.get(derived) as number;
        if (!postings || distance === 0 || prefixed?.has(derived)) continue;
        expansions.push({ term: derived, postings, weight: (FUZZY_WEIGHT * derived.length) / (derived.length + distance), exact: false });
      }
    }
    return expansions;
  }

  /**
   * The documents that match every query word (any of its expansions),
   * scored. The rarest word goes first; a much commoner one is then looked
   * up only for the documents still in the running, by binary search,
   * instead of being read whole.
   */
  and(specs: readonly TermSpec[]): Scored {
    const order = specs.map((spec) => ({ spec, size: spec.expansions.reduce((sum, expansion) => sum + expansion.postings.length, 0) })).sort((a, b) => a.size - b.size);
    if (order.length === 0 || (order[0] as { size: number }).size === 0) return emptyScored();
    const current = this.begin();
    let count = 0;
    // The bits of the words done so far: a document still in the running has them all.
    let required = 0;
    for (const { spec, size } of order) {
      const bit = 1 << spec.bit;
      if (required !== 0 && count * spec.expansions.length * 16 < size) {
        // Few documents left in the running: look each one up in this word's postings instead of reading them all.
        for (let at = 0; at < count; at += 1) this.probe(this.touched[at] as number, spec, bit, required);
      } else {
        for (const expansion of spec.expansions) count = this.accumulate(expansion, bit, current, count, required, 0, expansion.postings.length);
      }
      required |= bit;
    }
    return this.collect(count, required);
  }

  /** The documents that match any query word, scored; masks say which words each one has. */
  or(specs: readonly TermSpec[]): Scored {
    const current = this.begin();
    let count = 0;
    for (const spec of specs) {
      for (const expansion of spec.expansions) count = this.accumulate(expansion, 1 << spec.bit, current, count, 0, 0, expansion.postings.length);
    }
    return this.collect(count, 0);
  }

  /**
   * or(), for the documents in some slot ranges only ([low, high) pairs):
   * each range is found in each posting list by binary search, so the cost
   * follows the documents asked about, not the words' whole postings. The
   * same scores as or() gives them, to the last bit (each document's terms
   * are added in the same order).
   */
  orWithin(specs: readonly TermSpec[], ranges: readonly number[]): Scored {
    const current = this.begin();
    const fieldCount = this.fields.length;
    let count = 0;
    for (let range = 0; range + 1 < ranges.length; range += 2) {
      const low = (ranges[range] as number) * fieldCount;
      const high = (ranges[range + 1] as number) * fieldCount;
      for (const spec of specs) {
        for (const expansion of spec.expansions) {
          const { units, length } = expansion.postings;
          const first = lowerBound(units, length, low);
          const end = lowerBound(units, length, high);
          if (first < end) count = this.accumulate(expansion, 1 << spec.bit, current, count, 0, first, end);
        }
      }
    }
    return this.collect(count, 0);
  }

  /**
   * Which index terms of the query matched this document, and in which
   * fields (MiniSearch's `match`), from the postings. Search finds a shown
   * hit's words in its text instead (scanMatches, which is cheaper); this
   * is the answer that must agree with, and tests compare the two.
   */
  matchOf(slot: number, specs: readonly TermSpec[]): Record<string, string[]> {
    const match: Record<string, string[]> = {};
    const fieldCount = this.fields.length;
    const low = slot * fieldCount;
    for (const spec of specs) {
      for (const expansion of spec.expansions) {
        const [first, end] = expansion.postings.find(low, low + fieldCount);
        if (first === end) continue;
        const fields = (match[expansion.term] ??= []);
        for (let at = first; at < end; at += 1) {
          const field = this.fields[(expansion.postings.units[at] as number) - low] as string;
          if (!fields.includes(field)) fields.push(field);
        }
      }
    }
    return match;
  }

  /** Renumbers the live documents 0, 1, … in order (slots of removed ones are otherwise never reused). */
  compact(): void {
    if (this.live === this.slotCount) return;
    const fieldCount = this.fields.length;
    const remap = new Int32Array(this.slotCount).fill(-1);
    const keys: (string | undefined)[] = [];
    const owners = new Int32Array(Math.max(64, this.live));
    const payloads: unknown[] = [];
    const parts = new Int32Array(Math.max(64, this.live));
    const lengths = new Int32Array(Math.max(64, this.live * fieldCount));
    let next = 0;
    for (let slot = 0; slot < this.slotCount; slot += 1) {
      const key = this.keys[slot];
      if (key === undefined) continue;
      remap[slot] = next;
      keys[next] = key;
      owners[next] = this.owners[slot] as number;
      payloads[next] = this.payloads[slot];
      parts[next] = this.parts[slot] as number;
      lengths.set(this.lengths.subarray(slot * fieldCount, slot * fieldCount + fieldCount), next * fieldCount);
      next += 1;
    }
    for (const postings of this.vocabulary.postingsOf(this.no)) {
      let kept = 0;
      for (let at = 0; at < postings.length; at += 1) {
        const unit = postings.units[at] as number;
        const slot = remap[Math.floor(unit / fieldCount)] as number;
        // Removal keeps postings clean; this only guards against a document removed with other text than it was added with.
        if (slot === -1) continue;
        postings.units[kept] = slot * fieldCount + (unit % fieldCount);
        postings.tfs[kept] = postings.tfs[at] as number;
        kept += 1;
      }
      postings.length = kept;
    }
    for (const [key, run] of this.slotsOf) this.slotsOf.set(key, { first: remap[run.first] as number, count: run.count });
    this.keys = keys;
    this.owners = owners;
    this.payloads = payloads;
    this.parts = parts;
    this.lengths = lengths;
    this.slotCount = next;
    this.stamp = new Int32Array(0);
    this.score = new Float64Array(0);
    this.mask = new Int32Array(0);
    this.exactMask = new Int32Array(0);
    this.touched = new Int32Array(0);
  }

  toJSON(): TermIndexJSON {
    this.compact();
    const keys: string[] = [];
    const owners: number[] = [];
    const runs: number[] = [];
    for (let slot = 0; slot < this.slotCount; ) {
      const key = this.keys[slot] as string;
      const run = this.slotsOf.get(key) as { count: number };
      keys.push(key);
      owners.push(this.owners[slot] as number);
      runs.push(run.count);
      slot += run.count;
    }
    // Sorted, so that loading merges them into the vocabulary in one pass.
    const terms = this.vocabulary.termsOf(this.no);
    const counts = new Int32Array(terms.length);
    let total = 0;
    terms.forEach((term, at) => {
      const length = (this.vocabulary.get(term, this.no) as Postings).length;
      counts[at] = length;
      total += length;
    });
    const units = new Int32Array(total);
    const tfs = new Uint16Array(total);
    let offset = 0;
    for (const term of terms) {
      const postings = this.vocabulary.get(term, this.no) as Postings;
      units.set(postings.units.subarray(0, postings.length), offset);
      tfs.set(postings.tfs.subarray(0, postings.length), offset);
      offset += postings.length;
    }
    return {
      fieldCount: this.fields.length,
      keys,
      owners,
      runs,
      lengths: toBase64(this.lengths.subarray(0, this.slotCount * this.fields.length)),
      terms,
      counts: toBase64(counts),
      units: toBase64(units),
      tfs: toBase64(tfs),
    };
  }

  /** Reads what toJSON wrote; throws on anything inconsistent (the caller rebuilds). */
  static fromJSON(json: TermIndexJSON, fields: readonly string[], tokenize: (text: string) => string[], vocabulary?: Vocabulary, skip?: ReadonlySet<string>): TermIndex {
    const index = new TermIndex(fields, tokenize, vocabulary, skip);
    const fieldCount = fields.length;
    if (
      json.fieldCount !== fieldCount ||
      !Array.isArray(json.keys) ||
      !Array.isArray(json.runs) ||
      !Array.isArray(json.owners) ||
      json.keys.length !== json.runs.length ||
      json.owners.length !== json.keys.length ||
      !Array.isArray(json.terms)
    ) {
      throw new Error('TermIndex: damaged');
    }
    let slot = 0;
    const total = json.runs.reduce((sum, count) => sum + (Number.isInteger(count) && count > 0 ? count : 0), 0);
    index.reserve(total);
    json.keys.forEach((key, at) => {
      const count = json.runs[at] as number;
      const owner = json.owners[at] as number;
      if (typeof key !== 'string' || !Number.isInteger(owner) || owner < 0 || !Number.isInteger(count) || count <= 0 || index.slotsOf.has(key)) throw new Error('TermIndex: damaged keys');
      index.slotsOf.set(key, { first: slot, count });
      for (let part = 0; part < count; part += 1) {
        index.keys[slot + part] = key;
        index.owners[slot + part] = owner;
        index.parts[slot + part] = part;
      }
      slot += count;
    });
    index.slotCount = slot;
    index.live = slot;
    const lengths = new Int32Array(fromBase64(json.lengths));
    if (lengths.length !== slot * fieldCount) throw new Error('TermIndex: damaged lengths');
    index.lengths.set(lengths);
    for (let unit = 0; unit < lengths.length; unit += 1) index.totalLength[unit % fieldCount] = (index.totalLength[unit % fieldCount] as number) + (lengths[unit] as number);
    const counts = new Int32Array(fromBase64(json.counts));
    const units = new Int32Array(fromBase64(json.units));
    const tfs = new Uint16Array(fromBase64(json.tfs));
    if (counts.length !== json.terms.length || units.length !== tfs.length) throw new Error('TermIndex: damaged postings');
    let offset = 0;
    const postings: Postings[] = [];
    json.terms.forEach((term, at) => {
      const count = counts[at] as number;
      if (typeof term !== 'string' || count <= 0 || offset + count > units.length) throw new Error('TermIndex: damaged postings');
      // Views into the loaded arrays: a term's first new posting copies it out (Postings.push grows by copying).
      postings.push(new Postings(fieldCount, units.subarray(offset, offset + count), tfs.subarray(offset, offset + count)));
      offset += count;
    });
    if (offset !== units.length || (units.length > 0 && Math.max(...sample(units)) >= slot * fieldCount)) throw new Error('TermIndex: damaged postings');
    for (let at = 1; at < json.terms.length; at += 1) if (!((json.terms[at - 1] as string) < (json.terms[at] as string))) throw new Error('TermIndex: terms out of order');
    index.vocabulary.addSorted(index.no, json.terms, postings);
    return index;
  }

  // ---------------------------------------------------------------------------

  private reserve(slots: number): void {
    const fieldCount = this.fields.length;
    if (slots > this.parts.length) {
      const size = Math.max(slots, this.parts.length * 2);
      const parts = new Int32Array(size);
      parts.set(this.parts);
      this.parts = parts;
      const owners = new Int32Array(size);
      owners.set(this.owners);
      this.owners = owners;
    }
    if (slots * fieldCount > this.lengths.length) {
      const lengths = new Int32Array(Math.max(slots * fieldCount, this.lengths.length * 2));
      lengths.set(this.lengths);
      this.lengths = lengths;
    }
  }

  /** Starts a query: sizes the scratch arrays, and returns a new stamp, which tells this query's entries from older ones. */
  private begin(): number {
    if (this.stamp.length < this.slotCount) {
      const size = Math.max(this.slotCount, this.stamp.length * 2, 1_024);
      this.stamp = new Int32Array(size);
      this.score = new Float64Array(size);
      this.mask = new Int32Array(size);
      this.exactMask = new Int32Array(size);
      this.touched = new Int32Array(size);
      this.generation = 0;
    }
    if (this.generation + 1 >= 0x7fffffff) {
      this.stamp.fill(0);
      this.generation = 0;
    }
    this.generation += 1;
    return this.generation;
  }

  /**
   * Adds one expansion's BM25 score, and its bit in the masks, to documents.
   * With `required` 0, to every one: a document not seen yet in this query
   * is stamped `current`, reset and listed in `touched` after `count`.
   * Otherwise only to documents seen already that have every `required`
   * bit (still in the running for an AND). One loop for both, so that the
   * single-word queries a session starts with compile the code the longer
   * ones run. Reads the postings [first, end). Returns the new count of
   * touched documents.
   */
  private accumulate(expansion: Expansion, bit: number, current: number, count: number, required: number, first: number, end: number): number {
    const { postings, weight } = expansion;
    const fieldCount = this.fields.length;
    const idf = this.idfs(postings);
    const norms = this.norms();
    const { units, tfs } = postings;
    const { stamp, score, mask, exactMask, lengths, touched } = this;
    const exactBit = expansion.exact ? bit : 0;
    for (let at = first; at < end; at += 1) {
      const unit = units[at] as number;
      const slot = fieldCount === 1 ? unit : Math.floor(unit / fieldCount);
      if (stamp[slot] !== current) {
        if (required !== 0) continue;
        stamp[slot] = current;
        score[slot] = 0;
        mask[slot] = 0;
        exactMask[slot] = 0;
        touched[count] = slot;
        count += 1;
      } else if (((mask[slot] as number) & required) !== required) continue;
      const field = fieldCount === 1 ? 0 : unit - slot * fieldCount;
      const tf = tfs[at] as number;
      score[slot] = (score[slot] as number) + weight * (idf[field] as number) * (BM25_D + (tf * (BM25_K + 1)) / (tf + BM25_K * (1 - BM25_B + (norms[field] as number) * (lengths[unit] as number))));
      mask[slot] = (mask[slot] as number) | bit;
      exactMask[slot] = (exactMask[slot] as number) | exactBit | (1 << (FIELD_SHIFT + field));
    }
    return count;
  }

  /** For one document still in the running (it has every `required` bit): finds it in each of the word's expansions and scores what is there. */
  private probe(slot: number, spec: TermSpec, bit: number, required: number): void {
    const { score, mask, exactMask, lengths } = this;
    if (((mask[slot] as number) & required) !== required) return;
    const fieldCount = this.fields.length;
    const norms = this.norms();
    const low = slot * fieldCount;
    for (const expansion of spec.expansions) {
      const { postings, weight } = expansion;
      const first = lowerBound(postings.units, postings.length, low);
      const end = lowerBound(postings.units, postings.length, low + fieldCount);
      if (first === end) continue;
      const idf = this.idfs(postings);
      let fields = 0;
      for (let at = first; at < end; at += 1) {
        const unit = postings.units[at] as number;
        const field = unit - low;
        const tf = postings.tfs[at] as number;
        score[slot] = (score[slot] as number) + weight * (idf[field] as number) * (BM25_D + (tf * (BM25_K + 1)) / (tf + BM25_K * (1 - BM25_B + (norms[field] as number) * (lengths[unit] as number))));
        fields |= 1 << (FIELD_SHIFT + field);
      }
      mask[slot] = (mask[slot] as number) | bit;
      exactMask[slot] = (exactMask[slot] as number) | (expansion.exact ? bit : 0) | fields;
    }
  }

  /** Per field: BM25's inverse document frequency of a term (in a scratch array, overwritten by the next call). */
  private idfs(postings: Postings): Float64Array {
    const idf = this.idfScratch;
    for (let field = 0; field < idf.length; field += 1) {
      const df = postings.df[field] as number;
      idf[field] = Math.log(1 + (this.live - df + 0.5) / (df + 0.5));
    }
    return idf;
  }

  /** Per field: b / average field length, so that BM25's length norm is one multiplication per posting (scratch, as idfs). */
  private norms(): Float64Array {
    const norms = this.normScratch;
    for (let field = 0; field < norms.length; field += 1) {
      const average = this.live === 0 ? 0 : (this.totalLength[field] as number) / this.live;
      norms[field] = average > 0 ? BM25_B / average : 0;
    }
    return norms;
  }

  /**
   * The touched documents that have every `required` bit, as a result (in
   * place: `touched` is compacted). Like MiniSearch, a score is multiplied
   * by the number of query words the document has.
   */
  private collect(count: number, required: number): Scored {
    const { touched, score, mask } = this;
    let kept = 0;
    for (let at = 0; at < count; at += 1) {
      const slot = touched[at] as number;
      const bits = mask[slot] as number;
      if ((bits & required) !== required) continue;
      score[slot] = (score[slot] as number) * bitCount(bits);
      touched[kept++] = slot;
    }
    return { count: kept, slots: touched, scores: score, masks: mask, exactMasks: this.exactMask };
  }

  /** The documents of a Scored, best first, one at a time (a heap in the index's scratch space: one ranking at a time). */
  rank(scored: Scored): Ranking {
    if (this.heap.length < scored.count) {
      const size = Math.max(scored.count, this.heap.length * 2);
      this.heap = new Int32Array(size);
      this.heapKeys = new Float64Array(size);
    }
    return new Ranking(scored, this.heapKeys, this.heap);
  }
}

const EMPTY_SCORED: Scored = { count: 0, slots: new Int32Array(0), scores: new Float64Array(0), masks: new Int32Array(0), exactMasks: new Int32Array(0) };

/** The fields (bit f for field f) any query word matched a document in, from Scored.exactMasks. */
export function fieldsOf(scored: Scored, slot: number): number {
  return (scored.exactMasks[slot] as number) >>> FIELD_SHIFT;
}

function emptyScored(): Scored {
  return EMPTY_SCORED;
}

/**
 * For sorted strings: how many code units each shares with the one before
 * it (0 for the first), capped at 255. A typo look-up then knows how much
 * of its work on the previous term still holds, and where the terms under
 * a prefix end, from one byte each instead of comparing strings.
 */
function lcpOf(sorted: readonly string[]): Uint8Array {
  const lcp = new Uint8Array(sorted.length);
  for (let at = 1; at < sorted.length; at += 1) {
    const a = sorted[at - 1] as string;
    const b = sorted[at] as string;
    const most = Math.min(a.length, b.length, 255);
    let shared = 0;
    while (shared < most && a.charCodeAt(shared) === b.charCodeAt(shared)) shared += 1;
    lcp[at] = shared;
  }
  return lcp;
}

/**
 * Adds to `found` the terms of `sorted` within `limit` edits of `term`
 * (see TermIndex.withinDistance). Every term of `sorted` has `length` code
 * units, and `letters` is them all joined: the walk reads letters from that
 * one string, front to back, rather than from a thousand strings scattered
 * over the heap (after other work, each was a trip to memory). `lcp` is
 * lcpOf(sorted).
 */
function withinDistanceIn(sorted: readonly string[], letters: string, length: number, lcp: Uint8Array, term: string, limit: number, found: Map<string, number>): void {
  const n = term.length;
  const width = n + 1;
  const longest = n + limit;
  const over = limit + 1;
  // rows[i * width + j]: the distance between a term's first i letters and the query term's first j, within
  // the band |i - j| ≤ limit (Ukkonen: outside it the distance is over the limit anyway), and `over` just outside it.
  const rows = new Int32Array((longest + 1) * width);
  for (let j = 0; j < width; j += 1) rows[j] = j;
  // Rows 1..valid hold the first letters of the term before.
  let valid = 0;
  let at = 0;
  while (at < sorted.length) {
    const base = at * length;
    let depth = Math.min(valid, lcp[at] as number, length);
    let pruned = -1;
    for (; depth < length; depth += 1) {
      const i = depth + 1;
      if (i > longest) {
        pruned = i;
        break;
      }
      const row = i * width;
      const above = row - width;
      const letter = letters.charCodeAt(base + depth);
      const low = Math.max(1, i - limit);
      const high = Math.min(n, i + limit);
      rows[row + low - 1] = low === 1 ? i : over;
      let rowMin = low === 1 ? i : over;
      for (let j = low; j <= high; j += 1) {
        const change = (rows[above + j - 1] as number) + (term.charCodeAt(j - 1) === letter ? 0 : 1);
        const value = Math.min((rows[above + j] as number) + 1, (rows[row + j - 1] as number) + 1, change);
        rows[row + j] = value;
        if (value < rowMin) rowMin = value;
      }
      if (high < n) rows[row + high + 1] = over;
      if (rowMin > limit) {
        pruned = i;
        break;
      }
    }
    if (pruned === -1) {
      valid = length;
      const distance = Math.abs(length - n) <= limit ? (rows[length * width + n] as number) : over;
      if (distance <= limit) found.set(sorted[at] as string, distance);
      at += 1;
    } else {
      // Nothing under this term's first `pruned` letters can come within the limit: skip the terms that share them.
      valid = pruned - 1;
      at += 1;
      while (at < sorted.length && (lcp[at] as number) >= pruned) at += 1;
    }
  }
}

/** The strings of sorted that start with prefix and are longer, in order. */
function withPrefix(sorted: readonly string[], prefix: string): string[] {
  const found: string[] = [];
  for (let at = lowerBoundString(sorted, prefix); at < sorted.length; at += 1) {
    const term = sorted[at] as string;
    if (!term.startsWith(prefix)) break;
    found.push(term);
  }
  return found;
}

/** The first position in sorted, from `low` on, holding a string ≥ value (code-unit order). */
function lowerBoundString(sorted: readonly string[], value: string, from = 0): number {
  let low = from;
  let high = sorted.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((sorted[middle] as string) < value) low = middle + 1;
    else high = middle;
  }
  return low;
}

export function bitCount(value: number): number {
  let bits = value - ((value >>> 1) & 0x55555555);
  bits = (bits & 0x33333333) + ((bits >>> 2) & 0x33333333);
  return (((bits + (bits >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * The slots of a Scored, best first, taken one at a time: a heap, so that a
 * caller who stops after 50 pays for ordering 50, not thousands. Ties go to
 * the lower slot (the document indexed first), so the order is the same
 * after a save and load. The heap holds the scores and slots themselves, in
 * two parallel arrays, and sifts in plain loops: building it is a few
 * sequential passes over memory, cheap even before the JIT has compiled it.
 */
export class Ranking {
  private size: number;

  constructor(
    scored: Scored,
    private readonly keys: Float64Array,
    private readonly ids: Int32Array,
  ) {
    const count = scored.count;
    this.size = count;
    const { slots, scores } = scored;
    for (let at = 0; at < count; at += 1) {
      const slot = slots[at] as number;
      ids[at] = slot;
      keys[at] = scores[slot] as number;
    }
    for (let at = (count >>> 1) - 1; at >= 0; at -= 1) siftDown(keys, ids, at, count);
  }

  /** The next slot, or -1 when none is left. */
  next(): number {
    if (this.size === 0) return -1;
    const { keys, ids } = this;
    const top = ids[0] as number;
    this.size -= 1;
    if (this.size > 0) {
      keys[0] = keys[this.size] as number;
      ids[0] = ids[this.size] as number;
      siftDown(keys, ids, 0, this.size);
    }
    return top;
  }
}

/** Moves the entry at `from` down the heap [0, size) until both children rank below it (higher score first, then lower slot). */
function siftDown(keys: Float64Array, ids: Int32Array, from: number, size: number): void {
  const key = keys[from] as number;
  const id = ids[from] as number;
  let at = from;
  for (;;) {
    const left = at * 2 + 1;
    if (left >= size) break;
    let child = left;
    let childKey = keys[left] as number;
    const right = left + 1;
    if (right < size) {
      const rightKey = keys[right] as number;
      if (rightKey > childKey || (rightKey === childKey && (ids[right] as number) < (ids[left] as number))) {
        child = right;
        childKey = rightKey;
      }
    }
    if (!(childKey > key || (childKey === key && (ids[child] as number) < id))) break;
    keys[at] = childKey;
    ids[at] = ids[child] as number;
    at = child;
  }
  keys[at] = key;
  ids[at] = id;
}

function toBase64(array: Int32Array | Uint16Array): string {
  return Buffer.from(array.buffer, array.byteOffset, array.byteLength).toString('base64');
}

/** A fresh, aligned ArrayBuffer (Buffer.from may hand back a slice of a shared, unaligned pool). */
function fromBase64(text: string): ArrayBuffer {
  if (typeof text !== 'string') throw new Error('TermIndex: damaged arrays');
  const bytes = Buffer.from(text, 'base64');
  const copy = new Uint8Array(bytes.length);
  copy.set(bytes);
  return copy.buffer;
}

/** Up to 4,096 evenly spaced values, to sanity-check a loaded array without spreading a million arguments. */
function sample(values: Int32Array): number[] {
  const step = Math.max(1, Math.floor(values.length / 4_096));
  const picked: number[] = [];
  for (let at = 0; at < values.length; at += step) picked.push(values[at] as number);
  picked.push(values[values.length - 1] as number);
  return picked;
}
