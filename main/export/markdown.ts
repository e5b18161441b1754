import type { Annotation, ColorSetting } from '../../preload/api';
import { escapeMarkdownLines, hashtag, yamlString } from './markdown-escape';
import { compileTemplate, DEFAULT_HIGHLIGHT_TEMPLATE, DEFAULT_TEMPLATE, type CompiledTemplate } from './template';
import {
  buildGroupViews,
  buildUsedView,
  inTextOrder,
  TEMPLATE_VARIABLES,
  type MarkdownInput,
  type TemplateVariable,
} from './template-view';

/**
 * The default Markdown export, for Obsidian and Logseq: YAML front matter,
 * the title, links back into Gloss, then each highlight in text order (a
 * blockquote of the passage, a stable block id, the colour's label and a link
 * to the highlight, the note, the tags). The format is DEFAULT_TEMPLATE in
 * template.ts; docs/EXPORT.md describes it.
 *
 * A selection export is this with a subset of the annotations.
 */
export type { MarkdownInput } from './template-view';

export function renderArticleMarkdown(input: MarkdownInput): string {
  const compiled = trusted(DEFAULT_TEMPLATE, TEMPLATE_VARIABLES);
  // Only the variables the default reads are built: it uses 9 of the 21 a highlight offers.
  return renderTrusted(compiled, buildUsedView(input, compiled.usage));
}

export interface TagGroup {
  article: MarkdownInput['article'];
  annotations: readonly Annotation[];
  /** The length of the article's canonical text, for `position`. */
  articleTextLength?: number;
}

export interface TagMarkdownInput {
  tag: string;
  /** One group per article, in the order the note should list them. */
  groups: readonly TagGroup[];
  colors: readonly ColorSetting[];
  exportedAt: Date;
}

/**
 * One note for a tag: every highlight carrying it (or a tag nested under it:
 * `region` takes in `region/asean`, as Obsidian's tag search does), across
 * articles, grouped under a heading per article. Groups left with no such
 * highlight are dropped; highlights keep their article's text order.
 */
export function renderTagMarkdown({ tag, groups, colors, exportedAt }: TagMarkdownInput): string {
  const cleaned = hashtag(tag);
  const wanted = cleaned.toLocaleLowerCase('en');
  const matches = (annotation: Annotation): boolean =>
    annotation.tags.some((candidate) => {
      const other = hashtag(candidate).toLocaleLowerCase('en');
      return other !== '' && (other === wanted || other.startsWith(`${wanted}/`));
    });
  const title = `Highlights tagged ${cleaned || tag}`;
  const compiled = trusted(TAG_TEMPLATE, TAG_VARIABLES);
  const sources = groups
    .map((group) => ({
      article: group.article,
      annotations: wanted === '' ? [] : inTextOrder(group.annotations.filter(matches)),
      articleTextLength: group.articleTextLength,
    }))
    .filter((group) => group.annotations.length > 0);
  const view = {
    title,
    titleEscaped: escapeMarkdownLines(title).join(' '),
    titleYaml: yamlString(title),
    tagYaml: cleaned === '' ? null : yamlString(cleaned.slice(1)),
    exported: exportedAt.toISOString(),
    exportedYaml: yamlString(exportedAt.toISOString()),
    groups: buildGroupViews(sources, colors, exportedAt, compiled.usage),
  };
  return renderTrusted(compiled, view);
}

const TAG_TEMPLATE = `---
title: {{titleYaml}}
exported: {{exportedYaml}}
{{#tagYaml}}
tags:
  - {{tagYaml}}
{{/tagYaml}}
{{^tagYaml}}
tags: []
{{/tagYaml}}
---

# {{titleEscaped}}
{{#groups}}

## {{titleEscaped}}

[Open in Gloss]({{glossUrl}}){{#sourceUrl}} · [Original]({{sourceUrl}}){{/sourceUrl}}
${DEFAULT_HIGHLIGHT_TEMPLATE}{{/groups}}
{{^groups}}

_No highlights with this tag._
{{/groups}}
`;

const TAG_VARIABLES: readonly TemplateVariable[] = [
  ...TEMPLATE_VARIABLES,
  { scope: 'article', name: 'tagYaml', description: 'The tag, as a YAML string.', example: '"diplomacy"' },
  { scope: 'article', name: 'groups', description: 'One entry per article, each an article view.', example: '' },
];

/** Gloss's own templates are tested; a failure here is a bug, so it throws rather than exporting something wrong. */
function trusted(template: string, variables: readonly TemplateVariable[]): CompiledTemplate {
  const result = compileTemplate(template, variables);
  if (!result.ok) throw new Error(`Gloss's built-in export template is broken: ${result.error}`);
  return result.compiled;
}

function renderTrusted(compiled: CompiledTemplate, view: object): string {
  try {
    return compiled.render(view);
  } catch (error) {
    throw new Error(`Gloss's built-in export template could not be rendered: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}

/** A file name for the export: the title as a slug. */
export function markdownFileName(title: string): string {
  const slug = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80)
    .replace(/-+$/, '');
  return `${slug || 'article'}.md`;
}

/** A file name for a tag's note, e.g. "tag-region-asean.md". */
export function tagMarkdownFileName(tag: string): string {
  return markdownFileName(`tag ${hashtag(tag).slice(1) || tag}`);
}
