import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseSeed, type ParsedSeed } from './seed-parser';

export interface SeedFile {
  fileName: string;
  parsed: ParsedSeed;
}

/** Reads the sample articles that ship with Gloss, in file-name order. */
export async function readSeedFiles(seedsDir: string): Promise<SeedFile[]> {
  let names: string[];
  try {
    names = (await readdir(seedsDir)).filter((name) => name.endsWith('.txt')).sort();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const seeds: SeedFile[] = [];
  for (const fileName of names) {
    const raw = await readFile(join(seedsDir, fileName), 'utf8');
    seeds.push({ fileName, parsed: parseSeed(raw) });
  }
  return seeds;
}
