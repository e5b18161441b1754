import { describe, expect, it } from 'vitest';
import { RecentArticleTexts } from '../../main/articles/recent-texts';

describe('RecentArticleTexts', () => {
  function counting(texts: Record<string, string>) {
    const reads: string[] = [];
    const cache = new RecentArticleTexts(async (id) => {
      reads.push(id);
      return texts[id] as string;
    }, 2);
    return { cache, reads };
  }

  it('reads an article once while it stays among the most recent', async () => {
    const { cache, reads } = counting({ a: 'alpha', b: 'beta', c: 'gamma' });
    expect(await cache.get('a')).toBe('alpha');
    expect(await cache.get('a')).toBe('alpha');
    await cache.get('b');
    await cache.get('a'); // a is now the most recent, b the least
    await cache.get('c'); // drops b
    await cache.get('a');
    await cache.get('b');
    expect(reads).toEqual(['a', 'b', 'c', 'b']);
  });

  it('reads again after forget, and never keeps a text read before it', async () => {
    const texts: Record<string, string> = { a: 'old' };
    let release: () => void = () => undefined;
    const cache = new RecentArticleTexts(async (id) => {
      const text = texts[id] as string;
      await new Promise<void>((resolve) => (release = resolve));
      return text;
    });
    const slow = cache.get('a');
    // The file is replaced while the old text is being read.
    texts.a = 'new';
    cache.forget('a');
    release();
    expect(await slow).toBe('old');
    const fresh = cache.get('a');
    release();
    expect(await fresh).toBe('new');
  });

  it('serves a text the caller remembered without reading', async () => {
    const { cache, reads } = counting({});
    cache.remember('x', 'known');
    expect(await cache.get('x')).toBe('known');
    expect(reads).toEqual([]);
  });
});
