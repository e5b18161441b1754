import { mkdir, readFile, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Block, StartupNotice } from '../../preload/api';
import { GlossError } from '../errors';
import { writeFileAtomic } from './atomic-file';
import { parseJsonText } from './json-text';
import { BACKUP_DIR } from './backups';
import { holdsDataDirLock } from './lock';
import { describeStorageError } from './storage-errors';

/**
 * Article bodies live one per file (`articles/<id>.json`), never in db.json,
 * so the library document stays small and an article is read only when opened.
 */
const MarkSchema = z
  .object({
    kind: z.enum(['emphasis', 'strong', 'code', 'link']),
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
    href: z.string().optional(),
  })
  .loose();

const BlockSchema = z
  .object({
    type: z.enum(['heading', 'paragraph', 'dateline', 'byline', 'caption', 'credit', 'quote', 'listItem', 'code']),
    text: z.string(),
    level: z.number().int().optional(),
    ordered: z.boolean().optional(),
    marks: z.array(MarkSchema).optional(),
  })
  .loose();

const ArticleFileSchema = z.object({ schemaVersion: z.literal(1), id: z.string(), blocks: z.array(BlockSchema) }).loose();

export interface ArticleFilesOptions {
  /** Told when a damaged article file was set aside and restored, so the user hears of it. */
  onNotice?: (notice: StartupNotice) => void;
}

/**
 * Each article's text also has a backup copy, `backups/articles/<id>.json`,
 * written after the article itself. A damaged article file is moved aside
 * (`<id>.json.unreadable-<time>`, kept) and the backup put back in its place;
 * without a good backup the damaged file stays where it is and reading it
 * says so. Only the process holding the data folder's lock repairs files: a
 * reader (the CLI exporting while the app runs) uses the backup's text
 * without touching anything.
 */
export class ArticleFiles {
  private readonly dataDir: string;
  private readonly dir: string;
  private readonly backupDir: string;
  private readonly onNotice: ((notice: StartupNotice) => void) | undefined;

  constructor(dataDir: string, options: ArticleFilesOptions = {}) {
    this.dataDir = dataDir;
    this.dir = join(dataDir, 'articles');
    this.backupDir = join(dataDir, BACKUP_DIR, 'articles');
    this.onNotice = options.onNotice;
  }

  pathOf(id: string): string {
    return join(this.dir, `${safeId(id)}.json`);
  }

  backupPathOf(id: string): string {
    return join(this.backupDir, `${safeId(id)}.json`);
  }

  async write(id: string, blocks: Block[]): Promise<void> {
    const contents = JSON.stringify({ schemaVersion: 1, id, blocks }) + '\n';
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(this.pathOf(id), contents);
    await this.writeBackup(id, contents);
  }

  async remove(id: string): Promise<void> {
    await rm(this.pathOf(id), { force: true });
    await rm(this.backupPathOf(id), { force: true });
  }

  async read(id: string): Promise<Block[]> {
    let raw: string;
    try {
      raw = await readFile(this.pathOf(id), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        const backup = await this.readBackup(id);
        if (backup) {
          await this.restore(id, backup.raw, null, 'was missing');
          return backup.blocks;
        }
        throw new GlossError('not_found', `The text of article "${id}" is missing from the data directory.`);
      }
      throw error;
    }
    const checked = checkArticleFile(raw, id);
    if (checked.ok) return checked.blocks;
    const backup = await this.readBackup(id);
    if (!backup) {
      throw new GlossError(
        'storage_failed',
        `The stored text of article "${id}" is damaged (${checked.problem}) and there is no good backup of it. The file was left as it is: ${this.pathOf(id)}.`,
      );
    }
    await this.restore(id, backup.raw, checked.problem, 'is damaged');
    return backup.blocks;
  }

  /**
   * At start-up: checks one article's file, repairs it from its backup if it
   * is damaged or missing, and makes the backup of a good file that has none
   * (libraries from before backups existed). Returns what the user must hear.
   */
  async verify(id: string, title: string): Promise<StartupNotice | null> {
    let raw: string | null;
    try {
      raw = await readFile(this.pathOf(id), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        return { level: 'warning', message: `The text of "${title}" cannot be read (${(error as Error).message}).` };
      }
      raw = null;
    }
    const checked = raw === null ? null : checkArticleFile(raw, id);
    if (checked?.ok) {
      if (!(await this.hasBackup(id))) await this.writeBackup(id, raw as string);
      return null;
    }
    const backup = await this.readBackup(id);
    if (!backup) {
      // A missing text with no backup is reported when the article is opened; a damaged one now.
      if (!checked) return null;
      return {
        level: 'warning',
        message: `The text of "${title}" is damaged (${checked.problem}) and there is no backup of it. The file was left as it is: ${this.pathOf(id)}.`,
      };
    }
    return this.restore(id, backup.raw, checked ? checked.problem : null, checked ? 'is damaged' : 'was missing', title, false);
  }

  private async restore(
    id: string,
    backupRaw: string,
    problem: string | null,
    what: string,
    title = `article "${id}"`,
    tell = true,
  ): Promise<StartupNotice> {
    const path = this.pathOf(id);
    if (!holdsDataDirLock(this.dataDir)) {
      // A reader: use the backup's text, change nothing on disk.
      const notice: StartupNotice = { level: 'warning', message: `The text of ${title} ${what}; Gloss showed its backup (${this.backupPathOf(id)}) and changed nothing.` };
      console.warn(`gloss: ${notice.message}`);
      return notice;
    }
    let keptAt: string | null = null;
    try {
      if (problem !== null) {
        keptAt = `${path}.unreadable-${fileTime()}`;
        await rename(path, keptAt);
      }
      await mkdir(this.dir, { recursive: true });
      await writeFileAtomic(path, backupRaw);
    } catch (error) {
      // The backup's text is still good to show; only the repair on disk failed.
      const notice: StartupNotice = {
        level: 'warning',
        message: `The text of ${title} ${what}${problem ? ` (${problem})` : ''}, and Gloss could not put its backup back in place: ${describeStorageError(error)}. It showed the backup (${this.backupPathOf(id)}).`,
      };
      console.warn(`gloss: ${notice.message}`);
      if (tell) this.onNotice?.(notice);
      return notice;
    }
    const notice: StartupNotice = {
      level: 'warning',
      message:
        problem !== null
          ? `The text of ${title} was damaged (${problem}). The damaged file was kept, unchanged, at ${keptAt}, and the text was restored from its backup.`
          : `The text of ${title} was missing from ${path}; it was restored from its backup.`,
    };
    console.warn(`gloss: ${notice.message}`);
    if (tell) this.onNotice?.(notice);
    return notice;
  }

  private async readBackup(id: string): Promise<{ raw: string; blocks: Block[] } | null> {
    try {
      const raw = await readFile(this.backupPathOf(id), 'utf8');
      const checked = checkArticleFile(raw, id);
      return checked.ok ? { raw, blocks: checked.blocks } : null;
    } catch {
      return null;
    }
  }

  private backupNames: Promise<Set<string>> | null = null;

  private async hasBackup(id: string): Promise<boolean> {
    this.backupNames ??= readdir(this.backupDir).then(
      (names) => new Set(names),
      () => new Set<string>(),
    );
    return (await this.backupNames).has(`${id}.json`);
  }

  /** A failed backup never fails the write it follows: the article itself is safely on disk. */
  private async writeBackup(id: string, contents: string): Promise<void> {
    try {
      await mkdir(this.backupDir, { recursive: true });
      await writeFileAtomic(this.backupPathOf(id), contents);
      (await this.backupNames)?.add(`${id}.json`);
    } catch (error) {
      console.warn(`gloss: could not back up the text of article ${id}: ${(error as Error).message}`);
    }
  }
}

/** Ids become file names: one from a damaged or hostile db.json must not name a path elsewhere. */
export function safeId(id: string): string {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(id)) throw new GlossError('invalid_input', `"${id.slice(0, 80)}" is not a Gloss article id.`);
  return id;
}

type Checked = { ok: true; blocks: Block[] } | { ok: false; problem: string };

function checkArticleFile(raw: string, id: string): Checked {
  const text = parseJsonText(raw);
  if (!text.ok) return text;
  const parsed = ArticleFileSchema.safeParse(text.json);
  if (!parsed.success) return { ok: false, problem: 'unexpected shape' };
  if (parsed.data.id !== id) return { ok: false, problem: `it holds article "${parsed.data.id}"` };
  return { ok: true, blocks: parsed.data.blocks as Block[] };
}

/** A time for file names: 2025-01-02T03-04-05-123Z. */
export function fileTime(date: Date = new Date()): string {
  return date.toISOString().replace(/[:.]/g, '-');
}
