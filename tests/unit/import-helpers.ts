import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Block, InlineMark } from '../../preload/api';
import { parseArticleFile, type ParsedArticle } from '../../main/articles/text-import';
import { GlossError } from '../../main/errors';

/** Shared by the import tests: the fixtures folder, and ways to look at a parsed article. */
export const ARTICLE_FIXTURES = join(process.cwd(), 'tests', 'fixtures', 'articles');

export function fixture(name: string): Buffer {
  return readFileSync(join(ARTICLE_FIXTURES, name));
}

export function parseFixture(name: string, as: string = name): ParsedArticle {
  return parseArticleFile(as, fixture(name));
}

/** Block types in order, with heading levels and list depth/numbering written in: `heading2`, `listItem1`, `listItem0o`. */
export function shapes(blocks: readonly Block[]): string[] {
  return blocks.map((block) => `${block.type}${block.level ?? ''}${block.ordered === true ? 'o' : ''}`);
}

/** The words each mark of one kind covers, across the article. */
export function marked(blocks: readonly Block[], kind: InlineMark['kind']): string[] {
  return blocks.flatMap((block) => (block.marks ?? []).filter((mark) => mark.kind === kind).map((mark) => block.text.slice(mark.start, mark.end)));
}

/** Every link as [words, href]. */
export function links(blocks: readonly Block[]): [string, string | undefined][] {
  return blocks.flatMap((block) => (block.marks ?? []).filter((mark) => mark.kind === 'link').map((mark): [string, string | undefined] => [block.text.slice(mark.start, mark.end), mark.href]));
}

export function allText(blocks: readonly Block[]): string {
  return blocks.map((block) => block.text).join('\n\n');
}

/** Runs `run` and returns the GlossError it throws, failing the test if it throws anything else or nothing. */
export function glossError(run: () => unknown): GlossError {
  let thrown: unknown;
  try {
    run();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected a GlossError').toBeInstanceOf(GlossError);
  expect((thrown as GlossError).code).toBe('invalid_input');
  return thrown as GlossError;
}

/** Markup or script that must never reach an article's stored blocks. */
export const ACTIVE_CONTENT = [/<\s*script/i, /\bon[a-z]+\s*=/i, /javascript:/i, /vbscript:/i, /data:text\/html/i, /expression\s*\(/i, /<\s*iframe/i, /<\s*svg/i, /<\s*object/i, /<\s*embed/i, /srcdoc/i];

export function activeContentIn(parsed: unknown): string[] {
  const json = JSON.stringify(parsed);
  return ACTIVE_CONTENT.filter((pattern) => pattern.test(json)).map(String);
}

/** Every mark sits inside its block, and links carry only http(s) or mailto addresses. */
export function expectWellFormed(parsed: ParsedArticle): void {
  expect(parsed.title.trim().length).toBeGreaterThan(0);
  for (const block of parsed.blocks) {
    expect(block.text.length).toBeGreaterThan(0);
    expect(block.text).toBe(block.type === 'code' ? block.text : block.text.trim());
    for (const mark of block.marks ?? []) {
      expect(mark.start).toBeGreaterThanOrEqual(0);
      expect(mark.end).toBeGreaterThan(mark.start);
      expect(mark.end).toBeLessThanOrEqual(block.text.length);
      if (mark.kind === 'link') expect(mark.href).toMatch(/^(?:https?:\/\/|mailto:)/);
      else expect(mark.href).toBeUndefined();
    }
  }
}
