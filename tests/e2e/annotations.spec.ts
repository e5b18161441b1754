import { expect, test } from './fixtures';
import { GlossPage } from './gloss-page';

const FIRST_SEED = 'ASEAN secretary-general calls for elevating ASEAN-China partnership to new high';
const SECOND_SEED = 'Senior Chinese diplomat meets ASEAN secretary-general';

test('overlapping highlights both show, and clicking the overlap asks which one', async ({ gloss }) => {
  const app = new GlossPage(gloss.page);
  await app.openArticle(FIRST_SEED);
  await app.highlight('China is the first major country to join the Treaty of Amity and Cooperation', 'Green');
  await app.highlight('first major country', 'Pink');
  expect(await app.paintedTexts('gloss-green')).toEqual(['China is the first major country to join the Treaty of Amity and Cooperation']);
  expect(await app.paintedTexts('gloss-pink')).toEqual(['first major country']);

  await app.clickPainted('gloss-pink', 'first major country');
  const picker = app.page.getByRole('menu', { name: 'Choose a highlight' });
  await expect(picker.getByRole('menuitem')).toHaveCount(2);
  await picker.getByRole('menuitem', { name: /Green/ }).click();
  const green = app.annotationCard('China is the first major country to join the Treaty of Amity and Cooperation');
  await expect(green).toHaveAttribute('aria-current', 'true');
  await expect(green).toBeFocused();
});

test('a highlight with a note shows it on hover, and its card sits level with it in the margin', async ({ gloss }) => {
  const app = new GlossPage(gloss.page);
  await app.openArticle(FIRST_SEED);
  const quote = 'cooperation has been deepened with growing mutual trust';
  const card = await app.highlight(quote, 'Blue');
  await card.getByRole('textbox', { name: 'Note' }).fill('Trust, again.');
  await card.getByRole('textbox', { name: 'Note' }).blur();
  await expect.poll(async () => (await app.page.evaluate(() => [...(CSS.highlights.get('gloss-has-note') ?? [])].length))).toBe(1);

  const box = await app.page.evaluate((needle) => {
    const range = [...(CSS.highlights.get('gloss-blue') ?? [])].find((r) => r.toString() === needle) as Range;
    const rect = range.getClientRects()[0] as DOMRect;
    return { x: rect.left + 20, y: rect.top + rect.height / 2, top: rect.top };
  }, quote);
  await app.page.mouse.move(box.x, box.y);
  await expect(app.page.getByRole('tooltip')).toHaveText('Trust, again.');
  const cardTop = (await card.boundingBox())?.y ?? -1000;
  expect(Math.abs(cardTop - box.top)).toBeLessThan(40);
});

test('renaming a tag changes it on every article, and the Tags view opens an article at the highlight', async ({ gloss }) => {
  const app = new GlossPage(gloss.page);
  await app.openArticle(FIRST_SEED);
  await app.addTag(await app.highlight('cooperation has been deepened with growing mutual trust', 'Yellow'), 'asean');
  await app.openArticle(SECOND_SEED);
  const target = 'a good neighbor and friend of ASEAN';
  await app.addTag(await app.highlight(target, 'Blue'), 'ASEAN');

  await app.library.getByRole('tab', { name: /Tags/ }).click();
  // Tags compare case-insensitively: both highlights are under one tag.
  await app.library.getByRole('button', { name: 'asean, 2 highlights' }).click();
  const view = app.page.getByRole('main', { name: 'Highlights' });
  await expect(view.getByRole('article')).toHaveCount(2);
  await view.getByRole('button', { name: 'Rename tag' }).click();
  await view.getByRole('textbox', { name: 'New tag name' }).fill('southeast asia');
  await view.getByRole('button', { name: 'Rename', exact: true }).click();
  await expect(app.library.getByRole('button', { name: 'southeast-asia, 2 highlights' })).toBeVisible();
  await expect(app.library.getByRole('button', { name: /^asean,/ })).toHaveCount(0);

  // Open the second article's highlight from the Tags view: it opens there, active, in view.
  await view.getByRole('button', { name: new RegExp(SECOND_SEED) }).click();
  await expect(app.article.getByRole('heading', { level: 1 })).toHaveText(SECOND_SEED);
  const card = app.annotationCard(target);
  await expect(card).toHaveAttribute('aria-current', 'true');
  await expect(card.getByRole('button', { name: 'Remove tag southeast-asia' })).toBeVisible();
  await app.openArticle(FIRST_SEED);
  await expect(app.annotationCard('cooperation has been deepened')).toContainText('#southeast-asia');
});

test('undo and redo with the keyboard: a deleted highlight comes back', async ({ gloss }) => {
  test.skip(gloss.kind === 'electron', 'the desktop menu owns Ctrl+Z; covered by the menu unit tests');
  const app = new GlossPage(gloss.page);
  await app.openArticle(FIRST_SEED);
  const quote = 'vital strategic partner of ASEAN';
  const card = await app.highlight(quote, 'Purple');
  await card.focus();
  await app.page.keyboard.press('Delete');
  await expect(app.annotationsPane.getByRole('article')).toHaveCount(0);

  await app.page.getByRole('main', { name: 'Reader' }).focus();
  await app.page.keyboard.press('ControlOrMeta+z');
  await expect(app.annotationCard(quote)).toBeVisible();
  expect(await app.paintedTexts('gloss-purple')).toEqual([quote]);
  await app.page.keyboard.press('ControlOrMeta+Shift+z');
  await expect(app.annotationsPane.getByRole('article')).toHaveCount(0);
  await gloss.reload();
  await expect(app.annotationsPane.getByRole('article')).toHaveCount(0);
});

test('keyboard: N highlights the selection and opens its note; the ? sheet lists the shortcuts', async ({ gloss }) => {
  const app = new GlossPage(gloss.page);
  await app.openArticle(SECOND_SEED);
  await app.dragSelect('a reliable long-term cooperative partner');
  await app.page.keyboard.press('n');
  const note = app.annotationCard('a reliable long-term cooperative partner').getByRole('textbox', { name: 'Note' });
  await expect(note).toBeFocused();
  await app.page.keyboard.type('Typed without touching the mouse.');
  await app.page.keyboard.press('Escape');
  await gloss.reload();
  await expect(app.annotationCard('a reliable long-term cooperative partner').getByRole('textbox', { name: 'Note' })).toHaveValue('Typed without touching the mouse.');

  await app.page.getByRole('main', { name: 'Reader' }).focus();
  await app.page.keyboard.press('?');
  const sheet = app.page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await expect(sheet).toContainText('Highlight and write a note');
  await app.page.keyboard.press('Escape');
  await expect(sheet).toBeHidden();
});

test('colour names are the user’s own, in the toolbar and in exports', async ({ gloss }) => {
  const app = new GlossPage(gloss.page);
  await app.openArticle(FIRST_SEED);
  await app.annotationsPane.getByRole('button', { name: 'Colours…' }).click();
  const dialog = app.page.getByRole('dialog', { name: 'Highlight colours' });
  await dialog.getByRole('textbox', { name: 'Name for Green' }).fill('Key idea');
  await dialog.getByRole('button', { name: 'Save' }).click();
  await expect(dialog).toBeHidden();
  await app.highlight('China firmly supports maintaining the ASEAN centrality', 'Key idea');
  const markdown = await gloss.saveMarkdown();
  expect(markdown).toContain('Colour: Key idea');
});

test('re-importing an edited article keeps highlights on their words and orphans the one whose text is gone', async ({ gloss }) => {
  const app = new GlossPage(gloss.page);
  const original = [
    'Field notes on tides',
    'The harbour empties twice a day, and the boats lean on their keels in the mud.',
    'Fishermen read the water before the almanac, and they are rarely wrong.',
    'By evening the channel fills again and the gulls go quiet.',
  ].join('\n\n');
  await app.importFile('tides.txt', original);
  await expect(app.article.getByRole('heading', { level: 1 })).toHaveText('Field notes on tides');
  await app.highlight('the boats lean on their keels in the mud', 'Yellow');
  await app.highlight('they are rarely wrong', 'Blue');

  const edited = [
    'Field notes on tides',
    'A new opening paragraph was added before everything else in this revision.',
    'The harbour empties twice a day, and the boats lean on their keels in the mud.',
    'Fishermen read the water before the almanac.',
    'By evening the channel fills again and the gulls go quiet.',
  ].join('\n\n');
  await app.importFile('tides.txt', edited);
  await expect(app.page.getByText(/1 updated\. 1 highlight needs attention\./)).toBeVisible();
  await expect(app.article).toContainText('A new opening paragraph');
  expect(await app.allPaintedTexts()).toEqual(['the boats lean on their keels in the mud']);
  const attention = app.annotationsPane.getByRole('region', { name: 'Needs attention' });
  await expect(attention.getByRole('article').filter({ hasText: 'they are rarely wrong' })).toBeVisible();

  // Re-attach the orphan to new words.
  await app.dragSelect('Fishermen read the water');
  await attention.getByRole('button', { name: 'Re-attach to selection' }).click();
  await expect(app.annotationsPane.getByRole('region', { name: 'Needs attention' })).toHaveCount(0);
  expect(await app.paintedTexts('gloss-blue')).toEqual(['Fishermen read the water']);
});
