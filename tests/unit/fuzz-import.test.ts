import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArticleFile, type ParsedArticle } from '../../main/articles/text-import';
import { GlossError } from '../../main/errors';
import { createService } from '../../main/service';
import { seededRandom as mulberry32 } from '../../main/library/synthetic-library';

/**
 * The importer against hundreds of generated hostile or broken files (seeded,
 * so a failure reproduces): each must come back as a clean article or as a
 * GlossError with a message, never another exception, and no article may
 * carry active content. Hostile payloads sit where markup is (attributes,
 * tags, link targets); visible text comes from a plain word list, since text
 * is only ever shown as text.
 */

const SEED = 0x5eed_1a7e;


const random = mulberry32(SEED);
const int = (min: number, max: number): number => min + Math.floor(random() * (max - min + 1));
const pick = <T,>(items: readonly T[]): T => items[int(0, items.length - 1)] as T;
const chance = (p: number): boolean => random() < p;

const WORDS = ['harbour', 'tide', 'boats', 'keel', 'mud', 'almanac', 'fishermen', 'water', 'café', 'naïve', 'Zürich', 'straße', '東京', 'мост', 'عربي', '🙂', 'river', 'lantern', 'council', 'budget', 'quay', 'weather', 'north', 'garden', 'seed'];
function words(count: number): string {
  return Array.from({ length: count }, () => pick(WORDS)).join(' ');
}
function sentence(): string {
  const text = words(int(6, 18));
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}, ${words(int(3, 8))}.`;
}
function paragraph(): string {
  return Array.from({ length: int(2, 5) }, sentence).join(' ');
}

/** Hostile markup: every payload is in a tag, an attribute or a link target, never in visible text. */
const HTML_VECTORS = [
  '<script>alert(1)</script>',
  '<script src="https://evil.example/x.js"></script>',
  '<SCRIPT>alert(document.cookie)</SCRIPT>',
  '<img src=x onerror="alert(1)">',
  '<img src=x onerror=alert(1)//',
  '<img src="javascript:alert(1)"><img srcset="javascript:alert(1) 2x">',
  '<svg onload=alert(1)><script>alert(2)</script></svg>',
  '<svg><a xlink:href="javascript:alert(1)"><rect width="10" height="10"/></a></svg>',
  '<svg><style><img src=x onerror=alert(1)></style></svg>',
  '<math><mtext><table><mglyph><style><img src=x onerror=alert(1)></style></mglyph></table></mtext></math>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
  '<a href="javascript:alert(1)">plain</a>',
  '<a href="JaVaScRiPt:alert(1)">plain</a>',
  '<a href="  javascript:alert(1)">plain</a>',
  '<a href="java&#x09;script:alert(1)">plain</a>',
  '<a href="javascript&colon;alert(1)">plain</a>',
  '<a href="&#106;avascript:alert(1)">plain</a>',
  '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">plain</a>',
  '<a href="data:text/html,<script>alert(1)</script>">plain</a>',
  '<a href="vbscript:msgbox(1)">plain</a>',
  '<a href="https://ok.example/" onmouseover="alert(1)">fine link</a>',
  '<form action="javascript:alert(1)"><input type=submit value=go></form>',
  '<button formaction="javascript:alert(1)">go</button>',
  '<object data="data:text/html,<script>alert(1)</script>"></object>',
  '<embed src="javascript:alert(1)">',
  '<div style="width: expression(alert(1))">styled</div>',
  '<p style="background:url(javascript:alert(1))">styled</p>',
  '<style>p{background:url(javascript:alert(1))} div{width:expression(alert(1))} @import "javascript:alert(1)";</style>',
  '<p onclick="alert(1)">clicked</p>',
  '<details open ontoggle=alert(1)><summary>more</summary>hidden</details>',
  '<input autofocus onfocus=alert(1)>',
  '<marquee onstart=alert(1)>moving</marquee>',
  '<video><source onerror="alert(1)"></video><audio src=x onerror=alert(1)></audio>',
  '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
  '<base href="javascript:alert(1)//">',
  '<link rel=stylesheet href="javascript:alert(1)">',
  '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></p></noscript>',
  '<template><script>alert(1)</script></template>',
  '<table background="javascript:alert(1)"><tr><td>cell</td></tr></table>',
  '<isindex type=image src=1 onerror=alert(1)>',
  '<x-widget onclick=alert(1)>custom</x-widget>',
  '<p>text<!--<script>alert(1)</script>--></p>',
  '<![CDATA[<script>alert(1)</script>]]>',
  '<frameset onload=alert(1)></frameset>',
  '"><script>alert(1)</script>',
  "'><img src=x onerror=alert(1)>",
  '<div style="background-image: url(&#1;javascript:alert(1))">bg</div>',
  '<title><script>alert(1)</script></title>',
  '<body onload=alert(1)>',
  '<a href="javascript:alert(1)"',
];

const MARKDOWN_VECTORS = [
  '[plain](javascript:alert(1))',
  '[plain](JAVASCRIPT:alert(1))',
  '[plain](<javascript:alert(1)>)',
  '[plain](javascript:alert(1) "title")',
  '[plain](data:text/html;base64,PHNjcmlwdD4=)',
  '[plain](vbscript:msgbox(1))',
  '![alt words](javascript:alert(1))',
  '<javascript:alert(1)>',
  '[plain][evil]\n\n[evil]: javascript:alert(1)',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">plain</a>',
  '<svg onload=alert(1)>',
  '<iframe src="javascript:alert(1)"></iframe>',
  '<style>p{width:expression(alert(1))}</style>',
  '<div onclick="alert(1)">\nblock words\n</div>',
  '<!-- <script>alert(1)</script> -->',
  '<details ontoggle=alert(1) open>',
];

interface FuzzFile {
  name: string;
  bytes: Uint8Array;
  kind: string;
}

function htmlPage(extraHead: string, bodyParts: string[]): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${words(int(2, 6))}</title>${extraHead}</head><body>${bodyParts.join('\n')}</body></html>`;
}

function hostileHtml(): string {
  const parts = [`<nav>${words(5)}</nav>`, '<article>', `<h1>${words(int(2, 6))}</h1>`];
  for (let index = int(3, 8); index > 0; index -= 1) {
    const vector = pick(HTML_VECTORS);
    parts.push(chance(0.5) ? `<p>${paragraph()} ${vector} ${paragraph()}</p>` : `<p>${paragraph()}</p>${vector}`);
  }
  parts.push('</article>', `<footer>${words(4)}</footer>`);
  return htmlPage(chance(0.5) ? pick(HTML_VECTORS) : '', parts);
}

function hostileMarkdown(): string {
  const lines: string[] = [];
  if (chance(0.4)) lines.push(`---\ntitle: ${words(3)}\ndate: 2024-0${int(1, 9)}-1${int(0, 9)}\nurl: ${pick(['javascript:alert(1)', 'https://ok.example/', 'data:text/html,x'])}\n---`);
  lines.push(`# ${words(3)}`);
  for (let index = int(3, 8); index > 0; index -= 1) {
    const vector = pick(MARKDOWN_VECTORS);
    // Vectors that span lines (a reference definition, an HTML block) only work on lines of their own.
    lines.push(chance(0.5) && !vector.includes('\n') ? `${paragraph()} ${vector} ${paragraph()}` : vector, '');
    if (chance(0.3)) lines.push(`- ${words(4)} *${words(2)}*\n  - ${words(3)} [ok](https://ok.example/${int(0, 99)})`, '');
    if (chance(0.2)) lines.push(`> ${paragraph()}`, '');
  }
  return lines.join('\n');
}

function malformedHtml(): string {
  const fragments = ['<p>', '</p>', '<div', '>', '<', '</', '<!--', '-->', '<b><i>', '</b></i>', '<table><td>', '<li>', '</ul>', '<a href=', '"', "'", '<![CDATA[', ']]>', '<?php echo 1 ?>', '&', '&#', '&#x;', '&amp', '<br/>', '<p/>', '</html>', '<body>', '<head>', '<select><option>', '<textarea>', '<plaintext>', '<xmp>'];
  const parts: string[] = [chance(0.5) ? '<!doctype html>' : '<html>'];
  for (let index = int(20, 120); index > 0; index -= 1) parts.push(chance(0.5) ? pick(fragments) : words(int(1, 12)));
  const page = parts.join(chance(0.5) ? '' : ' ');
  return chance(0.3) ? page.slice(0, int(1, page.length)) : page;
}

function deepHtml(depth: number, tag: string): string {
  const [open, close] = tag === 'ul' ? ['<ul><li>', '</li></ul>'] : tag === 'table' ? ['<table><tr><td>', '</td></tr></table>'] : [`<${tag}>`, `</${tag}>`];
  return `<!doctype html><title>deep</title><body>${open.repeat(depth)}<p>${paragraph()}</p>${close.repeat(depth)}</body>`;
}

function randomBytes(length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let index = 0; index < length; index += 1) bytes[index] = int(0, 255);
  return bytes;
}

function generate(): FuzzFile[] {
  const files: FuzzFile[] = [];
  const add = (kind: string, name: string, content: string | Uint8Array): void => {
    files.push({ kind, name, bytes: typeof content === 'string' ? Buffer.from(content) : content });
  };
  const anyName = (stem: string): string => `${stem}${pick(['.txt', '.md', '.html', '.htm', '', '.dat', '.markdown', '.text'])}`;

  for (let i = 0; i < 30; i += 1) add('binary', anyName(`binary-${i}`), randomBytes(int(1, 4096)));
  for (let i = 0; i < 20; i += 1) {
    const text = Buffer.from(`${words(3)}\n\n${paragraph()}\n\n${paragraph()}`);
    add('truncated utf-8', anyName(`truncated-${i}`), text.subarray(0, int(1, text.length - 1)));
  }
  for (let i = 0; i < 15; i += 1) {
    const mixed = Buffer.concat([Buffer.from(`${words(3)}\n\n${paragraph()} `), Buffer.from([int(0x80, 0xff), int(0x80, 0xff)]), Buffer.from(` ${paragraph()}`)]);
    add('mixed encodings', anyName(`mixed-${i}`), mixed);
  }
  // Hostile content under a name that reads it as what it is (Markdown named .txt is plain text, shown as written).
  const content = (stem: string): [string, string] =>
    pick<() => [string, string]>([
      () => [hostileHtml(), pick([`${stem}.html`, `${stem}.txt`, stem])],
      () => [hostileMarkdown(), pick([`${stem}.md`, `${stem}.markdown`])],
      () => [`${words(3)}\n\n${paragraph()}`, anyName(stem)],
    ])();
  const boms = [[0xef, 0xbb, 0xbf], [0xff, 0xfe], [0xfe, 0xff]];
  for (let i = 0; i < 20; i += 1) {
    const bom = pick(boms);
    const [body, name] = chance(0.1) ? ['', anyName(`bom-${i}`)] : content(`bom-${i}`);
    const encoded = bom[0] === 0xff ? Buffer.from(body, 'utf16le') : bom[0] === 0xfe ? Buffer.from(body, 'utf16le').swap16() : Buffer.from(body);
    // Sometimes the mark lies: a UTF-16 mark before UTF-8 bytes.
    add('byte-order marks', name, Buffer.concat([Buffer.from(bom), chance(0.2) ? Buffer.from(body) : encoded]));
  }
  for (let i = 0; i < 15; i += 1) {
    const [text, name] = content(`nul-${i}`);
    const at = int(0, text.length);
    add('null bytes', name, `${text.slice(0, at)}\u0000${text.slice(at)}`);
  }
  for (let i = 0; i < 80; i += 1) add('hostile html', pick([`hostile-${i}.html`, `hostile-${i}.htm`, `hostile-${i}.txt`, `hostile-${i}`]), hostileHtml());
  for (let i = 0; i < 40; i += 1) add('hostile markdown', pick([`hostile-${i}.md`, `hostile-${i}.markdown`]), hostileMarkdown());
  for (let i = 0; i < 30; i += 1) add('malformed html', pick([`malformed-${i}.html`, `malformed-${i}.htm`]), malformedHtml());
  add('deep nesting', 'nested-5000-divs.html', deepHtml(5000, 'div'));
  for (let i = 0; i < 9; i += 1) add('deep nesting', `nested-${i}.html`, deepHtml(int(50, 3000), pick(['div', 'span', 'b', 'blockquote', 'ul', 'table', 'section', 'font'])));
  for (let i = 0; i < 5; i += 1) {
    const huge = pick(['A', 'javascript:alert(1)//', 'expression(alert(1));']).repeat(int(100_000, 400_000));
    add('huge attributes', `huge-attribute-${i}.html`, htmlPage('', [`<article><h1>${words(3)}</h1><p>${paragraph()}</p>`, `<img src="data:image/png;base64,${huge}" onerror="${huge}">`, `<p title="${huge}" style="${huge}">${paragraph()}</p>`, `<a href="https://ok.example/${huge}">long link</a></article>`]));
  }
  // Markup that makes jsdom or Readability do work out of proportion to its size.
  add('costly markup', 'many-iframes.html', htmlPage('', [`<article><p>${paragraph()}</p>${'<iframe src="https://evil.example/"></iframe>'.repeat(3000)}<p>${paragraph()}</p></article>`]));
  add('costly markup', 'frameset.html', `<!doctype html><title>frames</title><frameset>${'<frame src="https://evil.example/">'.repeat(3000)}</frameset>`);
  add('costly markup', 'huge-css.html', htmlPage(`<style>${'p{width:expression(alert(1))}'.repeat(200_000)}</style>`, [`<article><p>${paragraph()}</p><p>${paragraph()}</p></article>`]));
  add('costly markup', 'long-style-attribute.html', htmlPage('', [`<article><p style="${'expression(alert(1));'.repeat(100_000)}">${paragraph()}</p><p>${paragraph()}</p></article>`]));
  add('costly markup', 'wrapper-chains.html', htmlPage('', [`${'<div>'.repeat(500)}<p>${paragraph()}</p>${'</div>'.repeat(500)}`.repeat(8)]));
  add('costly markup', 'deep-forest.html', htmlPage('', [`${'<span>'.repeat(510)}<p>${paragraph()}</p>${'</span>'.repeat(510)}`.repeat(290)]));
  add('costly markup', 'wide-page.html', htmlPage('', [`<article>${Array.from({ length: 3000 }, () => `<div><p>${sentence()} <a href="https://ok.example/">link</a></p></div>`).join('')}</article>`]));
  add('costly markup', 'too-wide-page.html', htmlPage('', [`<article>${'<div><p>words, and more words</p></div>'.repeat(30_000)}</article>`]));
  add('costly markup', 'nested-quotes.html', htmlPage('', [`${'<blockquote>'.repeat(500)}<p>${paragraph()}</p>${'</blockquote>'.repeat(500)}`.repeat(10)]));
  const svg = `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(2)</script><foreignObject><iframe src="javascript:alert(3)"></iframe></foreignObject></svg>`;
  add('svg with script', 'image.svg', svg);
  add('svg with script', 'image.txt', svg);
  add('svg with script', 'image', svg);
  add('svg with script', 'inline-svg.html', htmlPage('', [`<article><p>${paragraph()}</p>${svg.replace('<?xml version="1.0"?>', '')}<p>${paragraph()}</p></article>`]));
  add('svg with script', 'svg-in.md', `# ${words(2)}\n\n${paragraph()}\n\n${svg.replace('<?xml version="1.0"?>', '')}\n\n${paragraph()}`);
  add('svg with script', 'svg-in-body.htm', `<body>${svg.replace('<?xml version="1.0"?>', '')}<p>${paragraph()}</p></body>`);
  for (let i = 0; i < 10; i += 1) {
    const header = pick([' date 2024-13-01 Title', ' date 2024-02-30 Title', ' date 2024-01-01', 'date 2024-01-01 No leading space', ' date 0000-00-00 Zero', ` date 2024-01-0${int(1, 9)} ${words(3)}`, ` date 2024-01-01 ${words(2)}\u0000`]);
    add('seed format', pick([`seed-${i}.txt`, `seed-${i}.md`, `seed-${i}`]), `${header}\n\n${paragraph()}\n\n(Web editor: ${words(2)})`);
  }
  for (const [index, content] of ['', ' ', '\n\n\n', '\t \r\n', 'x', '\u00a0'].entries()) add('empty or tiny', anyName(`tiny-${index}`), content);
  for (let i = 0; i < 20; i += 1) {
    const lines: string[] = [];
    for (let line = int(5, 60); line > 0; line -= 1) lines.push(pick(['', '', '>'.repeat(int(1, 120)) + ' ' + words(3), ' '.repeat(int(0, 8)) + pick(['-', '*', '1.', '+']) + ' ' + words(3), '```', '~~~~', '#'.repeat(int(1, 8)) + ' ' + words(2), '|a|b|\n|-|-|\n|c|d|', `*${words(2)}** _${words(1)}__ \`${words(1)}`, '[' .repeat(int(1, 50)) + words(2) + ']'.repeat(int(0, 50)), words(int(1, 20))]));
    add('random markdown', `random-${i}.md`, lines.join('\n'));
  }
  // One file at the service's size limit, as text (read) and as a web page (refused at once).
  const fiftyMb = 50 * 1024 * 1024;
  const unit = Buffer.from(`${paragraph()}\n\n`);
  const big = Buffer.alloc(fiftyMb);
  for (let offset = 0; offset < fiftyMb; offset += unit.length) unit.copy(big, offset, 0, Math.min(unit.length, fiftyMb - offset));
  add('50 MB', 'fifty-megabytes.txt', big);
  add('50 MB', 'fifty-megabytes.html', big);
  return files;
}

/** Active content that must never be stored: scripts, handlers, script URLs, HTML data URLs, CSS expressions. */
const ACTIVE = [/<\s*script/i, /\bon[a-z]+\s*=/i, /javascript:/i, /vbscript:/i, /data:text\/html/i, /expression\s*\(/i];

function problemsWith(parsed: ParsedArticle): string[] {
  const problems: string[] = [];
  const json = JSON.stringify(parsed);
  for (const pattern of ACTIVE) {
    const found = pattern.exec(json);
    if (found) problems.push(`active content ${pattern} in …${json.slice(Math.max(0, found.index - 60), found.index + 40)}…`);
  }
  if (typeof parsed.title !== 'string' || parsed.title.trim().length === 0) problems.push('no title');
  for (const block of parsed.blocks) {
    if (block.text.length === 0) problems.push('empty block');
    for (const mark of block.marks ?? []) {
      if (!(mark.start >= 0 && mark.end > mark.start && mark.end <= block.text.length)) problems.push(`mark out of range in ${block.type}`);
      if (mark.kind === 'link' && !/^(?:https?:\/\/|mailto:)/.test(mark.href ?? '')) problems.push(`unsafe link ${mark.href}`);
    }
  }
  return problems;
}

describe('importer fuzz', () => {
  const files = generate();

  it('gives every generated file a clean article or a clear error, and stores no active content', { timeout: 120_000 }, () => {
    expect(files.length).toBeGreaterThanOrEqual(300);
    let clean = 0;
    let errors = 0;
    const crashes: string[] = [];
    const active: string[] = [];
    const unclear: string[] = [];
    const started = performance.now();
    for (const file of files) {
      try {
        const parsed = parseArticleFile(file.name, file.bytes);
        const problems = problemsWith(parsed);
        if (problems.length > 0) active.push(`${file.kind} ${file.name}: ${problems.join(', ')}`);
        else clean += 1;
      } catch (error) {
        if (error instanceof GlossError && error.code === 'invalid_input' && error.message.trim().length >= 10) errors += 1;
        else if (error instanceof GlossError) unclear.push(`${file.kind} ${file.name}: ${error.code} "${error.message}"`);
        else crashes.push(`${file.kind} ${file.name}: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      }
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`import fuzz: ${files.length} files, ${clean} clean articles, ${errors} clear errors, ${crashes.length} crashes, ${active.length} with active content (${seconds} s, seed ${SEED.toString(16)})`);
    expect(crashes).toEqual([]);
    expect(unclear).toEqual([]);
    expect(active).toEqual([]);
    expect(clean + errors).toBe(files.length);
    // The fuzz must exercise both outcomes, or it tests nothing.
    expect(clean).toBeGreaterThan(100);
    expect(errors).toBeGreaterThan(50);
  });

  it('never loses the rest of a batch: every file in a mixed batch gets its own result, named', { timeout: 60_000 }, async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'gloss-fuzz-'));
    try {
      const service = await createService({ dataDir });
      const batch = files.filter((file) => file.bytes.length < 1024 * 1024).filter((_, index) => index % 8 === 0);
      const results = await service.importFiles({ files: batch.map((file) => ({ name: file.name, dataBase64: Buffer.from(file.bytes).toString('base64') })) });
      expect(results.map((result) => result.name)).toEqual(batch.map((file) => file.name));
      for (const result of results) {
        if (!result.ok) expect(result.error.startsWith(`${result.name}: `), result.error).toBe(true);
      }
      expect(results.some((result) => result.ok)).toBe(true);
      expect(results.some((result) => !result.ok)).toBe(true);
      for (const summary of await service.listArticles({})) {
        const { blocks } = await service.getArticle({ id: summary.id });
        expect(ACTIVE.filter((pattern) => pattern.test(JSON.stringify(blocks))).map(String), summary.title).toEqual([]);
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
