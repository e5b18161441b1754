import { join } from 'node:path';
import { expect, test } from './fixtures';
import { GlossPage } from './gloss-page';

const FIRST_SEED = 'ASEAN secretary-general calls for elevating ASEAN-China partnership to new high';
const SECOND_SEED = 'Senior Chinese diplomat meets ASEAN secretary-general';

test('theme and font size change the reader and persist across a reload', async ({ gloss }) => {
  const app = new GlossPage(gloss.page);
  await app.openArticle(FIRST_SEED);
  const paragraph = app.article.locator('.block-paragraph').first();
  const sizeBefore = await paragraph.evaluate((element) => getComputedStyle(element).fontSize);

  await app.page.getByRole('button', { name: 'Reading settings' }).click();
  const panel = app.page.getByRole('dialog', { name: 'Reading settings' });
  await panel.getByRole('radio', { name: 'Dark' }).check();
  await panel.getByRole('slider', { name: 'Text size' }).fill('24');
  await panel.getByRole('radio', { name: 'Sans' }).check();
  await expect(paragraph).toHaveCSS('font-size', '24px');
  expect(sizeBefore).not.toBe('24px');
  const darkBackground = await app.page.locator('.app').evaluate((element) => getComputedStyle(element).backgroundColor);
  expect(darkBackground).toBe('rgb(27, 26, 24)');

  await app.page.waitForTimeout(500); // settings save a moment after the last change
  await gloss.reload();
  await expect(app.article.locator('.block-paragraph').first()).toHaveCSS('font-size', '24px');
  await expect(app.page.locator('.app')).toHaveAttribute('data-theme', 'dark');
  await expect(app.article.locator('.block-paragraph').first()).toHaveCSS('font-family', /sans/i);
});

test('reading progress is saved and restored when the article is opened again', async ({ gloss }) => {
  const app = new GlossPage(gloss.page);
  await app.openArticle(FIRST_SEED);
  const reader = app.page.getByRole('main', { name: 'Reader' });
  await reader.hover();
  await app.page.mouse.wheel(0, 900);
  await expect.poll(() => reader.evaluate((element) => element.scrollTop)).toBeGreaterThan(300);
  const position = await reader.evaluate((element) => element.scrollTop);
  await app.page.waitForTimeout(900); // progress saves once scrolling settles

  await app.openArticle(SECOND_SEED);
  await gloss.reload();
  await app.openArticle(FIRST_SEED);
  await expect.poll(() => app.page.getByRole('main', { name: 'Reader' }).evaluate((element) => element.scrollTop)).toBeGreaterThan(position - 60);
  await expect(app.library.getByRole('button', { name: FIRST_SEED }).locator('.library-progress')).toBeVisible();
});

test('the keyboard reads: opening an article gives it the keys, and Page Down scrolls it', async ({ gloss }) => {
  const app = new GlossPage(gloss.page);
  await app.openArticle(FIRST_SEED);
  const reader = app.page.getByRole('main', { name: 'Reader' });
  await expect(reader).toBeFocused();
  await app.page.keyboard.press('PageDown');
  await expect.poll(() => reader.evaluate((element) => element.scrollTop)).toBeGreaterThan(200);
});

test('find in the article marks every match and steps through them', async ({ gloss }) => {
  test.skip(gloss.kind === 'electron', 'Ctrl+F goes through the desktop menu (unit-tested); the bar itself is the same');
  const app = new GlossPage(gloss.page);
  await app.openArticle(FIRST_SEED);
  await app.page.getByRole('main', { name: 'Reader' }).focus();
  await app.page.keyboard.press('ControlOrMeta+f');
  const find = app.page.getByRole('searchbox', { name: 'Find in article' });
  await expect(find).toBeFocused();
  await find.fill('treaty of amity');
  await expect(app.page.getByText('1 of 2')).toBeVisible();
  const marked = await app.page.evaluate(() => [...(CSS.highlights.get('gloss-find') ?? [])].map((range) => range.toString()));
  expect(marked).toEqual(['Treaty of Amity', 'Treaty of Amity']);
  await find.press('Enter');
  await expect(app.page.getByText('2 of 2')).toBeVisible();
  await find.press('Shift+Enter');
  await expect(app.page.getByText('1 of 2')).toBeVisible();
  await find.press('Escape');
  await expect(find).toBeHidden();
  expect(await app.page.evaluate(() => CSS.highlights.has('gloss-find'))).toBe(false);
});

test('rename an article, delete it with its highlights, and undo the delete', async ({ gloss }) => {
  const app = new GlossPage(gloss.page);
  await app.openArticle(SECOND_SEED);
  await app.highlight('a good neighbor and friend of ASEAN', 'Green');

  await app.page.getByRole('button', { name: 'Article actions' }).click();
  await app.page.getByRole('menuitem', { name: 'Rename…' }).click();
  await app.page.getByRole('dialog', { name: 'Rename article' }).getByRole('textbox', { name: 'Title' }).fill('Wang Yi meets Kao Kim Hourn');
  await app.page.getByRole('dialog', { name: 'Rename article' }).getByRole('button', { name: 'Rename' }).click();
  await expect(app.article.getByRole('heading', { level: 1 })).toHaveText('Wang Yi meets Kao Kim Hourn');
  await expect(app.library.getByRole('button', { name: 'Wang Yi meets Kao Kim Hourn' })).toBeVisible();

  await app.page.getByRole('button', { name: 'Article actions' }).click();
  await app.page.getByRole('menuitem', { name: 'Delete article…' }).click();
  const confirm = app.page.getByRole('dialog', { name: 'Delete article' });
  await expect(confirm).toContainText('1 highlight');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(app.library.getByRole('button', { name: 'Wang Yi meets Kao Kim Hourn' })).toHaveCount(0);
  await app.page.getByRole('button', { name: 'Undo' }).click();
  await expect(app.article.getByRole('heading', { level: 1 })).toHaveText('Wang Yi meets Kao Kim Hourn');
  await expect(app.annotationCard('a good neighbor and friend of ASEAN')).toBeVisible();
  await gloss.reload();
  await expect(app.library.getByRole('button', { name: 'Wang Yi meets Kao Kim Hourn' })).toBeVisible();
});

test('the library sorts by title and filters by tag', async ({ gloss }) => {
  const app = new GlossPage(gloss.page);
  await app.openArticle(SECOND_SEED);
  await app.addTag(await app.highlight('a good neighbor and friend of ASEAN', 'Green'), 'neighbours');
  await app.library.getByRole('combobox', { name: 'Sort articles' }).selectOption('title');
  const titles = app.library.getByRole('tabpanel').getByRole('button');
  await expect(titles.first()).toHaveAccessibleName(FIRST_SEED);
  await app.library.getByRole('combobox', { name: 'Filter articles by tag' }).selectOption('neighbours');
  await expect(titles).toHaveCount(1);
  await expect(titles.first()).toHaveAccessibleName(SECOND_SEED);
});

test('search finds an imported article by a word from its body, and opens it at the match', async ({ gloss }) => {
  const app = new GlossPage(gloss.page);
  const body = [
    'Notes from the lighthouse',
    ...Array.from({ length: 40 }, (_, index) => `Paragraph ${index + 1} describes the keeper's ordinary routine, the lamp, the weather and the boats passing the point.`),
    'On the last evening the keeper found a barnacled astrolabe wedged between the rocks below the tower.',
  ].join('\n\n');
  await app.importFile('lighthouse.txt', body);
  await expect(app.article.getByRole('heading', { level: 1 })).toHaveText('Notes from the lighthouse');
  await app.openArticle(FIRST_SEED);

  const search = app.library.getByRole('searchbox', { name: 'Search' });
  await search.fill('astrolabe');
  const results = app.library.getByRole('list', { name: 'Search results' });
  const hit = results.getByRole('button').filter({ hasText: 'Notes from the lighthouse' });
  await expect(hit).toContainText('barnacled astrolabe wedged');
  await expect(hit.locator('mark')).toHaveText('astrolabe');
  await hit.click();

  await expect(app.article.getByRole('heading', { level: 1 })).toHaveText('Notes from the lighthouse');
  // The match is marked and scrolled into view.
  await expect
    .poll(() =>
      app.page.evaluate(() => {
        const range = [...(CSS.highlights.get('gloss-search') ?? [])][0] as Range | undefined;
        if (!range) return null;
        const rect = range.getBoundingClientRect();
        return { text: range.toString(), visible: rect.top > 0 && rect.bottom < window.innerHeight };
      }),
    )
    .toEqual({ text: 'astrolabe', visible: true });
});

test('search finds highlights and notes, and opens the article at the highlight', async ({ gloss }) => {
  const app = new GlossPage(gloss.page);
  await app.openArticle(SECOND_SEED);
  const card = await app.highlight('a reliable long-term cooperative partner', 'Blue');
  await card.getByRole('textbox', { name: 'Note' }).fill('Compare with the wording in the joint statement');
  await card.getByRole('textbox', { name: 'Note' }).blur();
  await app.openArticle(FIRST_SEED);
  await app.library.getByRole('searchbox', { name: 'Search' }).fill('joint statement');
  const hit = app.library.getByRole('list', { name: 'Search results' }).getByRole('button').first();
  await expect(hit).toContainText('Note');
  await hit.click();
  await expect(app.article.getByRole('heading', { level: 1 })).toHaveText(SECOND_SEED);
  await expect(app.annotationCard('a reliable long-term cooperative partner')).toHaveAttribute('aria-current', 'true');
});

test('import saved web pages: the article, its metadata, none of the page around it, and a clear error for a page with no article', async ({ gloss }) => {
  const app = new GlossPage(gloss.page);
  const fixtures = join(import.meta.dirname, '..', 'fixtures', 'articles');
  // The hostile page is full of alert() calls: if any script ran, a dialog would open.
  const dialogs: string[] = [];
  app.page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await app.library.getByLabel('Import files').setInputFiles([join(fixtures, 'northern-lights-og.html'), join(fixtures, 'hostile-page.html'), join(fixtures, 'site-home-no-article.html')]);
  await expect(app.page.getByText(/Imported: 2 added\./)).toBeVisible();
  await expect(app.page.getByRole('alert').filter({ hasText: 'site-home-no-article.html' })).toBeVisible();

  await app.openArticle('Community garden opens its gates');
  // Nothing active survives: no script ran, and no markup from the page is in the DOM.
  await expect(app.article.locator('script, iframe, img, [onerror], [onclick], a[href^="javascript:"]')).toHaveCount(0);

  await app.library.getByRole('searchbox', { name: 'Search' }).fill('aurora');
  await expect(app.library.getByRole('list', { name: 'Search results' }).getByRole('button').first()).toContainText('Northern lights');
  expect(dialogs).toEqual([]);
});
