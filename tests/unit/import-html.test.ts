import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseArticleFile } from '../../main/articles/text-import';
import { decodeHtml, decodeText } from '../../main/articles/decode';
import { MAX_HTML_DEPTH, MAX_HTML_TAGS } from '../../main/articles/html-import';
import { activeContentIn, allText, expectWellFormed, fixture, glossError, links, marked, parseFixture, shapes } from './import-helpers';

describe('a saved local news page in windows-1252, with ads, comments and scripts around it', () => {
  const article = parseFixture('kestrel-bay-courier-1252.html');

  it('is really windows-1252: its bytes are not UTF-8', () => {
    expect(() => decodeText(fixture('kestrel-bay-courier-1252.html'))).toThrow(/UTF-8/);
  });

  it('takes the title without the site name, and byline, site, date and address from the page', () => {
    expect(article.title).toBe('Harbour dredging delayed again as costs climb');
    expect(article.byline).toBe('María Ortega');
    expect(article.site).toBe('The Kestrel Bay Courier');
    expect(article.publishedAt).toBe('2023-11-14');
    // From the "saved from url" mark the browser wrote into the page.
    expect(article.sourceUrl).toBe('https://www.kestrelbaycourier.example/news/2023/11/harbour-dredging-delayed');
  });

  it('decodes the curly quotes, dashes and euro signs that windows-1252 puts in 0x80–0x9F', () => {
    const text = allText(article.blocks);
    expect(text).toContain('“We’re losing a tide a week, sometimes two,” said Tom Penhale');
    expect(text).toContain('priced the job at €1.1 million');
    expect(text).toContain('the first phase — the approach channel');
    expect(text).not.toMatch(/[\u0080-\u009f\ufffd]/);
  });

  it('reduces the story to typed blocks in reading order', () => {
    expect(shapes(article.blocks)).toEqual(['byline', 'paragraph', 'paragraph', 'paragraph', 'heading2', 'paragraph', 'paragraph', 'quote', 'paragraph', 'caption', 'paragraph']);
    expect(article.blocks[0]?.text).toBe('Tuesday 14 November 2023, 6:45am');
    expect(article.blocks[4]?.text).toBe('Costs up by €480,000');
    expect(article.blocks[7]?.text).toBe('The harbour pays its own way, and it has to keep doing that. We’ll get this done, but not by writing a blank cheque.');
    expect(article.blocks[9]?.text).toBe('Boats aground at low tide in the inner harbour last week. Picture: Sam Jory');
    expect(marked(article.blocks, 'emphasis')).toEqual(['Morwenna']);
    expectWellFormed(article);
  });

  it('leaves out the masthead, navigation, ads, comments, sidebar, footer and scripts', () => {
    const text = allText(article.blocks);
    for (const cruft of ['ADVERT', 'COMMENT TEXT', 'Comments (3)', 'MOST READ', 'FOOTER TEXT', 'TRACKING', 'SCRIPT_TEXT', 'should never appear', 'googletag', 'cookies', 'Accept all', 'Share this story', 'What’s On', 'Jobs', '11°C', 'Post comment', 'Home › News']) {
      expect(text, cruft).not.toContain(cruft);
    }
  });
});

describe('a news page with Open Graph, article: and JSON-LD metadata', () => {
  const article = parseFixture('northern-lights-og.html');

  it('takes title, byline, site name, publication date and canonical address from the metadata', () => {
    expect(article).toMatchObject({
      title: 'Northern lights seen as far south as Lisbon after strongest solar storm in 20 years',
      byline: 'Priya Natarajan',
      site: 'Meridian Post',
      publishedAt: '2024-05-11',
      sourceUrl: 'https://www.meridianpost.example/science/2024/05/11/northern-lights-seen-far-south-storm.html',
    });
  });

  it('keeps the standfirst, byline line, body, subheading, figure caption and pull quote in order', () => {
    expect(shapes(article.blocks)).toEqual(['paragraph', 'byline', 'paragraph', 'paragraph', 'paragraph', 'heading2', 'paragraph', 'caption', 'paragraph', 'quote', 'paragraph', 'paragraph']);
    expect(article.blocks[1]?.text).toBe('By Priya Natarajan, science correspondent Sat 11 May 2024 07.32 BST');
    expect(article.blocks[5]?.text).toBe('Why this storm reached so far');
    expect(article.blocks[7]?.text).toBe('Reports of the aurora on Friday night, from the Space Weather Prediction Center. Illustration: Meridian Post graphics');
    expect(article.blocks[11]?.text).toMatch(/^Forecasters said there was a good chance/);
  });

  it('puts the marks on the right words', () => {
    expect(marked(article.blocks, 'strong')).toEqual(['G5, or “extreme”,']);
    expect(marked(article.blocks, 'emphasis')).toEqual(['“It looked like someone had switched on a stage light behind the clouds,”']);
    expect(links(article.blocks)).toEqual([
      ['Priya Natarajan', 'https://www.meridianpost.example/profile/priya-natarajan'],
      ['coronal mass ejections', 'https://www.meridianpost.example/science/what-is-a-coronal-mass-ejection'],
    ]);
    const paragraph = article.blocks[3];
    const strong = paragraph?.marks?.find((mark) => mark.kind === 'strong');
    expect(paragraph?.text.slice(0, strong?.start)).toBe('The US Space Weather Prediction Center issued its first ');
    expectWellFormed(article);
  });

  it('leaves out consent banner, navigation, share bar, related links, ads, newsletter box, tags, comments and scripts', () => {
    const text = allText(article.blocks);
    for (const cruft of ['CONSENT TEXT', 'NAV:', 'Skip to main content', 'Subscribe from', 'SHARE:', 'RELATED:', 'ADVERTISEMENT', 'NEWSLETTER', 'TOPICS:', 'COMMENT:', 'POPULAR:', 'SITE FOOTER', 'SCRIPT TEXT', 'NOSCRIPT', 'gtag', 'Science\n']) {
      expect(text, cruft).not.toContain(cruft);
    }
  });
});

describe('a blog post with headings, nested lists and code', () => {
  const article = parseFixture('tiny-tokenizer-blog.html');

  it('takes the title from the first heading, the author from meta, the date from <time pubdate> and the site from the canonical address', () => {
    expect(article).toMatchObject({
      title: 'Writing a tiny tokenizer in TypeScript',
      byline: 'Sam Okafor',
      publishedAt: '2024-02-03',
      site: 'samokafor.example',
      sourceUrl: 'https://samokafor.example/posts/tiny-tokenizer/',
    });
  });

  it('keeps headings, numbered and nested lists, quotes and code blocks in order', () => {
    expect(shapes(article.blocks)).toEqual([
      'paragraph',
      'heading2', 'paragraph', 'code',
      'heading2', 'paragraph', 'listItem0o', 'listItem0o', 'listItem0o', 'listItem1', 'listItem1', 'listItem0o', 'paragraph', 'code',
      'heading3', 'paragraph', 'quote', 'paragraph',
      'heading2', 'listItem0', 'listItem0', 'paragraph',
    ]);
    const items = article.blocks.filter((block) => block.type === 'listItem').map((block) => block.text);
    expect(items.slice(0, 6)).toEqual([
      'white space, which it skips;',
      'a number, matched with a sticky regular expression;',
      'a quoted string, which may contain:',
      'escaped quotes, like \\";',
      'escaped backslashes.',
      'anything else, as a one-character symbol.',
    ]);
  });

  it('keeps code verbatim: indentation, blank lines, and text from syntax-highlighting spans', () => {
    const code = article.blocks.filter((block) => block.type === 'code').map((block) => block.text);
    expect(code[0]).toBe("export interface Token {\n  kind: 'word' | 'number' | 'string' | 'symbol';\n  text: string;\n  offset: number;\n}");
    expect(code[1]).toBe(
      'const NUMBER = /\\d+(?:\\.\\d+)?/y;\n\nfunction matchAt(re: RegExp, input: string, index: number): string | null {\n  re.lastIndex = index;\n  const m = re.exec(input);\n  return m ? m[0] : null;\n}',
    );
  });

  it('marks emphasis, strong, inline code and links (web and mail) on the right words', () => {
    expect(marked(article.blocks, 'emphasis')).toEqual(['kind', 'specific']);
    expect(marked(article.blocks, 'strong')).toEqual(['where']);
    expect(marked(article.blocks, 'code')).toEqual(['text', '\\"', 'y', 'lastIndex', 'peek()']);
    expect(links(article.blocks)).toEqual([
      ['Grace Hopper', 'https://en.wikipedia.example/wiki/Grace_Hopper'],
      ['my git server', 'https://git.example/samokafor/tiny-tokenizer'],
      ['email', 'mailto:sam@samokafor.example'],
    ]);
    expectWellFormed(article);
  });

  it('leaves out navigation, author box, post navigation, comments, sidebar, footer and scripts', () => {
    const text = allText(article.blocks);
    for (const cruft of ['NAVLINK', 'AUTHOR BIO', 'PREVIOUS POST', 'NEXT POST', 'COMMENT BODY', '3 comments', 'SIDEBAR', 'FOOTER:', 'BLOG SCRIPT', 'localStorage', 'Toggle dark mode']) {
      expect(text, cruft).not.toContain(cruft);
    }
  });
});

describe('a hostile page', () => {
  const article = parseFixture('hostile-page.html');

  it('keeps the article text', () => {
    expect(article.title).toBe('Community garden opens its gates');
    expect(article.byline).toBe('Jo Whitfield');
    const text = allText(article.blocks);
    expect(text).toContain('a greenhouse built from reclaimed windows donated by neighbours.');
    expect(text).toContain('Volunteers planted the first beds with beans, courgettes and sweetcorn, and the waiting list for plots already runs to sixty households.');
    expect(text).toContain('the next project is a composting scheme for the whole street.');
    expect(text).not.toContain('HIDDEN TEXT');
    expectWellFormed(article);
  });

  it('keeps only the one web link; javascript:, vbscript: and data: links become plain words', () => {
    expect(links(article.blocks)).toEqual([['every day from dawn to dusk', 'https://millane-garden.example/hours']]);
  });

  it('lets no script, event handler, javascript: URL, frame, SVG, style or CSS expression through', () => {
    expect(activeContentIn(article)).toEqual([]);
    const json = JSON.stringify(article);
    for (const bad of ['<', 'alert', 'onerror', 'onload', 'onclick', 'onfocus', 'ontoggle', 'cookie', 'expression', 'background', 'srcdoc']) expect(json, bad).not.toContain(bad);
  });
});

describe('a page with no article', () => {
  it('is refused with a message that says so', () => {
    const error = glossError(() => parseFixture('site-home-no-article.html'));
    expect(error.message).toMatch(/has no readable article/);
  });

  it('a page with scripts only, or only a form, has no article either', () => {
    const scriptsOnly = '<!doctype html><html><head><title>App</title></head><body><div id="root"></div><script>render(document.getElementById("root"))</script></body></html>';
    expect(glossError(() => parseArticleFile('app.html', Buffer.from(scriptsOnly))).message).toMatch(/no readable article/);
    const formOnly = '<!doctype html><title>Sign in</title><body><form><label>Email <input></label><label>Password <input type=password></label><button>Sign in</button></form></body>';
    expect(glossError(() => parseArticleFile('login.html', Buffer.from(formOnly))).message).toMatch(/no readable article/);
  });
});

describe('reading a page never runs or fetches anything', () => {
  let server: Server;
  const requests: string[] = [];
  let origin = '';

  beforeAll(async () => {
    server = createServer((request, response) => {
      requests.push(request.url ?? '');
      response.end('document.title = "fetched";');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  it('loads no script, stylesheet, image, frame or redirect, and runs no inline script', async () => {
    const page = `<!doctype html><html><head>
      <title>Quiet page</title>
      <base href="${origin}/base/">
      <meta http-equiv="refresh" content="0;url=${origin}/refresh">
      <link rel="stylesheet" href="${origin}/style.css"><link rel="preload" href="${origin}/preload.js" as="script">
      <style>@import url("${origin}/import.css"); body { background: url("${origin}/bg.png"); }</style>
      <script src="${origin}/external.js"></script>
      <script>document.title = 'ran'; fetch('${origin}/fetch'); new Image().src = '${origin}/beacon';</script>
      </head><body onload="fetch('${origin}/onload')">
      <article><h1>Quiet page</h1>
      <p>Nothing on this page may be loaded or run while Gloss reads it: no script, no stylesheet, no image and no frame, whatever the markup asks for.</p>
      <img src="${origin}/image.png" srcset="${origin}/image-2x.png 2x"><iframe src="${origin}/frame.html"></iframe>
      <object data="${origin}/object"></object><video poster="${origin}/poster.png" src="${origin}/video.mp4"></video><audio src="${origin}/audio.mp3"></audio>
      <p>The reader sees only this text, which is long enough to be the article that Readability picks out of the page.</p>
      </article></body></html>`;
    const article = parseArticleFile('quiet.html', Buffer.from(page));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(requests).toEqual([]);
    expect(article.title).toBe('Quiet page');
    expect(allText(article.blocks)).toMatch(/^Nothing on this page may be loaded/);
  });
});

describe('character sets', () => {
  const body = (text: string): string => `<article><h1>Caf\u00e9</h1><p>${text} This paragraph is long enough to be the article, with a comma, and then some more words to be sure of it.</p></article>`;

  it('reads ISO-8859-1 as windows-1252, as browsers do', () => {
    const bytes = Buffer.concat([Buffer.from('<!doctype html><html><head><meta charset="ISO-8859-1"><title>Caf'), Buffer.from([0xe9]), Buffer.from('</title></head><body><article><p>'), Buffer.from([0x93]), Buffer.from('Quoted'), Buffer.from([0x94, 0x20, 0x80, 0x35, 0x20, 0x97]), Buffer.from(' and more words in the paragraph, with a comma, so that it counts as an article.</p></article></body></html>')]);
    const article = parseArticleFile('latin.html', bytes);
    expect(article.title).toBe('Café');
    expect(article.blocks[0]?.text).toMatch(/^“Quoted” €5 — and more words/);
  });

  it('reads UTF-16 with a byte-order mark, and UTF-8 with one', () => {
    const page = `<!doctype html><title>Caf\u00e9</title>${body('Un caf\u00e9 cr\u00e8me.')}`;
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(page, 'utf16le')]);
    expect(parseArticleFile('utf16.html', utf16).blocks[0]?.text).toMatch(/^Un café crème\./);
    const utf8bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(page)]);
    expect(parseArticleFile('bom.html', utf8bom).blocks[0]?.text).toMatch(/^Un café crème\./);
  });

  it('refuses bytes that are not valid in the declared character set, or in UTF-8 when none is declared', () => {
    const invalid = Buffer.concat([Buffer.from('<!doctype html><meta charset="utf-8"><title>x</title>'), Buffer.from([0xc3, 0x28]), Buffer.from(body('Text.'))]);
    expect(glossError(() => parseArticleFile('bad.html', invalid)).message).toMatch(/says its character set is "utf-8", but its bytes are not valid utf-8/);
    const undeclared = Buffer.concat([Buffer.from('<!doctype html><title>x</title>'), Buffer.from([0xe9]), Buffer.from(body('Text.'))]);
    expect(glossError(() => parseArticleFile('bad.html', undeclared)).message).toMatch(/not valid UTF-8 and does not say which character set/);
  });

  it('refuses a character set it cannot read, naming it', () => {
    const page = Buffer.from(`<!doctype html><meta charset="x-klingon"><title>x</title>${body('Text.')}`);
    expect(glossError(() => parseArticleFile('klingon.html', page)).message).toMatch(/"x-klingon", which Gloss cannot read/);
  });

  it('finds the charset in the http-equiv form and in an XML declaration', () => {
    const httpEquiv = Buffer.concat([Buffer.from('<meta http-equiv="Content-Type" content="text/html; charset=windows-1252"><p>'), Buffer.from([0x93, 0x68, 0x69, 0x94])]);
    expect(decodeHtml(httpEquiv)).toContain('“hi”');
    const xml = Buffer.concat([Buffer.from('<?xml version="1.0" encoding="ISO-8859-1"?><html><body><p>'), Buffer.from([0x93, 0x68, 0x69, 0x94]), Buffer.from('</p></body></html>')]);
    expect(decodeHtml(xml)).toContain('“hi”');
  });
});

describe('format detection and limits for web pages', () => {
  it('reads a saved page by its content when it is named .txt or has no extension', () => {
    const asHtml = parseFixture('northern-lights-og.html');
    for (const name of ['northern-lights.txt', 'northern-lights']) {
      const parsed = parseFixture('northern-lights-og.html', name);
      expect(parsed.title).toBe(asHtml.title);
      expect(parsed.blocks).toEqual(asHtml.blocks);
    }
  });

  it('refuses a page over 20 MB at once, with its size', () => {
    const started = performance.now();
    const huge = Buffer.alloc(21 * 1024 * 1024, 0x20);
    huge.write('<!doctype html><html><body><p>');
    expect(glossError(() => parseArticleFile('huge.html', huge)).message).toMatch(/The web page is 21 MB; Gloss reads saved pages up to 20 MB/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses markup nested deeper than any article before parsing it (5,000 nested divs)', () => {
    const started = performance.now();
    const deep = `<!doctype html><title>Deep</title><body>${'<div>'.repeat(5000)}<p>Text at the bottom.</p>${'</div>'.repeat(5000)}</body>`;
    expect(glossError(() => parseArticleFile('deep.html', Buffer.from(deep))).message).toMatch(new RegExp(`nested more than ${MAX_HTML_DEPTH} levels deep`));
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('refuses a page with too many elements before parsing it', () => {
    const many = `<!doctype html><title>Many</title><body><p>${'<b>x</b>'.repeat(MAX_HTML_TAGS + 10)}</p></body>`;
    expect(glossError(() => parseArticleFile('many.html', Buffer.from(many))).message).toMatch(/more than 150,000 elements/);
  });

  it('reads deep chains of bare wrappers quickly, and refuses deep semantic nesting that would take too long', () => {
    const paragraph = '<p>Some words in a paragraph, with a comma, long enough to count as content for the reader.</p>';
    const wrappers = `<!doctype html><title>Wrapped</title><body>${`${'<div>'.repeat(500)}${paragraph}${'</div>'.repeat(500)}`.repeat(10)}</body>`;
    const started = performance.now();
    const parsed = parseArticleFile('wrapped.html', Buffer.from(wrappers));
    expect(parsed.blocks.length).toBeGreaterThan(0);
    expect(performance.now() - started).toBeLessThan(15_000);
    const quotes = `<!doctype html><title>Quotes</title><body>${`${'<blockquote>'.repeat(500)}${paragraph}${'</blockquote>'.repeat(500)}`.repeat(10)}</body>`;
    expect(glossError(() => parseArticleFile('quotes.html', Buffer.from(quotes))).message).toMatch(/too large or too deeply nested/);
  });

  it('refuses, before parsing, a page whose tags are nested deep enough to make building the tree slow', () => {
    const started = performance.now();
    const forest = `<!doctype html><title>Forest</title><body>${`${'<span>'.repeat(500)}<p>Words.</p>${'</span>'.repeat(500)}`.repeat(300)}</body>`;
    expect(glossError(() => parseArticleFile('forest.html', Buffer.from(forest))).message).toMatch(/too large or too deeply nested/);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('reads pages whose iframes, frames, style sheets and style attributes would make jsdom slow', () => {
    const paragraph = '<p>Some words in a paragraph, with a comma, long enough to count as content for the reader.</p>';
    const started = performance.now();
    const frames = parseArticleFile('frames.html', Buffer.from(`<!doctype html><title>Frames</title><article>${paragraph}${'<iframe src="https://x.example/"></iframe>'.repeat(3000)}${paragraph}</article>`));
    expect(frames.blocks).toHaveLength(2);
    const styles = parseArticleFile(
      'styles.html',
      Buffer.from(`<!doctype html><title>Styles</title><style>${'p{width:expression(alert(1))}'.repeat(100_000)}</style><article>${paragraph}<p style="${'expression(alert(1));'.repeat(50_000)}">${paragraph}</p><p style="display: none">Hidden words.</p></article>`),
    );
    expect(allText(styles.blocks)).not.toContain('Hidden words');
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
