import { describe, expect, it } from 'vitest';
import { chunkMarkdown, htmlToText, parseMarkdown, splitFrontMatter } from '../../main/articles/markdown-import';
import { parseArticleFile } from '../../main/articles/text-import';
import { activeContentIn, allText, expectWellFormed, links, marked, parseFixture, shapes } from './import-helpers';

function md(source: string, name = 'note.md'): ReturnType<typeof parseArticleFile> {
  return parseArticleFile(name, Buffer.from(source));
}

describe('a Markdown file with front matter, headings, lists, quotes, code, links and emphasis', () => {
  const article = parseFixture('reading-notes.md');

  it('takes title, author, date and address from the front matter, and drops the heading that repeats the title', () => {
    expect(article).toMatchObject({
      title: 'Reading notes: The Sea Around Us',
      byline: 'Lena Brook',
      publishedAt: '2023-09-18',
      sourceUrl: 'https://lenabrook.example/notes/the-sea-around-us',
    });
    expect(article.blocks[0]?.text).toMatch(/^Rachel Carson published The Sea Around Us in 1951/);
  });

  it('turns each Markdown block into a typed block, in order', () => {
    expect(shapes(article.blocks)).toEqual([
      'paragraph',
      'heading2', 'paragraph', 'quote', 'paragraph', 'listItem0', 'listItem0', 'listItem1', 'listItem1', 'listItem0',
      'heading2', 'listItem0o', 'listItem0o', 'listItem0o', 'paragraph', 'paragraph', 'paragraph', 'code', 'paragraph',
    ]);
    expect(article.blocks[3]?.text).toBe('For the sea as a whole, the alternation of day and night, the passage of the seasons, the procession of the years, are lost in its vastness.');
    expect(article.blocks[7]?.text).toBe('spring tides at new and full moon;');
    expect(article.blocks[17]?.text).toBe('Mariana Trench    5,960 fathoms\nPuerto Rico Trench  4,700 fathoms');
  });

  it('puts emphasis, strong, code and link marks on the right words', () => {
    expect(marked(article.blocks, 'emphasis')).toEqual(['The Sea Around Us', 'known', 'temporary']);
    expect(marked(article.blocks, 'strong')).toEqual(['eighty-six weeks', 'supposed']);
    expect(marked(article.blocks, 'code')).toEqual(['fathom']);
    expect(links(article.blocks)).toEqual([
      ['the Argo float programme', 'https://argo.example/about'],
      ['in the library archive', 'https://archive.example/carson/letters'],
      ['me', 'mailto:lena@lenabrook.example'],
    ]);
    expectWellFormed(article);
  });

  it('keeps the words of relative and javascript: links as plain text', () => {
    expect(article.blocks[14]?.text).toBe(
      'She keeps a running list of sources at the back, and her letters are collected in the library archive. Send corrections to me, not to the publisher or this odd link.',
    );
  });

  it('keeps an image as its alt text, and raw HTML only as text: comments and scripts dropped, never markup', () => {
    expect(article.blocks[15]?.text).toBe('A dog-eared copy of the book');
    expect(article.blocks[18]?.text).toBe('Last line, with a hard break\nand an inline span that is only text.');
    const text = allText(article.blocks);
    expect(text).not.toContain('TODO');
    expect(text).not.toContain('raw html in markdown');
    expect(activeContentIn(article)).toEqual([]);
  });
});

describe('Markdown titles', () => {
  it('takes a level-1 heading at the very top as the title, and makes later ones level 2', () => {
    const article = md('# The title\n\nIntro paragraph.\n\n# A later part\n\nMore.\n\n### Deeper\n\nEnd.');
    expect(article.title).toBe('The title');
    expect(shapes(article.blocks)).toEqual(['paragraph', 'heading2', 'paragraph', 'heading3', 'paragraph']);
  });

  it('keeps a top heading that differs from the front-matter title, as a level-2 heading', () => {
    const article = md('---\ntitle: From front matter\n---\n# A different heading\n\nBody text.');
    expect(article.title).toBe('From front matter');
    expect(shapes(article.blocks)).toEqual(['heading2', 'paragraph']);
  });

  it('takes a short first line as the title when there is no heading, as plain text does', () => {
    expect(md('A good note\n\nIt has a body that is long enough to read.')).toMatchObject({ title: 'A good note', blocks: [{ type: 'paragraph', text: 'It has a body that is long enough to read.' }] });
  });

  it('falls back to the file name', () => {
    expect(md('Just one paragraph, ending with a full stop.', 'my_reading-list.md').title).toBe('my reading list');
  });
});

describe('front matter', () => {
  it('reads simple YAML: quoted values, lists, dates with times, and unknown keys ignored', () => {
    const { meta, body } = splitFrontMatter("---\ntitle: 'Quoted: with a colon'\nauthors:\n  - Ann Lee\n  - Bo Chan\npublished: 2024-02-29T10:00:00Z\nlayout: post\nsite_name: Notes\n---\nBody");
    expect(meta).toEqual({ title: 'Quoted: with a colon', byline: 'Ann Lee, Bo Chan', publishedAt: '2024-02-29', site: 'Notes' });
    expect(body).toBe('Body');
  });

  it('reads TOML front matter, and drops impossible dates and non-web addresses', () => {
    const { meta } = splitFrontMatter('+++\ntitle = "Hugo post"\ndate = 2023-02-30\nurl = "javascript:alert(1)"\n+++\nBody');
    expect(meta).toEqual({ title: 'Hugo post' });
  });

  it('leaves a file whose front matter never closes as Markdown text', () => {
    const { meta, body } = splitFrontMatter('---\ntitle: open\n\nNo closing line.');
    expect(meta).toEqual({});
    expect(body).toBe('---\ntitle: open\n\nNo closing line.');
  });
});

describe('links, HTML and other inline content', () => {
  it('keeps http(s) and mailto links only; every other address leaves plain text', () => {
    const article = md(
      'Intro line\n\n[web](https://a.example/x) [mail](mailto:a@b.example) [js](javascript:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) [vb](vbscript:msgbox) [rel](../x.html) [file](file:///etc/passwd) <https://auto.example/> <javascript:alert(2)>',
    );
    expect(article.blocks[0]?.text).toBe('web mail js data vb rel file https://auto.example/');
    expect(links(article.blocks)).toEqual([
      ['web', 'https://a.example/x'],
      ['mail', 'mailto:a@b.example'],
      ['https://auto.example/', 'https://auto.example/'],
    ]);
    expect(activeContentIn(article)).toEqual([]);
  });

  it('resolves reference-style links', () => {
    const article = md('Intro line\n\nSee [the docs][docs] and [missing][nowhere].\n\n[docs]: https://docs.example/ "Docs"');
    expect(links(article.blocks)).toEqual([['the docs', 'https://docs.example/']]);
    expect(article.blocks[0]?.text).toBe('See the docs and [missing][nowhere].');
  });

  it('drops raw HTML tags, comments, scripts and styles, keeping the words between tags', () => {
    const article = md(
      'Title line\n\n<div class="note" onclick="alert(1)">\nA <b>raw</b> HTML block &amp; an entity.\n</div>\n\n<style>p { color: red }</style>\n\nInline <img src=x onerror=alert(1)> image, <script>alert(2)</script>script and <!-- note --> comment.\n\n<iframe src="https://evil.example"></iframe>',
    );
    expect(article.blocks.map((block) => block.text)).toEqual(['A raw HTML block & an entity.', 'Inline image, script and comment.']);
    expect(activeContentIn(article)).toEqual([]);
  });

  it('reads a raw-HTML piece linearly, even when it never closes', () => {
    expect(htmlToText('<p>one</p><!-- open comment')).toBe('one');
    expect(htmlToText('<script>never closed')).toBe('');
    expect(htmlToText('a < b and <b>c</b> &lt;tag&gt;')).toBe('a < b and c <tag>');
    const started = performance.now();
    htmlToText('<a'.repeat(200_000));
    htmlToText('<script>'.repeat(100_000));
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('turns tables into one paragraph per row, cells separated by " | "', () => {
    const article = md('Intro line\n\n| Tide | Height |\n|------|-------:|\n| High | 5.2 m  |\n| Low  | *0.4* m |');
    expect(article.blocks.map((block) => block.text)).toEqual(['Tide | Height', 'High | 5.2 m', 'Low | 0.4 m']);
    expect(marked(article.blocks, 'emphasis')).toEqual(['0.4']);
  });

  it('continues a list item over its later paragraphs, and keeps nesting depth and numbering', () => {
    const article = md('Intro line\n\n1. First\n\n   Still the first item.\n2. Second\n   - inner *one*\n     1. innermost\n\nAfter.');
    expect(article.blocks.map((block) => [block.text, block.type, block.level, block.ordered])).toEqual([
      ['First\nStill the first item.', 'listItem', 0, true],
      ['Second', 'listItem', 0, true],
      ['inner one', 'listItem', 1, false],
      ['innermost', 'listItem', 2, true],
      ['After.', 'paragraph', undefined, undefined],
    ]);
  });
});

describe('large Markdown files', () => {
  it('cuts pieces only at a blank line before an unindented line outside a code fence, and loses nothing', () => {
    const fence = '```\ncode line\n\nunindented line inside the fence\n```\n\n';
    const text = `${'Paragraph text that fills the piece.\n\n'.repeat(40)}${fence}- item\n\n  continued item\n\n${'More text.\n\n'.repeat(40)}`;
    const pieces = chunkMarkdown(text, 200);
    expect(pieces.length).toBeGreaterThan(3);
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) {
      expect((piece.match(/^```/gm) ?? []).length % 2, piece).toBe(0);
      expect(piece).not.toMatch(/^ {2}continued item/);
    }
  });

  it('parses a file in pieces exactly as it would whole, references included', () => {
    const section = (index: number): string => `## Part ${index}\n\nText with *emphasis* and a [reference][ref] in part ${index}.\n\n- a list\n- of items\n\n\`\`\`\ncode ${index}\n\n\`\`\`\n\n`;
    const source = `${Array.from({ length: 40 }, (_, index) => section(index)).join('')}[ref]: https://ref.example/\n`;
    const whole = parseMarkdown('doc.md', source);
    expect(chunkMarkdown(source, 300).length).toBeGreaterThan(10);
    const inPieces = parseMarkdownInPieces(source, 300);
    expect(inPieces.blocks).toEqual(whole.blocks);
    expect(links(whole.blocks)).toHaveLength(40);
  });

  it('reads 50 MB of Markdown in pieces, in linear time', { timeout: 120_000 }, () => {
    const unit = '## Section\n\nA paragraph of *ordinary* prose with a [link](https://example.com/) and `code`, long enough to be like real writing, with commas and clauses.\n\n- one item\n- two items\n\n> A quotation.\n\n';
    const bytes = Buffer.from(unit.repeat(Math.ceil((50 * 1024 * 1024) / unit.length)));
    const started = performance.now();
    const article = parseArticleFile('big.md', bytes);
    const seconds = (performance.now() - started) / 1000;
    expect(article.blocks.length).toBe(5 * Math.ceil((50 * 1024 * 1024) / unit.length));
    expect(seconds).toBeLessThan(100);
  });
});

/** parseMarkdown with a smaller piece size, to exercise the piece-wise path on a small input. */
function parseMarkdownInPieces(source: string, size: number): ReturnType<typeof parseMarkdown> {
  return parseMarkdown('doc.md', source, size);
}
