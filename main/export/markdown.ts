import type { Annotation, ArticleSummary, ColorSetting } from '../../preload/api';
import { blockquote, escapeMarkdownLines, hashtag, yamlString } from './markdown-escape';

/**
 * Renders one article's annotations as a Markdown note: YAML front matter,
 * the title as a heading, then each highlight in text order as a blockquote,
 * its note and its tags.
 */
export interface MarkdownInput {
  article: Pick<ArticleSummary, 'id' | 'title' | 'source' | 'publishedAt' | 'site' | 'byline'>;
  annotations: readonly Annotation[];
  colors: readonly ColorSetting[];
  exportedAt: Date;
}

export function renderArticleMarkdown({ article, annotations, colors, exportedAt }: MarkdownInput): string {
  const ordered = [...annotations].sort((a, b) => a.start - b.start || a.end - b.end);
  const allTags = unionOfTags(ordered);
  const labelOf = new Map(colors.map((color) => [color.id, color.label]));

  const front: string[] = ['---', `title: ${yamlString(article.title)}`];
  if (article.publishedAt) front.push(`date: ${yamlString(article.publishedAt)}`);
  if (article.byline) front.push(`author: ${yamlString(article.byline)}`);
  if (article.site) front.push(`site: ${yamlString(article.site)}`);
  front.push(`source: ${yamlString(sourceText(article.source))}`);
  front.push(`exported: ${yamlString(exportedAt.toISOString())}`);
  if (allTags.length === 0) front.push('tags: []');
  else front.push('tags:', ...allTags.map((tag) => `  - ${yamlString(tag)}`));
  front.push(`gloss-id: ${yamlString(article.id)}`, '---');

  const sections: string[] = [front.join('\n'), `# ${escapeMarkdownLines(article.title).join(' ')}`];
  if (ordered.length === 0) sections.push('_No highlights yet._');
  for (const annotation of ordered) {
    const parts = [blockquote(annotation.quote)];
    const label = labelOf.get(annotation.color) ?? annotation.color;
    const meta = [`Colour: ${escapeMarkdownLines(label).join(' ')}`];
    if (annotation.orphaned) meta.push('(the passage is no longer in the article)');
    parts.push(meta.join(' '));
    const note = escapeMarkdownLines(annotation.note);
    if (note.length > 0) parts.push(note.join('\n'));
    const tags = annotation.tags.map(hashtag).filter((tag) => tag.length > 0);
    if (tags.length > 0) parts.push(`Tags: ${tags.join(' ')}`);
    sections.push(parts.join('\n\n'));
  }
  return sections.join('\n\n') + '\n';
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

function sourceText(source: ArticleSummary['source']): string {
  return source.kind === 'seed' ? `Gloss sample: ${source.location}` : source.location;
}

function unionOfTags(annotations: readonly Annotation[]): string[] {
  const seen = new Map<string, string>();
  for (const annotation of annotations) {
    for (const tag of annotation.tags) {
      const key = tag.toLocaleLowerCase('en');
      if (!seen.has(key)) seen.set(key, tag);
    }
  }
  return [...seen.values()].sort((a, b) => a.localeCompare(b));
}
