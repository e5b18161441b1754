import type {
  Annotation,
  Article,
  ArticleSummary,
  Block,
  HighlightWithArticle,
  ImportResult,
  MarkdownExport,
  ReanchorReport,
  TagCount,
  MethodName,
  MethodResults,
  ParsedInput,
  Settings,
  StartupNotice,
} from '../preload/api';
import { anchor, describe, reanchorAll, trimRange } from './annotations/anchor';
import { normalizeTag, normalizeTags, tagKey } from './annotations/tags';
import { canonicalText, countWords } from './articles/canonical';
import { RecentArticleTexts } from './articles/recent-texts';
import { readSeedFiles } from './articles/seeds';
import { parseArticleFile, type ParsedArticle } from './articles/text-import';
import { GlossError, notFound } from './errors';
import { checkExportFolder, renderNote, writeNoteToFolder, type NoteSource } from './export/exporter';
import { noteFileNames } from './export/managed-region';
import { markdownFileName, renderTagMarkdown, tagMarkdownFileName } from './export/markdown';
import { DEFAULT_TEMPLATE, TEMPLATE_VARIABLES, renderArticleTemplate, validateTemplate } from './export/template';
import { fromW3C, toW3C } from './export/w3c';
import { contentHash, newId } from './ids';
import { LibrarySearchCache } from './library/library-search-cache';
import type { SearchAnnotation } from './library/search-index';
import { ArticleFiles } from './store/article-files';
import type { ProcessKind } from './store/lock';
import { Store } from './store/database';
import type { AnnotationRecord, ArticleRecord } from './store/schema';

/**
 * Gloss's service: every contract method, in plain Node. No `electron` import
 * here or below, so the IPC adapter, the web server and the CLI share it and
 * the tests run it directly. Inputs arrive already parsed by the contract's
 * schemas (see dispatch.ts); failures are thrown as GlossError.
 */
/** How long a deleted article can still be restored. */
export const TRASH_DAYS = 30;

export type ServiceMethods = {
  [M in MethodName]: (input: ParsedInput<M>) => Promise<MethodResults[M]>;
};

export interface ServiceOptions {
  dataDir: string;
  /** Where the sample articles are; they are added once to a new library. */
  seedsDir?: string;
  /** Injected for tests that need a fixed clock. */
  now?: () => Date;
  /**
   * Never write: no seeding, no "last opened" stamps, every change refused.
   * For the CLI's exports, which may run while the app has the library open.
   */
  readOnly?: boolean;
  /** How long auto-export waits after the last change before writing (ms). */
  autoExportDelayMs?: number;
  /** What this process is, named in the data folder's lock. */
  lockKind?: ProcessKind;
  /** How long after start-up the check of every article's file begins (ms). */
  articleCheckDelayMs?: number;
}

/** Long enough for the window to show the library first; the check reads every article's file. */
const ARTICLE_CHECK_DELAY_MS = 2000;

/** Tags in the order a person reads them, case and accents aside: one collator, since localeCompare with options builds one per call (100x slower). */
const TAG_ORDER = new Intl.Collator(undefined, { sensitivity: 'base' });

export interface GlossService extends ServiceMethods {
  readonly dataDir: string;
  /** Runs any auto-export still waiting, so nothing is lost at shutdown. */
  flush(): Promise<void>;
  /** Waits for pending work and writes, then releases the data folder's lock. */
  close(): Promise<void>;
}

export async function createService(options: ServiceOptions): Promise<GlossService> {
  const store = await Store.open(options.dataDir, {
    readOnly: options.readOnly === true,
    ...(options.lockKind ? { kind: options.lockKind } : {}),
    articleCheckDelayMs: options.articleCheckDelayMs ?? ARTICLE_CHECK_DELAY_MS,
  });
  const notices: StartupNotice[] = [...store.notices];
  const files = new ArticleFiles(options.dataDir, { onNotice: (notice) => notices.push(notice) });
  const texts = new RecentArticleTexts(async (articleId) => canonicalText(await files.read(articleId)));
  // The check of every article's file runs after start-up; what it finds joins the notices.
  void store.articleCheck.then((found) => notices.push(...found));
  const now = options.now ?? (() => new Date());
  const search = new LibrarySearchCache(
    options.dataDir,
    {
      articles: () => liveArticles().map((article) => indexSource(article)),
      text: async (articleId) => canonicalText(await files.read(articleId)),
      annotations: (articleId) => store.data.annotations.filter((annotation) => annotation.articleId === articleId).map(searchAnnotation),
      annotationsByArticle: () => {
        const grouped = new Map<string, SearchAnnotation[]>();
        for (const record of store.data.annotations) {
          const list = grouped.get(record.articleId);
          if (list) list.push(searchAnnotation(record));
          else grouped.set(record.articleId, [searchAnnotation(record)]);
        }
        return grouped;
      },
    },
    !options.readOnly && !store.readOnlyReason,
  );

  function indexSource(article: ArticleRecord) {
    return {
      id: article.id,
      title: article.title,
      contentHash: article.contentHash,
      ...(article.site !== undefined ? { site: article.site } : {}),
      ...(article.byline !== undefined ? { byline: article.byline } : {}),
    };
  }

  function searchAnnotation(record: AnnotationRecord): SearchAnnotation {
    return { id: record.id, start: record.start, end: record.end, quote: record.quote, note: record.note, tags: record.tags, ...(record.orphaned ? { orphaned: true } : {}) };
  }

  /** After an annotation changed: the search index follows. */
  function indexAnnotation(record: AnnotationRecord): void {
    search.update((index) => index.upsertAnnotation(record.articleId, searchAnnotation(record)));
  }

  /** After an article's text or title changed: re-index it and its highlights. */
  async function indexArticle(record: ArticleRecord): Promise<void> {
    const article = await search.article(indexSource(record));
    search.update((index) => {
      index.replaceArticle(article);
      index.setAnnotations(record.id, store.data.annotations.filter((annotation) => annotation.articleId === record.id).map(searchAnnotation));
    });
  }

  if (options.seedsDir && !store.readOnlyReason && !options.readOnly) {
    await addNewSeeds(options.seedsDir);
  }
  if (!store.readOnlyReason && !options.readOnly) await emptyOldTrash();

  /** Articles in the trash for more than 30 days go for good, with their highlights and text. */
  async function emptyOldTrash(): Promise<void> {
    const cutoff = now().getTime() - TRASH_DAYS * 24 * 60 * 60 * 1000;
    const expired = new Set(store.data.articles.filter((article) => article.deletedAt !== undefined && Date.parse(article.deletedAt) < cutoff).map((article) => article.id));
    if (expired.size === 0) return;
    await store.update(
      (data) => {
        data.articles = data.articles.filter((article) => !expired.has(article.id));
        data.annotations = data.annotations.filter((annotation) => !expired.has(annotation.articleId));
      },
      { library: true, annotationsOf: expired },
    );
    for (const id of expired) {
      await files.remove(id);
      texts.forget(id);
    }
  }

  /** Seeds are added once each; a seed the user deleted is not brought back. */
  async function addNewSeeds(seedsDir: string): Promise<void> {
    const seeds = await readSeedFiles(seedsDir);
    const fresh = seeds.filter((seed) => !store.data.seeded.includes(seed.fileName));
    if (fresh.length === 0) return;
    const records: ArticleRecord[] = [];
    for (const seed of fresh) {
      const id = newId();
      await files.write(id, seed.parsed.blocks);
      records.push(articleRecord(id, seed.parsed.title, seed.parsed.blocks, {
        source: { kind: 'seed', location: seed.fileName },
        publishedAt: seed.parsed.publishedAt,
      }));
    }
    await store.update(
      (data) => {
        data.articles.push(...records);
        data.seeded.push(...fresh.map((seed) => seed.fileName));
      },
      { library: true },
    );
  }

  function articleRecord(
    id: string,
    title: string,
    blocks: Block[],
    extra: Pick<ArticleRecord, 'source'> & Partial<ArticleRecord>,
  ): ArticleRecord {
    const text = canonicalText(blocks);
    return {
      id,
      title,
      addedAt: now().toISOString(),
      contentHash: contentHash(text),
      wordCount: countWords(text),
      progress: 0,
      ...extra,
    };
  }

  /** An article in the library (not in the trash). */
  function findArticle(id: string): ArticleRecord {
    const article = store.data.articles.find((candidate) => candidate.id === id && candidate.deletedAt === undefined);
    if (!article) throw notFound('article', id);
    return article;
  }

  function liveArticles(): ArticleRecord[] {
    return store.data.articles.filter((article) => article.deletedAt === undefined);
  }

  /** Annotations of articles in the library (those of trashed articles wait with them). */
  function liveAnnotations(): AnnotationRecord[] {
    const trashed = new Set(store.data.articles.filter((article) => article.deletedAt !== undefined).map((article) => article.id));
    return trashed.size === 0 ? store.data.annotations : store.data.annotations.filter((annotation) => !trashed.has(annotation.articleId));
  }

  interface ArticleStats {
    highlightCount: number;
    tags: string[];
  }

  /** Highlight counts and tags per article, in one pass over the annotations. */
  function articleStats(): Map<string, ArticleStats> {
    const stats = new Map<string, { highlightCount: number; tags: Map<string, string> }>();
    for (const annotation of store.data.annotations) {
      let entry = stats.get(annotation.articleId);
      if (!entry) stats.set(annotation.articleId, (entry = { highlightCount: 0, tags: new Map() }));
      entry.highlightCount += 1;
      for (const tag of annotation.tags) {
        const key = tagKey(tag);
        if (!entry.tags.has(key)) entry.tags.set(key, tag);
      }
    }
    return new Map([...stats].map(([id, entry]) => [id, { highlightCount: entry.highlightCount, tags: [...entry.tags.values()].sort() }]));
  }

  function findAnnotation(id: string): AnnotationRecord {
    const annotation = store.data.annotations.find((candidate) => candidate.id === id);
    if (!annotation) throw notFound('highlight', id);
    return annotation;
  }

  function summarize(article: ArticleRecord, stats: Map<string, ArticleStats> = articleStats()): ArticleSummary {
    const { highlightCount, tags } = stats.get(article.id) ?? { highlightCount: 0, tags: [] };
    const summary: ArticleSummary = {
      id: article.id,
      title: article.title,
      source: { kind: article.source.kind, location: article.source.location },
      addedAt: article.addedAt,
      wordCount: article.wordCount,
      progress: article.progress,
      highlightCount,
      tags,
    };
    if (article.site !== undefined) summary.site = article.site;
    if (article.byline !== undefined) summary.byline = article.byline;
    if (article.publishedAt !== undefined) summary.publishedAt = article.publishedAt;
    if (article.openedAt !== undefined) summary.openedAt = article.openedAt;
    return summary;
  }

  function toAnnotation(record: AnnotationRecord): Annotation {
    const annotation: Annotation = {
      id: record.id,
      articleId: record.articleId,
      start: record.start,
      end: record.end,
      quote: record.quote,
      prefix: record.prefix,
      suffix: record.suffix,
      color: record.color,
      note: record.note,
      tags: [...record.tags],
      createdAt: record.createdAt,
      updatedAt: record.updatedAt,
    };
    if (record.orphaned) annotation.orphaned = true;
    return annotation;
  }

  function annotationsOf(articleId: string): Annotation[] {
    return store.data.annotations
      .filter((annotation) => annotation.articleId === articleId)
      .sort((a, b) => a.start - b.start || a.end - b.end)
      .map(toAnnotation);
  }

  function settings(): Settings {
    const saved = store.data.settings;
    return {
      reader: { typeface: saved.reader.typeface, fontSize: saved.reader.fontSize, lineHeight: saved.reader.lineHeight, columnWidth: saved.reader.columnWidth, theme: saved.reader.theme },
      colors: saved.colors.map((color) => ({ id: color.id, label: color.label })),
      exportTemplate: saved.exportTemplate,
      exportFolder: saved.exportFolder,
      autoExport: saved.autoExport,
    };
  }

  async function noteSource(articleId: string, only?: readonly string[]): Promise<NoteSource> {
    const record = findArticle(articleId);
    const text = await texts.get(articleId);
    let annotations = annotationsOf(articleId);
    if (only) {
      const wanted = new Set(only);
      annotations = annotations.filter((annotation) => wanted.has(annotation.id));
    }
    return { article: record, annotations, textLength: text.length };
  }

  // Auto-export: after a burst of changes to an article, rewrite its note in the export folder.
  const autoExportDelay = options.autoExportDelayMs ?? 1_000;
  const pendingExports = new Map<string, NodeJS.Timeout>();
  const runningExports = new Set<Promise<unknown>>();

  function scheduleAutoExport(articleId: string): void {
    const { autoExport, exportFolder } = store.data.settings;
    if (!autoExport || !exportFolder) return;
    clearTimeout(pendingExports.get(articleId));
    const timer = setTimeout(() => void runAutoExport(articleId), autoExportDelay);
    timer.unref?.();
    pendingExports.set(articleId, timer);
  }

  async function runAutoExport(articleId: string): Promise<void> {
    pendingExports.delete(articleId);
    const folder = store.data.settings.exportFolder;
    if (!folder || !liveArticles().some((article) => article.id === articleId)) return;
    const work = (async () => {
      try {
        const source = await noteSource(articleId);
        const { markdown } = renderNote(source, settings().colors, store.data.settings.exportTemplate, now());
        const fileName = noteFileNames(store.data.articles).get(articleId) as string;
        const result = await writeNoteToFolder(await checkExportFolder(folder), fileName, source, markdown, false);
        if (result.status === 'conflict') {
          notices.push({ level: 'warning', message: `Auto-export left ${result.path} alone: ${result.message ?? 'you edited it'}. Export it by hand to review the changes.` });
        }
      } catch (error) {
        notices.push({ level: 'warning', message: `Auto-export to ${folder} failed: ${(error as Error).message}` });
      }
    })();
    runningExports.add(work);
    await work;
    runningExports.delete(work);
  }

  /** Each article's title by id, for a call that names many articles (one pass, rather than a search per highlight). */
  function articleTitles(): (id: string) => string {
    const titles = new Map(store.data.articles.map((article) => [article.id, article.title]));
    return (id) => titles.get(id) ?? '(deleted article)';
  }

  /**
   * Places every annotation of an article on its new text. Those that cannot be
   * placed with confidence become orphans: kept whole, flagged, never dropped.
   */
  function reanchorAnnotations(articleId: string, text: string): ReanchorReport {
    const report: ReanchorReport = { kept: 0, moved: 0, orphaned: 0 };
    const stamp = now().toISOString();
    const records = store.data.annotations.filter((record) => record.articleId === articleId);
    // All at once, so each search starts where the text before it has shifted to.
    const matches = reanchorAll(text, records);
    records.forEach((record, index) => {
      const match = matches[index];
      if (!match) {
        record.orphaned = true;
        record.updatedAt = stamp;
        report.orphaned += 1;
        return;
      }
      const placed = describe(text, match.start, match.end);
      const unchanged = placed.start === record.start && placed.end === record.end && placed.quote === record.quote;
      Object.assign(record, placed);
      delete record.orphaned;
      if (unchanged) report.kept += 1;
      else {
        record.updatedAt = stamp;
        report.moved += 1;
      }
    });
    return report;
  }

  /** Adds one imported file, or updates the article it is a new version of. */
  async function importOne(name: string, parsed: ParsedArticle): Promise<ImportResult> {
    const text = canonicalText(parsed.blocks);
    const hash = contentHash(text);
    const sameSource = liveArticles().find((article) => article.source.kind === 'file' && article.source.location === name);
    const sameContent = liveArticles().find((article) => article.contentHash === hash);
    if (sameSource?.contentHash === hash || (!sameSource && sameContent)) {
      return { name, ok: true, status: 'unchanged', article: summarize((sameSource ?? sameContent) as ArticleRecord) };
    }
    const details = {
      ...(parsed.publishedAt !== undefined ? { publishedAt: parsed.publishedAt } : {}),
      ...(parsed.byline !== undefined ? { byline: parsed.byline } : {}),
      ...(parsed.site !== undefined ? { site: parsed.site } : {}),
    };
    if (sameSource) {
      await files.write(sameSource.id, parsed.blocks);
      texts.forget(sameSource.id);
      // Found again after the await (see getArticle).
      const current = findArticle(sameSource.id);
      const reanchored = await store.update(
        () => {
          Object.assign(current, details, { title: parsed.title, contentHash: hash, wordCount: countWords(text) });
          return reanchorAnnotations(current.id, text);
        },
        { library: true, annotationsOf: [current.id] },
      );
      scheduleAutoExport(current.id);
      await indexArticle(current);
      return { name, ok: true, status: 'updated', article: summarize(current), reanchored };
    }
    const id = newId();
    await files.write(id, parsed.blocks);
    const record = articleRecord(id, parsed.title, parsed.blocks, { source: { kind: 'file', location: name }, ...details });
    await store.update(
      (data) => {
        data.articles.push(record);
      },
      { library: true },
    );
    await indexArticle(record);
    return { name, ok: true, status: 'added', article: summarize(record) };
  }

  function tagCounts(): TagCount[] {
    const counts = new Map<string, TagCount>();
    for (const annotation of liveAnnotations()) {
      for (const tag of annotation.tags) {
        const key = tagKey(tag);
        const entry = counts.get(key);
        if (entry) entry.count += 1;
        else counts.set(key, { tag, count: 1 });
      }
    }
    return [...counts.values()].sort((a, b) => TAG_ORDER.compare(a.tag, b.tag));
  }

  const methods: ServiceMethods = {
    async listArticles() {
      const stats = articleStats();
      return liveArticles().map((article) => summarize(article, stats));
    },

    async getArticle({ id }) {
      findArticle(id);
      const blocks = await files.read(id);
      // Found again after the await: a save that failed meanwhile puts fresh records in memory,
      // and a change to the old object would be reported saved but never written.
      const record = findArticle(id);
      const openedAt = now().toISOString();
      if (!store.readOnlyReason && !options.readOnly) {
        await store.update(
          () => {
            record.openedAt = openedAt;
          },
          { library: true },
        );
      }
      const article: Article = { ...summarize(record), blocks, text: canonicalText(blocks) };
      texts.remember(id, article.text);
      return article;
    },

    async listAnnotations({ articleId }) {
      findArticle(articleId);
      return annotationsOf(articleId);
    },

    async createAnnotation(input) {
      findArticle(input.articleId);
      const text = await texts.get(input.articleId);
      if (input.end > text.length) {
        throw new GlossError(
          'invalid_input',
          `The selection ends at ${input.end}, past the end of the article (${text.length} characters).`,
        );
      }
      const range = trimRange(text, input.start, input.end);
      if (range.end <= range.start) {
        throw new GlossError('invalid_input', 'The selection holds only white space; select some words to highlight.');
      }
      const stamp = now().toISOString();
      const record: AnnotationRecord = {
        id: newId(),
        articleId: input.articleId,
        ...describe(text, range.start, range.end),
        color: input.color,
        note: input.note ?? '',
        tags: normalizeTags(input.tags ?? []),
        createdAt: stamp,
        updatedAt: stamp,
      };
      await store.update(
        (data) => {
          data.annotations.push(record);
        },
        { annotationsOf: [record.articleId] },
      );
      scheduleAutoExport(record.articleId);
      indexAnnotation(record);
      return toAnnotation(record);
    },

    async updateAnnotation({ id, note, tags, color }) {
      const record = findAnnotation(id);
      await store.update(
        () => {
          if (note !== undefined) record.note = note;
          if (tags !== undefined) record.tags = normalizeTags(tags);
          if (color !== undefined) record.color = color;
          record.updatedAt = now().toISOString();
        },
        { annotationsOf: [record.articleId] },
      );
      scheduleAutoExport(record.articleId);
      indexAnnotation(record);
      return toAnnotation(record);
    },

    async deleteAnnotation({ id }) {
      const record = findAnnotation(id);
      await store.update(
        (data) => {
          data.annotations = data.annotations.filter((annotation) => annotation.id !== id);
        },
        { annotationsOf: [record.articleId] },
      );
      scheduleAutoExport(record.articleId);
      search.update((index) => index.removeAnnotation(id));
      return toAnnotation(record);
    },

    async restoreAnnotation({ annotation }) {
      findArticle(annotation.articleId);
      if (store.data.annotations.some((existing) => existing.id === annotation.id)) {
        throw new GlossError('conflict', 'That highlight is already in the library.');
      }
      const text = await texts.get(annotation.articleId);
      if (annotation.end > text.length || annotation.end <= annotation.start) {
        throw new GlossError('invalid_input', 'The highlight to restore does not fit in its article.');
      }
      const record: AnnotationRecord = { ...annotation, tags: normalizeTags(annotation.tags) };
      await store.update(
        (data) => {
          data.annotations.push(record);
        },
        { annotationsOf: [record.articleId] },
      );
      scheduleAutoExport(record.articleId);
      indexAnnotation(record);
      return toAnnotation(record);
    },

    async setReadingProgress({ id, progress }) {
      const record = findArticle(id);
      await store.update(
        () => {
          record.progress = progress;
        },
        { library: true },
      );
      return summarize(record);
    },

    async exportMarkdown({ articleId, annotationIds }): Promise<MarkdownExport> {
      const source = await noteSource(articleId, annotationIds);
      const note = renderNote(source, settings().colors, store.data.settings.exportTemplate, now());
      return { fileName: markdownFileName(source.article.title), ...note };
    },

    async exportTagMarkdown({ tag }): Promise<MarkdownExport> {
      const key = tagKey(tag);
      const articleIds = [...new Set(liveAnnotations().filter((record) => record.tags.some((candidate) => tagKey(candidate) === key || tagKey(candidate).startsWith(`${key}/`))).map((record) => record.articleId))];
      if (articleIds.length === 0) throw new GlossError('not_found', `No highlight has the tag "${tag}".`);
      const groups = [];
      const articleTitle = articleTitles();
      for (const articleId of articleIds.sort((a, b) => articleTitle(a).localeCompare(articleTitle(b)))) {
        const source = await noteSource(articleId);
        groups.push({ article: source.article, annotations: source.annotations, articleTextLength: source.textLength });
      }
      return { fileName: tagMarkdownFileName(tag), markdown: renderTagMarkdown({ tag, groups, colors: settings().colors, exportedAt: now() }) };
    },

    async exportW3C({ articleId }) {
      const record = findArticle(articleId);
      const text = canonicalText(await files.read(articleId));
      const collection = toW3C(record, annotationsOf(articleId), { articleText: text });
      return { fileName: markdownFileName(record.title).replace(/\.md$/, '.jsonld'), json: JSON.stringify(collection, null, 2) + '\n' };
    },

    async importW3C({ articleId, json }) {
      findArticle(articleId);
      let parsedJson: unknown;
      try {
        parsedJson = JSON.parse(json);
      } catch {
        throw new GlossError('invalid_input', 'The file is not valid JSON.');
      }
      const text = canonicalText(await files.read(articleId));
      const parsed = fromW3C(parsedJson, { articleText: text });
      if (!parsed.ok) throw new GlossError('invalid_input', `These are not W3C Web Annotations Gloss can read: ${parsed.error}`);
      const stamp = now().toISOString();
      const records: AnnotationRecord[] = [];
      let orphaned = 0;
      for (const incoming of parsed.value.annotations) {
        const { selector } = incoming;
        // Offsets from another tool are a hint; the quote and its context decide (the same anchoring as re-import).
        const guess = selector.start !== undefined && selector.end !== undefined && selector.end > selector.start ? { start: selector.start, end: selector.end } : { start: 0, end: 0 };
        const match = anchor(text, { ...guess, quote: selector.quote, prefix: selector.prefix, suffix: selector.suffix });
        const base = {
          id: newId(),
          articleId,
          color: incoming.color ?? 'yellow',
          note: incoming.note,
          tags: normalizeTags(incoming.tags),
          createdAt: incoming.created ?? stamp,
          updatedAt: incoming.modified ?? stamp,
        };
        if (match) records.push({ ...base, ...describe(text, match.start, match.end) });
        else {
          orphaned += 1;
          records.push({ ...base, start: 0, end: 0, quote: selector.quote, prefix: selector.prefix, suffix: selector.suffix, orphaned: true });
        }
      }
      await store.update(
        (data) => {
          data.annotations.push(...records);
        },
        { annotationsOf: [articleId] },
      );
      scheduleAutoExport(articleId);
      for (const record of records) indexAnnotation(record);
      return { added: records.length, orphaned };
    },

    async previewTemplate({ articleId, template }) {
      const source = await noteSource(articleId);
      return renderArticleTemplate(template, { article: source.article, annotations: source.annotations, colors: settings().colors, exportedAt: now(), articleTextLength: source.textLength });
    },

    async exportToFolder({ articleIds, overwrite }) {
      const folder = store.data.settings.exportFolder;
      if (!folder) throw new GlossError('invalid_input', 'Choose an export folder first (for example your Obsidian vault).');
      await checkExportFolder(folder);
      const ids = articleIds ?? liveArticles().map((article) => article.id);
      const forced = new Set(overwrite ?? []);
      const names = noteFileNames(store.data.articles);
      const results = [];
      for (const id of ids) {
        const source = await noteSource(id);
        const { markdown } = renderNote(source, settings().colors, store.data.settings.exportTemplate, now());
        results.push(await writeNoteToFolder(folder, names.get(id) as string, source, markdown, forced.has(id)));
      }
      return { folder, results };
    },

    async deleteArticle({ id }) {
      const record = findArticle(id);
      await store.update(
        () => {
          record.deletedAt = now().toISOString();
        },
        { library: true },
      );
      search.update((index) => index.removeArticle(id));
      return summarize(record);
    },

    async restoreArticle({ id }) {
      const record = store.data.articles.find((candidate) => candidate.id === id && candidate.deletedAt !== undefined);
      if (!record) throw new GlossError('not_found', `No deleted article has the id "${id}".`);
      await store.update(
        () => {
          delete record.deletedAt;
        },
        { library: true },
      );
      await indexArticle(record);
      return summarize(record);
    },

    async renameArticle({ id, title }) {
      const record = findArticle(id);
      await store.update(
        () => {
          record.title = title.trim();
        },
        { library: true },
      );
      scheduleAutoExport(id);
      // The text is unchanged: only the title's entry is re-indexed.
      search.update((index) => index.updateArticleDetails(id, { title: record.title, ...(record.site !== undefined ? { site: record.site } : {}), ...(record.byline !== undefined ? { byline: record.byline } : {}) }));
      return summarize(record);
    },

    async searchLibrary({ query, limit }) {
      if (query.trim().length === 0) return [];
      const index = await search.ready();
      return index.search(query, limit === undefined ? {} : { limit });
    },

    async getTemplateHelp() {
      return { defaultTemplate: DEFAULT_TEMPLATE, variables: TEMPLATE_VARIABLES.map((variable) => ({ ...variable })) };
    },

    async getSettings() {
      return settings();
    },

    async getStartupNotices() {
      return notices;
    },

    async listTags() {
      return tagCounts();
    },

    async listHighlights({ tag, color, query, limit }): Promise<HighlightWithArticle[]> {
      const wantedTag = tag === undefined ? null : tagKey(tag);
      const needle = query?.trim().toLocaleLowerCase() ?? '';
      const found: HighlightWithArticle[] = [];
      const articleTitle = articleTitles();
      for (const record of liveAnnotations()) {
        if (color !== undefined && record.color !== color) continue;
        if (wantedTag !== null && !record.tags.some((candidate) => tagKey(candidate) === wantedTag || tagKey(candidate).startsWith(`${wantedTag}/`))) continue;
        if (needle && !`${record.quote}\n${record.note}\n${record.tags.join(' ')}`.toLocaleLowerCase().includes(needle)) continue;
        found.push({ annotation: toAnnotation(record), articleTitle: articleTitle(record.articleId) });
      }
      // ISO 8601 times sort as plain text; localeCompare would collate, at many times the cost over 10,000 highlights.
      found.sort((a, b) => (a.annotation.createdAt < b.annotation.createdAt ? 1 : a.annotation.createdAt > b.annotation.createdAt ? -1 : 0));
      return limit === undefined ? found : found.slice(0, limit);
    },

    async renameTag({ from, to }) {
      const fromKey = tagKey(from);
      const target = normalizeTag(to);
      if (fromKey.length === 0 || target.length === 0) throw new GlossError('invalid_input', 'A tag needs at least one letter or digit.');
      const touched = liveAnnotations().filter((record) => record.tags.some((tag) => tagKey(tag) === fromKey));
      if (touched.length === 0) throw new GlossError('not_found', `No highlight has the tag "${from}".`);
      const stamp = now().toISOString();
      await store.update(
        () => {
          for (const record of touched) {
            // Renaming onto an existing tag merges them: normalizeTags drops the duplicate.
            record.tags = normalizeTags(record.tags.map((tag) => (tagKey(tag) === fromKey ? target : tag)));
            record.updatedAt = stamp;
          }
        },
        { annotationsOf: touched.map((record) => record.articleId) },
      );
      for (const articleId of new Set(touched.map((record) => record.articleId))) scheduleAutoExport(articleId);
      for (const record of touched) indexAnnotation(record);
      return { changed: touched.length };
    },

    async deleteTag({ tag }) {
      const key = tagKey(tag);
      const touched = liveAnnotations().filter((record) => record.tags.some((candidate) => tagKey(candidate) === key));
      if (touched.length === 0) throw new GlossError('not_found', `No highlight has the tag "${tag}".`);
      const stamp = now().toISOString();
      await store.update(
        () => {
          for (const record of touched) {
            record.tags = record.tags.filter((candidate) => tagKey(candidate) !== key);
            record.updatedAt = stamp;
          }
        },
        { annotationsOf: touched.map((record) => record.articleId) },
      );
      for (const articleId of new Set(touched.map((record) => record.articleId))) scheduleAutoExport(articleId);
      for (const record of touched) indexAnnotation(record);
      return { changed: touched.length };
    },

    async updateSettings({ reader, colors, exportTemplate, exportFolder, autoExport }) {
      if (reader !== undefined) {
        await store.update(
          (data) => {
            data.settings.reader = { ...data.settings.reader, ...reader };
          },
          { library: true },
        );
      }
      if (exportTemplate !== undefined && exportTemplate !== null) {
        const checked = validateTemplate(exportTemplate);
        // A broken template is refused with the reason; the one in force stays.
        if (!checked.ok) throw new GlossError('invalid_input', `The template has an error: ${checked.error}`);
      }
      if (exportFolder !== undefined && exportFolder !== null) await checkExportFolder(exportFolder);
      if (exportTemplate !== undefined || exportFolder !== undefined || autoExport !== undefined) {
        await store.update(
          (data) => {
            if (exportTemplate !== undefined) data.settings.exportTemplate = exportTemplate === null || exportTemplate.trim() === '' ? null : exportTemplate;
            if (exportFolder !== undefined) data.settings.exportFolder = exportFolder;
            if (autoExport !== undefined) data.settings.autoExport = autoExport;
          },
          { library: true },
        );
      }
      if (colors !== undefined) {
        await store.update(
          (data) => {
            for (const change of colors) {
              const existing = data.settings.colors.find((color) => color.id === change.id);
              if (existing) existing.label = change.label.trim();
              else data.settings.colors.push({ id: change.id, label: change.label.trim() });
            }
          },
          { library: true },
        );
      }
      return settings();
    },

    async reattachAnnotation({ id, start, end }) {
      const text = await texts.get(findAnnotation(id).articleId);
      if (end > text.length) throw new GlossError('invalid_input', `The selection ends past the end of the article (${text.length} characters).`);
      const range = trimRange(text, start, end);
      if (range.end <= range.start) throw new GlossError('invalid_input', 'The selection holds only white space; select some words.');
      // Found after the await (see getArticle).
      const record = findAnnotation(id);
      await store.update(
        () => {
          Object.assign(record, describe(text, range.start, range.end));
          delete record.orphaned;
          record.updatedAt = now().toISOString();
        },
        { annotationsOf: [record.articleId] },
      );
      scheduleAutoExport(record.articleId);
      indexAnnotation(record);
      return toAnnotation(record);
    },

    async importFiles({ files: incoming }) {
      const results: ImportResult[] = [];
      for (const file of incoming) {
        try {
          const parsed = parseArticleFile(file.name, Buffer.from(file.dataBase64, 'base64'));
          results.push(await importOne(file.name, parsed));
        } catch (error) {
          if (!(error instanceof GlossError)) console.error(`gloss: importing ${file.name} failed`, error);
          const reason = error instanceof GlossError ? error.message : 'Something went wrong while reading it.';
          results.push({ name: file.name, ok: false, error: `${file.name}: ${reason}` });
        }
      }
      return results;
    },
  };

  const service: GlossService = {
    dataDir: options.dataDir,
    ...methods,
    async close() {
      await service.flush();
      await store.close();
    },
    async flush() {
      await search.save().catch((error: unknown) => console.error('gloss: could not save the search index', error));
      const waiting = [...pendingExports.entries()];
      for (const [articleId, timer] of waiting) {
        clearTimeout(timer);
        await runAutoExport(articleId);
      }
      await Promise.all(runningExports);
    },
  };
  return service;
}
