import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Annotation, ArticleSummary } from '../../preload/api';
import { ANNOTATION_CONTEXT, fromW3C, toW3C, type W3CAnnotation } from '../../main/export/w3c';

const TEXT = [
  'JAKARTA, Feb. 22 (Xinhua) --',
  'ASEAN Secretary-General 🎉 Kao Kim Hourn said on Wednesday that 𝒜SEAN and China should deepen cooperation.',
  'Qin stressed that the two sides should work "hand in hand".',
].join('\n\n');

const WEB: Pick<ArticleSummary, 'id' | 'title' | 'source'> = {
  id: 'k3x9q2mfa7b4c5d6',
  title: 'ASEAN and China',
  source: { kind: 'url', location: 'https://news.example.com/world/asean-china' },
};
const SEED: Pick<ArticleSummary, 'id' | 'title' | 'source'> = { ...WEB, source: { kind: 'seed', location: '000.txt' } };

function at(phrase: string, fields: Partial<Annotation> & Pick<Annotation, 'id'>): Annotation {
  const start = TEXT.indexOf(phrase);
  expect(start).toBeGreaterThanOrEqual(0);
  const end = start + phrase.length;
  return {
    articleId: WEB.id,
    start,
    end,
    quote: phrase,
    prefix: TEXT.slice(Math.max(0, start - 32), start),
    suffix: TEXT.slice(end, end + 32),
    color: 'yellow',
    note: '',
    tags: [],
    createdAt: '2024-05-01T10:00:00.000Z',
    updatedAt: '2024-05-02T11:30:00.000Z',
    ...fields,
  };
}

const ANNOTATIONS: Annotation[] = [
  at('Qin stressed', { id: 'qqqqqqqqqqqqqqqq', color: 'blue', note: 'Line one\n\nLine *two* with "quotes"', tags: ['foreign policy', 'region/asean'] }),
  at('JAKARTA', { id: 'jjjjjjjjjjjjjjjj' }),
  at('China should deepen', { id: 'cccccccccccccccc', color: 'pink', tags: ['2023'] }),
];

// ---------------------------------------------------------------------------
// What the Web Annotation Data Model REQUIRES (MUST), checked field by field.
// ---------------------------------------------------------------------------

const isIri = (value: unknown): boolean => typeof value === 'string' && /^[A-Za-z][A-Za-z0-9+.-]*:[^\s]*$/.test(value);
const typeIs = (value: unknown, wanted: string): boolean =>
  value === wanted || (Array.isArray(value) && value.includes(wanted));
const MOTIVATIONS = [
  'assessing', 'bookmarking', 'classifying', 'commenting', 'describing', 'editing',
  'highlighting', 'identifying', 'linking', 'moderating', 'questioning', 'replying', 'tagging',
];
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:Z|[+-]\d{2}:\d{2})$/;

/** The model's MUST rules for an Annotation, plus the SHOULD/format rules Gloss promises. */
function modelViolations(annotation: Record<string, unknown>, where: string, needsContext: boolean): string[] {
  const problems: string[] = [];
  const fail = (message: string): void => void problems.push(`${where}: ${message}`);
  const context = annotation['@context'];
  if (needsContext && !(context === ANNOTATION_CONTEXT || (Array.isArray(context) && context.includes(ANNOTATION_CONTEXT)))) {
    fail('@context must be (or include) http://www.w3.org/ns/anno.jsonld');
  }
  if (!isIri(annotation.id)) fail('id must be an IRI');
  if (!typeIs(annotation.type, 'Annotation')) fail('type must include "Annotation"');
  if (annotation.target === undefined) fail('target is required');
  for (const key of ['created', 'modified'] as const) {
    if (annotation[key] !== undefined && !(typeof annotation[key] === 'string' && DATE_TIME.test(annotation[key] as string))) {
      fail(`${key} must be an xsd:dateTime with a timezone`);
    }
  }
  for (const motivation of [annotation.motivation].flat()) {
    if (motivation !== undefined && !MOTIVATIONS.includes(motivation as string)) fail(`unknown motivation ${String(motivation)}`);
  }
  const bodies = annotation.body === undefined ? [] : [annotation.body].flat();
  bodies.forEach((body, index) => {
    if (isIri(body)) return;
    const item = body as Record<string, unknown>;
    if (typeIs(item.type, 'TextualBody') && typeof item.value !== 'string') fail(`body[${index}]: a TextualBody needs a string value`);
    if (item.purpose !== undefined && !MOTIVATIONS.includes(item.purpose as string)) fail(`body[${index}]: unknown purpose`);
    if (item.format !== undefined && typeof item.format !== 'string') fail(`body[${index}]: format must be a string`);
  });
  for (const target of annotation.target === undefined ? [] : [annotation.target].flat()) {
    if (isIri(target)) continue;
    const item = target as Record<string, unknown>;
    if (!isIri(item.source)) fail('a SpecificResource target needs a source IRI');
    if (item.styleClass !== undefined && typeof item.styleClass !== 'string') fail('styleClass must be a string');
    if (item.styleClass !== undefined && annotation.stylesheet === undefined) fail('a styleClass needs a stylesheet on the annotation');
    for (const selector of [item.selector].flat() as Record<string, unknown>[]) {
      if (typeIs(selector.type, 'TextQuoteSelector')) {
        if (typeof selector.exact !== 'string') fail('TextQuoteSelector needs exact');
        for (const key of ['prefix', 'suffix']) if (selector[key] !== undefined && typeof selector[key] !== 'string') fail(`${key} must be a string`);
      } else if (typeIs(selector.type, 'TextPositionSelector')) {
        const { start, end } = selector;
        if (!Number.isInteger(start) || !Number.isInteger(end) || (start as number) < 0 || (end as number) < (start as number)) {
          fail('TextPositionSelector needs integer 0 <= start <= end');
        }
      } else {
        fail(`unexpected selector ${String(selector.type)}`);
      }
    }
  }
  const stylesheet = annotation.stylesheet as Record<string, unknown> | undefined;
  if (stylesheet !== undefined && !(typeIs(stylesheet.type, 'CssStylesheet') && (typeof stylesheet.value === 'string' || isIri(stylesheet.id)))) {
    fail('stylesheet must be a CssStylesheet with a value or an id');
  }
  return problems;
}

function collectionViolations(json: Record<string, unknown>): string[] {
  const problems: string[] = [];
  if (json['@context'] !== ANNOTATION_CONTEXT) problems.push('collection: @context');
  if (!isIri(json.id)) problems.push('collection: id must be an IRI');
  if (!typeIs(json.type, 'AnnotationCollection')) problems.push('collection: type');
  if (!Number.isInteger(json.total)) problems.push('collection: total');
  const first = json.first as Record<string, unknown> | undefined;
  if (!first || !isIri(first.id) || !typeIs(first.type, 'AnnotationPage') || !Array.isArray(first.items)) {
    problems.push('collection: first must be an embedded AnnotationPage with an id and items');
    return problems;
  }
  if (first.items.length !== json.total) problems.push('collection: total does not match the items');
  (first.items as Record<string, unknown>[]).forEach((item, index) => problems.push(...modelViolations(item, `items[${index}]`, true)));
  return problems;
}

describe('toW3C', () => {
  const collection = toW3C(WEB, ANNOTATIONS, { articleText: TEXT });
  const items = collection.first.items;
  const byId = (id: string): W3CAnnotation => items.find((item) => item.id.endsWith(`#${id}`)) as W3CAnnotation;

  it('meets every requirement of the Web Annotation Data Model', () => {
    expect(collectionViolations(JSON.parse(JSON.stringify(collection)) as Record<string, unknown>)).toEqual([]);
  });

  it('the validator catches a broken annotation (so the check above means something)', () => {
    const broken = JSON.parse(JSON.stringify(items[0])) as Record<string, unknown>;
    delete broken.target;
    broken.id = 'not an iri';
    expect(modelViolations(broken, 'x', true)).toEqual(['x: id must be an IRI', 'x: target is required']);
    const noExact = JSON.parse(JSON.stringify(items[0])) as { target: { selector: Record<string, unknown>[] } };
    delete noExact.target.selector[0]!.exact;
    expect(modelViolations(noExact as unknown as Record<string, unknown>, 'y', true)).toEqual(['y: TextQuoteSelector needs exact']);
  });

  it('gives each annotation its gloss:// id, in text order', () => {
    expect(items.map((item) => item.id)).toEqual([
      'gloss://article/k3x9q2mfa7b4c5d6#jjjjjjjjjjjjjjjj',
      'gloss://article/k3x9q2mfa7b4c5d6#cccccccccccccccc',
      'gloss://article/k3x9q2mfa7b4c5d6#qqqqqqqqqqqqqqqq',
    ]);
    expect(collection).toMatchObject({ label: 'ASEAN and China', total: 3 });
  });

  it('is commenting with a note body and tagging bodies, or a bare highlight with no body', () => {
    expect(byId('qqqqqqqqqqqqqqqq')).toMatchObject({
      motivation: 'commenting',
      created: '2024-05-01T10:00:00.000Z',
      modified: '2024-05-02T11:30:00.000Z',
      body: [
        { type: 'TextualBody', value: 'Line one\n\nLine *two* with "quotes"', format: 'text/plain', purpose: 'commenting' },
        { type: 'TextualBody', value: 'foreign policy', purpose: 'tagging' },
        { type: 'TextualBody', value: 'region/asean', purpose: 'tagging' },
      ],
    });
    expect(byId('cccccccccccccccc').motivation).toBe('highlighting');
    expect(byId('jjjjjjjjjjjjjjjj').motivation).toBe('highlighting');
    expect(byId('jjjjjjjjjjjjjjjj')).not.toHaveProperty('body');
  });

  it('targets the original page with quote and position selectors, positions in code points', () => {
    const target = byId('qqqqqqqqqqqqqqqq').target;
    expect(target.source).toBe('https://news.example.com/world/asean-china');
    const start = [...TEXT.slice(0, TEXT.indexOf('Qin stressed'))].length;
    expect(start).toBe(TEXT.indexOf('Qin stressed') - 2); // two astral characters before it
    expect(target.selector).toEqual([
      { type: 'TextQuoteSelector', exact: 'Qin stressed', prefix: ANNOTATIONS[0]!.prefix, suffix: ANNOTATIONS[0]!.suffix },
      { type: 'TextPositionSelector', start, end: start + 12 },
    ]);
    expect([...TEXT].slice(start, start + 12).join('')).toBe('Qin stressed');
  });

  it('targets the gloss:// article when there is no web page', () => {
    expect(toW3C(SEED, ANNOTATIONS, { articleText: TEXT }).first.items[0]?.target.source).toBe('gloss://article/k3x9q2mfa7b4c5d6');
  });

  it('carries the colour as a style class defined by an embedded stylesheet', () => {
    const annotation = byId('cccccccccccccccc');
    expect(annotation.target.styleClass).toBe('gloss-pink');
    expect(annotation.stylesheet.type).toBe('CssStylesheet');
    expect(annotation.stylesheet.value).toMatch(/^\.gloss-pink \{ background-color: [^}]+; \}$/);
  });

  it('leaves out positions that no longer hold the passage, keeping the quote', () => {
    const orphan = { ...ANNOTATIONS[1]!, orphaned: true };
    const moved = { ...ANNOTATIONS[2]!, start: 0, end: 19 };
    const [first, second] = toW3C(WEB, [orphan, moved], { articleText: TEXT }).first.items;
    for (const item of [first, second]) {
      expect(item?.target.selector.map((selector) => selector.type)).toEqual(['TextQuoteSelector']);
    }
  });
});

describe('fromW3C', () => {
  it('round-trips Gloss exports: quotes, context, notes, tags, colours, dates and offsets', () => {
    const json: unknown = JSON.parse(JSON.stringify(toW3C(WEB, ANNOTATIONS, { articleText: TEXT })));
    const result = fromW3C(json, { articleText: TEXT });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.articleRef).toBe(WEB.source.location);
    const expected = [...ANNOTATIONS].sort((a, b) => a.start - b.start);
    expect(result.value.annotations).toEqual(
      expected.map((annotation) => ({
        id: `gloss://article/${WEB.id}#${annotation.id}`,
        source: WEB.source.location,
        selector: {
          start: annotation.start,
          end: annotation.end,
          quote: annotation.quote,
          prefix: annotation.prefix,
          suffix: annotation.suffix,
        },
        note: annotation.note,
        tags: annotation.tags,
        color: annotation.color,
        created: annotation.createdAt,
        modified: annotation.updatedAt,
      })),
    );
  });

  it('gives positions in code points when it has no text to convert them with', () => {
    const json: unknown = JSON.parse(JSON.stringify(toW3C(WEB, [ANNOTATIONS[0]!], { articleText: TEXT })));
    const result = fromW3C(json);
    expect(result.ok && result.value.annotations[0]?.selector.start).toBe(ANNOTATIONS[0]!.start - 2);
  });

  it('accepts a single annotation, an array and a page as well as a collection', () => {
    const collection = JSON.parse(JSON.stringify(toW3C(WEB, ANNOTATIONS, { articleText: TEXT }))) as { first: { items: unknown[] } };
    const quotes = (input: unknown): string[] => {
      const result = fromW3C(input);
      if (!result.ok) throw new Error(result.error);
      return result.value.annotations.map((annotation) => annotation.selector.quote);
    };
    expect(quotes(collection.first.items[0])).toEqual(['JAKARTA']);
    expect(quotes(collection.first.items)).toEqual(['JAKARTA', 'China should deepen', 'Qin stressed']);
    expect(quotes(collection.first)).toEqual(['JAKARTA', 'China should deepen', 'Qin stressed']);
    expect(quotes({ type: 'AnnotationCollection', id: 'urn:x' })).toEqual([]);
  });

  it("reads other tools' annotations: string and single bodies, bodyValue, several targets, unknown fields", async () => {
    const json: unknown = JSON.parse(await readFile(join(process.cwd(), 'tests', 'fixtures', 'export', 'w3c-foreign.json'), 'utf8'));
    const result = fromW3C(json);
    if (!result.ok) throw new Error(result.error);
    expect(result.value).toEqual({
      articleRef: 'https://news.example.com/world/asean-china',
      annotations: [
        {
          id: 'http://example.org/anno/1',
          source: 'https://news.example.com/world/asean-china',
          selector: { quote: 'practical cooperation', prefix: 'deepen ', suffix: ' in all' },
          note: 'A plain-text comment',
          tags: [],
        },
        {
          id: 'http://example.org/anno/2',
          source: 'https://news.example.com/world/asean-china',
          selector: { start: 40, end: 48, quote: 'Qin said', prefix: '', suffix: '' },
          note: 'Why now?',
          tags: ['timing'],
          color: 'pink',
          created: '2023-03-01T09:00:00Z',
        },
        {
          id: 'http://example.org/anno/3',
          source: 'https://news.example.com/world/asean-china',
          selector: { quote: 'Jakarta', prefix: '', suffix: '' },
          note: 'A single body object',
          tags: [],
        },
        {
          id: 'http://example.org/anno/4',
          source: 'https://news.example.com/world/asean-china',
          selector: { quote: 'ASEAN', prefix: '', suffix: '' },
          note: 'Just words, not an IRI',
          tags: [],
        },
      ],
    });
  });

  it('lists every problem, with where it is', () => {
    const result = fromW3C({
      type: 'AnnotationPage',
      items: [
        { type: 'Annotation', target: { source: 'https://x.example', selector: { type: 'TextQuoteSelector', exact: 'fine' } } },
        { type: 'Annotation' },
        { type: 'Annotation', target: { source: 'https://x.example', selector: [{ type: 'TextQuoteSelector', prefix: 'p' }] } },
        { type: 'Annotation', target: { source: 'https://x.example', selector: { type: 'TextPositionSelector', start: -1, end: 2 } } },
        { type: 'Annotation', target: 'https://x.example' },
        { type: 'Comment', target: 'https://x.example' },
        { type: 'Annotation', target: 5, body: 7 },
      ],
    });
    expect(result.ok).toBe(false);
    const error = result.ok ? '' : result.error;
    expect(error).toMatch(/^These are not valid Web Annotations:/);
    expect(error).toContain('- items[1].target: an annotation needs a target');
    expect(error).toContain('- items[2].target.selector[0].exact: a TextQuoteSelector needs "exact" text');
    expect(error).toMatch(/- items\[3\]\.target\.selector\.start: .*>=0/);
    expect(error).toContain('- items[4]: the target has no TextQuoteSelector');
    expect(error).toContain('- items[5].type: type must be "Annotation"');
    expect(error).toContain('- items[6].target: a target must be an IRI, a resource object, or a list of them');
    expect(error).toContain('- items[6].body: a body must be an IRI, a resource object, or a list of them');
    expect(error).not.toContain('items[0]');
  });

  it('rejects what is not an annotation container at all', () => {
    for (const input of [null, 'text', 42, { type: 'Person' }, { type: 'AnnotationPage' }]) {
      const result = fromW3C(input);
      expect(result.ok).toBe(false);
      expect(result.ok ? '' : result.error).toMatch(/Annotation/);
    }
    const linked = fromW3C({ type: 'AnnotationCollection', first: 'https://example.org/page1' });
    expect(linked.ok ? '' : linked.error).toMatch(/only linked .*needs them embedded/);
  });
});
