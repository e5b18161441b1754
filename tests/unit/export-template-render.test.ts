import Mustache from 'mustache';
import { describe, expect, it } from 'vitest';
import { DEFAULT_COLOR_LABELS, HIGHLIGHT_COLORS, type Annotation, type ColorSetting } from '../../preload/api';
import { blockquote, escapeMarkdownLine, escapeMarkdownLines, escapeMarkdownText } from '../../main/export/markdown-escape';
import { renderArticleMarkdown, type MarkdownInput } from '../../main/export/markdown';
import {
  buildTemplateView,
  buildUsedView,
  compileTemplate,
  DEFAULT_TEMPLATE,
  renderArticleTemplate,
  renderTemplate,
  TEMPLATE_VARIABLES,
} from '../../main/export/template';

/**
 * The export's fast paths: templates compiled once and rendered by Gloss's
 * own walk of Mustache's parse tree, views that build only what a template
 * reads, and escaping that skips clean lines. Each must give exactly what
 * the straightforward way gives, which these tests compare directly.
 */

const COLORS: ColorSetting[] = HIGHLIGHT_COLORS.map((id) => ({ id, label: DEFAULT_COLOR_LABELS[id] }));

function annotation(fields: Partial<Annotation> & Pick<Annotation, 'id' | 'quote' | 'start'>): Annotation {
  return {
    articleId: 'article0000000001',
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

const ANNOTATIONS: Annotation[] = [
  annotation({ id: 'bbbbbbbbbbbbbbbb', start: 750, quote: 'second *one*', color: 'pink', note: 'Not so', tags: ['food', 'UK/history', 'uk/history'] }),
  annotation({ id: 'aaaaaaaaaaaaaaaa', start: 100, quote: 'first\nline two\n\n\n# third', tags: ['2023', 'foreign policy'] }),
  annotation({ id: 'cccccccccccccccc', start: 900, quote: '   ', note: '  1. not a list \n\n\n- nor this\t', color: 'blue', orphaned: true }),
  annotation({ id: 'Not_Base32-Id', start: 950, quote: '<b>[[link]]</b> ==mark== %%c%% $x$ {{y}} ^id #tag', tags: ['!!!', 'Food'] }),
];

const ARTICLE: MarkdownInput['article'] = {
  id: 'article0000000001',
  title: 'Fish & <Chips>: "a history"\nin two lines',
  source: { kind: 'url', location: 'https://example.com/fish (1)' },
  publishedAt: '2022-10-01',
  byline: 'A. Cook',
};

const INPUTS: MarkdownInput[] = [
  { article: ARTICLE, annotations: ANNOTATIONS, colors: COLORS, exportedAt: new Date('2024-05-06T07:08:09.000Z'), articleTextLength: 1000 },
  { article: { ...ARTICLE, byline: undefined, site: 'Site *one*' }, annotations: [], colors: COLORS, exportedAt: new Date('2024-05-06T07:08:09.000Z') },
  {
    article: { id: 'seed1', title: 'Seed', source: { kind: 'seed', location: 's.txt' } },
    annotations: ANNOTATIONS.slice(0, 1),
    colors: [{ id: 'pink', label: '  Disagree *strongly*  ' }],
    exportedAt: new Date('2024-05-06T07:08:09.000Z'),
  },
];

const variablesOf = (scope: string): string[] => TEMPLATE_VARIABLES.filter((variable) => variable.scope === scope).map((variable) => variable.name);

/** Every variable, in every scope where it can be read, including names read from an enclosing scope. */
const EVERY_VARIABLE = [
  ...variablesOf('article').map((name) => `${name}=[{{${name}}}]`),
  '{{#highlights}}',
  ...variablesOf('highlight').map((name) => `${name}=[{{${name}}}]`),
  '{{#tags}}',
  ...variablesOf('tag').map((name) => `${name}=[{{${name}}}]`),
  'enclosing={{id}},{{title}}',
  '{{/tags}}',
  'article title inside={{titleEscaped}}',
  '{{/highlights}}',
  '{{#tags}}{{name}}|{{tag}}|{{hashtag}}|{{yaml}};{{/tags}}',
  '',
].join('\n');

const TEMPLATES: string[] = [
  DEFAULT_TEMPLATE,
  EVERY_VARIABLE,
  // Only a few variables, so that most of the view is not built.
  '{{#highlights}}{{quoteBlock}}\n{{/highlights}}',
  '{{#highlights}}{{quoteEscaped}}|{{quoteBlock}}|{{quote}}\n{{/highlights}}',
  '{{#highlights}}{{noteEscaped}}{{/highlights}}{{#highlights}}{{#hasNote}}note{{/hasNote}}{{/highlights}}',
  // `tags` and `hasTags` exist on the article and on each highlight: read in one scope only, then in both.
  '{{#hasTags}}{{#tags}}{{hashtag}} {{/tags}}{{/hasTags}}{{#highlights}}[{{hashtags}}]{{/highlights}}',
  '{{#highlights}}{{#hasTags}}{{#tags}}{{tag}},{{/tags}}{{/hasTags}}{{^hasTags}}none{{/hasTags}};{{/highlights}}',
  '{{#highlights}}{{#tags}}{{hashtag}}{{/tags}}{{/highlights}}|{{#tags}}{{yaml}}{{/tags}}|{{hasTags}}',
  // Sections over strings, numbers and booleans; `.`; inverted sections; lists used as values.
  '{{#author}}by {{.}} ({{authorYaml}}){{/author}}{{^site}}no site{{/site}}{{#site}}{{.}}{{/site}}',
  '{{#highlightCount}}{{.}} highlight(s) in {{title}}{{/highlightCount}}{{^highlightCount}}none{{/highlightCount}}',
  '{{#highlights}}{{#position}}{{.}}%{{/position}}{{#orphaned}}orphan {{id}}{{/orphaned}}{{#start}}@{{.}}{{/start}}\n{{/highlights}}',
  '{{#.}}{{title}}{{/.}}|{{#highlights}}{{#.}}{{blockId}}{{/.}}{{/highlights}}|{{highlights}}|{{tags}}',
  '{{^highlights}}empty{{/highlights}}{{^tags}}no tags{{/tags}}{{#highlights}}{{^tags}}-{{/tags}}{{/highlights}}',
  // Triple mustaches, comments, a delimiter change, standalone lines.
  '{{{title}}}|{{& titleYaml}}|{{! a comment }}\n{{#highlights}}\n  {{link}}\n{{/highlights}}\n{{=<% %>=}}<% glossUrl %> <%#highlights%><%color%> <%/highlights%>',
  // Dotted names: left to Mustache itself, with the whole view.
  '{{highlights.length}} {{title.length}} {{#highlights.2}}[{{hasTags}}]{{/highlights.2}} {{#author}}{{.}}{{/author}}',
];

function withMustache(template: string, view: object): string {
  return new Mustache.Writer().render(template, view, undefined, { tags: ['{{', '}}'], escape: (value: unknown) => String(value) });
}

describe('rendering a template', () => {
  it('gives exactly what Mustache gives, for every variable and every kind of section', () => {
    for (const template of TEMPLATES) {
      for (const input of INPUTS) {
        const view = buildTemplateView(input);
        expect(renderTemplate(template, view), template).toEqual({ ok: true, markdown: withMustache(template, view) });
      }
    }
  });

  it('builds only the variables a template reads, and renders the same as with the whole view', () => {
    for (const template of TEMPLATES) {
      for (const input of INPUTS) {
        expect(renderArticleTemplate(template, input), template).toEqual(renderTemplate(template, buildTemplateView(input)));
      }
    }
    for (const input of INPUTS) expect(renderArticleTemplate(DEFAULT_TEMPLATE, input)).toEqual({ ok: true, markdown: renderArticleMarkdown(input) });
  });

  it('leaves unread variables unbuilt', () => {
    const compiled = compileTemplate('# {{titleEscaped}}\n{{#highlights}}{{quoteBlock}}{{#hasTags}} {{hashtags}}{{/hasTags}}\n{{/highlights}}');
    if (!compiled.ok) throw new Error(compiled.error);
    const view = buildUsedView(INPUTS[0]!, compiled.compiled.usage);
    expect(view.titleEscaped).toBe('Fish \\& \\<Chips\\>: "a history" in two lines');
    expect(view.titleYaml).toBeUndefined();
    expect(view.tags).toBeUndefined();
    const highlight = view.highlights![0]!;
    expect(highlight.quoteBlock).toBe('> first\n> line two\n>\n> \\# third');
    expect(highlight.hashtags).toBe('#_2023 #foreign-policy');
    expect([highlight.quoteEscaped, highlight.noteEscaped, highlight.tags, highlight.link, highlight.colorLabelEscaped]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });

  it('builds whole views for a template with a dotted name, which can reach any view', () => {
    // `hasTags` is read outside {{#highlights}}, yet here it is the third highlight's (false), not the article's.
    const template = '{{#highlights.2}}[{{hasTags}}]{{/highlights.2}}';
    const compiled = compileTemplate(template);
    expect(compiled.ok && compiled.compiled.usage).toBeNull();
    expect(renderArticleTemplate(template, INPUTS[0]!)).toEqual({ ok: true, markdown: '[false]' });
  });

  it('leaves a view holding functions to Mustache, which calls them', () => {
    const view = { title: () => 'called', highlights: [{ quote: 'q' }] };
    expect(renderTemplate('{{title}}/{{#highlights}}{{quote}}{{/highlights}}', view)).toEqual({ ok: true, markdown: 'called/q' });
  });

  it('compiles a template once, and reports the same error for a broken one every time', () => {
    const first = compileTemplate(DEFAULT_TEMPLATE);
    const second = compileTemplate(DEFAULT_TEMPLATE);
    expect(first.ok && second.ok && first.compiled === second.compiled).toBe(true);
    expect(compileTemplate('{{titel}}')).toEqual(compileTemplate('{{titel}}'));
    expect(compileTemplate('{{titel}}').ok).toBe(false);
  });

  it('takes each export\'s colour labels, though tags and plans are kept between exports', () => {
    const input = INPUTS[0]!;
    const relabelled = { ...input, colors: COLORS.map((color) => ({ ...color, label: `${color.label} #2` })) };
    const before = renderArticleMarkdown(input);
    const after = renderArticleMarkdown(relabelled);
    expect(after).toContain('Colour: Pink \\#2 ·');
    expect(before).toContain('Colour: Pink ·');
    expect(renderArticleMarkdown(input)).toBe(before);
  });
});

/** escapeMarkdownLine as it was before its fast path: the reference. */
function referenceEscapeLine(line: string): string {
  let escaped = line.replace(/[\\`*_[\]<>&~=^%|$#{}]/g, (char) => `\\${char}`);
  escaped = escaped.replace(/^([ \t]*)([-+])/, '$1\\$2');
  escaped = escaped.replace(/^([ \t]*\d{1,9})([.)])/, '$1\\$2');
  const encode = (run: string): string => [...run].map((char) => (char === '\t' ? '&#9;' : '&#32;')).join('');
  escaped = escaped.replace(/^[ \t]+/, encode);
  escaped = escaped.replace(/[ \t]+$/, encode);
  return escaped;
}

describe('escaping', () => {
  const pieces = ['', ' ', '\t', '  ', '-', '+', '*', '1', '12.', '123456789)', '1234567890.', '1.', '9)', 'a', 'word', '#', '\\', '`', '|', '==', 'é', '—', '\u00a0', '\u2028', '.', ')'];
  const lines: string[] = [];
  for (const a of pieces) for (const b of pieces) for (const c of ['', ' ', 'x', '\t', '_']) lines.push(`${a}${b}${c}`);
  for (let code = 0; code < 0x250; code += 1) lines.push(String.fromCharCode(code), `a${String.fromCharCode(code)}b`);

  it('gives a line with nothing to escape back as it is, and escapes every other line as before', () => {
    // One comparison of the lists (a failure shows the index): an expect per line made this test slow.
    expect(lines.map(escapeMarkdownLine)).toEqual(lines.map(referenceEscapeLine));
  });

  it('escapes text once for both its escaped and its blockquote forms', () => {
    const texts = [...lines.slice(0, 400), 'a\nb', 'a\r\nb\r\rc', '\n\n a \n\n\n b \n', '   \n\t\n', '', '#\n\n-'];
    for (const text of texts) {
      const escapedLines = escapeMarkdownLines(text);
      expect(escapeMarkdownText(text), JSON.stringify(text)).toBe(escapedLines.join('\n'));
      expect(blockquote(text), JSON.stringify(text)).toBe(escapedLines.map((line) => (line === '' ? '>' : `> ${line}`)).join('\n'));
    }
  });
});
