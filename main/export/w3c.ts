import { z } from 'zod';
import { HIGHLIGHT_COLORS, type Annotation, type ArticleSummary, type HighlightColor } from '../../preload/api';
import { annotationUrl, articleUrl } from '../gloss-url';
import { inTextOrder, sourceUrlOf } from './template-view';

/**
 * Highlights as W3C Web Annotations (https://www.w3.org/TR/annotation-model/),
 * the interchange format of Hypothesis, Recogito and other annotation tools.
 *
 * Export shape: one AnnotationCollection per article, with its annotations
 * embedded in a single AnnotationPage (`first`). Each annotation:
 * - `id` `gloss://article/<articleId>#<annotationId>`, `type` "Annotation",
 *   its own `@context`, `created`, `modified`;
 * - `motivation` "commenting" when it has a note, else "highlighting";
 * - `body`: the note as a text/plain TextualBody (purpose "commenting") and
 *   one TextualBody per tag (purpose "tagging"); no body when there is neither;
 * - `target`: a SpecificResource whose `source` is the original web page when
 *   the article came from the web, else its gloss:// link; selectors are a
 *   TextQuoteSelector (exact, prefix, suffix) and, when the passage is still
 *   where the offsets say, a TextPositionSelector. Positions count Unicode
 *   code points, as the model requires, not JavaScript's UTF-16 units;
 * - the colour, with the model's own styling mechanism: the target's
 *   `styleClass` "gloss-<colour>", and a `stylesheet` (an embedded
 *   CssStylesheet) defining that class. No extension keys are needed.
 *
 * Import (`fromW3C`) accepts a single Annotation, an array of them, an
 * AnnotationPage or an AnnotationCollection with embedded pages, tolerates
 * bodies given as a string, an object or an array (and `bodyValue`), and
 * ignores everything it does not use.
 */

export const ANNOTATION_CONTEXT = 'http://www.w3.org/ns/anno.jsonld';

/** The colours, for tools that apply the stylesheet. */
const COLOR_CSS: Record<HighlightColor, string> = {
  yellow: 'rgba(255, 208, 40, 0.45)',
  green: 'rgba(92, 209, 112, 0.4)',
  blue: 'rgba(100, 180, 250, 0.42)',
  pink: 'rgba(247, 140, 182, 0.45)',
  purple: 'rgba(168, 136, 250, 0.42)',
};

export interface W3CTextualBody {
  type: 'TextualBody';
  value: string;
  purpose: 'commenting' | 'tagging';
  format?: 'text/plain';
}

export interface W3CAnnotation {
  '@context': typeof ANNOTATION_CONTEXT;
  id: string;
  type: 'Annotation';
  created: string;
  modified: string;
  motivation: 'highlighting' | 'commenting';
  body?: W3CTextualBody[];
  target: {
    type: 'SpecificResource';
    source: string;
    styleClass: string;
    selector: (
      | { type: 'TextQuoteSelector'; exact: string; prefix?: string; suffix?: string }
      | { type: 'TextPositionSelector'; start: number; end: number }
    )[];
  };
  stylesheet: { type: 'CssStylesheet'; value: string };
}

export interface W3CAnnotationCollection {
  '@context': typeof ANNOTATION_CONTEXT;
  id: string;
  type: 'AnnotationCollection';
  label: string;
  total: number;
  first: { id: string; type: 'AnnotationPage'; startIndex: 0; items: W3CAnnotation[] };
}

export interface W3COptions {
  /** The article's canonical text: needed for positions (code points) and to leave out stale ones. */
  articleText: string;
}

export function toW3C(
  article: Pick<ArticleSummary, 'id' | 'title' | 'source'>,
  annotations: readonly Annotation[],
  { articleText }: W3COptions,
): W3CAnnotationCollection {
  const source = sourceUrlOf(article.source) ?? articleUrl(article.id);
  const items = inTextOrder(annotations).map((annotation) => toW3CAnnotation(article.id, source, annotation, articleText));
  const collectionId = `${articleUrl(article.id)}/annotations`;
  return {
    '@context': ANNOTATION_CONTEXT,
    id: collectionId,
    type: 'AnnotationCollection',
    label: article.title,
    total: items.length,
    first: { id: `${collectionId}?page=1`, type: 'AnnotationPage', startIndex: 0, items },
  };
}

function toW3CAnnotation(articleId: string, source: string, annotation: Annotation, text: string): W3CAnnotation {
  const body: W3CTextualBody[] = [];
  if (annotation.note.trim() !== '') {
    body.push({ type: 'TextualBody', value: annotation.note, format: 'text/plain', purpose: 'commenting' });
  }
  for (const tag of annotation.tags) body.push({ type: 'TextualBody', value: tag, purpose: 'tagging' });

  const selector: W3CAnnotation['target']['selector'] = [
    {
      type: 'TextQuoteSelector',
      exact: annotation.quote,
      ...(annotation.prefix ? { prefix: annotation.prefix } : {}),
      ...(annotation.suffix ? { suffix: annotation.suffix } : {}),
    },
  ];
  const placed = !annotation.orphaned && text.slice(annotation.start, annotation.end) === annotation.quote;
  if (placed) {
    const start = codePointOffset(text, annotation.start);
    selector.push({ type: 'TextPositionSelector', start, end: start + codePointOffset(annotation.quote, annotation.quote.length) });
  }
  const styleClass = `gloss-${annotation.color}`;
  return {
    '@context': ANNOTATION_CONTEXT,
    id: annotationUrl(articleId, annotation.id),
    type: 'Annotation',
    created: annotation.createdAt,
    modified: annotation.updatedAt,
    motivation: body.some((item) => item.purpose === 'commenting') ? 'commenting' : 'highlighting',
    ...(body.length > 0 ? { body } : {}),
    target: { type: 'SpecificResource', source, styleClass, selector },
    stylesheet: { type: 'CssStylesheet', value: `.${styleClass} { background-color: ${COLOR_CSS[annotation.color]}; }` },
  };
}

// ---------------------------------------------------------------------------
// Import
// ---------------------------------------------------------------------------

export interface ImportedSelector {
  /** Offsets: UTF-16 units when `articleText` was given to fromW3C, else code points as in the file. */
  start?: number;
  end?: number;
  quote: string;
  prefix: string;
  suffix: string;
}

export interface ImportedAnnotation {
  id?: string;
  /** The target's source: a web page or a gloss:// article link. */
  source?: string;
  selector: ImportedSelector;
  note: string;
  tags: string[];
  color?: HighlightColor;
  created?: string;
  modified?: string;
}

export interface ImportedAnnotations {
  /** The target source every annotation shares, when they share one. */
  articleRef?: string;
  annotations: ImportedAnnotation[];
}

export type FromW3CResult = { ok: true; value: ImportedAnnotations } | { ok: false; error: string };

export interface FromW3COptions {
  /** The article the annotations belong to: TextPositionSelector offsets are converted to its UTF-16 offsets. */
  articleText?: string;
}

const MAX_ERRORS_LISTED = 20;

const TypeField = z.union([z.string(), z.array(z.string())]).optional();
const hasType = (value: { type?: string | string[] | undefined }, wanted: string): boolean =>
  Array.isArray(value.type) ? value.type.includes(wanted) : value.type === wanted;

const Purpose = z.union([z.string(), z.array(z.string())]).optional();
const BodyObject = z
  .object({
    type: TypeField,
    value: z.string().optional(),
    purpose: Purpose,
    format: z.string().optional(),
  })
  .loose();
const BodyItem = z.union([z.string(), BodyObject]);

const QuoteSelector = z
  .object({
    type: z.literal('TextQuoteSelector'),
    exact: z.string({ error: 'a TextQuoteSelector needs "exact" text' }),
    prefix: z.string().optional(),
    suffix: z.string().optional(),
  })
  .loose();
const PositionSelector = z
  .object({
    type: z.literal('TextPositionSelector'),
    start: z.number().int().nonnegative(),
    end: z.number().int().nonnegative(),
  })
  .loose()
  .refine((value) => value.end >= value.start, { message: 'end must not be before start', path: ['end'] });
/** Selectors Gloss does not use (XPath, CSS, Range…) are skipped, not rejected. */
const OtherSelector = z.object({ type: z.string() }).loose();
const SelectorItem = z.union([QuoteSelector, PositionSelector, OtherSelector]).superRefine((value, context) => {
  // An object that says it is a quote or position selector must be a valid one, not pass as "other".
  const strict = value.type === 'TextQuoteSelector' ? QuoteSelector : value.type === 'TextPositionSelector' ? PositionSelector : null;
  const checked = strict?.safeParse(value);
  for (const issue of checked?.error?.issues ?? []) {
    context.addIssue({ code: 'custom', message: issue.message, path: issue.path });
  }
});

const TargetObject = z
  .object({
    source: z.string().optional(),
    selector: z.union([SelectorItem, z.array(SelectorItem)]).optional(),
    styleClass: z.string().optional(),
  })
  .loose();
const Target = z.union([z.string(), TargetObject]);

const AnnotationSchema = z
  .object({
    '@context': z.unknown().optional(),
    id: z.string().optional(),
    type: TypeField,
    created: z.string().optional(),
    modified: z.string().optional(),
    body: z
      .union([BodyItem, z.array(BodyItem)], { error: 'a body must be an IRI, a resource object, or a list of them' })
      .optional(),
    bodyValue: z.string().optional(),
    target: z.union([Target, z.array(Target)], {
      error: (issue) =>
        issue.input === undefined ? 'an annotation needs a target' : 'a target must be an IRI, a resource object, or a list of them',
    }),
  })
  .loose()
  .refine((value) => hasType(value, 'Annotation'), { message: 'type must be "Annotation"', path: ['type'] });

type ParsedAnnotation = z.infer<typeof AnnotationSchema>;
type ParsedTarget = z.infer<typeof TargetObject>;

const Container = z.object({ type: TypeField, items: z.array(z.unknown()).optional(), first: z.unknown().optional() }).loose();

export function fromW3C(json: unknown, options: FromW3COptions = {}): FromW3CResult {
  const listed = listAnnotations(json);
  if (!listed.ok) return listed;
  const errors: string[] = [];
  const annotations: ImportedAnnotation[] = [];
  listed.value.forEach(({ value, path }) => {
    const parsed = AnnotationSchema.safeParse(value);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) errors.push(`${formatPath([...path, ...issue.path])}: ${issue.message}`);
      return;
    }
    const converted = convertAnnotation(parsed.data, options.articleText);
    if (typeof converted === 'string') errors.push(`${formatPath(path)}: ${converted}`);
    else annotations.push(converted);
  });
  if (errors.length > 0) {
    const shown = errors.slice(0, MAX_ERRORS_LISTED);
    const more = errors.length - shown.length;
    return {
      ok: false,
      error: `These are not valid Web Annotations:\n${shown.map((line) => `- ${line}`).join('\n')}${more > 0 ? `\n- …and ${more} more` : ''}`,
    };
  }
  const sources = new Set(annotations.map((annotation) => annotation.source));
  const [only] = [...sources];
  return { ok: true, value: { ...(sources.size === 1 && only !== undefined ? { articleRef: only } : {}), annotations } };
}

type Listed = { value: unknown; path: (string | number)[] };

/** Flattens the accepted containers into annotations, each with its path for error messages. */
function listAnnotations(json: unknown): { ok: true; value: Listed[] } | { ok: false; error: string } {
  if (Array.isArray(json)) return { ok: true, value: json.map((value, index) => ({ value, path: [index] })) };
  const container = Container.safeParse(json);
  if (!container.success) {
    return { ok: false, error: 'Expected a W3C Annotation, an array of them, an AnnotationPage or an AnnotationCollection (a JSON object or array).' };
  }
  const data = container.data;
  if (hasType(data, 'Annotation')) return { ok: true, value: [{ value: json, path: [] }] };
  if (hasType(data, 'AnnotationPage')) {
    if (!data.items) return { ok: false, error: 'The AnnotationPage has no "items" list.' };
    return { ok: true, value: pageItems(data, ['items']) };
  }
  if (hasType(data, 'AnnotationCollection')) {
    if (data.first === undefined) return { ok: true, value: [] };
    const pages: Listed[] = [];
    let page: unknown = data.first;
    const path: (string | number)[] = ['first'];
    for (let count = 0; page !== undefined && count < 10_000; count += 1) {
      if (typeof page === 'string') {
        return { ok: false, error: `The collection's pages are only linked (${page.slice(0, 100)}); Gloss needs them embedded in the file.` };
      }
      const parsed = Container.safeParse(page);
      if (!parsed.success || !hasType(parsed.data, 'AnnotationPage') || !parsed.data.items) {
        return { ok: false, error: `${formatPath(path)}: expected an AnnotationPage with "items".` };
      }
      pages.push(...pageItems(parsed.data, [...path, 'items']));
      page = (parsed.data as { next?: unknown }).next;
      path.push('next');
    }
    return { ok: true, value: pages };
  }
  return {
    ok: false,
    error: `Expected a W3C Annotation, an array of them, an AnnotationPage or an AnnotationCollection, not type ${JSON.stringify(data.type ?? null)}.`,
  };
}

function pageItems(page: { items?: unknown[] | undefined }, path: (string | number)[]): Listed[] {
  return (page.items ?? []).map((value, index) => ({ value, path: [...path, index] }));
}

function convertAnnotation(annotation: ParsedAnnotation, articleText: string | undefined): ImportedAnnotation | string {
  const targets = (Array.isArray(annotation.target) ? annotation.target : [annotation.target]).filter(
    (target): target is ParsedTarget => typeof target === 'object',
  );
  const target = targets.find((candidate) => selectorsOf(candidate).some((selector) => selector.type === 'TextQuoteSelector'));
  if (!target) return 'the target has no TextQuoteSelector, so there is no passage to highlight';
  const selectors = selectorsOf(target);
  const quote = selectors.find((selector) => selector.type === 'TextQuoteSelector') as z.infer<typeof QuoteSelector>;
  const position = selectors.find((selector) => selector.type === 'TextPositionSelector') as
    | z.infer<typeof PositionSelector>
    | undefined;

  const selector: ImportedSelector = { quote: quote.exact, prefix: quote.prefix ?? '', suffix: quote.suffix ?? '' };
  if (position) {
    if (articleText === undefined) {
      selector.start = position.start;
      selector.end = position.end;
    } else {
      const start = utf16Offset(articleText, position.start);
      const end = utf16Offset(articleText, position.end);
      if (start !== null && end !== null) {
        selector.start = start;
        selector.end = end;
      }
    }
  }

  const notes: string[] = [];
  const tags: string[] = [];
  const bodies = annotation.body === undefined ? [] : Array.isArray(annotation.body) ? annotation.body : [annotation.body];
  if (annotation.bodyValue !== undefined && annotation.bodyValue.trim() !== '') notes.push(annotation.bodyValue);
  for (const body of bodies) {
    if (typeof body === 'string') {
      // A bare string body is an IRI of an external resource in the model; plain words are taken as a note.
      if (!/^[A-Za-z][A-Za-z0-9+.-]*:\S*$/.test(body) && body.trim() !== '') notes.push(body);
      continue;
    }
    if (body.value === undefined) continue;
    const purposes = body.purpose === undefined ? [] : Array.isArray(body.purpose) ? body.purpose : [body.purpose];
    if (purposes.includes('tagging')) {
      if (body.value.trim() !== '') tags.push(body.value);
    } else if (purposes.length === 0 || purposes.some((purpose) => ['commenting', 'describing', 'replying', 'editing'].includes(purpose))) {
      if (body.value.trim() !== '') notes.push(body.value);
    }
  }

  const colorMatch = /^gloss-([a-z]+)$/.exec(target.styleClass ?? '');
  const color = HIGHLIGHT_COLORS.find((candidate) => candidate === colorMatch?.[1]);
  return {
    ...(annotation.id !== undefined ? { id: annotation.id } : {}),
    ...(target.source !== undefined ? { source: target.source } : {}),
    selector,
    note: notes.join('\n\n'),
    tags,
    ...(color ? { color } : {}),
    ...(annotation.created !== undefined ? { created: annotation.created } : {}),
    ...(annotation.modified !== undefined ? { modified: annotation.modified } : {}),
  };
}

function selectorsOf(target: ParsedTarget): { type: string }[] {
  if (target.selector === undefined) return [];
  return (Array.isArray(target.selector) ? target.selector : [target.selector]) as { type: string }[];
}

/** The number of code points in text[0, utf16Index). */
export function codePointOffset(text: string, utf16Index: number): number {
  let count = 0;
  for (let index = 0; index < utf16Index && index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    // A high surrogate followed by a low one is one code point.
    if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) index += 1;
    }
    count += 1;
  }
  return count;
}

/** The UTF-16 index of code point number `codePoints` in `text`, or null when the text is shorter. */
export function utf16Offset(text: string, codePoints: number): number | null {
  let index = 0;
  for (let count = 0; count < codePoints; count += 1) {
    if (index >= text.length) return null;
    const code = text.charCodeAt(index);
    const next = text.charCodeAt(index + 1);
    index += code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
  }
  return index;
}

function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'annotation';
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${String(part)}` : String(part)), '');
}
