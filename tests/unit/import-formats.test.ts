import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { detectFormat, sniffPrefix } from '../../main/articles/detect-format';
import { parseArticleFile } from '../../main/articles/text-import';
import { createService, type GlossService } from '../../main/service';
import { activeContentIn, fixture, glossError, parseFixture } from './import-helpers';

function formatOf(name: string, content: string | Uint8Array): string {
  const bytes = typeof content === 'string' ? Buffer.from(content) : content;
  return detectFormat(name.includes('.') ? name.slice(name.lastIndexOf('.')).toLowerCase() : '', sniffPrefix(bytes));
}

const SEED_HEADER = ' date 2024-01-02 A seed title\n\nBody paragraph.\n';

describe('a plain text file', () => {
  const article = parseFixture('tide-tables.txt');

  it('takes its short first line as the title and makes a paragraph of each blank-line-separated block', () => {
    expect(article.title).toBe('Reading a tide table');
    expect(article.blocks.map((block) => block.type)).toEqual(['paragraph', 'paragraph', 'paragraph', 'paragraph']);
    expect(article.blocks[0]?.text).toMatch(/^A tide table lists the times and heights/);
    // Line breaks inside a paragraph are kept.
    expect(article.blocks[2]?.text).toBe('Remember that the table is a prediction.\nWind and air pressure can hold the tide back\nor push it higher by half a metre or more.');
  });

  it('treats Markdown syntax in a .txt file as text', () => {
    const parsed = parseArticleFile('notes.txt', Buffer.from('Notes\n\nSome *starred* words and a [bracket](https://x.example).'));
    expect(parsed.blocks).toEqual([{ type: 'paragraph', text: 'Some *starred* words and a [bracket](https://x.example).' }]);
  });
});

describe('format detection by content and extension', () => {
  it.each([
    ['a seed header, whatever the name', 'anything.md', SEED_HEADER, 'seed'],
    ['a seed header in a .html file', 'page.html', SEED_HEADER, 'seed'],
    ['.html and .htm', 'page.htm', 'Just words, no tags.', 'html'],
    ['a doctype in a .txt file', 'saved.txt', '<!DOCTYPE html><html><body><p>x</p></body></html>', 'html'],
    ['<html> after comments and white space, no extension', 'page', '\n  <!-- saved -->\n<html lang="en"><p>x</p>', 'html'],
    ['an XHTML page with an XML declaration', 'page.xml.txt', '<?xml version="1.0"?>\n<!DOCTYPE html>\n<html><body/></html>', 'html'],
    ['a doctype in a .md file', 'page.md', '<!doctype html><p>x</p>', 'html'],
    ['a page body without <html>, named .txt', 'body.txt', '<article><h1>T</h1><p>One.</p><p>Two.</p></article>', 'html'],
    ['dense tags without a leading tag, named .txt', 'dump.txt', `Saved:\n${'<p>para</p>\n'.repeat(12)}`, 'html'],
    ['raw HTML inside Markdown stays Markdown', 'readme.md', '<p align="center"><img src="logo.png"></p>\n\n# Title\n\nText.', 'markdown'],
    ['.md and .markdown', 'notes.markdown', 'Plain words.', 'markdown'],
    ['a .txt file mentioning a tag or two stays text', 'howto.txt', 'Wrap the words in <em> and </em> to stress them.', 'text'],
    ['no extension, with a # heading', 'README', '# Read me\n\nWords.', 'markdown'],
    ['an unknown extension, with front matter', 'post.mdx', '---\ntitle: x\n---\nWords.', 'markdown'],
    ['an unknown extension, with a fenced code block', 'snippet.notes', 'Intro\n\n```\ncode\n```', 'markdown'],
    ['an unknown extension, plain prose', 'letter.log', 'Dear reader,\n\nNothing special here.', 'text'],
  ])('%s', (_label, name, content, expected) => {
    expect(formatOf(name, content)).toBe(expected);
  });
});

describe('bad input: each file gets a clear reason', () => {
  it.each([
    ['an empty file', 'empty.txt', new Uint8Array(0), /^The file is empty\.$/],
    ['a known binary extension, even with text inside', 'picture.png', Buffer.from('not really a png'), /cannot import "\.png" files \(images\); it reads web pages \(\.html, \.htm\), Markdown/],
    ['a PDF named .txt', 'report.txt', Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj'), /This is a PDF document, not text or a web page/],
    ['a PNG named .md', 'image.md', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), /This is a PNG image/],
    ['a ZIP (or .docx) with no extension', 'document', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0]), /This is a ZIP archive \(or a \.docx, \.odt or \.epub/],
    ['invalid UTF-8', 'latin1.txt', new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x20, 0x61, 0x75, 0x20, 0x6c, 0x61, 0x69, 0x74]), /not valid UTF-8 text/],
    ['truncated UTF-8', 'cut.md', Buffer.concat([Buffer.from('Caf'), Buffer.from([0xc3])]), /not valid UTF-8 text/],
    ['NUL bytes', 'nul.txt', Buffer.from('text\u0000with a NUL'), /contains NUL bytes/],
    ['control characters', 'ctrl.txt', Buffer.from('\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u000e\u000f words'), /full of control characters/],
    ['white space only', 'blank.txt', Buffer.from('  \n\t\n  '), /only white space/],
    ['an SVG image named .txt', 'drawing.txt', Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'), /This is an SVG image/],
    ['an RSS feed', 'feed', Buffer.from('<?xml version="1.0"?>\n<rss version="2.0"><channel><title>x</title></channel></rss>'), /This is an XML document/],
    ['a seed header with an impossible date', 'seed.txt', Buffer.from(' date 2023-02-30 Title\n\nBody.'), /not a real date/],
  ])('%s', (_label, name, bytes, message) => {
    expect(glossError(() => parseArticleFile(name, bytes)).message).toMatch(message);
  });

  it('reads UTF-16 and UTF-8 text with a byte-order mark', () => {
    const text = 'Title line\n\nA paragraph with café.';
    expect(parseArticleFile('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])).blocks[0]?.text).toBe('A paragraph with café.');
    expect(parseArticleFile('bom.md', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)])).title).toBe('Title line');
  });

  it('reads 50 MB of plain text in linear time', () => {
    const paragraph = 'The harbour empties twice a day, and the boats lean on their keels in the mud.\n\n';
    const bytes = Buffer.from(`Title line\n\n${paragraph.repeat(Math.floor((50 * 1024 * 1024) / paragraph.length))}`);
    const started = performance.now();
    const parsed = parseArticleFile('big.txt', bytes);
    expect(parsed.blocks.length).toBe(Math.floor((50 * 1024 * 1024) / paragraph.length));
    expect(performance.now() - started).toBeLessThan(20_000);
  });

  it('stays linear on white space that regular expressions would backtrack over', () => {
    const started = performance.now();
    parseArticleFile('spaces.txt', Buffer.from(`a${' '.repeat(2_000_000)}b\n\nend`));
    parseArticleFile('spaces.md', Buffer.from(`a${' '.repeat(2_000_000)}b\n\nend`));
    parseArticleFile('seed.txt', Buffer.from(` date 2024-01-02 T\n\n(A${' '.repeat(1_000_000)}b\n\nend`));
    expect(performance.now() - started).toBeLessThan(10_000);
  });
});

describe('importing a batch through the service', () => {
  let dataDir: string;
  let service: GlossService;

  beforeEach(async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'gloss-import-'));
    service = await createService({ dataDir });
  });

  afterEach(async () => {
    await rm(dataDir, { recursive: true, force: true });
  });

  it('imports the good files, names each bad one with its reason, and stores no markup', async () => {
    const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
    const files = [
      { name: 'northern-lights.html', dataBase64: b64(fixture('northern-lights-og.html')) },
      { name: 'home.html', dataBase64: b64(fixture('site-home-no-article.html')) },
      { name: 'hostile.htm', dataBase64: b64(fixture('hostile-page.html')) },
      { name: 'empty.md', dataBase64: '' },
      { name: 'huge.html', dataBase64: b64(Buffer.alloc(21 * 1024 * 1024, 0x61)) },
      { name: 'binary.txt', dataBase64: b64(new Uint8Array([0x00, 0x01, 0x02, 0x41, 0x00])) },
      { name: 'reading-notes.md', dataBase64: b64(fixture('reading-notes.md')) },
      { name: 'courier.html', dataBase64: b64(fixture('kestrel-bay-courier-1252.html')) },
    ];
    const results = await service.importFiles({ files });
    expect(results.map((result) => result.ok)).toEqual([true, false, true, false, false, false, true, true]);
    const errors = results.flatMap((result) => (result.ok ? [] : [result.error]));
    expect(errors[0]).toMatch(/^home\.html: This web page has no readable article/);
    expect(errors[1]).toMatch(/^empty\.md: The file is empty\./);
    expect(errors[2]).toMatch(/^huge\.html: The web page is 21 MB; Gloss reads saved pages up to 20 MB/);
    expect(errors[3]).toMatch(/^binary\.txt: The file looks binary/);

    const summaries = await service.listArticles({});
    const lights = summaries.find((summary) => summary.title.startsWith('Northern lights'));
    expect(lights).toMatchObject({ site: 'Meridian Post', byline: 'Priya Natarajan', publishedAt: '2024-05-11' });
    for (const summary of summaries) {
      const article = await service.getArticle({ id: summary.id });
      expect(activeContentIn(article.blocks), summary.title).toEqual([]);
      const stored = await readFile(join(dataDir, 'articles', `${summary.id}.json`), 'utf8');
      expect(activeContentIn(JSON.parse(stored)), summary.title).toEqual([]);
      expect(stored).not.toMatch(/<\/?[a-z]+[\s>]/i);
    }
  });
});
