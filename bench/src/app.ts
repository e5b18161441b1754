/**
 * The one place the bench reaches into Gloss: the app's own modules, imported
 * from source and bundled with the bench, so every figure measures the code in
 * the tree (never a copy of it).
 */
export { createService, type GlossService } from '../../main/service';
export { describe, reanchorAll, type AnchorMatch } from '../../main/annotations/anchor';
export { normalizeTags } from '../../main/annotations/tags';
export { canonicalText, countWords } from '../../main/articles/canonical';
export { renderArticleMarkdown } from '../../main/export/markdown';
export { contentHash } from '../../main/ids';
// mulberry32, the PRNG the app's synthetic library and tests seed: the bench draws from the same one.
export { seededRandom } from '../../main/library/synthetic-library';
export { emptyDatabase, type AnnotationRecord, type ArticleRecord, type Database } from '../../main/store/schema';
export { ANNOTATIONS_DIR, serializeAnnotationFile } from '../../main/store/annotation-files';
export { DATABASE_FILE, serializeLibrary } from '../../main/store/library-files';
// Whether a highlight has a note, as the renderer's painter decides it (it underlines those).
export { hasNote } from '../../renderer/src/highlight-painter';
export { DEFAULT_COLOR_LABELS, HIGHLIGHT_COLORS, type Annotation, type Block, type HighlightColor, type TextAnchor } from '../../preload/model';

/** What the bench uses of the library search. */
export interface LibrarySearchModule {
  LibrarySearch: {
    new (): {
      addArticle(article: { id: string; title: string; text: string }): void;
      setAnnotations?(articleId: string, annotations: readonly { id: string; start: number; end: number; quote: string; note: string; tags: readonly string[] }[]): void;
      search(query: string, options?: { limit?: number }): unknown[];
      serialize(): string;
      readonly passageCount: number;
    };
    load(json: string): unknown;
  };
}

/** The library search, through the narrow interface the search case uses. */
export async function loadLibrarySearch(): Promise<LibrarySearchModule> {
  return (await import('../../main/library/search-index')) as unknown as LibrarySearchModule;
}
