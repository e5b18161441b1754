import { expect, test } from './fixtures';
import { GlossPage } from './gloss-page';

const FIRST_SEED = 'ASEAN secretary-general calls for elevating ASEAN-China partnership to new high';
const SECOND_SEED = 'Senior Chinese diplomat meets ASEAN secretary-general';
const SENTENCE =
  'The relationship between the two sides has been strategically upgraded, and cooperation has been deepened with growing mutual trust, said the secretary-general.';

test('the library lists both sample articles with their dates, and opens one to read', async ({ gloss }) => {
  const app = new GlossPage(gloss.page);
  await expect(app.library.getByRole('button', { name: FIRST_SEED })).toBeVisible();
  await expect(app.library.getByRole('button', { name: SECOND_SEED })).toBeVisible();
  await expect(app.library.getByRole('button', { name: FIRST_SEED })).toContainText('2023');

  await app.openArticle(FIRST_SEED);
  await expect(app.article).toContainText(SENTENCE);
  // The typed lines of a news story are styled as what they are.
  await expect(app.article.locator('[data-block-type="dateline"]')).toHaveText('JAKARTA, Feb. 22 (Xinhua) --');
  await expect(app.article.locator('[data-block-type="caption"]')).toContainText('(Xinhua/Xu Qin)');
  await expect(app.article.locator('[data-block-type="credit"]')).toHaveText('(Web editor: Zhong Wenxing, Liang Jun)');
});

test('highlight by dragging, add a note and two tags, reload, and export it all as Markdown', async ({ gloss }) => {
  const app = new GlossPage(gloss.page);
  await app.openArticle(FIRST_SEED);

  const card = await app.highlight(SENTENCE, 'Green');
  expect(await app.paintedTexts('gloss-green')).toEqual([SENTENCE]);

  const note = card.getByRole('textbox', { name: 'Note' });
  await note.click();
  await note.pressSequentially('Trust is the word to watch. # not a heading');
  await app.addTag(card, 'asean');
  await app.addTag(card, 'diplomacy');

  await gloss.reload();
  const restored = app.annotationCard(SENTENCE);
  await expect(restored.getByRole('textbox', { name: 'Note' })).toHaveValue('Trust is the word to watch. # not a heading');
  await expect(restored.getByRole('button', { name: 'Remove tag asean' })).toBeVisible();
  await expect(restored.getByRole('button', { name: 'Remove tag diplomacy' })).toBeVisible();
  expect(await app.paintedTexts('gloss-green')).toEqual([SENTENCE]);

  const markdown = await gloss.saveMarkdown();
  expect(markdown).toMatch(/^---\ntitle: "ASEAN secretary-general calls/);
  expect(markdown).toContain(`# ${FIRST_SEED}`);
  expect(markdown).toContain(`> ${SENTENCE}`);
  expect(markdown).toContain('Trust is the word to watch. \\# not a heading');
  expect(markdown).toContain('Tags: #asean #diplomacy');
  expect(markdown).toContain('Colour: Green');

  if (gloss.kind === 'web') {
    await app.page.getByRole('button', { name: 'Export' }).click();
    await app.page.getByRole('menuitem', { name: 'Copy Markdown' }).click();
    await expect(app.page.getByText('Markdown copied to the clipboard.')).toBeVisible();
    const copied = await app.page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toContain(`> ${SENTENCE}`);
    expect(copied).toContain('Tags: #asean #diplomacy');
  }
});

test('highlights survive a restart of the app', async ({ gloss }) => {
  const app = new GlossPage(gloss.page);
  await app.openArticle(SECOND_SEED);
  const card = await app.highlight('a good neighbor and friend of ASEAN', 'Blue');
  await app.addTag(card, 'neighbours');

  await gloss.restart();
  const again = new GlossPage(gloss.page);
  await again.openArticle(SECOND_SEED);
  await expect(again.annotationCard('a good neighbor and friend of ASEAN').getByRole('button', { name: 'Remove tag neighbours' })).toBeVisible();
  expect(await again.paintedTexts('gloss-blue')).toEqual(['a good neighbor and friend of ASEAN']);
  await expect(again.library.getByRole('button', { name: SECOND_SEED })).toContainText('1 highlight');
});

test('delete a highlight: undo brings it back, and once deleted it stays gone after a reload', async ({ gloss }) => {
  const app = new GlossPage(gloss.page);
  await app.openArticle(FIRST_SEED);
  const card = await app.highlight(SENTENCE, 'Pink');

  await card.getByRole('button', { name: 'Delete highlight' }).click();
  await expect(app.annotationsPane.getByRole('article')).toHaveCount(0);
  expect(await app.paintedTexts('gloss-pink')).toEqual([]);
  await app.page.getByRole('button', { name: 'Undo' }).click();
  await expect(app.annotationCard(SENTENCE)).toBeVisible();
  expect(await app.paintedTexts('gloss-pink')).toEqual([SENTENCE]);

  await app.annotationCard(SENTENCE).getByRole('button', { name: 'Delete highlight' }).click();
  await expect(app.annotationsPane.getByRole('article')).toHaveCount(0);
  await gloss.reload();
  await expect(app.article.getByRole('heading', { level: 1 })).toHaveText(FIRST_SEED);
  await expect(app.annotationsPane.getByRole('article')).toHaveCount(0);
  expect(await app.paintedTexts('gloss-pink')).toEqual([]);
});

test('an annotation and its highlight lead to each other', async ({ gloss }) => {
  const app = new GlossPage(gloss.page);
  await app.openArticle(FIRST_SEED);
  const last = 'consolidate the China-ASEAN comprehensive strategic partnership';
  await app.highlight(last, 'Yellow');
  await app.highlight('vital strategic partner of ASEAN', 'Purple');

  // In list mode every card stays reachable; scroll the article back to the top,
  // then ask for the highlight from its card.
  await app.annotationsPane.getByRole('button', { name: 'List' }).click();
  await app.page.getByRole('main').evaluate((element) => element.scrollTo({ top: 0 }));
  await app.annotationCard(last).getByText(last).click();
  await expect
    .poll(() =>
      app.page.evaluate((needle) => {
        const range = [...(CSS.highlights.get('gloss-yellow') ?? [])].find((r) => r.toString() === needle) as Range | undefined;
        if (!range) return false;
        const rect = range.getBoundingClientRect();
        return rect.top >= 0 && rect.bottom <= window.innerHeight;
      }, last),
    )
    .toBe(true);

  // Clicking the other highlight in the text makes its card the active, focused one.
  const box = await app.page.evaluate(() => {
    const range = [...(CSS.highlights.get('gloss-purple') ?? [])][0] as Range | undefined;
    range?.startContainer.parentElement?.scrollIntoView({ block: 'center' });
    const rect = range?.getClientRects()[0];
    return rect ? { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 } : null;
  });
  expect(box).not.toBeNull();
  await app.page.mouse.click(box!.x, box!.y);
  const purple = app.annotationCard('vital strategic partner of ASEAN');
  await expect(purple).toHaveAttribute('aria-current', 'true');
  await expect(purple).toBeFocused();
});
