/**
 * The article and annotation model shared by every process: plain types,
 * constants and the canonical-text rule, with no dependencies, so the renderer
 * can use them without bundling the contract's zod schemas (preload/api.ts
 * re-exports everything here).
 */

// ---------------------------------------------------------------------------
// The contract's method names and channels. The zod schemas for each method
// are in api.ts, which checks at compile time that they match these lists.
// The preload needs only these names, so it stays free of zod.
// ---------------------------------------------------------------------------

export const METHOD_NAMES = [
  'listArticles',
  'getArticle',
  'listAnnotations',
  'createAnnotation',
  'updateAnnotation',
  'deleteAnnotation',
  'restoreAnnotation',
  'setReadingProgress',
  'exportMarkdown',
  'getSettings',
  'getStartupNotices',
  'listTags',
  'listHighlights',
  'renameTag',
  'deleteTag',
  'updateSettings',
  'reattachAnnotation',
  'importFiles',
  'exportTagMarkdown',
  'exportW3C',
  'importW3C',
  'previewTemplate',
  'exportToFolder',
  'getTemplateHelp',
  'deleteArticle',
  'restoreArticle',
  'renameArticle',
  'searchLibrary',
] as const;
export type MethodName = (typeof METHOD_NAMES)[number];

/** Methods that need the desktop (a native dialog, the system clipboard); bound only in Electron. */
export const DESKTOP_METHOD_NAMES = ['saveFileAs', 'copyText', 'chooseFolder'] as const;
export type DesktopMethodName = (typeof DESKTOP_METHOD_NAMES)[number];

/** Menu commands the main process sends to the renderer. */
export const MENU_COMMANDS = ['export-copy', 'export-save', 'toggle-annotations', 'focus-search', 'undo', 'redo', 'show-shortcuts', 'export-dialog', 'find-in-article', 'import', 'reading-settings'] as const;
export type MenuCommand = (typeof MENU_COMMANDS)[number];

export const IPC_CHANNEL_PREFIX = 'gloss:';
/** Main → renderer: open this article (and highlight), from a gloss:// link. */
export const OPEN_TARGET_CHANNEL = 'gloss-open-target';

export interface OpenTarget {
  articleId: string;
  annotationId: string | null;
}

const ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Messages from the main process are still checked before the renderer acts on them. */
export function isOpenTarget(value: unknown): value is OpenTarget {
  if (typeof value !== 'object' || value === null) return false;
  const { articleId, annotationId } = value as Record<string, unknown>;
  return typeof articleId === 'string' && ID_PATTERN.test(articleId) && (annotationId === null || (typeof annotationId === 'string' && ID_PATTERN.test(annotationId)));
}
export const MENU_COMMAND_CHANNEL = 'gloss-menu-command';

export const HIGHLIGHT_COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const;
export type HighlightColor = (typeof HIGHLIGHT_COLORS)[number];

/** Default labels; the user's own names live in settings. */
export const DEFAULT_COLOR_LABELS: Record<HighlightColor, string> = {
  yellow: 'Yellow',
  green: 'Green',
  blue: 'Blue',
  pink: 'Pink',
  purple: 'Purple',
};

export const MAX_NOTE_LENGTH = 100_000;
export const MAX_TAG_LENGTH = 100;
export const MAX_TAGS = 64;

// ---------------------------------------------------------------------------
// Article model
// ---------------------------------------------------------------------------

/** Inline formatting inside a block, as offsets into the block's own text. */
export interface InlineMark {
  kind: 'emphasis' | 'strong' | 'code' | 'link';
  start: number;
  end: number;
  /** For links only: an http(s) or mailto URL, already checked. */
  href?: string;
}

/**
 * Every importer produces blocks. The reader styles each type differently;
 * the canonical text is the blocks' text joined by a blank line.
 */
export type BlockType =
  | 'heading'
  | 'paragraph'
  | 'dateline'
  | 'byline'
  | 'caption'
  | 'credit'
  | 'quote'
  | 'listItem'
  | 'code';

export interface Block {
  type: BlockType;
  text: string;
  /** Heading level 2–6 (the title is level 1), or list nesting depth. */
  level?: number;
  /** For list items: true when the list is numbered. */
  ordered?: boolean;
  marks?: InlineMark[];
}

export interface ArticleSource {
  kind: 'seed' | 'file' | 'url';
  /** The seed file name, the imported file's path, or the page URL. */
  location: string;
}

export interface ArticleSummary {
  id: string;
  title: string;
  source: ArticleSource;
  site?: string;
  byline?: string;
  /** ISO date (YYYY-MM-DD) when known. */
  publishedAt?: string;
  addedAt: string;
  openedAt?: string;
  wordCount: number;
  /** 0..1, how far the reader has scrolled. */
  progress: number;
  highlightCount: number;
  /** Every tag on the article's highlights (for filtering the library by tag). */
  tags: string[];
}

export interface Article extends ArticleSummary {
  blocks: Block[];
  /** The blocks' text joined by "\n\n"; every annotation offset indexes into it. */
  text: string;
}

// ---------------------------------------------------------------------------
// Annotations
// ---------------------------------------------------------------------------

/** Where an annotation sits, and enough context to find it again if the text changes. */
export interface TextAnchor {
  start: number;
  end: number;
  quote: string;
  prefix: string;
  suffix: string;
}

export interface Annotation extends TextAnchor {
  id: string;
  articleId: string;
  color: HighlightColor;
  note: string;
  tags: string[];
  createdAt: string;
  updatedAt: string;
  /** True when the text changed and the quote could not be placed again. */
  orphaned?: boolean;
}

export interface ColorSetting {
  id: HighlightColor;
  label: string;
}

export type ReaderTheme = 'light' | 'sepia' | 'dark' | 'system';
export type ReaderTypeface = 'serif' | 'sans';

/** How the reader looks; every choice is remembered. */
export interface ReaderSettings {
  typeface: ReaderTypeface;
  /** Body text size in CSS pixels. */
  fontSize: number;
  lineHeight: number;
  /** The text column's width in characters (em). */
  columnWidth: number;
  theme: ReaderTheme;
}

export const DEFAULT_READER_SETTINGS: ReaderSettings = { typeface: 'serif', fontSize: 19, lineHeight: 1.65, columnWidth: 40, theme: 'system' };

export interface Settings {
  reader: ReaderSettings;
  colors: ColorSetting[];
  /** The user's Markdown template (Mustache), or null for the default. */
  exportTemplate: string | null;
  /** Where "Export to folder" writes, e.g. an Obsidian vault. */
  exportFolder: string | null;
  /** Re-export an article into the export folder whenever its highlights change. */
  autoExport: boolean;
}

export interface FolderExportResult {
  articleId: string;
  title: string;
  fileName: string;
  path: string;
  status: 'created' | 'updated' | 'unchanged' | 'conflict';
  /** Why a note was left alone. */
  message?: string;
  /** For a note the user edited inside Gloss's region: what overwriting would change. */
  diff?: string;
}

export interface TemplateVariableHelp {
  name: string;
  scope: string;
  description: string;
  example: string;
}

/** A search result: where it matched, and a snippet with the matched words marked. */
export interface SearchHit {
  articleId: string;
  articleTitle: string;
  kind: 'title' | 'text' | 'highlight' | 'note' | 'tag';
  annotationId?: string;
  orphaned?: boolean;
  /** Where to go in the article's canonical text. */
  start: number;
  end: number;
  snippet: {
    before: string;
    match: string;
    after: string;
    /** Matched words as offsets into before + match + after. */
    marks: { start: number; end: number }[];
  };
  score: number;
}

export interface TagCount {
  tag: string;
  count: number;
}

/** A highlight seen from outside its article (Tags view, All highlights). */
export interface HighlightWithArticle {
  annotation: Annotation;
  articleTitle: string;
}

export type ImportStatus = 'added' | 'unchanged' | 'updated';

export interface ReanchorReport {
  /** Still on the same words at the same place. */
  kept: number;
  /** Found again at a new place. */
  moved: number;
  /** Could not be placed with confidence: kept, listed under "Needs attention". */
  orphaned: number;
}

export type ImportResult =
  | { name: string; ok: true; status: ImportStatus; article: ArticleSummary; reanchored?: ReanchorReport }
  | { name: string; ok: false; error: string };

export interface StartupNotice {
  level: 'info' | 'warning';
  message: string;
}

// ---------------------------------------------------------------------------
// Canonical text: part of the contract, because every offset that crosses a
// boundary indexes into it, and the renderer maps DOM positions with it.
// ---------------------------------------------------------------------------

export const BLOCK_SEPARATOR = '\n\n';

/** The blocks' text joined by a blank line. */
export function canonicalText(blocks: readonly Pick<Block, 'text'>[]): string {
  return blocks.map((block) => block.text).join(BLOCK_SEPARATOR);
}

/** The offset at which each block's text starts in the canonical text. */
export function blockStartOffsets(blocks: readonly Pick<Block, 'text'>[]): number[] {
  const starts: number[] = [];
  let offset = 0;
  for (const block of blocks) {
    starts.push(offset);
    offset += block.text.length + BLOCK_SEPARATOR.length;
  }
  return starts;
}
