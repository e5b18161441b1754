import { mkdir, mkdtemp, open, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ANNOTATIONS_DIR,
  canonicalText,
  contentHash,
  countWords,
  DATABASE_FILE,
  describe,
  emptyDatabase,
  HIGHLIGHT_COLORS,
  normalizeTags,
  serializeAnnotationFile,
  serializeLibrary,
  type AnnotationRecord,
  type ArticleRecord,
  type Block,
} from './app';
import type { ProseGenerator, Random, Span } from './corpus';

/**
 * Writes a library straight into a data directory, in the store's own format
 * (db.json from the schema's emptyDatabase(), articles/<id>.json as
 * ArticleFiles writes them, annotations/<id>.json as the store writes them), instead of calling the
 * service 100,000 times. The records are built with the app's describe() and
 * canonicalText(), so they are what the app itself would have stored.
 */
export interface FixtureArticle {
  id: string;
  title: string;
  blocks: Block[];
  annotations: AnnotationRecord[];
}

const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** Ids like newId()'s (16 base-32 characters), but from the seeded PRNG, so runs are identical. */
export function benchId(random: Random): string {
  let id = '';
  for (let i = 0; i < 16; i += 1) id += ID_ALPHABET[random.int(0, 31)];
  return id;
}

export function paragraphBlocks(paragraphs: readonly string[]): Block[] {
  return paragraphs.map((text) => ({ type: 'paragraph', text }));
}

const STAMP = Date.UTC(2025, 0, 6, 9, 0, 0);

/** Some tags from the prose's own words, as a reader would coin them. */
export function tagPool(prose: ProseGenerator, random: Random, size = 40): string[] {
  const pool = new Set<string>();
  while (pool.size < size) {
    const word = prose.word().toLowerCase();
    pool.add(random.chance(0.2) ? `${prose.word().toLowerCase()}/${word}` : word);
  }
  return [...pool];
}

/** Annotation records for the given passages: a third with a note, four in ten with tags. */
export function makeAnnotations(
  articleId: string,
  text: string,
  passages: readonly Span[],
  prose: ProseGenerator,
  random: Random,
  tags: readonly string[],
  firstIndex = 0,
): AnnotationRecord[] {
  return passages.map((span, index) => {
    const stamp = new Date(STAMP + (firstIndex + index) * 61_000).toISOString();
    const record: AnnotationRecord = {
      id: benchId(random),
      articleId,
      ...describe(text, span.start, span.end),
      color: random.pick(HIGHLIGHT_COLORS),
      note: random.chance(0.33) ? prose.sentence(random.int(6, 30)) : '',
      tags: random.chance(0.4) ? normalizeTags(Array.from({ length: random.int(1, 3) }, () => random.pick(tags))) : [],
      createdAt: stamp,
      updatedAt: stamp,
    };
    return record;
  });
}

export async function makeDataDir(label: string, parent = tmpdir()): Promise<string> {
  return mkdtemp(join(parent, `gloss-bench-${label}-`));
}

export async function removeDataDir(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true });
}

/**
 * fsyncs every file and folder under `dir`. A timed save's fsync commits the
 * file system's journal, which (ext4, data=ordered) first writes back every
 * dirty page in it: right after a fixture of megabytes is written, the first
 * saves paid for writing the fixture, in some runs and not others.
 */
export async function syncTree(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) await syncTree(path);
    else if (entry.isFile()) await syncPath(path);
  }
  await syncPath(dir);
}

/** fsyncs one file or folder. */
export async function syncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Writes db.json, the article files and the annotations files, as the store
 * writes them (its own serializers). The seed files are marked as already
 * added, so web mode does not add the two samples to the bench's library.
 */
export async function writeLibrary(dataDir: string, articles: readonly FixtureArticle[], seedsDir: string): Promise<{ dbBytes: number; annotationBytes: number }> {
  await mkdir(join(dataDir, 'articles'), { recursive: true });
  await mkdir(join(dataDir, ANNOTATIONS_DIR), { recursive: true });
  let annotationBytes = 0;
  const data = emptyDatabase();
  data.seeded = (await readdir(seedsDir)).filter((name) => name.endsWith('.txt')).sort();
  let index = 0;
  for (const article of articles) {
    const text = canonicalText(article.blocks);
    const record: ArticleRecord = {
      id: article.id,
      title: article.title,
      source: { kind: 'file', location: `${article.id}.txt` },
      addedAt: new Date(STAMP - (articles.length - index) * 3_600_000).toISOString(),
      contentHash: contentHash(text),
      wordCount: countWords(text),
      progress: 0,
    };
    data.articles.push(record);
    await writeFile(join(dataDir, 'articles', `${article.id}.json`), JSON.stringify({ schemaVersion: 1, id: article.id, blocks: article.blocks }) + '\n');
    if (article.annotations.length > 0) {
      const annotations = serializeAnnotationFile(article.id, article.annotations);
      await writeFile(join(dataDir, ANNOTATIONS_DIR, `${article.id}.json`), annotations);
      annotationBytes += Buffer.byteLength(annotations);
    }
    index += 1;
  }
  const db = serializeLibrary(data);
  await writeFile(join(dataDir, DATABASE_FILE), db);
  return { dbBytes: Buffer.byteLength(db), annotationBytes };
}
