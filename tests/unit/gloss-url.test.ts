import { describe, expect, it } from 'vitest';
import { annotationUrl, articleUrl, findGlossUrlInArgv, parseGlossUrl } from '../../main/gloss-url';

const ARTICLE = 'k3x9q2mfa7b4c5d6';
const NOTE = 'p7t2m4q9x3c8v6b1';

describe('articleUrl and annotationUrl', () => {
  it('make links that parse back to what they point at', () => {
    expect(articleUrl(ARTICLE)).toBe('gloss://article/k3x9q2mfa7b4c5d6');
    expect(annotationUrl(ARTICLE, NOTE)).toBe('gloss://article/k3x9q2mfa7b4c5d6#p7t2m4q9x3c8v6b1');
    expect(parseGlossUrl(articleUrl(ARTICLE))).toEqual({ kind: 'article', articleId: ARTICLE });
    expect(parseGlossUrl(annotationUrl(ARTICLE, NOTE))).toEqual({ kind: 'annotation', articleId: ARTICLE, annotationId: NOTE });
    const longest = 'A_-z'.repeat(16);
    expect(parseGlossUrl(annotationUrl(longest, longest))).toEqual({ kind: 'annotation', articleId: longest, annotationId: longest });
  });

  it('refuse ids Gloss could not have made', () => {
    for (const id of ['', '../x', 'a/b', 'a#b', 'a b', 'é', 'x'.repeat(65)]) {
      expect(() => articleUrl(id), id).toThrow(TypeError);
      expect(() => annotationUrl(ARTICLE, id), id).toThrow(TypeError);
    }
  });
});

describe('parseGlossUrl', () => {
  it('tolerates a trailing slash, surrounding whitespace, an empty fragment and upper-case scheme or host', () => {
    expect(parseGlossUrl(`gloss://article/${ARTICLE}/`)).toEqual({ kind: 'article', articleId: ARTICLE });
    expect(parseGlossUrl(`gloss://article/${ARTICLE}/#${NOTE}`)).toEqual({ kind: 'annotation', articleId: ARTICLE, annotationId: NOTE });
    expect(parseGlossUrl(`  gloss://article/${ARTICLE}\n`)).toEqual({ kind: 'article', articleId: ARTICLE });
    expect(parseGlossUrl(`gloss://article/${ARTICLE}#`)).toEqual({ kind: 'article', articleId: ARTICLE });
    expect(parseGlossUrl(`GLOSS://Article/${ARTICLE}`)).toEqual({ kind: 'article', articleId: ARTICLE });
  });

  it('keeps ids case-sensitive', () => {
    expect(parseGlossUrl('gloss://article/AbC#DeF')).toEqual({ kind: 'annotation', articleId: 'AbC', annotationId: 'DeF' });
  });

  const rejected = [
    '',
    'gloss:',
    'gloss://',
    'gloss://article',
    'gloss://article/',
    'gloss://article//',
    `gloss:article/${ARTICLE}`,
    `gloss:/article/${ARTICLE}`,
    `gloss:///article/${ARTICLE}`,
    `javascript:alert(1)//gloss://article/${ARTICLE}`,
    `javascript://article/${ARTICLE}`,
    `https://article/${ARTICLE}`,
    `file:///article/${ARTICLE}`,
    `glossy://article/${ARTICLE}`,
    `xgloss://article/${ARTICLE}`,
    `gloss://evil/${ARTICLE}`,
    `gloss://articles/${ARTICLE}`,
    `gloss://article.evil.com/${ARTICLE}`,
    `gloss://user:pass@article/${ARTICLE}`,
    `gloss://article@evil/${ARTICLE}`,
    `gloss://article:8080/${ARTICLE}`,
    `gloss://article/${ARTICLE}?id=1`,
    `gloss://article/${ARTICLE}/extra`,
    `gloss://article/${ARTICLE}//`,
    'gloss://article/../../etc/passwd',
    'gloss://article/..',
    'gloss://article/%2e%2e',
    `gloss://article/${ARTICLE}%23${NOTE}`,
    'gloss://article/a%20b',
    'gloss://article/a.b',
    'gloss://article/é',
    `gloss://article/${ARTICLE}#${NOTE}#x`,
    `gloss://article/${ARTICLE}#../x`,
    `gloss://article/${ARTICLE}#<script>`,
    `gloss://article/${'x'.repeat(65)}`,
    `gloss://article/${ARTICLE}#${'x'.repeat(65)}`,
    `gloss://article/${ARTICLE}${' '.repeat(300)}x`,
    `gloss://article/${ARTICLE}\u0000`,
    `gloss://article/${ARTICLE} gloss://article/${NOTE}`,
    `gloss://article\\${ARTICLE}`,
  ];
  for (const input of rejected) {
    it(`rejects ${JSON.stringify(input.length > 90 ? `${input.slice(0, 90)}…` : input)}`, () => {
      expect(parseGlossUrl(input)).toBeNull();
    });
  }

  it('rejects input that is not a string and anything overlong', () => {
    expect(parseGlossUrl(undefined as unknown as string)).toBeNull();
    expect(parseGlossUrl({ toString: () => articleUrl(ARTICLE) } as unknown as string)).toBeNull();
    expect(parseGlossUrl(`${articleUrl(ARTICLE)}#${'a'.repeat(10_000)}`)).toBeNull();
  });
});

describe('findGlossUrlInArgv', () => {
  it('finds the link wherever the launcher put it (Windows, Linux, Electron in development)', () => {
    const url = annotationUrl(ARTICLE, NOTE);
    const target = { kind: 'annotation', articleId: ARTICLE, annotationId: NOTE };
    expect(findGlossUrlInArgv(['C:\\Program Files\\Gloss\\Gloss.exe', url])).toEqual({ url, target });
    expect(findGlossUrlInArgv(['/opt/Gloss/gloss', '--no-sandbox', '--', url])).toEqual({ url, target });
    expect(findGlossUrlInArgv(['/usr/bin/electron', '.', '--allow-file-access-from-files', `${articleUrl(ARTICLE)}/`])?.target).toEqual({
      kind: 'article',
      articleId: ARTICLE,
    });
  });

  it('skips invalid gloss: arguments and takes the first valid one', () => {
    const good = articleUrl(ARTICLE);
    expect(findGlossUrlInArgv(['gloss', 'gloss://evil/x', 'gloss://article/../x', good, articleUrl('other')])).toEqual({
      url: good,
      target: { kind: 'article', articleId: ARTICLE },
    });
  });

  it('finds nothing in an ordinary launch', () => {
    expect(findGlossUrlInArgv([])).toBeNull();
    expect(findGlossUrlInArgv(['/opt/Gloss/gloss', '--data-dir', '/tmp/gloss', 'https://example.com'])).toBeNull();
    expect(findGlossUrlInArgv(['/opt/Gloss/gloss', '--url=gloss://article/abc'])).toBeNull();
  });
});
