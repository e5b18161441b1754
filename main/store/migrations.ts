import { DEFAULT_COLOR_LABELS, HIGHLIGHT_COLORS, type HighlightColor } from '../../preload/model';

/**
 * Schema migrations for db.json, one per version step, applied in order on
 * load: a file at version N goes through the migration from N, then N+1, and
 * so on up to SCHEMA_VERSION. Each works on plain JSON (never on the zod
 * types, which only describe the current version) and copies across every
 * field it does not know, so data from other versions survives.
 *
 * Adding a version: bump SCHEMA_VERSION in schema.ts, add the migration from
 * the previous version here, and a test that loads a real file of the old
 * version (tests/fixtures/store/db-v<N>.json).
 */
export type JsonObject = Record<string, unknown>;

export interface Migration {
  from: number;
  /** What changed, for the notice and the log. */
  description: string;
  up(document: JsonObject): JsonObject;
}

/** Ordered by `from`; `from` values are consecutive, starting at the oldest version Gloss still reads. */
export const MIGRATIONS: readonly Migration[] = [
  {
    from: 0,
    description: 'colour labels become colour ids, and settings gain the colour names',
    up(document) {
      // Version 0 (before the first release): annotations stored the colour's label ("Yellow"),
      // and settings had no `colors`, since the labels could not be renamed.
      const annotations = Array.isArray(document.annotations)
        ? document.annotations.map((annotation: unknown) => {
            if (!isObject(annotation) || typeof annotation.color !== 'string') return annotation;
            const id = colorIdOf(annotation.color);
            if (id !== null) return { ...annotation, color: id };
            // A label we cannot place becomes the default colour; the original is kept beside it.
            return { ...annotation, color: 'yellow', colorLabelV0: annotation.color };
          })
        : document.annotations;
      const settings = isObject(document.settings) ? document.settings : {};
      return {
        ...document,
        annotations,
        settings: {
          ...settings,
          colors: Array.isArray(settings.colors) ? settings.colors : HIGHLIGHT_COLORS.map((id) => ({ id, label: DEFAULT_COLOR_LABELS[id] })),
        },
        schemaVersion: 1,
      };
    },
  },
  {
    from: 1,
    description: 'highlights move out of db.json into one file per article (annotations/<article id>.json)',
    // The document keeps its annotations: in memory and in backups the library is still one document.
    // Where they are stored is the store's business (library-files.ts), which writes them out.
    up: (document) => ({ ...document, schemaVersion: 2 }),
  },
];

export const OLDEST_READABLE_VERSION = MIGRATIONS[0]?.from ?? 0;

export class MigrationError extends Error {}

/**
 * Brings `document` from `fromVersion` to `toVersion`, returning the new
 * document and the steps taken. Throws MigrationError when a step is missing
 * (a version older than Gloss can read).
 */
export function migrateDocument(
  document: JsonObject,
  fromVersion: number,
  toVersion: number,
  migrations: readonly Migration[] = MIGRATIONS,
): { document: JsonObject; applied: Migration[] } {
  const byFrom = new Map(migrations.map((migration) => [migration.from, migration]));
  const applied: Migration[] = [];
  let current = document;
  for (let version = fromVersion; version < toVersion; version += 1) {
    const step = byFrom.get(version);
    if (!step) throw new MigrationError(`it is in format ${fromVersion}, older than this Gloss can read (format ${OLDEST_READABLE_VERSION} or later)`);
    current = { ...step.up(current), schemaVersion: version + 1 };
    applied.push(step);
  }
  return { document: current, applied };
}

function colorIdOf(label: string): HighlightColor | null {
  const wanted = label.trim().toLowerCase();
  for (const id of HIGHLIGHT_COLORS) {
    if (id === wanted || DEFAULT_COLOR_LABELS[id].toLowerCase() === wanted) return id;
  }
  return null;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
