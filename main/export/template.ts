import Mustache from 'mustache';
import { buildUsedView, TEMPLATE_VARIABLES, type MarkdownInput, type TemplateUsage, type TemplateVariable } from './template-view';

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

export { buildTemplateView, buildUsedView, TEMPLATE_VARIABLES } from './template-view';
export type { ArticleView, HighlightView, MarkdownInput, TagView, TemplateUsage, TemplateView, TemplateVariable } from './template-view';

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
 * A template checked and parsed once, with what it reads (see TemplateUsage)
 * and a renderer for its parse tree.
 */
export interface CompiledTemplate {
  /**
   * The names the template reads, for buildUsedView; null when they cannot be
   * known in advance (a dotted name such as `highlights.0` can reach any
   * view), and then views are built whole.
   */
  usage: TemplateUsage | null;
  /** Renders a view; throws only on a bug, or on a view holding functions that Mustache itself rejects. */
  render(view: object): string;
}

export type CompileResult = { ok: true; compiled: CompiledTemplate } | { ok: false; error: string };

/**
 * Checks a template without rendering it: Mustache syntax (unclosed or
 * unopened sections, unclosed tags, bad delimiter changes), partials (Gloss
 * has none), and variable names, so a typo is reported instead of silently
 * rendering nothing. Errors give the line and column.
 */
export function validateTemplate(template: string, variables: readonly TemplateVariable[] = TEMPLATE_VARIABLES): TemplateResult {
  const compiled = compileTemplate(template, variables);
  return compiled.ok ? { ok: true, markdown: '' } : compiled;
}

/**
 * Renders a template. A broken template gives `{ ok: false, error }` with a
 * message fit to show the user, and the caller keeps the default in force.
 */
export function renderTemplate(template: string, view: object, variables: readonly TemplateVariable[] = TEMPLATE_VARIABLES): TemplateResult {
  const compiled = compileTemplate(template, variables);
  if (!compiled.ok) return compiled;
  return renderCompiled(compiled.compiled, view);
}

/**
 * Renders a template for an article, building only the variables the
 * template reads: the same result as renderTemplate(template,
 * buildTemplateView(input)), for a fraction of the work.
 */
export function renderArticleTemplate(template: string, input: MarkdownInput): TemplateResult {
  const compiled = compileTemplate(template);
  if (!compiled.ok) return compiled;
  return renderCompiled(compiled.compiled, buildUsedView(input, compiled.compiled.usage));
}

function renderCompiled(compiled: CompiledTemplate, view: object): TemplateResult {
  try {
    return { ok: true, markdown: compiled.render(view) };
  } catch (error) {
    return { ok: false, error: `The template could not be rendered: ${messageOf(error)}` };
  }
}

/**
 * Checks and parses a template, once: an export renders the same template
 * for every article (and a folder export for hundreds), and the settings
 * screen checks the same text again and again. Results, errors included, are
 * kept for the last few templates per variable list.
 */
export function compileTemplate(template: string, variables: readonly TemplateVariable[] = TEMPLATE_VARIABLES): CompileResult {
  if (template.length > MAX_TEMPLATE_LENGTH) {
    return { ok: false, error: `The template is too long (${template.length} characters; at most ${MAX_TEMPLATE_LENGTH}).` };
  }
  let cache = compiledTemplates.get(variables);
  if (cache === undefined) {
    cache = new Map();
    compiledTemplates.set(variables, cache);
  }
  let result = cache.get(template);
  if (result !== undefined) {
    // Most recently used last, so the oldest is the one dropped.
    cache.delete(template);
  } else {
    result = compileUncached(template, variables);
    if (cache.size >= COMPILED_TEMPLATES_KEPT) cache.delete(cache.keys().next().value as string);
  }
  cache.set(template, result);
  return result;
}

const COMPILED_TEMPLATES_KEPT = 16;
const compiledTemplates = new WeakMap<readonly TemplateVariable[], Map<string, CompileResult>>();

function compileUncached(template: string, variables: readonly TemplateVariable[]): CompileResult {
  let tokens: Token[];
  try {
    tokens = new Mustache.Writer().parse(template, DELIMITERS) as Token[];
  } catch (error) {
    return { ok: false, error: describeParseError(template, error) };
  }
  const problem = checkTokens(template, tokens, variables, new Set(['article']));
  if (problem !== null) return { ok: false, error: problem };
  const usage = usageOf(tokens);
  return {
    ok: true,
    compiled: {
      usage,
      render: (view) => (usage === null ? renderWithMustache(template, tokens, view) : renderParsed(template, tokens, view)),
    },
  };
}

// ---------------------------------------------------------------------------
// What a template reads.

/**
 * The names read anywhere, and inside each section that pushes a view
 * (see TemplateUsage). Null when a name is dotted: `{{#highlights.0}}` puts a
 * highlight on the stack outside any `{{#highlights}}`, so nothing can be
 * left out.
 */
function usageOf(tokens: readonly Token[]): TemplateUsage | null {
  const usage = { root: new Set<string>(), highlights: new Set<string>(), tags: new Set<string>(), groups: new Set<string>() };
  const within: Set<string>[] = [usage.root];
  const walk = (list: readonly Token[]): boolean => {
    for (const token of list) {
      const [type, name] = token;
      if (type !== 'name' && type !== '&' && type !== '#' && type !== '^') continue;
      if (name.indexOf('.') > 0) return false;
      for (const names of within) names.add(name);
      if ((type === '#' || type === '^') && Array.isArray(token[4])) {
        // Only a {{#…}} section pushes its value; {{^…}} renders in the same views.
        const pushed = type === '#' && (name === 'highlights' || name === 'tags' || name === 'groups') ? usage[name] : null;
        if (pushed !== null) within.push(pushed);
        const complete = walk(token[4]);
        if (pushed !== null) within.pop();
        if (!complete) return false;
      }
    }
    return true;
  };
  return walk(tokens) ? usage : null;
}

// ---------------------------------------------------------------------------
// Rendering.

/**
 * Renders the parse tree as Mustache.Writer does, for views of plain data.
 * Mustache's own renderer allocates a context and a lookup cache for every
 * highlight and re-reads its configuration for every tag; on 10,000
 * highlights that was a large share of an export. The rules kept here, from
 * mustache.js 4.2 (Context.lookup, renderSection, renderInverted):
 *
 * - a name is looked up from the innermost view outwards, in the first one
 *   that is an object and has the property (`in`, so inherited ones too);
 *   `.` is the innermost view itself;
 * - `{{name}}` and `{{& name}}` insert the value as a string (the escape
 *   function is String), or nothing for null and undefined;
 * - a section renders nothing for a falsy value, once per element for an
 *   array (each pushed), once with the value pushed for an object, string or
 *   number, and once in the same views for anything else (true);
 * - an inverted section renders for a falsy value or an empty array.
 *
 * A function in the view (a Mustache lambda, or a method reached by name)
 * is left to Mustache itself: the render starts again there.
 */
function renderParsed(template: string, tokens: readonly Token[], view: object): string {
  try {
    return renderTokens(tokens, [view]);
  } catch (error) {
    if (error instanceof NeedsMustache) return renderWithMustache(template, tokens, view);
    throw error;
  }
}

class NeedsMustache extends Error {}

function renderTokens(tokens: readonly Token[], stack: unknown[]): string {
  let out = '';
  for (const token of tokens) {
    const type = token[0];
    if (type === 'text') {
      out += token[1];
    } else if (type === 'name' || type === '&') {
      const value = lookup(stack, token[1]);
      if (value !== null && value !== undefined) out += String(value);
    } else if (type === '#') {
      const value = lookup(stack, token[1]);
      if (!value) continue;
      const children = token[4] as Token[];
      if (Array.isArray(value)) {
        for (const item of value as unknown[]) {
          stack.push(item);
          out += renderTokens(children, stack);
          stack.pop();
        }
      } else if (typeof value === 'object' || typeof value === 'string' || typeof value === 'number') {
        stack.push(value);
        out += renderTokens(children, stack);
        stack.pop();
      } else {
        out += renderTokens(children, stack);
      }
    } else if (type === '^') {
      const value = lookup(stack, token[1]);
      if (!value || (Array.isArray(value) && value.length === 0)) out += renderTokens(token[4] as Token[], stack);
    }
    // Comments and delimiter changes render nothing; partials are rejected by checkTokens.
  }
  return out;
}

function lookup(stack: readonly unknown[], name: string): unknown {
  let value: unknown;
  if (name === '.') {
    value = stack[stack.length - 1];
  } else {
    for (let index = stack.length - 1; index >= 0; index -= 1) {
      const view = stack[index];
      if (view !== null && typeof view === 'object' && name in view) {
        value = (view as Record<string, unknown>)[name];
        break;
      }
    }
  }
  if (typeof value === 'function') throw new NeedsMustache();
  return value;
}

/** Mustache's own renderer, on the parse tree already made: for dotted names and functions. */
function renderWithMustache(template: string, tokens: readonly Token[], view: object): string {
  return new Mustache.Writer().renderTokens(tokens as unknown as string[][], new Mustache.Context(view), undefined, template, {
    tags: DELIMITERS,
    escape: (value: unknown) => String(value),
  });
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
