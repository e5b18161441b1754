import { createHash } from 'node:crypto';
import { DEFAULT_COLOR_LABELS, type Annotation, type ArticleSummary, type ColorSetting } from '../../preload/api';
import { annotationUrl, articleUrl } from '../gloss-url';
import { blockquoteOfEscaped, escapeMarkdownLines, escapeMarkdownText, hashtag, yamlString } from './markdown-escape';

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

/**
 * The names a template reads, by where they are read. A template that reads
 * a dozen of the fifty variables should not pay for the rest: for 10,000
 * highlights, building every escaped and YAML form of everything costs more
 * than rendering. template.ts computes this from the parsed template.
 *
 * Mustache looks a name up in the innermost view on its stack that has it,
 * then outwards. A highlight view is on the stack only inside a
 * `{{#highlights}}` section, a tag view only inside `{{#tags}}`, a tag note's
 * article view only inside `{{#groups}}`, and the root view always. So a view
 * built with exactly the names read where it can be on the stack answers
 * every lookup as the full view would: a name it leaves out is never looked
 * up while it is there, and no name it keeps can shadow differently.
 */
export interface TemplateUsage {
  /** Every name read anywhere: all of them may reach the root view. */
  root: ReadonlySet<string>;
  /** Names read inside `{{#highlights}}`. */
  highlights: ReadonlySet<string>;
  /** Names read inside `{{#tags}}`. */
  tags: ReadonlySet<string>;
  /** Names read inside `{{#groups}}` (the tag note's per-article views). */
  groups: ReadonlySet<string>;
}

/** Every view, whole: for a template whose reads cannot be known in advance (dotted names). */
const ALL_VARIABLES: TemplateUsage | null = null;

/** Every variable the template documents. */
export function buildTemplateView(input: MarkdownInput): TemplateView {
  return buildUsedView(input, ALL_VARIABLES) as TemplateView;
}

/**
 * The view with only the variables `usage` names built (all of them for
 * null); rendering it gives exactly what rendering the whole view gives.
 * A variable that is not built is still a key, holding undefined: it is never
 * looked up where that view is on the stack (see TemplateUsage), so it is
 * never seen.
 */
export function buildUsedView(input: MarkdownInput, usage: TemplateUsage | null): Partial<TemplateView> {
  const builder = builderFor(usage);
  const ordered = inTextOrder(input.annotations);
  builder.begin(input.colors);
  try {
    return builder.article(builder.root, input.article, input.exportedAt, ordered, ordered, input.articleTextLength);
  } finally {
    builder.end();
  }
}

export interface GroupSource {
  article: MarkdownInput['article'];
  /** The group's highlights, in text order. */
  annotations: readonly Annotation[];
  articleTextLength?: number;
}

/**
 * The tag note's per-article views: an article view each, whose highlights
 * are the group's. Its own `tags` are empty: the note lists tags per
 * highlight, not per article.
 */
export function buildGroupViews(
  groups: readonly GroupSource[],
  colors: readonly ColorSetting[],
  exportedAt: Date,
  usage: TemplateUsage | null,
): Partial<ArticleView>[] {
  const builder = builderFor(usage);
  builder.begin(colors);
  try {
    return groups.map((group) =>
      builder.article(builder.group, group.article, exportedAt, group.annotations, [], group.articleTextLength),
    );
  } finally {
    builder.end();
  }
}

/**
 * One builder per usage (so per compiled template), kept for as long as the
 * template is: the plans are worked out once, and tags are cleaned once and
 * then reused by every export.
 *
 * Keeping it is also what keeps exports fast after a garbage collection.
 * V8 specializes the hot loop on the hidden classes of the objects it reads.
 * Objects made once or a few times per export (a builder, its plans, the
 * cleaned tags) were all garbage after the export, so a full GC collected
 * their hidden classes and threw away the optimized code that depended on
 * them (`node --trace-deopt`: "weak objects"), and the next export ran cold:
 * three times slower than the same export repeated without a GC. What the
 * loop reads per export now lives here, and what it makes per highlight (the
 * views) is made in bulk from one literal, whose class V8 keeps.
 */
const builders = new WeakMap<TemplateUsage, ViewBuilder>();
let wholeViewBuilder: ViewBuilder | undefined;

function builderFor(usage: TemplateUsage | null): ViewBuilder {
  if (usage === null) return (wholeViewBuilder ??= new ViewBuilder(null));
  let builder = builders.get(usage);
  if (builder === undefined) {
    builder = new ViewBuilder(usage);
    builders.set(usage, builder);
  }
  return builder;
}

/** For each variable of a view: whether to build it. */
type Wanted<View> = { readonly [Name in keyof View]-?: boolean };

function reads(used: ReadonlySet<string> | null, name: string): boolean {
  return used === null || used.has(name);
}

function articlePlan(used: ReadonlySet<string> | null): Wanted<ArticleView> {
  return {
    title: reads(used, 'title'),
    titleEscaped: reads(used, 'titleEscaped'),
    titleYaml: reads(used, 'titleYaml'),
    author: reads(used, 'author'),
    authorEscaped: reads(used, 'authorEscaped'),
    authorYaml: reads(used, 'authorYaml'),
    site: reads(used, 'site'),
    siteEscaped: reads(used, 'siteEscaped'),
    siteYaml: reads(used, 'siteYaml'),
    source: reads(used, 'source'),
    sourceEscaped: reads(used, 'sourceEscaped'),
    sourceYaml: reads(used, 'sourceYaml'),
    sourceUrl: reads(used, 'sourceUrl'),
    published: reads(used, 'published'),
    publishedYaml: reads(used, 'publishedYaml'),
    exported: reads(used, 'exported'),
    exportedYaml: reads(used, 'exportedYaml'),
    glossId: reads(used, 'glossId'),
    glossIdYaml: reads(used, 'glossIdYaml'),
    glossUrl: reads(used, 'glossUrl'),
    tags: reads(used, 'tags'),
    hasTags: reads(used, 'hasTags'),
    highlightCount: reads(used, 'highlightCount'),
    highlights: reads(used, 'highlights'),
  };
}

function highlightPlan(used: ReadonlySet<string> | null): Wanted<HighlightView> {
  return {
    id: reads(used, 'id'),
    quote: reads(used, 'quote'),
    quoteEscaped: reads(used, 'quoteEscaped'),
    quoteBlock: reads(used, 'quoteBlock'),
    note: reads(used, 'note'),
    noteEscaped: reads(used, 'noteEscaped'),
    hasNote: reads(used, 'hasNote'),
    tags: reads(used, 'tags'),
    hashtags: reads(used, 'hashtags'),
    hasTags: reads(used, 'hasTags'),
    color: reads(used, 'color'),
    colorLabel: reads(used, 'colorLabel'),
    colorLabelEscaped: reads(used, 'colorLabelEscaped'),
    position: reads(used, 'position'),
    start: reads(used, 'start'),
    end: reads(used, 'end'),
    created: reads(used, 'created'),
    updated: reads(used, 'updated'),
    link: reads(used, 'link'),
    blockId: reads(used, 'blockId'),
    orphaned: reads(used, 'orphaned'),
  };
}

function tagPlan(used: ReadonlySet<string> | null): Wanted<TagView> {
  return { name: reads(used, 'name'), tag: reads(used, 'tag'), hashtag: reads(used, 'hashtag'), yaml: reads(used, 'yaml') };
}

/** A tag as typed, cleaned: a pure function of the name (and the builder's plan), so kept across exports. */
interface CleanTag {
  /** What makes two spellings the same tag. */
  key: string;
  tag: string;
  hashtag: string;
  view: Partial<TagView>;
}

/** Past this many, the cleaned tags are forgotten and cleaned again (a library has hundreds). */
const MAX_CLEANED_TAGS = 10_000;

/**
 * Builds views. The plans say which variables to build (a field check per
 * variable, not a lookup by name, in the hot loop). Everything it reads per
 * highlight is kept across exports (see builderFor); the colours are set per
 * export by begin().
 */
class ViewBuilder {
  readonly root: Wanted<ArticleView>;
  readonly group: Wanted<ArticleView>;
  private readonly highlight: Wanted<HighlightView>;
  private readonly tag: Wanted<TagView>;
  private readonly cleaned = new Map<string, CleanTag | null>();
  /** This export's colour labels, and each escaped, by colour id. */
  private readonly labels = new Map<string, string>();
  private readonly escapedLabels = new Map<string, string>();
  private colors: readonly ColorSetting[] = [];

  constructor(usage: TemplateUsage | null) {
    this.root = articlePlan(usage && usage.root);
    this.group = articlePlan(usage && usage.groups);
    this.highlight = highlightPlan(usage && usage.highlights);
    this.tag = tagPlan(usage && usage.tags);
  }

  /** Starts an export with these colour settings. */
  begin(colors: readonly ColorSetting[]): void {
    this.colors = colors;
    this.labels.clear();
    this.escapedLabels.clear();
    if (this.cleaned.size > MAX_CLEANED_TAGS) this.cleaned.clear();
  }

  /** Ends an export, so that the builder does not keep its settings alive. */
  end(): void {
    this.colors = [];
    this.labels.clear();
    this.escapedLabels.clear();
  }

  /** An article view; `tagged` are the annotations whose tags make up its `tags`. */
  article(
    want: Wanted<ArticleView>,
    article: MarkdownInput['article'],
    exportedAt: Date,
    highlights: readonly Annotation[],
    tagged: readonly Annotation[],
    articleTextLength: number | undefined,
  ): Partial<ArticleView> {
    const author = nonEmpty(article.byline);
    const site = nonEmpty(article.site);
    const source = sourceText(article.source);
    const published = nonEmpty(article.publishedAt);
    const exported = exportedAt.toISOString();
    const tags = want.tags || want.hasTags ? this.unionOfTags(tagged) : undefined;
    let views: HighlightView[] | undefined;
    if (want.highlights) {
      views = new Array<HighlightView>(highlights.length);
      for (let index = 0; index < highlights.length; index += 1) {
        views[index] = this.highlightView(article.id, highlights[index] as Annotation, articleTextLength) as HighlightView;
      }
    }
    return {
      title: want.title ? article.title : undefined,
      titleEscaped: want.titleEscaped ? escapeInline(article.title) : undefined,
      titleYaml: want.titleYaml ? yamlString(article.title) : undefined,
      author: want.author ? author : undefined,
      authorEscaped: want.authorEscaped ? (author === null ? null : escapeInline(author)) : undefined,
      authorYaml: want.authorYaml ? (author === null ? null : yamlString(author)) : undefined,
      site: want.site ? site : undefined,
      siteEscaped: want.siteEscaped ? (site === null ? null : escapeInline(site)) : undefined,
      siteYaml: want.siteYaml ? (site === null ? null : yamlString(site)) : undefined,
      source: want.source ? source : undefined,
      sourceEscaped: want.sourceEscaped ? escapeInline(source) : undefined,
      sourceYaml: want.sourceYaml ? yamlString(source) : undefined,
      sourceUrl: want.sourceUrl ? sourceUrlOf(article.source) : undefined,
      published: want.published ? published : undefined,
      publishedYaml: want.publishedYaml ? (published === null ? null : yamlString(published)) : undefined,
      exported: want.exported ? exported : undefined,
      exportedYaml: want.exportedYaml ? yamlString(exported) : undefined,
      glossId: want.glossId ? article.id : undefined,
      glossIdYaml: want.glossIdYaml ? yamlString(article.id) : undefined,
      glossUrl: want.glossUrl ? articleUrl(article.id) : undefined,
      tags: want.tags ? (tags as CleanTag[]).map((tag) => tag.view as TagView) : undefined,
      hasTags: want.hasTags ? (tags as CleanTag[]).length > 0 : undefined,
      highlightCount: want.highlightCount ? highlights.length : undefined,
      highlights: views,
    };
  }

  private highlightView(articleId: string, annotation: Annotation, articleTextLength: number | undefined): Partial<HighlightView> {
    const want = this.highlight;
    // The passage is escaped once; its blockquote is made from the escaped lines.
    const quoteEscaped = want.quoteEscaped || want.quoteBlock ? escapeMarkdownText(annotation.quote) : '';
    const noteEscaped = want.noteEscaped || want.hasNote ? escapeMarkdownText(annotation.note) : '';
    const tags = want.tags || want.hashtags || want.hasTags ? this.tagList(annotation.tags) : undefined;
    const orphaned = annotation.orphaned === true;
    return {
      id: want.id ? annotation.id : undefined,
      quote: want.quote ? annotation.quote : undefined,
      quoteEscaped: want.quoteEscaped ? quoteEscaped : undefined,
      // An all-blank quote still needs a blockquote, or the highlight's parts would shift.
      quoteBlock: want.quoteBlock ? blockquoteOfEscaped(quoteEscaped) || '>' : undefined,
      note: want.note ? annotation.note : undefined,
      noteEscaped: want.noteEscaped ? noteEscaped : undefined,
      hasNote: want.hasNote ? noteEscaped.length > 0 : undefined,
      tags: want.tags ? (tags as CleanTag[]).map((tag) => tag.view as TagView) : undefined,
      hashtags: want.hashtags ? joinHashtags(tags as CleanTag[]) : undefined,
      hasTags: want.hasTags ? (tags as CleanTag[]).length > 0 : undefined,
      color: want.color ? annotation.color : undefined,
      colorLabel: want.colorLabel ? this.label(annotation.color) : undefined,
      colorLabelEscaped: want.colorLabelEscaped ? this.escapedLabel(annotation.color) : undefined,
      position: want.position ? positionOf(annotation, orphaned, articleTextLength) : undefined,
      start: want.start ? annotation.start : undefined,
      end: want.end ? annotation.end : undefined,
      created: want.created ? annotation.createdAt : undefined,
      updated: want.updated ? annotation.updatedAt : undefined,
      link: want.link ? annotationUrl(articleId, annotation.id) : undefined,
      blockId: want.blockId ? obsidianBlockId(annotation.id) : undefined,
      orphaned: want.orphaned ? orphaned : undefined,
    };
  }

  private label(color: string): string {
    let label = this.labels.get(color);
    if (label === undefined) {
      label = colorLabelOf(color, this.colors);
      this.labels.set(color, label);
    }
    return label;
  }

  private escapedLabel(color: string): string {
    let escaped = this.escapedLabels.get(color);
    if (escaped === undefined) {
      escaped = escapeInline(this.label(color));
      this.escapedLabels.set(color, escaped);
    }
    return escaped;
  }

  private cleanTag(name: string): CleanTag | null {
    let clean = this.cleaned.get(name);
    if (clean === undefined) {
      const hash = hashtag(name);
      if (hash === '') {
        clean = null;
      } else {
        const tag = hash.slice(1);
        const want = this.tag;
        clean = {
          key: hash.toLocaleLowerCase('en'),
          tag,
          hashtag: hash,
          // Shared by every view and export that uses the tag, so frozen.
          view: Object.freeze({
            name: want.name ? name : undefined,
            tag: want.tag ? tag : undefined,
            hashtag: want.hashtag ? hash : undefined,
            yaml: want.yaml ? yamlString(tag) : undefined,
          }),
        };
      }
      this.cleaned.set(name, clean);
    }
    return clean;
  }

  /** The tags, as notebooks accept them; tags that clean up to nothing, or twice, are dropped. */
  private tagList(names: readonly string[]): CleanTag[] {
    const tags: CleanTag[] = [];
    for (const name of names) {
      const clean = this.cleanTag(name);
      // A highlight has a handful of tags: a scan beats building a Set for each of thousands.
      if (clean !== null && !tags.some((other) => other.key === clean.key)) tags.push(clean);
    }
    return tags;
  }

  /**
   * Every tag used in the article, once each (ignoring case, the first
   * spelling in text order wins), sorted, in the same cleaned form as the
   * inline #tags so the front matter and the body agree.
   */
  private unionOfTags(ordered: readonly Annotation[]): CleanTag[] {
    const byKey = new Map<string, CleanTag>();
    for (const annotation of ordered) {
      for (const name of annotation.tags) {
        const clean = this.cleanTag(name);
        if (clean !== null && !byKey.has(clean.key)) byKey.set(clean.key, clean);
      }
    }
    return [...byKey.values()].sort((a, b) => a.tag.localeCompare(b.tag, 'en'));
  }
}

/** Where the passage starts, as a percentage of the article; null when unknown or orphaned. */
function positionOf(annotation: Annotation, orphaned: boolean, articleTextLength: number | undefined): number | null {
  if (orphaned || !articleTextLength || articleTextLength <= 0) return null;
  return Math.min(100, Math.max(0, Math.round((annotation.start / articleTextLength) * 100)));
}

function joinHashtags(tags: readonly CleanTag[]): string {
  if (tags.length === 0) return '';
  let joined = (tags[0] as CleanTag).hashtag;
  for (let index = 1; index < tags.length; index += 1) joined += ` ${(tags[index] as CleanTag).hashtag}`;
  return joined;
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
