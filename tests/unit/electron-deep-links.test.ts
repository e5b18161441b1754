import { describe, expect, it, vi } from 'vitest';
import { DeepLinkRouter } from '../../main/electron/deep-links';

describe('DeepLinkRouter', () => {
  it('delivers a gloss:// link to the window, article or highlight', () => {
    const router = new DeepLinkRouter();
    const deliver = vi.fn();
    router.attach(deliver);
    expect(router.openUrl('gloss://article/abc123')).toBe(true);
    expect(router.openUrl('gloss://article/abc123#def456')).toBe(true);
    expect(deliver.mock.calls).toEqual([[{ articleId: 'abc123', annotationId: null }], [{ articleId: 'abc123', annotationId: 'def456' }]]);
  });

  it('ignores anything that is not a valid gloss:// link', () => {
    const router = new DeepLinkRouter();
    const deliver = vi.fn();
    router.attach(deliver);
    for (const url of ['https://example.com', 'javascript:alert(1)', 'gloss://evil/abc', 'gloss://article/../../etc', 'gloss://article/', '']) {
      expect(router.openUrl(url), url).toBe(false);
    }
    expect(deliver).not.toHaveBeenCalled();
  });

  it('keeps the latest link that arrives before the window is ready, and delivers it on attach', () => {
    const router = new DeepLinkRouter();
    expect(router.openFromArgv(['/usr/bin/gloss', '--data-dir=/x', 'gloss://article/first'])).toBe(true);
    router.openUrl('gloss://article/second#note1');
    const deliver = vi.fn();
    router.attach(deliver);
    expect(deliver.mock.calls).toEqual([[{ articleId: 'second', annotationId: 'note1' }]]);
    router.detach();
    router.openUrl('gloss://article/third');
    expect(deliver).toHaveBeenCalledTimes(1);
  });

  it('finds the link among a second launch’s arguments (Windows and Linux)', () => {
    const router = new DeepLinkRouter();
    const deliver = vi.fn();
    router.attach(deliver);
    expect(router.openFromArgv(['/opt/Gloss/gloss', '--no-sandbox'])).toBe(false);
    expect(router.openFromArgv(['/opt/Gloss/gloss', 'gloss://article/abc#xyz'])).toBe(true);
    expect(deliver).toHaveBeenCalledWith({ articleId: 'abc', annotationId: 'xyz' });
  });
});
