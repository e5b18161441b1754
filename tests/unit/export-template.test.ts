import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Annotation, ColorSetting } from '../../preload/api';
import { renderArticleMarkdown, type MarkdownInput } from '../../main/export/markdown';
import {
  buildTemplateView,
  DEFAULT_TEMPLATE,
  renderTemplate,
  TEMPLATE_VARIABLES,
  validateTemplate,
} from '../../main/export/template';

const COLORS: ColorSetting[] = [
  { id: 'yellow', label: 'Key idea' },
  { id: 'pink', label: 'Disagree' },
];

function annotation(fields: Partial<Annotation> & Pick<Annotation, 'id' | 'quote' | 'start'>): Annotation {
  return {
    articleId: 'art1',
    end: fields.start + fields.quote.length,
    prefix: '',
    suffix: '',
    color: 'yellow',
    note: '',
    tags: [],
    createdAt: '2024-05-01T10:00:00.000Z',
    updatedAt: '2024-05-02T11:00:00.000Z',
    ...fields,
  };
}

const INPUT: MarkdownInput = {
  article: {
    id: 'art1',
    title: 'Fish & <Chips>: "a history"',
    source: { kind: 'url', location: 'https://example.com/fish' },
    publishedAt: '2022-10-01',
    byline: 'A. Cook',
  },
  annotations: [
    annotation({ id: 'bbbbbbbbbbbbbbbb', start: 750, quote: 'second *one*', color: 'pink', note: 'Not so', tags: ['food', 'uk/history'] }),
    annotation({ id: 'aaaaaaaaaaaaaaaa', start: 100, quote: 'first\nline two' }),
  ],
  colors: COLORS,
  exportedAt: new Date('2024-05-06T07:08:09.000Z'),
  articleTextLength: 1000,
};

describe('DEFAULT_TEMPLATE', () => {
  it('is valid and renders exactly what the default export writes', () => {
    expect(validateTemplate(DEFAULT_TEMPLATE).ok).toBe(true);
    const inputs: MarkdownInput[] = [
      INPUT,
      { ...INPUT, annotations: [] },
      { ...INPUT, article: { id: 'x1', title: 'Seed', source: { kind: 'seed', location: 's.txt' } } },
      { ...INPUT, annotations: [{ ...INPUT.annotations[0]!, orphaned: true }] },
    ];
    for (const input of inputs) {
      expect(renderTemplate(DEFAULT_TEMPLATE, buildTemplateView(input))).toEqual({ ok: true, markdown: renderArticleMarkdown(input) });
    }
  });

  it('is written out in docs/EXPORT.md, which documents every variable', async () => {
    const doc = await readFile(join(process.cwd(), 'docs', 'EXPORT.md'), 'utf8');
    expect(doc).toContain(DEFAULT_TEMPLATE);
    for (const variable of TEMPLATE_VARIABLES) expect(doc, variable.name).toContain(`\`${variable.name}\``);
  });
});

describe('buildTemplateView', () => {
  const view = buildTemplateView(INPUT);

  it('documents every variable it provides, and provides every variable it documents', () => {
    const documented = (scope: string): string[] =>
      TEMPLATE_VARIABLES.filter((variable) => variable.scope === scope)
        .map((variable) => variable.name)
        .sort();
    expect(Object.keys(view).sort()).toEqual(documented('article'));
    expect(Object.keys(view.highlights[0]!).sort()).toEqual(documented('highlight'));
    expect(Object.keys(view.tags[0]!).sort()).toEqual(documented('tag'));
    for (const variable of TEMPLATE_VARIABLES) {
      expect(variable.description.length, variable.name).toBeGreaterThan(10);
      expect(variable.example.length, variable.name).toBeGreaterThan(0);
    }
  });

  it('gives the article fields raw, Markdown-escaped and as YAML', () => {
    expect(view).toMatchObject({
      title: 'Fish & <Chips>: "a history"',
      titleEscaped: 'Fish \\& \\<Chips\\>: "a history"',
      titleYaml: '"Fish & <Chips>: \\"a history\\""',
      author: 'A. Cook',
      site: null,
      siteYaml: null,
      source: 'https://example.com/fish',
      sourceUrl: 'https://example.com/fish',
      published: '2022-10-01',
      exported: '2024-05-06T07:08:09.000Z',
      glossId: 'art1',
      glossUrl: 'gloss://article/art1',
      highlightCount: 2,
      hasTags: true,
    });
    expect(view.tags.map((tag) => tag.tag)).toEqual(['food', 'uk/history']);
  });

  it('gives each highlight in text order, with its position in the article as a percentage', () => {
    expect(view.highlights.map((highlight) => [highlight.id, highlight.position])).toEqual([
      ['aaaaaaaaaaaaaaaa', 10],
      ['bbbbbbbbbbbbbbbb', 75],
    ]);
    expect(view.highlights[1]).toMatchObject({
      quote: 'second *one*',
      quoteEscaped: 'second \\*one\\*',
      quoteBlock: '> second \\*one\\*',
      note: 'Not so',
      noteEscaped: 'Not so',
      hasNote: true,
      hashtags: '#food #uk/history',
      color: 'pink',
      colorLabel: 'Disagree',
      created: '2024-05-01T10:00:00.000Z',
      updated: '2024-05-02T11:00:00.000Z',
      link: 'gloss://article/art1#bbbbbbbbbbbbbbbb',
      blockId: 'gl-bbbbbbbb',
      orphaned: false,
    });
    expect(view.highlights[0]?.quoteBlock).toBe('> first\n> line two');
  });

  it('has no position without the text length, or for an orphan', () => {
    const { articleTextLength: _length, ...noLength } = INPUT;
    expect(buildTemplateView(noLength).highlights.map((highlight) => highlight.position)).toEqual([null, null]);
    const orphan = buildTemplateView({ ...INPUT, annotations: [{ ...INPUT.annotations[0]!, orphaned: true }] });
    expect(orphan.highlights[0]?.position).toBeNull();
    expect(orphan.highlights[0]?.orphaned).toBe(true);
  });
});

describe('renderTemplate', () => {
  const view = buildTemplateView(INPUT);

  it('renders a user template, such as Obsidian callouts, with any of the variables', () => {
    const template = [
      '# {{titleEscaped}} ({{highlightCount}})',
      '{{#highlights}}',
      '> [!quote] {{colorLabel}} · {{position}}%{{#hasNote}} — {{noteEscaped}}{{/hasNote}}',
      '{{quoteBlock}}',
      '> {{hashtags}} [↗]({{link}}) ^{{blockId}}',
      '{{/highlights}}',
      '',
    ].join('\n');
    const result = renderTemplate(template, view);
    expect(result).toEqual({
      ok: true,
      markdown: [
        '# Fish \\& \\<Chips\\>: "a history" (2)',
        '> [!quote] Key idea · 10%',
        '> first',
        '> line two',
        '>  [↗](gloss://article/art1#aaaaaaaaaaaaaaaa) ^gl-aaaaaaaa',
        '> [!quote] Disagree · 75% — Not so',
        '> second \\*one\\*',
        '> #food #uk/history [↗](gloss://article/art1#bbbbbbbbbbbbbbbb) ^gl-bbbbbbbb',
        '',
      ].join('\n'),
    });
  });

  it('does not HTML-escape: {{name}} inserts the value as it is', () => {
    expect(renderTemplate('{{title}}|{{{title}}}|{{& title}}', view)).toEqual({
      ok: true,
      markdown: 'Fish & <Chips>: "a history"|Fish & <Chips>: "a history"|Fish & <Chips>: "a history"',
    });
  });

  it('leaves out a section whose value is missing, and renders its inverse', () => {
    expect(renderTemplate('{{#site}}site: {{siteYaml}}{{/site}}{{^site}}no site{{/site}}', view)).toEqual({
      ok: true,
      markdown: 'no site',
    });
  });

  const broken: [string, string, RegExp][] = [
    ['an unclosed section', 'title\n{{#highlights}}\n{{quote}}\n', /Unclosed section "highlights".*line \d+, column \d+/],
    ['a section closed by the wrong name', '{{#highlights}}{{quote}}{{/hasNote}}', /Unclosed section "highlights".*line 1, column 25/],
    ['a section closed that was never opened', 'a\nb {{/highlights}}', /Unopened section "highlights".*line 2, column 3/],
    ['an unclosed tag', 'hello {{title', /Unclosed tag.*line 1/],
    ['a bad delimiter change', '{{=<% =}}', /not valid Mustache: Invalid tags/],
    ['a typo in a name', 'one\ntwo {{titel}}', /Unknown variable "titel", at line 2, column 5\. The variables are listed in docs\/EXPORT\.md\./],
    ['a highlight variable outside the highlights', '{{quote}}', /"quote" is only available inside \{\{#highlights\}\}/],
    ['a tag variable outside a tag list', '{{#highlights}}{{hashtag}}{{/highlights}}', /"hashtag" is only available inside \{\{#tags\}\}/],
    ['a partial', '{{> header}}', /Partials .* are not supported, at line 1, column 1/],
    ['an empty tag', 'x {{}}', /Empty tag/],
  ];
  for (const [what, template, message] of broken) {
    it(`rejects ${what} with a message that says where`, () => {
      const result = renderTemplate(template, view);
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.error).toMatch(message);
      expect(validateTemplate(template).ok).toBe(false);
    });
  }

  it('accepts names from an enclosing scope and dotted names on known variables', () => {
    expect(renderTemplate('{{#highlights}}{{title}}:{{#tags}}{{tag}},{{/tags}};{{/highlights}}', view)).toEqual({
      ok: true,
      markdown: `${INPUT.article.title}:;${INPUT.article.title}:food,uk/history,;`,
    });
    expect(renderTemplate('{{highlights.length}} {{#author}}{{.}}{{/author}}', view)).toEqual({ ok: true, markdown: '2 A. Cook' });
  });

  it('refuses a template too long to be a template', () => {
    const result = renderTemplate('x'.repeat(200_000), view);
    expect(result.ok).toBe(false);
  });
});
