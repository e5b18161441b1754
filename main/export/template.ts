import Mustache from 'mustache';
import { TEMPLATE_VARIABLES, type TemplateVariable } from './template-view';

/**
 * User-editable export templates: Mustache (logic-less, so a template cannot
 * run code or reach the file system), rendered against the view that
 * template-view.ts builds.
 *
 * `{{name}}` inserts a value exactly as it is in the view: HTML escaping is
 * switched off, because the output is Markdown, not HTML. Escaping is the
 * view's job: it offers every text both raw and escaped (`…Escaped` for
 * Markdown, `…Yaml` for front matter).
 *
 * The default export is this module's DEFAULT_TEMPLATE, rendered by the same
 * code path as a user's template, so "the default template" is exactly the
 * default output and a user who starts from it loses nothing.
 */

export { buildTemplateView, TEMPLATE_VARIABLES } from './template-view';
export type { ArticleView, HighlightView, MarkdownInput, TagView, TemplateView, TemplateVariable } from './template-view';

export type TemplateResult = { ok: true; markdown: string } | { ok: false; error: string };

/** Mustache's own delimiters, passed explicitly so a global change elsewhere cannot affect exports. */
const DELIMITERS: [string, string] = ['{{', '}}'];
const MAX_TEMPLATE_LENGTH = 100_000;

/**
 * One highlight, as the default writes it: the passage as a blockquote, its
 * Obsidian block id on a line of its own (Obsidian's rule for quotes), then
 * the colour label and a link back, the note, and the tags. Shared by the
 * article and the tag templates.
 */
export const DEFAULT_HIGHLIGHT_TEMPLATE = `{{#highlights}}

{{quoteBlock}}

^{{blockId}}

Colour: {{colorLabelEscaped}}{{#orphaned}} · Orphaned: the passage is no longer in the article{{/orphaned}} · [Open in Gloss]({{link}})
{{#hasNote}}

{{noteEscaped}}
{{/hasNote}}
{{#hasTags}}

Tags: {{hashtags}}
{{/hasTags}}
{{/highlights}}
`;

/** The default article export: YAML front matter, the title, links back, then every highlight. */
export const DEFAULT_TEMPLATE = `---
title: {{titleYaml}}
{{#author}}
author: {{authorYaml}}
{{/author}}
{{#site}}
site: {{siteYaml}}
{{/site}}
source: {{sourceYaml}}
{{#published}}
published: {{publishedYaml}}
{{/published}}
exported: {{exportedYaml}}
{{#hasTags}}
tags:
{{#tags}}
  - {{yaml}}
{{/tags}}
{{/hasTags}}
{{^hasTags}}
tags: []
{{/hasTags}}
gloss-id: {{glossIdYaml}}
---

# {{titleEscaped}}

[Open in Gloss]({{glossUrl}}){{#sourceUrl}} · [Original]({{sourceUrl}}){{/sourceUrl}}
${DEFAULT_HIGHLIGHT_TEMPLATE}{{^highlights}}

_No highlights yet._
{{/highlights}}
`;

/**
 * Checks a template without rendering it: Mustache syntax (unclosed or
 * unopened sections, unclosed tags, bad delimiter changes), partials (Gloss
 * has none), and variable names, so a typo is reported instead of silently
 * rendering nothing. Errors give the line and column.
 */
export function validateTemplate(template: string, variables: readonly TemplateVariable[] = TEMPLATE_VARIABLES): TemplateResult {
  if (template.length > MAX_TEMPLATE_LENGTH) {
    return { ok: false, error: `The template is too long (${template.length} characters; at most ${MAX_TEMPLATE_LENGTH}).` };
  }
  let tokens: Token[];
  try {
    tokens = new Mustache.Writer().parse(template, DELIMITERS) as Token[];
  } catch (error) {
    return { ok: false, error: describeParseError(template, error) };
  }
  const problem = checkTokens(template, tokens, variables, new Set(['article']));
  return problem === null ? { ok: true, markdown: '' } : { ok: false, error: problem };
}

/**
 * Renders a template. A broken template gives `{ ok: false, error }` with a
 * message fit to show the user, and the caller keeps the default in force.
 */
export function renderTemplate(template: string, view: object, variables: readonly TemplateVariable[] = TEMPLATE_VARIABLES): TemplateResult {
  const checked = validateTemplate(template, variables);
  if (!checked.ok) return checked;
  try {
    const markdown = new Mustache.Writer().render(template, view, undefined, {
      tags: DELIMITERS,
      escape: (value: unknown) => String(value),
    });
    return { ok: true, markdown };
  } catch (error) {
    return { ok: false, error: `The template could not be rendered: ${messageOf(error)}` };
  }
}

// ---------------------------------------------------------------------------

/** Mustache's parse tree: [type, value, start, end, children?, …]. */
type Token = [string, string, number, number, Token[]?, ...unknown[]];

const SCOPE_OF_SECTION: Record<string, TemplateVariable['scope']> = { highlights: 'highlight', tags: 'tag', groups: 'article' };

function checkTokens(
  template: string,
  tokens: readonly Token[],
  variables: readonly TemplateVariable[],
  scopes: ReadonlySet<TemplateVariable['scope']>,
): string | null {
  for (const token of tokens) {
    const [type, name, start] = token;
    if (type === '>') return `Partials ({{> ${name}}}) are not supported, at ${where(template, start)}.`;
    if (type !== 'name' && type !== '&' && type !== '#' && type !== '^') continue;
    const problem = checkName(name, variables, scopes);
    if (problem !== null) return `${problem}, at ${where(template, start)}.${problem.startsWith('Unknown') ? ' The variables are listed in docs/EXPORT.md.' : ''}`;
    if ((type === '#' || type === '^') && Array.isArray(token[4])) {
      const inner = new Set(scopes);
      const scope = SCOPE_OF_SECTION[name.trim()];
      if (scope && type === '#') inner.add(scope);
      const nested = checkTokens(template, token[4], variables, inner);
      if (nested !== null) return nested;
    }
  }
  return null;
}

function checkName(
  rawName: string,
  variables: readonly TemplateVariable[],
  scopes: ReadonlySet<TemplateVariable['scope']>,
): string | null {
  const name = rawName.trim();
  if (name === '') return 'Empty tag {{}}';
  if (name === '.') return null;
  const head = name.split('.')[0] as string;
  const known = variables.filter((variable) => variable.name === head);
  if (known.length === 0) return `Unknown variable "${name}"`;
  if (known.some((variable) => scopes.has(variable.scope))) return null;
  const scope = known[0]?.scope;
  const section = scope === 'highlight' ? 'highlights' : 'tags';
  return `"${name}" is only available inside {{#${section}}}…{{/${section}}}`;
}

/** Mustache reports positions as "at <offset>"; people need a line and column. */
function describeParseError(template: string, error: unknown): string {
  const message = messageOf(error);
  const at = / at (\d+)$/.exec(message);
  if (!at) return `The template is not valid Mustache: ${message}.`;
  const offset = Number(at[1]);
  return `The template is not valid Mustache: ${message.slice(0, at.index)}, at ${where(template, offset)}.`;
}

function where(template: string, offset: number): string {
  const before = template.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return `line ${line}, column ${column}`;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
