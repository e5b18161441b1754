import { createHash } from 'node:crypto';
import { DEFAULT_COLOR_LABELS, type Annotation, type ArticleSummary, type ColorSetting } from '../../preload/api';
import { annotationUrl, articleUrl } from '../gloss-url';
import { blockquote, escapeMarkdownLines, hashtag, yamlString } from './markdown-escape';

/**
 * The values an export template can use, computed once from an article and
 * its annotations. The default Markdown export and user templates read the
 * same view, so a user template can reproduce (and then change) anything the
 * default does.
 *
 * Every string that a template might put into Markdown comes twice: raw (as
 * the user typed it) and escaped for its destination (`…Escaped` for Markdown
 * text, `…Yaml` for a front-matter value), so a template never has to escape
 * anything itself and the default keeps its round-trip guarantee. Missing
 * values are `null`, never absent: Mustache would otherwise look the name up
 * in the enclosing article while rendering a highlight.
 */

export interface MarkdownInput {
  article: Pick<ArticleSummary, 'id' | 'title' | 'source' | 'publishedAt' | 'site' | 'byline'>;
  annotations: readonly Annotation[];
  colors: readonly ColorSetting[];
  exportedAt: Date;
  /** The length of the article's canonical text; without it, `position` is null. */
  articleTextLength?: number;
}

export interface TagView {
  /** The tag as the user typed it. */
  name: string;
  /** The tag as notebooks accept it, without "#": no spaces, not purely numeric, nesting kept. */
  tag: string;
  /** `tag` with its "#". */
  hashtag: string;
  /** `tag` as a YAML double-quoted string. */
  yaml: string;
}

export interface HighlightView {
  id: string;
  quote: string;
  quoteEscaped: string;
  quoteBlock: string;
  note: string;
  noteEscaped: string;
  hasNote: boolean;
  tags: TagView[];
  hashtags: string;
  hasTags: boolean;
  color: string;
  colorLabel: string;
  colorLabelEscaped: string;
  position: number | null;
  start: number;
  end: number;
  created: string;
  updated: string;
  link: string;
  blockId: string;
  orphaned: boolean;
}

export interface ArticleView {
  title: string;
  titleEscaped: string;
  titleYaml: string;
  author: string | null;
  authorEscaped: string | null;
  authorYaml: string | null;
  site: string | null;
  siteEscaped: string | null;
  siteYaml: string | null;
  source: string;
  sourceEscaped: string;
  sourceYaml: string;
  sourceUrl: string | null;
  published: string | null;
  publishedYaml: string | null;
  exported: string;
  exportedYaml: string;
  glossId: string;
  glossIdYaml: string;
  glossUrl: string;
  tags: TagView[];
  hasTags: boolean;
  highlightCount: number;
  highlights: HighlightView[];
}

export type TemplateView = ArticleView;

export function buildTemplateView(input: MarkdownInput): TemplateView {
  const { article, colors, exportedAt, articleTextLength } = input;
  const ordered = inTextOrder(input.annotations);
  const author = nonEmpty(article.byline);
  const site = nonEmpty(article.site);
  const published = nonEmpty(article.publishedAt);
  const source = sourceText(article.source);
  const tags = unionOfTags(ordered);
  const exported = exportedAt.toISOString();
  return {
    title: article.title,
    titleEscaped: escapeInline(article.title),
    titleYaml: yamlString(article.title),
    author,
    authorEscaped: author === null ? null : escapeInline(author),
    authorYaml: author === null ? null : yamlString(author),
    site,
    siteEscaped: site === null ? null : escapeInline(site),
    siteYaml: site === null ? null : yamlString(site),
    source,
    sourceEscaped: escapeInline(source),
    sourceYaml: yamlString(source),
    sourceUrl: sourceUrlOf(article.source),
    published,
    publishedYaml: published === null ? null : yamlString(published),
    exported,
    exportedYaml: yamlString(exported),
    glossId: article.id,
    glossIdYaml: yamlString(article.id),
    glossUrl: articleUrl(article.id),
    tags,
    hasTags: tags.length > 0,
    highlightCount: ordered.length,
    highlights: ordered.map((annotation) => highlightView(article.id, annotation, colors, articleTextLength)),
  };
}

export function highlightView(
  articleId: string,
  annotation: Annotation,
  colors: readonly ColorSetting[],
  articleTextLength?: number,
): HighlightView {
  const tags = tagViews(annotation.tags);
  const noteEscaped = escapeMarkdownLines(annotation.note).join('\n');
  const colorLabel = colorLabelOf(annotation.color, colors);
  const orphaned = annotation.orphaned === true;
  return {
    id: annotation.id,
    quote: annotation.quote,
    quoteEscaped: escapeMarkdownLines(annotation.quote).join('\n'),
    // An all-blank quote still needs a blockquote, or the highlight's parts would shift.
    quoteBlock: blockquote(annotation.quote) || '>',
    note: annotation.note,
    noteEscaped,
    hasNote: noteEscaped.length > 0,
    tags,
    hashtags: tags.map((tag) => tag.hashtag).join(' '),
    hasTags: tags.length > 0,
    color: annotation.color,
    colorLabel,
    colorLabelEscaped: escapeInline(colorLabel),
    position:
      orphaned || !articleTextLength || articleTextLength <= 0
        ? null
        : Math.min(100, Math.max(0, Math.round((annotation.start / articleTextLength) * 100))),
    start: annotation.start,
    end: annotation.end,
    created: annotation.createdAt,
    updated: annotation.updatedAt,
    link: annotationUrl(articleId, annotation.id),
    blockId: obsidianBlockId(annotation.id),
    orphaned,
  };
}

/** Highlights in the order a reader meets them; the id breaks ties so the order never depends on storage. */
export function inTextOrder(annotations: readonly Annotation[]): Annotation[] {
  return [...annotations].sort(
    (a, b) => a.start - b.start || a.end - b.end || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/**
 * A stable Obsidian block id for a highlight, so `[[note#^gl-…]]` links keep
 * working across re-exports. Obsidian allows only letters, digits and "-".
 * Gloss ids are lowercase base-32, so the first 8 characters are used as
 * they are (readable, and 40 bits is plenty within one note); any other id is
 * hashed, so the id is still a pure function of the annotation id.
 */
export function obsidianBlockId(annotationId: string): string {
  if (/^[a-z0-9]{8,}$/.test(annotationId)) return `gl-${annotationId.slice(0, 8)}`;
  return `gl-${createHash('sha256').update(annotationId, 'utf8').digest('hex').slice(0, 8)}`;
}

/** The tags, as notebooks accept them; tags that clean up to nothing, or twice, are dropped. */
export function tagViews(tags: readonly string[]): TagView[] {
  const seen = new Set<string>();
  const views: TagView[] = [];
  for (const name of tags) {
    const hash = hashtag(name);
    if (hash === '') continue;
    const key = hash.toLocaleLowerCase('en');
    if (seen.has(key)) continue;
    seen.add(key);
    const tag = hash.slice(1);
    views.push({ name, tag, hashtag: hash, yaml: yamlString(tag) });
  }
  return views;
}

/**
 * Every tag used in the article, once each (ignoring case, the first spelling
 * in text order wins), sorted, in the same cleaned form as the inline #tags so
 * the front matter and the body agree.
 */
function unionOfTags(ordered: readonly Annotation[]): TagView[] {
  return tagViews(ordered.flatMap((annotation) => annotation.tags)).sort((a, b) =>
    a.tag.localeCompare(b.tag, 'en'),
  );
}

/** The user's label for a colour, never the colour id unless there is nothing better. */
export function colorLabelOf(color: string, colors: readonly ColorSetting[]): string {
  const label = colors.find((setting) => setting.id === color)?.label.trim();
  if (label) return label;
  return (DEFAULT_COLOR_LABELS as Record<string, string | undefined>)[color] ?? color;
}

export function sourceText(source: ArticleSummary['source']): string {
  return source.kind === 'seed' ? `Gloss sample: ${source.location}` : source.location;
}

/**
 * The original page as a link destination, when the article came from the
 * web. Only http(s); parsed and re-serialized by URL, which percent-encodes
 * spaces and angle brackets, and parentheses are encoded too so the plain
 * `[text](destination)` form is always well-formed.
 */
export function sourceUrlOf(source: ArticleSummary['source']): string | null {
  if (source.kind !== 'url') return null;
  let url: URL;
  try {
    url = new URL(source.location.trim());
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  return url.href.replace(/\(/g, '%28').replace(/\)/g, '%29');
}

function escapeInline(text: string): string {
  return escapeMarkdownLines(text).filter((line) => line !== '').join(' ');
}

function nonEmpty(value: string | undefined): string | null {
  return value !== undefined && value.trim() !== '' ? value : null;
}

// ---------------------------------------------------------------------------
// The documentation of every variable: the settings screen lists it and
// docs/EXPORT.md mirrors it (a test keeps the three in step).
// ---------------------------------------------------------------------------

export interface TemplateVariable {
  name: string;
  /** Where the name can be used: anywhere, inside {{#highlights}}, or inside a {{#tags}} list. */
  scope: 'article' | 'highlight' | 'tag';
  description: string;
  example: string;
}

export const TEMPLATE_VARIABLES: readonly TemplateVariable[] = [
  // Article
  { scope: 'article', name: 'title', description: 'The article title, as it is.', example: 'ASEAN calls for a new high' },
  { scope: 'article', name: 'titleEscaped', description: 'The title, escaped for Markdown text (a heading, a paragraph).', example: 'ASEAN \\#1 partner' },
  { scope: 'article', name: 'titleYaml', description: 'The title as a YAML double-quoted string, for front matter.', example: '"ASEAN: a new high"' },
  { scope: 'article', name: 'author', description: 'The byline, or empty when unknown (use {{#author}}…{{/author}} to leave a line out).', example: 'By Jane Doe' },
  { scope: 'article', name: 'authorEscaped', description: 'The byline, escaped for Markdown.', example: 'By Jane Doe' },
  { scope: 'article', name: 'authorYaml', description: 'The byline as a YAML string.', example: '"By Jane Doe"' },
  { scope: 'article', name: 'site', description: 'The site or publication, or empty when unknown.', example: 'news.example.com' },
  { scope: 'article', name: 'siteEscaped', description: 'The site, escaped for Markdown.', example: 'news.example.com' },
  { scope: 'article', name: 'siteYaml', description: 'The site as a YAML string.', example: '"news.example.com"' },
  { scope: 'article', name: 'source', description: 'Where the article came from: its URL, the imported file, or "Gloss sample: " and the sample file name.', example: 'https://news.example.com/asean' },
  { scope: 'article', name: 'sourceEscaped', description: 'The source, escaped for Markdown text.', example: 'https://news.example.com/asean' },
  { scope: 'article', name: 'sourceYaml', description: 'The source as a YAML string.', example: '"https://news.example.com/asean"' },
  { scope: 'article', name: 'sourceUrl', description: 'The original web page as a safe link destination, or empty when the article did not come from the web.', example: 'https://news.example.com/asean' },
  { scope: 'article', name: 'published', description: 'The publication date (YYYY-MM-DD), or empty when unknown.', example: '2023-02-23' },
  { scope: 'article', name: 'publishedYaml', description: 'The publication date as a YAML string.', example: '"2023-02-23"' },
  { scope: 'article', name: 'exported', description: 'When this export was made (ISO 8601, UTC).', example: '2024-05-06T07:08:09.000Z' },
  { scope: 'article', name: 'exportedYaml', description: 'The export time as a YAML string.', example: '"2024-05-06T07:08:09.000Z"' },
  { scope: 'article', name: 'glossId', description: "The article's id in Gloss.", example: 'k3x9q2mfa7b4c5d6' },
  { scope: 'article', name: 'glossIdYaml', description: 'The id as a YAML string.', example: '"k3x9q2mfa7b4c5d6"' },
  { scope: 'article', name: 'glossUrl', description: 'A link that opens the article in Gloss.', example: 'gloss://article/k3x9q2mfa7b4c5d6' },
  { scope: 'article', name: 'tags', description: "Every highlight's tags, once each, sorted: a list (see the tag variables).", example: '{{#tags}}{{hashtag}} {{/tags}}' },
  { scope: 'article', name: 'hasTags', description: 'True when the list in `tags` is not empty.', example: '{{#hasTags}}…{{/hasTags}}' },
  { scope: 'article', name: 'highlightCount', description: 'How many highlights are exported.', example: '3' },
  { scope: 'article', name: 'highlights', description: 'The highlights in text order: a list (see the highlight variables). {{^highlights}}…{{/highlights}} renders when there are none.', example: '{{#highlights}}{{quoteBlock}}{{/highlights}}' },
  // Highlight
  { scope: 'highlight', name: 'id', description: "The highlight's id in Gloss.", example: 'p7t2m4q9x3c8v6b1' },
  { scope: 'highlight', name: 'quote', description: 'The highlighted passage, as it is.', example: 'Qin stressed that…' },
  { scope: 'highlight', name: 'quoteEscaped', description: 'The passage escaped for Markdown text, line breaks kept.', example: 'Qin stressed \\*that\\*' },
  { scope: 'highlight', name: 'quoteBlock', description: 'The passage as a Markdown blockquote, every line starting with ">".', example: '> Qin stressed that…' },
  { scope: 'highlight', name: 'note', description: 'The note, as typed.', example: 'Compare with the 2021 summit' },
  { scope: 'highlight', name: 'noteEscaped', description: 'The note escaped for Markdown text, paragraphs kept.', example: 'Compare with the 2021 summit' },
  { scope: 'highlight', name: 'hasNote', description: 'True when the highlight has a note.', example: '{{#hasNote}}{{noteEscaped}}{{/hasNote}}' },
  { scope: 'highlight', name: 'tags', description: "The highlight's own tags: a list (see the tag variables).", example: '{{#tags}}{{hashtag}} {{/tags}}' },
  { scope: 'highlight', name: 'hasTags', description: 'True when the highlight has tags.', example: '{{#hasTags}}Tags: {{hashtags}}{{/hasTags}}' },
  { scope: 'highlight', name: 'hashtags', description: "The highlight's tags as #tags separated by spaces.", example: '#diplomacy #region/asean' },
  { scope: 'highlight', name: 'color', description: 'The colour id (yellow, green, blue, pink, purple).', example: 'blue' },
  { scope: 'highlight', name: 'colorLabel', description: "The colour's label as the user named it in settings.", example: 'Key idea' },
  { scope: 'highlight', name: 'colorLabelEscaped', description: 'The label, escaped for Markdown.', example: 'Key idea' },
  { scope: 'highlight', name: 'position', description: 'Where the passage starts, as a percentage of the article (0–100), or empty when unknown or orphaned.', example: '42' },
  { scope: 'highlight', name: 'start', description: 'The offset of the passage in the article text (UTF-16 code units).', example: '1204' },
  { scope: 'highlight', name: 'end', description: 'The offset just after the passage.', example: '1262' },
  { scope: 'highlight', name: 'created', description: 'When the highlight was made (ISO 8601).', example: '2024-05-01T10:00:00.000Z' },
  { scope: 'highlight', name: 'updated', description: 'When the highlight was last changed (ISO 8601).', example: '2024-05-02T09:30:00.000Z' },
  { scope: 'highlight', name: 'link', description: 'A link that opens the article in Gloss at this highlight.', example: 'gloss://article/k3x9q2mfa7b4c5d6#p7t2m4q9x3c8v6b1' },
  { scope: 'highlight', name: 'blockId', description: 'A stable Obsidian block id (write it as ^{{blockId}}); it never changes between exports.', example: 'gl-p7t2m4q9' },
  { scope: 'highlight', name: 'orphaned', description: 'True when the passage is no longer in the article (the text changed).', example: '{{#orphaned}}(orphaned){{/orphaned}}' },
  // Tag (inside {{#tags}})
  { scope: 'tag', name: 'name', description: 'The tag as the user typed it.', example: 'foreign policy' },
  { scope: 'tag', name: 'tag', description: 'The tag as notebooks accept it, without "#": spaces become "-", a numeric tag gets "_", nesting a/b is kept.', example: 'foreign-policy' },
  { scope: 'tag', name: 'hashtag', description: 'The tag with its "#".', example: '#foreign-policy' },
  { scope: 'tag', name: 'yaml', description: 'The tag (without "#") as a YAML string, for a front-matter list.', example: '"foreign-policy"' },
];
