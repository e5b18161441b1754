import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import MarkdownIt, { type Token } from 'markdown-it';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_COLOR_LABELS, HIGHLIGHT_COLORS, type Annotation, type ColorSetting } from '../../preload/api';
import { hashtag, yamlString } from '../../main/export/markdown-escape';
import { markdownFileName, renderArticleMarkdown, type MarkdownInput } from '../../main/export/markdown';
import { createService } from '../../main/service';

const md = new MarkdownIt('commonmark');
const COLORS: ColorSetting[] = HIGHLIGHT_COLORS.map((id) => ({ id, label: DEFAULT_COLOR_LABELS[id] }));
const EXPORTED_AT = new Date('2024-05-06T07:08:09.000Z');
const ARTICLE: MarkdownInput['article'] = {
  id: 'article1',
  title: 'Senior Chinese diplomat meets ASEAN secretary-general',
  source: { kind: 'seed', location: '001_c3a0d29199969d0a.txt' },
  publishedAt: '2023-03-28',
};

let counter = 0;
function note(fields: Partial<Annotation> & Pick<Annotation, 'quote'>): Annotation {
  counter += 1;
  return {
    id: `n${counter}`,
    articleId: 'article1',
    start: counter * 10,
    end: counter * 10 + fields.quote.length,
    prefix: '',
    suffix: '',
    color: 'yellow',
    note: '',
    tags: [],
    createdAt: '2024-01-01T00:00:00.000Z',
    updatedAt: '2024-01-01T00:00:00.000Z',
    ...fields,
  };
}

function render(annotations: Annotation[], article: MarkdownInput['article'] = ARTICLE): string {
  return renderArticleMarkdown({ article, annotations, colors: COLORS, exportedAt: EXPORTED_AT });
}

/**
 * Decodes a YAML double-quoted scalar. yamlString writes only escapes that
 * JSON and YAML share, so JSON.parse must read every value exactly.
 */
function decodeYamlString(value: string): unknown {
  expect(value.startsWith('"') && value.endsWith('"')).toBe(true);
  return JSON.parse(value);
}

/** The front matter between the first two `---` lines, as the small YAML subset Gloss writes. */
function frontMatter(markdown: string): { fields: Record<string, unknown>; rest: string } {
  const lines = markdown.split('\n');
  expect(lines[0]).toBe('---');
  const close = lines.indexOf('---', 1);
  expect(close).toBeGreaterThan(0);
  const fields: Record<string, unknown> = {};
  let list: unknown[] | null = null;
  for (const line of lines.slice(1, close)) {
    const item = /^ {2}- (.*)$/.exec(line);
    if (item) {
      expect(list).not.toBeNull();
      list!.push(decodeYamlString(item[1] as string));
      continue;
    }
    const pair = /^([a-z][a-z-]*):(?: (.*))?$/.exec(line);
    expect(pair, `front matter line ${JSON.stringify(line)}`).not.toBeNull();
    const key = pair![1] as string;
    expect(fields).not.toHaveProperty(key);
    const value = pair![2];
    if (value === undefined) {
      list = [];
      fields[key] = list;
    } else if (value === '[]') {
      list = null;
      fields[key] = [];
    } else {
      list = null;
      fields[key] = decodeYamlString(value);
    }
  }
  return { fields, rest: lines.slice(close + 1).join('\n') };
}

/** An inline token's text as a reader sees it; any formatting shows up as a marker so it cannot pass unnoticed. */
function plainText(inline: Token): string {
  return (inline.children ?? [])
    .map((child) => {
      if (child.type === 'text') return child.content;
      if (child.type === 'softbreak') return '\n';
      return `⟦${child.type}:${child.content}⟧`;
    })
    .join('');
}

/** Like plainText, but links are written back as "[text](href)": for the lines Gloss writes links in. */
function textWithLinks(inline: Token): string {
  const hrefs: string[] = [];
  return (inline.children ?? [])
    .map((child) => {
      if (child.type === 'link_open') {
        hrefs.push(String(child.attrGet('href') ?? ''));
        return '[';
      }
      if (child.type === 'link_close') return `](${hrefs.pop() ?? ''})`;
      return plainText({ children: [child] } as Token);
    })
    .join('');
}

interface ExportedHighlight {
  quote: string;
  meta: string;
  note: string;
  tags: string;
}

interface ExportedNote {
  title: string;
  /** The line of links under the title. */
  links: string;
  highlights: ExportedHighlight[];
  /** Per highlight: the Obsidian block id line and the link back to it. */
  anchors: { blockId: string; link: string }[];
  stray: string[];
}

const LINK_BACK = / · \[Open in Gloss\]\(([^)]*)\)$/;

/** Parses the body of an export (after the front matter) with markdown-it, into the title and each highlight. */
function readExport(markdown: string): ExportedNote {
  const { rest } = frontMatter(markdown);
  const tokens = md.parse(rest, {});
  const stray: string[] = [];
  let title = '';
  let links = '';
  const highlights: ExportedHighlight[] = [];
  const anchors: ExportedNote['anchors'] = [];
  let inQuote = false;
  let quoteParagraphs: string[] = [];
  let afterQuote: Token[] = [];
  const flush = (): void => {
    if (quoteParagraphs.length === 0 && afterQuote.length === 0) return;
    const [blockIdToken, metaToken, ...otherTokens] = afterQuote;
    const blockId = blockIdToken ? plainText(blockIdToken) : '';
    const metaLine = metaToken ? textWithLinks(metaToken) : '';
    const others = otherTokens.map(plainText);
    const link = LINK_BACK.exec(metaLine);
    if (!link) stray.push(`highlight without a link back: ${metaLine}`);
    const tagsAt = others.findIndex((paragraph) => paragraph.startsWith('Tags: '));
    const noteParagraphs = tagsAt === -1 ? others : others.slice(0, tagsAt);
    highlights.push({
      quote: quoteParagraphs.join('\n\n'),
      meta: metaLine.replace(LINK_BACK, ''),
      note: noteParagraphs.join('\n\n'),
      tags: tagsAt === -1 ? '' : (others[tagsAt] as string),
    });
    anchors.push({ blockId, link: link?.[1] ?? '' });
    quoteParagraphs = [];
    afterQuote = [];
  };
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] as Token;
    switch (token.type) {
      case 'heading_open':
        if (token.tag !== 'h1' || title !== '') stray.push(`${token.type} ${token.tag}`);
        title = plainText(tokens[index + 1] as Token);
        index += 2;
        break;
      case 'blockquote_open':
        flush();
        inQuote = true;
        break;
      case 'blockquote_close':
        inQuote = false;
        break;
      case 'paragraph_open':
      case 'paragraph_close':
        break;
      case 'inline':
        if (inQuote) quoteParagraphs.push(plainText(token));
        else if (highlights.length > 0 || quoteParagraphs.length > 0) afterQuote.push(token);
        else if (links === '' && title !== '') links = textWithLinks(token);
        else if (token.content !== '_No highlights yet._') stray.push(`inline before highlights: ${token.content}`);
        break;
      default:
        stray.push(token.type);
    }
  }
  flush();
  return { title, links, highlights, anchors, stray };
}

const HOSTILE_LINES = [
  '# heading',
  '## heading',
  '> quote',
  '- item',
  '* item',
  '+ item',
  '1. item',
  '1) item',
  '123456789. item',
  '[[wiki link]]',
  '[link](https://example.com)',
  '![image](x.png)',
  '`code`',
  '``` fence',
  '~~~ fence',
  '<b>html</b>',
  '<script>alert(1)</script>',
  '<!-- comment -->',
  '<https://example.com>',
  '---',
  '***',
  '___',
  '===',
  'setext heading\n===',
  'setext heading\n---',
  'lazy\n> continuation',
  '- - -',
  '^block-id',
  'text ^block-id',
  '%%comment%%',
  '==mark==',
  '| a | b |',
  '\\ backslash',
  'ends with a backslash\\',
  '&amp;',
  '&#35; &copy;',
  '*emph*',
  '**strong**',
  '_under_',
  '~~strike~~',
  '$math$',
  '$$display$$',
  '#tag',
  'word #tag',
  '{{embed}}',
  '    four leading spaces',
  '\tleading tab',
  'two trailing spaces  ',
  ' one leading space',
  'emoji 🎉 and 中文',
  '"quotes" and \'apostrophes\'',
];

describe('renderArticleMarkdown', () => {
  it('writes YAML front matter with title, published date, source, export time, id and the union of tags', () => {
    const markdown = render([
      note({ quote: 'Wang Yi', tags: ['diplomacy', 'region/asean'] }),
      note({ quote: 'Kao Kim Hourn', tags: ['Diplomacy', 'asean-china'] }),
    ]);
    const { fields } = frontMatter(markdown);
    expect(fields).toEqual({
      title: ARTICLE.title,
      published: '2023-03-28',
      source: 'Gloss sample: 001_c3a0d29199969d0a.txt',
      exported: '2024-05-06T07:08:09.000Z',
      tags: ['asean-china', 'diplomacy', 'region/asean'],
      'gloss-id': 'article1',
    });
  });

  it('writes an empty tag list, and leaves out a date it does not know', () => {
    const { publishedAt: _date, ...undated } = ARTICLE;
    const { fields } = frontMatter(render([], undated));
    expect(fields.tags).toEqual([]);
    expect(fields).not.toHaveProperty('published');
    expect(fields.title).toBe(ARTICLE.title);
  });

  it('writes an author and site when the article has them', () => {
    const { fields } = frontMatter(render([], { ...ARTICLE, byline: 'By A. Writer: "Xinhua"', site: 'people.cn' }));
    expect(fields.author).toBe('By A. Writer: "Xinhua"');
    expect(fields.site).toBe('people.cn');
  });

  it('keeps a hostile title intact in the front matter and as the heading', () => {
    const title = '- "Quoted": #not-a-tag [x] *y* <b>z</b> \\ end #';
    const markdown = render([], { ...ARTICLE, title });
    const { fields } = frontMatter(markdown);
    expect(fields.title).toBe(title);
    const exported = readExport(markdown);
    expect(exported.title).toBe(title);
    expect(exported.stray).toEqual([]);
  });

  it('puts the title in a level-one heading and says when there are no highlights', () => {
    const markdown = render([]);
    const { rest } = frontMatter(markdown);
    expect(rest.trimStart().split('\n')[0]).toBe(`# ${ARTICLE.title}`);
    expect(rest).toContain('_No highlights yet._');
    expect(markdown.endsWith('\n')).toBe(true);
  });

  it('lists highlights in text order, whatever order they were made in', () => {
    const markdown = render([
      note({ quote: 'third', start: 300, end: 305 }),
      note({ quote: 'first', start: 10, end: 15 }),
      note({ quote: 'second', start: 100, end: 106 }),
    ]);
    expect(readExport(markdown).highlights.map((highlight) => highlight.quote)).toEqual(['first', 'second', 'third']);
  });

  it('gives each highlight its colour label, note and tags', () => {
    const markdown = renderArticleMarkdown({
      article: ARTICLE,
      annotations: [note({ quote: 'Wang Yi', color: 'blue', note: 'Who met whom', tags: ['foreign policy', 'region/asean'] })],
      colors: COLORS.map((color) => (color.id === 'blue' ? { id: 'blue', label: 'Important' } : color)),
      exportedAt: EXPORTED_AT,
    });
    const [highlight] = readExport(markdown).highlights;
    expect(highlight).toEqual({
      quote: 'Wang Yi',
      meta: 'Colour: Important',
      note: 'Who met whom',
      tags: 'Tags: #foreign-policy #region/asean',
    });
  });

  it('marks a highlight whose passage is gone from the article', () => {
    const [highlight] = readExport(render([note({ quote: 'gone', orphaned: true })])).highlights;
    expect(highlight?.meta).toMatch(/no longer in the article/);
  });

  it('starts every line of a multi-line quote with ">"', () => {
    const quote = 'JAKARTA, Feb. 22 (Xinhua) --\n\nASEAN Secretary-General\nKao Kim Hourn';
    const markdown = render([note({ quote })]);
    const { rest } = frontMatter(markdown);
    const lines = rest.split('\n');
    const first = lines.findIndex((line) => line.startsWith('> JAKARTA'));
    expect(lines.slice(first, first + 4)).toEqual([
      '> JAKARTA, Feb. 22 (Xinhua) --',
      '>',
      '> ASEAN Secretary-General',
      '> Kao Kim Hourn',
    ]);
    expect(lines[first + 4]).toBe('');
    expect(readExport(markdown).highlights[0]?.quote).toBe(quote);
  });

  describe('comes back verbatim through a CommonMark parser', () => {
    for (const line of HOSTILE_LINES) {
      it(`as a quote and as a note: ${JSON.stringify(line)}`, () => {
        const markdown = render([note({ quote: line, note: line })]);
        const exported = readExport(markdown);
        expect(exported.stray).toEqual([]);
        expect(exported.highlights).toHaveLength(1);
        expect(exported.highlights[0]?.quote).toBe(line);
        expect(exported.highlights[0]?.note).toBe(line);
        expect(exported.highlights[0]?.meta).toBe('Colour: Yellow');
      });
    }

    it('with all of them as the lines of one quote and one note', () => {
      const text = HOSTILE_LINES.join('\n');
      const markdown = render([note({ quote: text, note: text })]);
      const exported = readExport(markdown);
      expect(exported.stray).toEqual([]);
      expect(exported.highlights[0]?.quote).toBe(text);
      expect(exported.highlights[0]?.note).toBe(text);
    });

    it('with paragraphs in a note', () => {
      const text = 'First thought.\n\n- a second, list-like one\n\n# and a third';
      const exported = readExport(render([note({ quote: 'x', note: text, tags: ['t'] })]));
      expect(exported.highlights[0]?.note).toBe(text);
      expect(exported.highlights[0]?.tags).toBe('Tags: #t');
    });
  });

  it('escapes the syntax of notebooks (Obsidian, Logseq) that CommonMark does not know', () => {
    const text = '[[wiki link]] ==mark== %%comment%% $math$ #tag ^block-id {{embed}}';
    const { rest } = frontMatter(render([note({ quote: text })]));
    const quoteLine = rest.split('\n').find((line) => line.startsWith('> ')) as string;
    const unescaped = quoteLine.replace(/\\./g, '');
    expect(unescaped).toBe('> wiki link mark comment math tag block-id embed');
  });
});

describe('hashtag', () => {
  it('turns spaces into "-"', () => {
    expect(hashtag('foreign policy')).toBe('#foreign-policy');
    expect(hashtag('  south  east asia ')).toBe('#south-east-asia');
  });

  it('gives a purely numeric tag a prefix, so notebooks accept it', () => {
    expect(hashtag('2023')).toBe('#_2023');
    expect(hashtag('2023-02')).toBe('#2023-02');
  });

  it('keeps nesting', () => {
    expect(hashtag('region/asean')).toBe('#region/asean');
    expect(hashtag('region//asean/')).toBe('#region/asean');
  });

  it('never doubles the "#"', () => {
    expect(hashtag('#asean')).toBe('#asean');
    expect(hashtag('##asean')).toBe('#asean');
  });

  it('keeps letters of any script and drops what would end the tag', () => {
    expect(hashtag('Zhōngguó')).toBe('#Zhōngguó');
    expect(hashtag('a,b.c!')).toBe('#abc');
    expect(hashtag('')).toBe('');
    expect(hashtag('#')).toBe('');
  });
});

describe('yamlString', () => {
  const values = [
    'plain',
    'He said "no"',
    'key: value',
    'a: b: c',
    'first line\nsecond line',
    'tab\there',
    '- leading dash',
    '# leading hash',
    '[not, a, list]',
    '{not: a map}',
    '&anchor *alias !tag',
    '@at `tick` |pipe >fold %percent',
    'line\u2028separator and paragraph\u2029separator',
    'back\\slash',
    'null',
    'true',
    '123',
    '',
    ' spaces around ',
    'emoji 🎉',
    '\u0000\u0007 control',
  ];

  for (const value of values) {
    it(`writes ${JSON.stringify(value)} as one double-quoted scalar that decodes back`, () => {
      const written = yamlString(value);
      expect(written).toMatch(/^"/);
      expect(written).toMatch(/"$/);
      expect(written).not.toMatch(/[\n\r\u2028\u2029\u0085]/);
      expect(decodeYamlString(written)).toBe(value);
    });
  }
});

describe('markdownFileName', () => {
  it('makes a slug of the title', () => {
    expect(markdownFileName('ASEAN secretary-general calls for elevating ASEAN-China partnership to new high')).toBe(
      'asean-secretary-general-calls-for-elevating-asean-china-partnership-to-new-high.md',
    );
    expect(markdownFileName('Café: "Déjà vu" / ../etc')).toBe('cafe-deja-vu-etc.md');
    expect(markdownFileName('???')).toBe('article.md');
  });
});

describe('service.exportMarkdown', () => {
  const made: string[] = [];
  afterEach(async () => {
    await Promise.all(made.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
  });

  it('exports a seed article with its highlights in text order', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gloss-export-'));
    made.push(dir);
    const service = await createService({
      dataDir: dir,
      seedsDir: join(process.cwd(), 'seeds'),
      now: () => new Date('2024-05-06T07:08:09.000Z'),
    });
    const [summary] = await service.listArticles({});
    const article = await service.getArticle({ id: summary!.id });
    const at = (phrase: string): { start: number; end: number } => {
      const start = article.text.indexOf(phrase);
      return { start, end: start + phrase.length };
    };
    await service.createAnnotation({ articleId: article.id, ...at('Qin stressed'), color: 'blue', tags: ['Diplomacy'] });
    await service.createAnnotation({
      articleId: article.id,
      ...at('JAKARTA, Feb. 22 (Xinhua) --\n\nASEAN Secretary-General'),
      color: 'yellow',
      note: 'Opening *line*',
      tags: ['region/asean', 'diplomacy'],
    });
    await service.createAnnotation({ articleId: article.id, ...at('"five homes"'), color: 'green' });

    const exported = await service.exportMarkdown({ articleId: article.id });
    expect(exported.fileName).toBe('asean-secretary-general-calls-for-elevating-asean-china-partnership-to-new-high.md');
    const { fields } = frontMatter(exported.markdown);
    expect(fields).toMatchObject({
      title: 'ASEAN secretary-general calls for elevating ASEAN-China partnership to new high',
      published: '2023-02-23',
      source: 'Gloss sample: 000_a6323e6b57c27c38.txt',
      exported: '2024-05-06T07:08:09.000Z',
      // One spelling per tag: the first in text order.
      tags: ['diplomacy', 'region/asean'],
      'gloss-id': article.id,
    });
    const read = readExport(exported.markdown);
    expect(read.stray).toEqual([]);
    expect(read.title).toBe(article.title);
    expect(read.highlights).toEqual([
      {
        quote: 'JAKARTA, Feb. 22 (Xinhua) --\n\nASEAN Secretary-General',
        meta: 'Colour: Yellow',
        note: 'Opening *line*',
        tags: 'Tags: #region/asean #diplomacy',
      },
      { quote: '"five homes"', meta: 'Colour: Green', note: '', tags: '' },
      { quote: 'Qin stressed', meta: 'Colour: Blue', note: '', tags: 'Tags: #Diplomacy' },
    ]);
  });
});
