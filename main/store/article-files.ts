import { mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Block } from '../../preload/api';
import { GlossError } from '../errors';
import { writeFileAtomic } from './atomic-file';

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

export class ArticleFiles {
  private readonly dir: string;

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'articles');
  }

  pathOf(id: string): string {
    return join(this.dir, `${id}.json`);
  }

  async write(id: string, blocks: Block[]): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(this.pathOf(id), JSON.stringify({ schemaVersion: 1, id, blocks }) + '\n');
  }

  async remove(id: string): Promise<void> {
    await rm(this.pathOf(id), { force: true });
  }

  async read(id: string): Promise<Block[]> {
    let raw: string;
    try {
      raw = await readFile(this.pathOf(id), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new GlossError('not_found', `The text of article "${id}" is missing from the data directory.`);
      }
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      throw new GlossError('storage_failed', `The stored text of article "${id}" is damaged (not valid JSON).`);
    }
    const parsed = ArticleFileSchema.safeParse(json);
    if (!parsed.success || parsed.data.id !== id) {
      throw new GlossError('storage_failed', `The stored text of article "${id}" is damaged (unexpected shape).`);
    }
    return parsed.data.blocks as Block[];
  }
}
