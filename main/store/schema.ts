import { z } from 'zod';
import { ColorSchema, DEFAULT_COLOR_LABELS, DEFAULT_READER_SETTINGS, HIGHLIGHT_COLORS } from '../../preload/api';

/**
 * The library as Gloss holds it in memory, and as a backup copy holds it:
 * one document with every annotation. On disk (since version 2) db.json
 * holds everything but the annotations, which live one file per article
 * (`annotations/<articleId>.json`, see annotation-files.ts), so saving a
 * highlight rewrites only its article's file. Records are normalized on load
 * (defaults filled in) and unknown fields pass through, so a newer Gloss's
 * extra data survives a save by this one.
 */
export const SCHEMA_VERSION = 2;

const ArticleRecordSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    source: z.object({ kind: z.enum(['seed', 'file', 'url']), location: z.string() }).loose(),
    site: z.string().optional(),
    byline: z.string().optional(),
    publishedAt: z.string().optional(),
    addedAt: z.string(),
    openedAt: z.string().optional(),
    contentHash: z.string(),
    wordCount: z.number().int().nonnegative(),
    progress: z.number().min(0).max(1).default(0),
    /** Set when the article is in the trash. */
    deletedAt: z.string().optional(),
  })
  .loose();

export const AnnotationRecordSchema = z
  .object({
    id: z.string(),
    articleId: z.string(),
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
    quote: z.string(),
    prefix: z.string(),
    suffix: z.string(),
    color: ColorSchema,
    note: z.string().default(''),
    tags: z.array(z.string()).default([]),
    createdAt: z.string(),
    updatedAt: z.string(),
    orphaned: z.boolean().optional(),
  })
  .loose();

const ReaderSettingsSchema = z
  .object({
    typeface: z.enum(['serif', 'sans']).default(DEFAULT_READER_SETTINGS.typeface),
    fontSize: z.number().min(12).max(32).default(DEFAULT_READER_SETTINGS.fontSize),
    lineHeight: z.number().min(1.2).max(2.2).default(DEFAULT_READER_SETTINGS.lineHeight),
    columnWidth: z.number().int().min(28).max(64).default(DEFAULT_READER_SETTINGS.columnWidth),
    theme: z.enum(['light', 'sepia', 'dark', 'system']).default(DEFAULT_READER_SETTINGS.theme),
  })
  .loose();

const SettingsSchema = z
  .object({
    reader: ReaderSettingsSchema.default(() => ({ ...DEFAULT_READER_SETTINGS })),
    colors: z
      .array(z.object({ id: ColorSchema, label: z.string().min(1).max(40) }).loose())
      .default(() => defaultColors()),
    exportTemplate: z.string().nullable().default(null),
    exportFolder: z.string().nullable().default(null),
    autoExport: z.boolean().default(false),
  })
  .loose();

export const DatabaseSchema = z
  .object({
    schemaVersion: z.literal(SCHEMA_VERSION),
    articles: z.array(ArticleRecordSchema).default([]),
    annotations: z.array(AnnotationRecordSchema).default([]),
    settings: SettingsSchema.default(() => ({ reader: { ...DEFAULT_READER_SETTINGS }, colors: defaultColors(), exportTemplate: null, exportFolder: null, autoExport: false })),
    /** Seed files already added once; a seed the user deleted stays deleted. */
    seeded: z.array(z.string()).default([]),
  })
  .loose();

export type Database = z.infer<typeof DatabaseSchema>;
export type ArticleRecord = z.infer<typeof ArticleRecordSchema>;
export type AnnotationRecord = z.infer<typeof AnnotationRecordSchema>;

export function defaultColors(): { id: (typeof HIGHLIGHT_COLORS)[number]; label: string }[] {
  return HIGHLIGHT_COLORS.map((id) => ({ id, label: DEFAULT_COLOR_LABELS[id] }));
}

export function emptyDatabase(): Database {
  return DatabaseSchema.parse({ schemaVersion: SCHEMA_VERSION });
}
