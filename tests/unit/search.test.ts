import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalText } from '../../main/articles/canonical';
import { parseSeed } from '../../main/articles/seed-parser';
import { LibrarySearch, SearchIndexFormatError, type SearchAnnotation, type SearchArticle, type SearchHit } from '../../main/library/search-index';
import { foldWord } from '../../main/library/search-text';
import { generateLibrary } from '../../main/library/synthetic-library';

const FIXTURES = join(__dirname, '../fixtures/search');
const SEEDS = join(__dirname, '../../seeds');

/** A fixture: the title, the byline, a blank line, then paragraphs separated by blank lines. */
function fixture(name: string): SearchArticle {
  const [head = '', ...paragraphs] = readFileSync(join(FIXTURES, `${name}.txt`), 'utf8').trim().split(/\n\s*\n/);
  const [title = '', byline = ''] = head.split('\n');
  return { id: name, title, byline, text: paragraphs.map((paragraph) => paragraph.trim()).join('\n\n') };
}

function seeds(): SearchArticle[] {
  return readdirSync(SEEDS)
    .filter((name) => name.endsWith('.txt'))
    .sort()
    .map((name, index) => {
      const parsed = parseSeed(readFileSync(join(SEEDS, name), 'utf8'));
      return { id: `seed-${index}`, title: parsed.title, text: canonicalText(parsed.blocks) };
    });
}

const FIXTURE_NAMES = ['moby-dick', 'pride-and-prejudice', 'les-miserables', 'a-christmas-carol', 'declaration-of-independence', 'jane-eyre'];

/** A highlight as the service would store it: offsets of the quote's first occurrence. */
function highlight(article: SearchArticle, id: string, quote: string, note = '', tags: string[] = []): SearchAnnotation {
  const start = article.text.indexOf(quote);
  if (start === -1) throw new Error(`"${quote}" is not in ${article.id}`);
  return { id, start, end: start + quote.length, quote, note, tags };
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ');
}

/** What a reader sees in a snippet must be the text itself, around the place the hit points to. */
function expectSnippetMatchesText(hit: SearchHit, text: string): void {
  const { before, match, after } = hit.snippet;
  expect(match).toBe(collapse(text.slice(hit.start, hit.end)));
  expect(collapse(text.slice(0, hit.start)).endsWith(before.replace(/^…/, ''))).toBe(true);
  expect(collapse(text.slice(hit.end)).startsWith(after.replace(/…$/, ''))).toBe(true);
  if (before.startsWith('…')) {
    // Cut at a word boundary: what is shown starts a word.
    const shown = before.slice(1);
    const preceding = collapse(text.slice(0, hit.start)).slice(0, -shown.length || undefined);
    expect(shown === '' || /\s$/.test(preceding)).toBe(true);
    expect(before.length).toBeLessThanOrEqual(62);
  }
  if (after.endsWith('…')) {
    const shown = after.slice(0, -1);
    const following = collapse(text.slice(hit.end)).slice(shown.length);
    expect(/^\s/.test(following)).toBe(true);
    expect(after.length).toBeLessThanOrEqual(62);
  }
  // Each mark is a whole matched word inside the snippet.
  const full = before + match + after;
  for (const mark of hit.snippet.marks) expect(full.slice(mark.start, mark.end)).toMatch(/^[\p{L}\p{M}\p{N}]+$/u);
}

describe('LibrarySearch on real articles', () => {
  const articles = new Map<string, SearchArticle>();
  let search: LibrarySearch;

  beforeAll(() => {
    search = new LibrarySearch();
    for (const article of [...FIXTURE_NAMES.map(fixture), ...seeds()]) {
      articles.set(article.id, article);
      search.addArticle(article);
    }
    const seed0 = articles.get('seed-0') as SearchArticle;
    const seed1 = articles.get('seed-1') as SearchArticle;
    const declaration = articles.get('declaration-of-independence') as SearchArticle;
    const carol = articles.get('a-christmas-carol') as SearchArticle;
    search.setAnnotations('seed-1', [highlight(seed1, 'h-seed1', 'ASEAN is ready to deepen its comprehensive strategic partnership with China', 'Same words as the February meeting', ['diplomacy/asean'])]);
    search.setAnnotations('seed-0', [highlight(seed0, 'h-seed0', 'China firmly supports maintaining the ASEAN centrality', '', ['diplomacy'])]);
    search.setAnnotations('declaration-of-independence', [
      highlight(declaration, 'h-truths', 'We hold these truths to be self-evident', 'The sentence everyone quotes; compare the Virginia Declaration of Rights.', ['politics/founding', 'Économie']),
      highlight(declaration, 'h-prudence', 'Governments long established should not be changed for light and transient causes', 'Prudence first.', ['politics']),
    ]);
    search.setAnnotations('a-christmas-carol', [highlight(carol, 'h-marley', 'Old Marley was as dead as a door-nail.', 'Dickens opens with a joke about a simile.', ['fiction/victorian'])]);
  });

  const textOf = (hit: SearchHit) => (articles.get(hit.articleId) as SearchArticle).text;

  it('finds a word in the text and points at it, with a snippet around it', () => {
    const hits = search.search('Ishmael');
    expect(hits).toHaveLength(1);
    const [hit] = hits as [SearchHit];
    expect(hit).toMatchObject({ articleId: 'moby-dick', articleTitle: 'Moby-Dick; or, The Whale', kind: 'text' });
    expect(textOf(hit).slice(hit.start, hit.end)).toBe('Ishmael');
    expect(hit.snippet.before).toBe('Call me ');
    expect(hit.snippet.match).toBe('Ishmael');
    expect(hit.snippet.after).toBe('. Some years ago—never mind how long precisely—having little…');
    expect(hit.snippet.marks).toEqual([{ start: 8, end: 15 }]);
    expectSnippetMatchesText(hit, textOf(hit));
  });

  it('cuts long context at word boundaries, with "…" where it was cut', () => {
    const [hit] = search.search('reveries') as [SearchHit];
    expect(textOf(hit).slice(hit.start, hit.end)).toBe('reveries');
    expect(hit.snippet.before).toBe('…stand thousands upon thousands of mortal men fixed in ocean ');
    expect(hit.snippet.after).toBe('. Some leaning against the spiles; some seated upon the…');
    expectSnippetMatchesText(hit, textOf(hit));
  });

  it('keeps a snippet inside the paragraph of the match', () => {
    const [hit] = search.search('Bennet replied') as [SearchHit];
    expect(hit.snippet.before).toBe('Mr. ');
    expect(hit.snippet.match).toBe('Bennet replied');
    expect(hit.snippet.after).toBe(' that he had not.');
  });

  it('ranks title matches above highlights and notes, and those above body text', () => {
    const hits = search.search('partnership');
    expect(hits[0]).toMatchObject({ kind: 'title', articleId: 'seed-0', start: 0, end: 0 });
    expect(hits[0]?.snippet.match).toBe('partnership');
    expect(hits[1]).toMatchObject({ kind: 'highlight', articleId: 'seed-1', annotationId: 'h-seed1' });
    expect(hits[1]?.snippet.match).toBe('partnership');
    const rest = hits.slice(2);
    expect(rest.length).toBeGreaterThan(0);
    for (const hit of rest) {
      expect(hit.kind).toBe('text');
      expect(foldWord(textOf(hit).slice(hit.start, hit.end))).toBe('partnership');
      expectSnippetMatchesText(hit, textOf(hit));
    }
    // The body text inside the highlight is not listed a second time.
    const highlighted = hits[1] as SearchHit;
    expect(rest.some((hit) => hit.articleId === 'seed-1' && hit.start >= highlighted.start && hit.end <= highlighted.end)).toBe(false);
  });

  it('finds notes and tags, and points at the highlight', () => {
    const [note] = search.search('Virginia') as [SearchHit];
    expect(note).toMatchObject({ kind: 'note', annotationId: 'h-truths', articleId: 'declaration-of-independence' });
    const text = textOf(note);
    expect(text.slice(note.start, note.end)).toBe('We hold these truths to be self-evident');
    expect(note.snippet.match).toBe('Virginia');

    const [tag] = search.search('victorian') as [SearchHit];
    expect(tag).toMatchObject({ kind: 'tag', annotationId: 'h-marley', articleId: 'a-christmas-carol' });
    expect(tag.snippet.match).toBe('victorian');
    expect(tag.snippet.before).toBe('#fiction/');
  });

  it('ignores case and accents, both ways', () => {
    for (const query of ['francois', 'FRANÇOIS', 'François', 'Françóis']) {
      const [hit] = search.search(query) as [SearchHit];
      expect(hit).toMatchObject({ articleId: 'les-miserables', kind: 'text' });
      expect(textOf(hit).slice(hit.start, hit.end)).toBe('François');
      expect(hit.snippet.match).toBe('François');
    }
    for (const query of ['miserables', 'MISÉRABLES']) {
      expect(search.search(query)[0]).toMatchObject({ articleId: 'les-miserables', kind: 'title' });
    }
    const [byline] = search.search('bronte') as [SearchHit];
    expect(byline).toMatchObject({ articleId: 'jane-eyre', kind: 'title' });
    expect(byline.snippet.match).toBe('Brontë');
    const [marley] = search.search('MÁRLEY') as [SearchHit];
    expect(marley.articleId).toBe('a-christmas-carol');
    // A tag written with accents is found without them.
    expect(search.search('tag:economie').map((hit) => hit.annotationId)).toEqual(['h-truths']);
  });

  it('matches the word being typed as a prefix, and marks the whole word', () => {
    const [hit] = search.search('Ishm') as [SearchHit];
    expect(textOf(hit).slice(hit.start, hit.end)).toBe('Ishmael');
    expect(hit.snippet.match).toBe('Ishmael');
    // A space after it means the word is finished: "ishm" is not a word.
    expect(search.search('Ishm ')).toEqual([]);
    // Only the last word is a prefix.
    expect(search.search('Ishm called')).toEqual([]);
    // Two letters already find titles and highlights.
    expect(search.search('Mi').some((hit) => hit.articleId === 'les-miserables' && hit.kind === 'title')).toBe(true);
  });

  it('tolerates a typo in words of five letters or more, not in shorter ones', () => {
    for (const [query, word] of [
      ['Ishmaal', 'Ishmael'],
      ['Scroge', 'Scrooge'],
      ['Netherfeild', 'Netherfield'],
    ] as const) {
      const [hit] = search.search(query) as [SearchHit];
      expect(hit, query).toBeDefined();
      expect(textOf(hit).slice(hit.start, hit.end)).toBe(word);
      expect(hit.snippet.match).toBe(word);
    }
    expect(search.search('Catp')).toEqual([]);
  });

  it('ranks words as typed above typo matches, even a note above body text', () => {
    const local = new LibrarySearch();
    const declaration = fixture('declaration-of-independence');
    for (const article of [fixture('moby-dick'), fixture('les-miserables'), declaration]) local.addArticle(article);
    // Notes are typed in a hurry.
    local.setAnnotations(declaration.id, [highlight(declaration, 'h1', 'We hold these truths to be self-evident', 'Compare the circulaton of these ideas in France.')]);
    const hits = local.search('circulation');
    expect(hits.map((hit) => [hit.kind, hit.articleId])).toEqual([
      ['text', expect.any(String)],
      ['text', expect.any(String)],
      ['note', 'declaration-of-independence'],
    ]);
    expect(new Set(hits.slice(0, 2).map((hit) => hit.articleId))).toEqual(new Set(['moby-dick', 'les-miserables']));
    expect(hits[2]?.snippet.match).toBe('circulaton');
  });

  it('tolerates typos only in words the library does not hold', () => {
    const local = new LibrarySearch();
    const eyre = fixture('jane-eyre');
    const [first = '', second = ''] = eyre.text.split('\n\n');
    local.addArticle({ id: 'walk', title: 'Jane Eyre, chapter 1', text: first });
    local.addArticle({ id: 'walks', title: 'Jane Eyre, chapter 1, continued', text: second });
    // "walks" is a word of the library: it is meant as typed, and "walk" is another word.
    expect(local.search('walks ').map((hit) => hit.articleId)).toEqual(['walks']);
    // "walkes" is not: it finds "walks".
    expect(local.search('walkes ').map((hit) => hit.snippet.match)).toEqual(['walks']);
  });

  it('needs every word (AND), in one passage or spread over one article', () => {
    const both = search.search('Marley Scrooge');
    expect(both.length).toBeGreaterThan(0);
    expect(new Set(both.map((hit) => hit.articleId))).toEqual(new Set(['a-christmas-carol']));
    expect(search.search('Marley Ishmael')).toEqual([]);
    expect(search.search('Netherfield whale')).toEqual([]);

    // "Ishmael" opens the first passage of the Moby-Dick excerpt; "Circumambulate" opens the last one.
    const spread = search.search('Ishmael Circumambulate');
    expect(spread).toHaveLength(1);
    expect(spread[0]).toMatchObject({ articleId: 'moby-dick', kind: 'text' });
    // Words in one passage rank above words spread over an article.
    const text = textOf(spread[0] as SearchHit);
    expect(['Ishmael', 'Circumambulate']).toContain(text.slice(spread[0]?.start, spread[0]?.end));
  });

  it('finds words spread over an article when one of them is rare, among many articles with the other', () => {
    const local = new LibrarySearch();
    const paragraph = (at: number) => `The whale surfaced near the boat on day ${at}, and the crew watched it breathe.`;
    for (let at = 0; at < 300; at += 1) local.addArticle({ id: `log-${at}`, title: `Log ${at}`, text: [paragraph(at), 'Calm seas.', paragraph(at + 1)].join('\n\n') });
    // The rare word and the common one are in different passages of one article (passages hold about 2,000 characters).
    const filler = Array.from({ length: 40 }, (_, at) => `Entry ${at}: wind from the west, nothing sighted.`).join(' ');
    local.addArticle({ id: 'rare', title: 'Notebook', text: ['A zygomorphic flower pressed between the pages.', filler, 'Later a whale, far off.'].join('\n\n') });
    const hits = local.search('zygomorphic whale');
    expect(hits).toHaveLength(1);
    expect(hits[0]).toMatchObject({ articleId: 'rare', kind: 'text' });
    const text = local.search('zygomorphic whale')[0] as SearchHit;
    expect(['zygomorphic', 'whale']).toContain(foldWord(text.snippet.match));
    // Typed the other way round, and with the common word being typed: the same article.
    expect(local.search('whale zygomorph').map((hit) => hit.articleId)).toEqual(['rare']);
  });

  it('marks several words of a query together when they are close', () => {
    const [hit] = search.search('Treaty Amity') as [SearchHit];
    expect(hit.articleId).toBe('seed-0');
    expect(hit.snippet.match).toBe('Treaty of Amity');
    const full = hit.snippet.before + hit.snippet.match + hit.snippet.after;
    expect(hit.snippet.marks.map((mark) => full.slice(mark.start, mark.end))).toEqual(['Treaty', 'Amity']);
    expectSnippetMatchesText(hit, textOf(hit));
  });

  it('matches a quoted phrase only as written', () => {
    const [phrase] = search.search('"the deadest piece of ironmongery"') as [SearchHit];
    expect(phrase.kind).toBe('text');
    expect(textOf(phrase).slice(phrase.start, phrase.end)).toBe('the deadest piece of ironmongery');
    expect(phrase.snippet.match).toBe('the deadest piece of ironmongery');
    // The phrase is highlighted; the highlight stands for the text it covers.
    expect(search.search('"as dead as a door-nail"')[0]).toMatchObject({ kind: 'highlight', annotationId: 'h-marley' });
    expect(search.search('"dead door"')).toEqual([]);
    expect(search.search('dead door').length).toBeGreaterThan(0);
    // Function words count inside a phrase.
    expect(search.search('"the Course of human events"')[0]?.articleId).toBe('declaration-of-independence');
  });

  it('filters by tag with tag:, nested tags included, highlights only', () => {
    const ids = (hits: SearchHit[]) => hits.map((hit) => hit.annotationId).sort();
    expect(ids(search.search('tag:politics'))).toEqual(['h-prudence', 'h-truths']);
    expect(ids(search.search('tag:Politics/Founding'))).toEqual(['h-truths']);
    expect(ids(search.search('tag:diplomacy'))).toEqual(['h-seed0', 'h-seed1']);
    // Words and a tag: the highlights with the tag that have the words; no body text.
    const hits = search.search('truths tag:politics');
    expect(hits.map((hit) => [hit.kind, hit.annotationId])).toEqual([['highlight', 'h-truths']]);
    expect(search.search('partnership', { tag: 'diplomacy' }).map((hit) => hit.annotationId)).toEqual(['h-seed1']);
    expect(search.search('tag:politic')).toEqual([]);
    expect(search.search('Marley tag:politics')).toEqual([]);
  });

  it('caps the hits from one article and in all', () => {
    const hits = search.search('ASEAN');
    const perArticle = new Map<string, number>();
    for (const hit of hits) perArticle.set(hit.articleId, (perArticle.get(hit.articleId) ?? 0) + 1);
    expect(Math.max(...perArticle.values())).toBe(3);
    expect(search.search('ASEAN', { perArticle: 1 })).toHaveLength(2);
    expect(search.search('ASEAN', { limit: 4 })).toHaveLength(4);
    expect(search.search('ASEAN', { perArticle: 10 }).filter((hit) => hit.articleId === 'seed-0').length).toBeGreaterThan(3);
  });

  it('keeps, among hundreds of matching documents, the best of each article in rank order', () => {
    // Candidates are taken from the ranking in batches: what the batches keep must be what taking them one at a time keeps.
    const library = new LibrarySearch();
    const sources = FIXTURE_NAMES.map((name) => fixture(name).text);
    for (const article of generateLibrary({ sources, articles: 60, wordsPerArticle: 1_500, seed: 7 })) library.addArticle({ id: article.id, title: article.title, text: article.text });
    for (const query of ['said', 'little', 'thou', 'littl']) {
      const everything = library.search(query, { limit: 10_000, perArticle: 10_000 });
      expect(everything.length, query).toBeGreaterThan(100);
      const kept: SearchHit[] = [];
      const counts = new Map<string, number>();
      for (const hit of everything) {
        const count = counts.get(hit.articleId) ?? 0;
        if (count >= 2 || kept.length >= 40) continue;
        counts.set(hit.articleId, count + 1);
        kept.push(hit);
      }
      expect(library.search(query, { limit: 40, perArticle: 2 }), query).toEqual(kept);
    }
  });

  it('gives the same first hits whatever the limit, with highlights and a tag filter too', () => {
    // Every limit from 1 to 60 ends the batches at a different place; a smaller page must be the start of a larger one.
    const library = new LibrarySearch();
    const sources = FIXTURE_NAMES.map((name) => fixture(name).text);
    const articles = generateLibrary({ sources, articles: 40, wordsPerArticle: 1_200, seed: 11 });
    for (const [number, article] of articles.entries()) {
      library.addArticle({ id: article.id, title: article.title, text: article.text });
      // Highlights on every third sentence of the first paragraphs: some hold the query words, and hide text hits under them.
      const highlights: SearchAnnotation[] = [];
      for (let at = article.text.indexOf('. '), n = 0; at !== -1 && n < 4; at = article.text.indexOf('. ', at + 1_500), n += 1) {
        const start = at + 2;
        const end = Math.min(article.text.length, start + 80);
        highlights.push({ id: `${article.id}-h${n}`, start, end, quote: article.text.slice(start, end), note: n % 2 === 0 ? 'a note on it' : '', tags: [n % 2 === 0 ? 'kept' : `other-${number % 4}`] });
      }
      library.setAnnotations(article.id, highlights);
    }
    const cases: [string, { tag?: string }][] = [['said', {}], ['little', {}], ['littl', {}], ['said', { tag: 'kept' }], ['the', { tag: 'kept' }]];
    for (const [query, options] of cases) {
      const page = library.search(query, { limit: 60, perArticle: 2, ...options });
      const kinds = new Set(page.map((hit) => hit.kind));
      if (options.tag === undefined) {
        expect(page.length, query).toBeGreaterThan(40);
        expect(kinds.has('highlight') && kinds.has('text'), query).toBe(true);
      } else {
        expect(page.length, `${query} tag:${options.tag}`).toBeGreaterThanOrEqual(10);
        expect(kinds.has('text'), `${query} tag:${options.tag}`).toBe(false);
      }
      for (let limit = 1; limit < page.length; limit += 1) expect(library.search(query, { limit, perArticle: 2, ...options }), `${query} limit ${limit}`).toEqual(page.slice(0, limit));
    }
  });

  it('finds nothing for an empty query, and no body text for function words alone', () => {
    expect(search.search('')).toEqual([]);
    expect(search.search('   ')).toEqual([]);
    // Function words are not in the text index; titles and highlights still have them.
    expect(search.search('of the').some((hit) => hit.kind === 'text')).toBe(false);
    expect(search.search('the of and ').map((hit) => hit.articleId)).toEqual(['declaration-of-independence']);
  });
});

describe('LibrarySearch, kept up to date', () => {
  it('never returns a removed article or its highlights again', () => {
    const search = new LibrarySearch();
    const carol = fixture('a-christmas-carol');
    search.addArticle(carol);
    search.addArticle(fixture('moby-dick'));
    search.setAnnotations(carol.id, [highlight(carol, 'h1', 'Marley was dead: to begin with.', 'ghost story', ['fiction'])]);
    expect(search.search('Marley').length).toBeGreaterThan(0);

    search.removeArticle(carol.id);
    expect(search.search('Marley')).toEqual([]);
    expect(search.search('ghost')).toEqual([]);
    expect(search.search('tag:fiction')).toEqual([]);
    expect(search.search('Christmas')).toEqual([]);
    expect(search.articleCount).toBe(1);
    expect(search.annotationCount).toBe(0);
    expect(search.search('Ishmael')).toHaveLength(1);
    // Removing again is harmless.
    search.removeArticle(carol.id);
  });

  it('shows only the new text of a replaced article, at offsets into the new text', () => {
    const search = new LibrarySearch();
    const original = fixture('pride-and-prejudice');
    search.addArticle(original);
    search.setAnnotations(original.id, [highlight(original, 'h1', 'It is a truth universally acknowledged', 'opening line')]);
    const revised: SearchArticle = {
      ...original,
      title: 'Pride and Prejudice (revised)',
      text: original.text.replace('Netherfield Park is let at last', 'Longbourn House is let at last').replace(/Netherfield/g, 'Longbourn'),
    };
    search.replaceArticle(revised);
    expect(search.search('Netherfield')).toEqual([]);
    const [hit] = search.search('Longbourn') as [SearchHit];
    expect(revised.text.slice(hit.start, hit.end)).toBe('Longbourn');
    expect(search.search('revised')[0]).toMatchObject({ kind: 'title', articleTitle: 'Pride and Prejudice (revised)' });
    // Highlights stay until the service says otherwise.
    expect(search.search('opening')[0]).toMatchObject({ kind: 'note', annotationId: 'h1' });

    // A rename changes the title, not the text.
    search.updateArticleDetails(original.id, { title: 'First Impressions', byline: 'Jane Austen' });
    expect(search.search('impressions')[0]).toMatchObject({ kind: 'title', articleTitle: 'First Impressions' });
    expect(search.search('revised')).toEqual([]);
    expect(search.search('Longbourn')[0]?.articleTitle).toBe('First Impressions');
    search.updateArticleDetails('unknown', { title: 'Nothing' });

    // addArticle with a known id is a replace too.
    search.addArticle(original);
    expect(search.search('Longbourn')).toEqual([]);
    expect(search.search('Netherfield').length).toBeGreaterThan(0);
    expect(search.passageCount).toBe(1);
  });

  it('updates, moves and removes single highlights', () => {
    const search = new LibrarySearch();
    const declaration = fixture('declaration-of-independence');
    search.addArticle(declaration);
    const truths = highlight(declaration, 'h1', 'We hold these truths to be self-evident', 'first note', ['politics']);
    search.upsertAnnotation(declaration.id, truths);
    expect(search.search('first')[0]?.annotationId).toBe('h1');

    search.upsertAnnotation(declaration.id, { ...truths, note: 'revised thoughts', tags: ['history'] });
    expect(search.search('first')).toEqual([]);
    expect(search.search('tag:politics')).toEqual([]);
    expect(search.search('revised')[0]?.annotationId).toBe('h1');
    expect(search.search('tag:history')[0]?.annotationId).toBe('h1');

    // Re-anchored: only the offsets change.
    search.upsertAnnotation(declaration.id, { ...truths, note: 'revised thoughts', tags: ['history'], start: truths.start + 3, end: truths.end });
    expect(search.search('revised')[0]?.start).toBe(truths.start + 3);
    search.upsertAnnotation(declaration.id, { ...truths, note: 'revised thoughts', tags: ['history'], orphaned: true });
    expect(search.search('revised')[0]?.orphaned).toBe(true);

    search.setAnnotations(declaration.id, []);
    expect(search.search('revised')).toEqual([]);
    expect(search.annotationCount).toBe(0);
    search.removeAnnotation('h1');
  });

  it('survives serialize and load, and keeps working incrementally after', () => {
    const search = new LibrarySearch();
    const articles = [...FIXTURE_NAMES.map(fixture), ...seeds()];
    for (const article of articles) search.addArticle({ ...article, hash: `hash-${article.id}` });
    const carol = articles.find((article) => article.id === 'a-christmas-carol') as SearchArticle;
    search.setAnnotations(carol.id, [highlight(carol, 'h1', 'Old Marley was as dead as a door-nail.', 'a joke', ['fiction/victorian'])]);
    search.removeArticle('jane-eyre');

    const json = search.serialize();
    const loaded = LibrarySearch.load(json);
    for (const query of ['Marley', 'partnership', 'francois', 'Ishm', 'Scroge', 'tag:fiction', 'joke', 'Walk']) {
      expect(loaded.search(query), query).toEqual(search.search(query));
    }
    expect(loaded.articleHash('moby-dick')).toBe('hash-moby-dick');
    expect(loaded.hasArticle('jane-eyre')).toBe(false);
    expect(loaded.articleIds().sort()).toEqual(search.articleIds().sort());

    loaded.removeArticle('moby-dick');
    loaded.addArticle(fixture('jane-eyre'));
    expect(loaded.search('Ishmael')).toEqual([]);
    expect(loaded.search('Bessie')[0]?.articleId).toBe('jane-eyre');
    loaded.upsertAnnotation(carol.id, { ...highlight(carol, 'h1', 'Old Marley was as dead as a door-nail.'), note: 'not a joke' });
    expect(loaded.search('joke')[0]?.snippet.after).toBe('');
  });

  it('loads asynchronously the same index', async () => {
    const search = new LibrarySearch();
    search.addArticle(fixture('moby-dick'));
    const loaded = await LibrarySearch.loadAsync(search.serialize());
    expect(loaded.search('Ishmael')).toEqual(search.search('Ishmael'));
  });

  it('refuses a cache it did not write, so the caller rebuilds', () => {
    expect(() => LibrarySearch.load('not json')).toThrow(SearchIndexFormatError);
    expect(() => LibrarySearch.load('{"format":"gloss-search-index","version":0}')).toThrow(SearchIndexFormatError);
    expect(() => LibrarySearch.load('{"format":"something-else"}')).toThrow(SearchIndexFormatError);
    const json = JSON.parse(new LibrarySearch().serialize()) as Record<string, unknown>;
    expect(() => LibrarySearch.load(JSON.stringify({ ...json, articles: [{ id: 1 }] }))).toThrow(SearchIndexFormatError);
  });
});

