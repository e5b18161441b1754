import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import MarkdownIt, { type Token } from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COLOR_LABELS, HIGHLIGHT_COLORS, type Annotation, type ColorSetting } from '../../preload/api';
import { markdownFileName, renderArticleMarkdown, renderTagMarkdown, tagMarkdownFileName, type MarkdownInput } from '../../main/export/markdown';
import { obsidianBlockId } from '../../main/export/template-view';
import { parseGlossUrl } from '../../main/gloss-url';

const md = new MarkdownIt('commonmark');
const FIXTURES = join(process.cwd(), 'tests', 'fixtures', 'export');
const EXPORTED_AT = new Date('2024-05-06T07:08:09.000Z');
const COLORS: ColorSetting[] = HIGHLIGHT_COLORS.map((id) => ({ id, label: DEFAULT_COLOR_LABELS[id] }));
const USER_COLORS: ColorSetting[] = [
  { id: 'yellow', label: 'Key idea' },
  { id: 'blue', label: 'Question' },
];

const WEB_ARTICLE: MarkdownInput['article'] = {
  id: 'k3x9q2mfa7b4c5d6',
  title: 'ASEAN secretary-general calls for elevating ASEAN-China partnership to new high',
  source: { kind: 'url', location: 'https://news.example.com/world/asean-china (2023)' },
  publishedAt: '2023-02-23',
  site: 'news.example.com',
  byline: 'By Jane Doe',
};

const SEED_ARTICLE: MarkdownInput['article'] = {
  id: 'seedarticle00001',
  title: 'Senior Chinese diplomat meets ASEAN secretary-general',
  source: { kind: 'seed', location: '001_c3a0d29199969d0a.txt' },
};

function annotation(fields: Partial<Annotation> & Pick<Annotation, 'id' | 'quote' | 'start'>): Annotation {
  return {
    articleId: WEB_ARTICLE.id,
    end: fields.start + fields.quote.length,
    prefix: '',
    suffix: '',
    color: 'yellow',
    note: '',
    tags: [],
    createdAt: '2024-05-01T10:00:00.000Z',
    updatedAt: '2024-05-01T10:00:00.000Z',
    ...fields,
  };
}

const WITH_NOTE = annotation({
  id: 'p7t2m4q9x3c8v6b1',
  start: 512,
  quote: 'Qin stressed that the two sides should deepen *practical* cooperation\nin all fields',
  color: 'blue',
  note: 'Compare with the 2021 summit.\n\n# not a heading — see [[ASEAN]]',
  tags: ['foreign policy', 'region/asean', '2023'],
  updatedAt: '2024-05-02T09:30:00.000Z',
});
const PLAIN = annotation({ id: 'a2b3c4d5e6f7g2h3', start: 0, quote: 'JAKARTA, Feb. 22 (Xinhua) --' });

function render(annotations: Annotation[], article = WEB_ARTICLE, colors = USER_COLORS, exportedAt = EXPORTED_AT): string {
  return renderArticleMarkdown({ article, annotations, colors, exportedAt });
}

/** The links in a Markdown text, as a CommonMark reader finds them. */
function linksIn(markdown: string): { text: string; href: string }[] {
  const links: { text: string; href: string }[] = [];
  const walk = (tokens: Token[]): void => {
    for (let index = 0; index < tokens.length; index += 1) {
      const token = tokens[index] as Token;
      if (token.children) walk(token.children);
      if (token.type === 'link_open') links.push({ href: String(token.attrGet('href') ?? ''), text: tokens[index + 1]?.content ?? '' });
    }
  };
  walk(md.parse(markdown.replace(/^---\n[\s\S]*?\n---\n/, ''), {}));
  return links;
}

/** Block-level tokens of the body: [type, inline text] pairs, for checking structure. */
function blocks(markdown: string): string[] {
  const tokens = md.parse(markdown.replace(/^---\n[\s\S]*?\n---\n/, ''), {});
  const out: string[] = [];
  let depth = 0;
  for (const token of tokens) {
    if (token.type === 'blockquote_open') depth += 1;
    if (token.type === 'blockquote_close') depth -= 1;
    if (token.type === 'inline') out.push(`${depth > 0 ? 'quote' : 'para'}: ${token.content}`);
  }
  return out;
}

function frontMatterLines(markdown: string): string[] {
  const lines = markdown.split('\n');
  expect(lines[0]).toBe('---');
  return lines.slice(1, lines.indexOf('---', 1));
}

describe('the default Markdown format', () => {
  it('matches the documented example byte for byte', async () => {
    const expected = await readFile(join(FIXTURES, 'two-highlights.md'), 'utf8');
    expect(render([WITH_NOTE, PLAIN])).toBe(expected);
  });

  it('writes source and published, never the old "date" key', () => {
    const lines = frontMatterLines(render([PLAIN]));
    expect(lines).toContain('source: "https://news.example.com/world/asean-china (2023)"');
    expect(lines).toContain('published: "2023-02-23"');
    expect(lines.some((line) => line.startsWith('date:'))).toBe(false);
  });

  it('links back to the article in Gloss and to the original page', () => {
    const links = linksIn(render([PLAIN]));
    expect(links[0]).toEqual({ text: 'Open in Gloss', href: 'gloss://article/k3x9q2mfa7b4c5d6' });
    expect(parseGlossUrl(links[0]!.href)).toEqual({ kind: 'article', articleId: WEB_ARTICLE.id });
    expect(links[1]?.text).toBe('Original');
    // Spaces and parentheses are encoded so the link cannot break; it is still the same page.
    expect(links[1]?.href).toBe('https://news.example.com/world/asean-china%20%282023%29');
    expect(decodeURIComponent(links[1]!.href)).toBe(WEB_ARTICLE.source.location);
  });

  it('has no "Original" link for a sample or a file, or a source that is not http(s)', () => {
    for (const source of [
      SEED_ARTICLE.source,
      { kind: 'file' as const, location: '/home/me/article.html' },
      { kind: 'url' as const, location: 'javascript:alert(1)' },
    ]) {
      const links = linksIn(render([PLAIN], { ...SEED_ARTICLE, source }));
      expect(links.map((link) => link.text)).toEqual(['Open in Gloss', 'Open in Gloss']);
    }
  });

  it('links each highlight back to itself in Gloss', () => {
    const links = linksIn(render([WITH_NOTE, PLAIN])).slice(2);
    expect(links.map((link) => parseGlossUrl(link.href))).toEqual([
      { kind: 'annotation', articleId: WEB_ARTICLE.id, annotationId: PLAIN.id },
      { kind: 'annotation', articleId: WEB_ARTICLE.id, annotationId: WITH_NOTE.id },
    ]);
  });

  it("puts each highlight's Obsidian block id on its own line right after its blockquote", () => {
    const structure = blocks(render([WITH_NOTE, PLAIN]));
    const quoteAt = structure.findIndex((line) => line.startsWith('quote: Qin stressed'));
    expect(structure[quoteAt + 1]).toBe('para: ^gl-p7t2m4q9');
    expect(structure[quoteAt + 2]).toMatch(/^para: Colour: Question/);
  });

  it('keeps block ids the same across exports, whatever else changed', () => {
    const ids = (markdown: string): string[] => markdown.split('\n').filter((line) => line.startsWith('^'));
    const first = ids(render([WITH_NOTE, PLAIN]));
    const later = ids(
      render(
        [{ ...WITH_NOTE, note: 'changed', color: 'yellow', tags: [] }, annotation({ id: 'zzzzzzzzzzzzzzzz', start: 50, quote: 'new' })],
        { ...WEB_ARTICLE, title: 'Renamed' },
        COLORS,
        new Date('2030-01-01T00:00:00.000Z'),
      ),
    );
    expect(first).toEqual(['^gl-a2b3c4d5', '^gl-p7t2m4q9']);
    expect(later).toEqual(['^gl-zzzzzzzz', '^gl-p7t2m4q9']);
  });

  it('makes block ids Obsidian accepts from any id, distinct for ids that differ only in case or punctuation', () => {
    const ids = ['ABCDEFGHijkl', 'abcdefghijkl', 'abc_defgh', 'abc-defgh', 'n1', 'a'.repeat(64)].map(obsidianBlockId);
    for (const id of ids) expect(id).toMatch(/^gl-[a-z0-9]{8}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect(obsidianBlockId('ABCDEFGHijkl')).toBe(obsidianBlockId('ABCDEFGHijkl'));
  });

  it("shows the colour's label as the user named it, not the colour id", () => {
    const markdown = render([{ ...PLAIN, color: 'blue' }], WEB_ARTICLE, [{ id: 'blue', label: 'Look up *later*' }]);
    expect(markdown).toContain('Colour: Look up \\*later\\* · [Open in Gloss]');
    expect(markdown).not.toMatch(/Colour: blue/i);
    // A blank label falls back to the default name.
    expect(render([PLAIN], WEB_ARTICLE, [{ id: 'yellow', label: '  ' }])).toContain('Colour: Yellow · ');
  });

  it('exports an orphaned highlight, marked as such, and marks no other', () => {
    const markdown = render([{ ...WITH_NOTE, orphaned: true }, PLAIN]);
    const metaLines = markdown.split('\n').filter((line) => line.startsWith('Colour: '));
    expect(metaLines).toHaveLength(2);
    expect(metaLines[0]).not.toMatch(/Orphaned/);
    expect(metaLines[1]).toMatch(/^Colour: Question · Orphaned: the passage is no longer in the article · \[Open in Gloss\]/);
    expect(markdown).toContain('> Qin stressed that');
  });

  it('writes tags that Obsidian and Logseq accept, in the body and the front matter', () => {
    const markdown = render([
      { ...WITH_NOTE, tags: ['foreign policy', '2023', 'region//asean/', 'Foreign Policy', 'a,b'] },
      { ...PLAIN, tags: ['FOREIGN-POLICY', 'zeta'] },
    ]);
    const tagLines = markdown.split('\n').filter((line) => line.startsWith('Tags: '));
    // In text order: PLAIN comes first, so its spelling of the shared tag is the one the front matter keeps.
    expect(tagLines).toEqual(['Tags: #FOREIGN-POLICY #zeta', 'Tags: #foreign-policy #_2023 #region/asean #ab']);
    for (const tag of tagLines.flatMap((line) => line.slice(6).split(' '))) {
      expect(tag).toMatch(/^#[\p{L}\p{N}_/-]+$/u);
      expect(tag).not.toMatch(/^#\d+$/);
    }
    const lines = frontMatterLines(markdown);
    const at = lines.indexOf('tags:');
    expect(lines.slice(at + 1, at + 6)).toEqual([
      '  - "_2023"',
      '  - "ab"',
      '  - "FOREIGN-POLICY"',
      '  - "region/asean"',
      '  - "zeta"',
    ]);
  });
});

describe('renderTagMarkdown', () => {
  const other: MarkdownInput['article'] = { ...SEED_ARTICLE, title: 'Second *article*' };
  const tagged = (id: string, start: number, quote: string, tags: string[], articleId = WEB_ARTICLE.id): Annotation =>
    annotation({ id, start, quote, tags, articleId });

  const markdown = renderTagMarkdown({
    tag: 'region',
    colors: USER_COLORS,
    exportedAt: EXPORTED_AT,
    groups: [
      {
        article: WEB_ARTICLE,
        annotations: [
          tagged('webbbbbbbbbbbbb2', 90, 'later passage', ['Region']),
          tagged('webbbbbbbbbbbbb1', 10, 'earlier passage', ['region/asean']),
          tagged('webbbbbbbbbbbbb3', 50, 'not this one', ['regional']),
        ],
      },
      { article: SEED_ARTICLE, annotations: [tagged('seedaaaaaaaaaaa1', 5, 'untagged', [], SEED_ARTICLE.id)] },
      { article: other, annotations: [tagged('othercccccccccc1', 7, 'other passage', ['region'], other.id)] },
    ],
  });

  it('writes front matter naming the tag', () => {
    expect(frontMatterLines(markdown)).toEqual([
      'title: "Highlights tagged #region"',
      'exported: "2024-05-06T07:08:09.000Z"',
      'tags:',
      '  - "region"',
    ]);
  });

  it('groups the tagged highlights (nested tags included) under a heading per article, each linking back', () => {
    const tokens = md.parse(markdown.replace(/^---\n[\s\S]*?\n---\n/, ''), {});
    const headings = tokens.flatMap((token, index) =>
      token.type === 'heading_open' ? [`${token.tag} ${tokens[index + 1]?.content ?? ''}`] : [],
    );
    expect(headings).toEqual([
      'h1 Highlights tagged \\#region',
      `h2 ${WEB_ARTICLE.title}`,
      'h2 Second \\*article\\*',
    ]);
    const structure = blocks(markdown);
    expect(structure.filter((line) => line.startsWith('quote: '))).toEqual([
      'quote: earlier passage',
      'quote: later passage',
      'quote: other passage',
    ]);
    const hrefs = linksIn(markdown).map((link) => link.href);
    expect(hrefs).toContain('gloss://article/k3x9q2mfa7b4c5d6');
    expect(hrefs).toContain(`gloss://article/${other.id}`);
    expect(hrefs).toContain(`gloss://article/${other.id}#othercccccccccc1`);
    expect(markdown).not.toContain(SEED_ARTICLE.title);
    expect(markdown).not.toContain('not this one');
  });

  it('says so when no highlight has the tag', () => {
    const empty = renderTagMarkdown({ tag: 'nothing', colors: COLORS, exportedAt: EXPORTED_AT, groups: [{ article: WEB_ARTICLE, annotations: [PLAIN] }] });
    expect(empty).toContain('_No highlights with this tag._');
    expect(empty).not.toContain('##');
  });

  it('has a file name of its own', () => {
    expect(tagMarkdownFileName('region/asean')).toBe('tag-region-asean.md');
    expect(markdownFileName('Highlights')).toBe('highlights.md');
  });
});
