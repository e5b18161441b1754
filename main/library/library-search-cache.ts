import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../store/atomic-file';
import { LibrarySearch, type SearchAnnotation, type SearchArticle } from './search-index';

/**
 * Keeps the search index beside the library: built on the first search (from
 * a cached copy on disk when there is one, reconciled with what changed since),
 * then kept current change by change, and saved again a little after changes
 * stop. The cache is only ever a speed-up: a missing or damaged one is rebuilt.
 */
export const SEARCH_CACHE_FILE = 'search-index.json';
const SAVE_DELAY_MS = 5_000;
/** How many article texts a build reads ahead of the one it is indexing. */
const READ_AHEAD = 8;

export interface IndexedArticleSource {
  id: string;
  title: string;
  contentHash: string;
  site?: string;
  byline?: string;
}

export interface SearchSources {
  articles(): IndexedArticleSource[];
  text(articleId: string): Promise<string>;
  annotations(articleId: string): SearchAnnotation[];
  /**
   * Every article's highlights at once, if the source can group them in
   * one pass: a build asks for each article's, and asking annotations()
   * a thousand times read all the highlights a thousand times.
   */
  annotationsByArticle?(): ReadonlyMap<string, readonly SearchAnnotation[]>;
}

export class LibrarySearchCache {
  private index: LibrarySearch | null = null;
  private building: Promise<LibrarySearch> | null = null;
  private saveTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly dataDir: string,
    private readonly sources: SearchSources,
    private readonly writable: boolean,
  ) {}

  /** The index, built (or loaded and reconciled) on first use. */
  async ready(): Promise<LibrarySearch> {
    if (this.index) return this.index;
    this.building ??= this.build().then((built) => {
      this.index = built;
      return built;
    });
    return this.building;
  }

  /** Applies a change if the index exists; a later build picks it up anyway. */
  update(change: (index: LibrarySearch) => void): void {
    if (!this.index) {
      // A build in flight must not miss the change: re-sync when it lands.
      if (this.building) void this.building.then((built) => change(built));
      return;
    }
    change(this.index);
    this.scheduleSave();
  }

  async article(source: IndexedArticleSource): Promise<SearchArticle> {
    return { id: source.id, title: source.title, text: await this.sources.text(source.id), hash: cacheKey(source), ...optional(source) };
  }

  /** Writes the index now (at shutdown, or when the delay runs out). */
  async save(): Promise<void> {
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = null;
    if (!this.index || !this.writable) return;
    await writeFileAtomic(join(this.dataDir, SEARCH_CACHE_FILE), this.index.serialize());
  }

  private scheduleSave(): void {
    if (!this.writable) return;
    if (this.saveTimer) clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => void this.save().catch(() => undefined), SAVE_DELAY_MS);
    this.saveTimer.unref?.();
  }

  private async build(): Promise<LibrarySearch> {
    let index: LibrarySearch;
    try {
      index = await LibrarySearch.loadAsync(await readFile(join(this.dataDir, SEARCH_CACHE_FILE), 'utf8'));
    } catch {
      index = new LibrarySearch();
    }
    const live = this.sources.articles();
    const grouped = this.sources.annotationsByArticle?.();
    const liveIds = new Set(live.map((article) => article.id));
    for (const id of index.articleIds()) if (!liveIds.has(id)) index.removeArticle(id);
    // The articles whose text must be read, read a few at a time ahead of indexing: each read waits on the disk, and one by
    // one, a thousand of those waits were a good part of a build from scratch.
    const stale = live.filter((source) => index.articleHash(source.id) !== cacheKey(source));
    const reads = stale.slice(0, READ_AHEAD).map((source) => this.readAhead(source));
    let next = 0;
    for (const source of live) {
      if (next < stale.length && stale[next] === source) {
        const article = await (reads[next] as Promise<SearchArticle>);
        if (next + READ_AHEAD < stale.length) reads.push(this.readAhead(stale[next + READ_AHEAD] as IndexedArticleSource));
        next += 1;
        if (index.hasArticle(source.id)) index.replaceArticle(article);
        else index.addArticle(article);
      }
      index.setAnnotations(source.id, grouped ? (grouped.get(source.id) ?? []) : this.sources.annotations(source.id));
    }
    this.index = index;
    if (stale.length > 0) this.scheduleSave();
    return index;
  }

  /** article(), started now and awaited later: a failure not awaited yet must not count as unhandled (the build awaits it in turn). */
  private readAhead(source: IndexedArticleSource): Promise<SearchArticle> {
    const read = this.article(source);
    read.catch(() => undefined);
    return read;
  }
}

/** What must match for a cached article to be reused: its text and its title (a rename keeps the text). */
function cacheKey(source: IndexedArticleSource): string {
  return `${source.contentHash}|${source.title}`;
}

function optional(source: IndexedArticleSource): Partial<SearchArticle> {
  return { ...(source.site !== undefined ? { site: source.site } : {}), ...(source.byline !== undefined ? { byline: source.byline } : {}) };
}
