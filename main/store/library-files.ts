import { join } from 'node:path';
import type { Adapter } from 'lowdb';
import { AnnotationFiles, parseAnnotationFile, serializeAnnotationFile } from './annotation-files';
import { AnnotationGroups } from './annotation-groups';
import { writeFileAtomic } from './atomic-file';
import { SCHEMA_VERSION, emptyDatabase, type AnnotationRecord, type ArticleRecord, type Database } from './schema';

/**
 * lowdb's adapter for a library kept in several files: db.json (articles,
 * settings; no annotations) and one annotations file per article. It writes
 * only what a change touched, each file durably (fsync the file, rename,
 * fsync the directory; lowdb's own adapters never fsync), and remembers the
 * exact text on disk for every file: the state a failed write goes back to,
 * and what a backup copies.
 */
export const DATABASE_FILE = 'db.json';

/** What a change to the library touched, so a save writes only those files. */
export type Changes = 'all' | { library?: boolean; annotationsOf?: Iterable<string> };

export class ChangeSet {
  /** Every file: compare them all with what is on disk. */
  all = false;
  /** db.json: articles, settings, seeds. */
  library = false;
  /** Articles whose annotations changed. */
  readonly articles = new Set<string>();

  add(changes: Changes): void {
    if (changes === 'all') {
      this.all = true;
      return;
    }
    if (changes.library) this.library = true;
    for (const id of changes.annotationsOf ?? []) this.articles.add(id);
  }

  static everything(): ChangeSet {
    const changes = new ChangeSet();
    changes.all = true;
    return changes;
  }
}

/** db.json's text: the library without its annotations. */
export function serializeLibrary(data: Database): string {
  const { annotations: _inFiles, ...library } = data;
  return JSON.stringify({ ...library, schemaVersion: SCHEMA_VERSION }, null, 2) + '\n';
}

/** The whole library as one document (annotations inline): what a backup holds. */
export function serializeSnapshot(data: Database): string {
  return JSON.stringify(data, null, 2) + '\n';
}

/** Annotations in a stable order: by article as the library lists them, then any whose article it does not list. */
export function orderAnnotations(articles: readonly ArticleRecord[], byArticle: Map<string, AnnotationRecord[]>): AnnotationRecord[] {
  const ordered: AnnotationRecord[] = [];
  const seen = new Set<string>();
  for (const article of articles) {
    if (seen.has(article.id)) continue;
    seen.add(article.id);
    ordered.push(...(byArticle.get(article.id) ?? []));
  }
  for (const [articleId, records] of byArticle) if (!seen.has(articleId)) ordered.push(...records);
  return ordered;
}

export class LibraryFiles implements Adapter<Database> {
  readonly path: string;
  /** What the next write must cover; the store sets it just before lowdb's write(). */
  next = new ChangeSet();
  private readonly annotationFiles: AnnotationFiles;
  private readonly groups = new AnnotationGroups();

  /**
   * @param durableLibrary db.json's text as on disk (null: not written yet)
   * @param durableAnnotations each article's annotations file as on disk
   * @param parseLibrary turns db.json's text back into a library (database.ts's loader)
   */
  constructor(
    dataDir: string,
    public durableLibrary: string | null,
    readonly durableAnnotations: Map<string, string>,
    private readonly parseLibrary: (raw: string) => Database,
  ) {
    this.path = join(dataDir, DATABASE_FILE);
    this.annotationFiles = new AnnotationFiles(dataDir);
  }

  /** The library as the disk holds it, from the texts this adapter read or wrote. */
  async read(): Promise<Database | null> {
    return this.durableLibrary === null && this.durableAnnotations.size === 0 ? null : this.rebuild();
  }

  /**
   * Writes the files `next` names whose text changed. Annotations files go
   * first and db.json after them, and a file is removed only after db.json:
   * a crash in between leaves highlights whose article is listed, never an
   * article listed without them.
   */
  async write(data: Database): Promise<void> {
    const changes = this.next;
    this.next = new ChangeSet();
    const groups = this.groupsToCheck(data, changes);
    const isLive = (articleId: string) => data.articles.some((article) => article.id === articleId);
    const writes: { articleId: string; contents: string }[] = [];
    const removals: string[] = [];
    for (const [articleId, records] of groups) {
      const onDisk = this.durableAnnotations.get(articleId);
      if (records.length === 0 && (onDisk === undefined || !isLive(articleId))) {
        if (onDisk !== undefined) removals.push(articleId);
        continue;
      }
      const contents = serializeAnnotationFile(articleId, records);
      if (contents !== onDisk) writes.push({ articleId, contents });
    }
    // Taken now, before any await: a change made while the annotations files are being written
    // belongs to the next write, and must not reach db.json ahead of its own annotations.
    const library = changes.all || changes.library ? serializeLibrary(data) : null;
    const texts = new Map(writes.map((file) => [file.articleId, file.contents]));
    await this.annotationFiles.write(writes, (articleId) => this.durableAnnotations.set(articleId, texts.get(articleId) as string));
    if (library !== null) {
      if (library !== this.durableLibrary) {
        await writeFileAtomic(this.path, library);
        this.durableLibrary = library;
      }
    }
    for (const articleId of removals) {
      await this.annotationFiles.remove(articleId);
      this.durableAnnotations.delete(articleId);
    }
  }

  /** The library as on disk, as fresh objects (memory after a failed write goes back to this). */
  rebuild(): Database {
    const data = this.durableLibrary === null ? emptyDatabase() : this.parseLibrary(this.durableLibrary);
    const byArticle = new Map<string, AnnotationRecord[]>();
    for (const [articleId, text] of this.durableAnnotations) {
      const parsed = parseAnnotationFile(text, articleId);
      // Every text here was written or validated by this adapter; a failure would be a bug, not damage.
      if (!parsed.ok) throw new Error(`gloss: the annotations of ${articleId} held in memory do not parse: ${parsed.problem}`);
      byArticle.set(articleId, parsed.records);
    }
    data.annotations = orderAnnotations(data.articles, byArticle);
    return data;
  }

  /** The whole library as on disk, as one document: what a backup copies. */
  snapshot(): string {
    return serializeSnapshot(this.rebuild());
  }

  /** Each article's annotations that this write must compare with the disk (all of them for 'all'). */
  private groupsToCheck(data: Database, changes: ChangeSet): Map<string, readonly AnnotationRecord[]> {
    const groups = new Map<string, AnnotationRecord[]>();
    if (!changes.all) {
      if (changes.articles.size === 0) return groups;
      if (changes.articles.size === 1) {
        // A highlight saved: its article's records, without a pass over every record in the library.
        const only = changes.articles.values().next().value as string;
        return new Map([[only, this.groups.of(data.annotations, only)]]);
      }
      for (const articleId of changes.articles) groups.set(articleId, []);
    }
    for (const record of data.annotations) {
      let group = groups.get(record.articleId);
      if (!group) {
        if (!changes.all) continue;
        group = [];
        groups.set(record.articleId, group);
      }
      group.push(record);
    }
    if (changes.all) for (const articleId of this.durableAnnotations.keys()) if (!groups.has(articleId)) groups.set(articleId, []);
    return groups;
  }
}
