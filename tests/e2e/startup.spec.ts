import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { GlossPage } from './gloss-page';

const FIRST_SEED = 'ASEAN secretary-general calls for elevating ASEAN-China partnership to new high';
const SECOND_SEED = 'Senior Chinese diplomat meets ASEAN secretary-general';

test('notices that arrive after start-up are shown once, and a dismissed one stays dismissed', async ({ gloss }) => {
  test.setTimeout(90_000);
  const app = new GlossPage(gloss.page);
  const vault = join(gloss.dataDir, 'vault');
  await mkdir(vault);
  await app.openArticle(FIRST_SEED);

  // Turn on auto-export into the vault.
  await app.page.getByRole('button', { name: 'Export' }).click();
  await app.page.getByRole('menuitem', { name: 'Export…' }).click();
  const dialog = app.page.getByRole('dialog', { name: 'Export' });
  await dialog.getByRole('radio', { name: 'Export folder (re-syncs in place)' }).check();
  await dialog.getByRole('textbox', { name: 'Export folder' }).fill(vault);
  const automatic = dialog.getByRole('checkbox', { name: 'Export automatically when highlights change' });
  // Controlled by the saved setting: it shows checked once the service has saved it.
  await automatic.click();
  await expect(automatic).toBeChecked();
  await app.page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();

  // The vault becomes a file: the next auto-export fails, and the service adds a notice long after start-up.
  await rm(vault, { recursive: true });
  await writeFile(vault, 'not a folder\n');
  await app.highlight('cooperation has been deepened with growing mutual trust', 'Yellow');

  // Picked up by the periodic check (every 10 s while the window is visible), with no reload.
  const notices = app.page.getByRole('alert').filter({ hasText: 'Auto-export to' });
  await expect(notices).toHaveCount(1, { timeout: 20_000 });
  await expect(notices.first()).toContainText('is a file, not a folder');

  await notices.first().getByRole('button', { name: 'Dismiss' }).click();
  await expect(notices).toHaveCount(0);
  // Focus asks again at once; the dismissed notice is not shown again.
  await app.page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await app.page.waitForTimeout(1_000);
  await expect(notices).toHaveCount(0);

  // A second failure: focusing the window shows it without waiting for the next period, and only it.
  await app.highlight('China firmly supports maintaining the ASEAN centrality', 'Green');
  await app.page.waitForTimeout(1_800); // auto-export waits a second after the last change
  await app.page.evaluate(() => window.dispatchEvent(new Event('focus')));
  await expect(notices).toHaveCount(1, { timeout: 5_000 });
});

test('a long library keeps every article in the list: it scrolls, and a row far down opens', async ({ gloss }) => {
  test.setTimeout(120_000);
  const app = new GlossPage(gloss.page);
  const count = 150;
  const files = Array.from({ length: count }, (_, index) => {
    const number = String(index + 1).padStart(3, '0');
    return { name: `note-${number}.txt`, mimeType: 'text/plain', buffer: Buffer.from(`Field note ${number}\n\nThe tide came in at dawn on day ${number}, and the gulls went with it.\n`, 'utf8') };
  });
  await app.library.getByLabel('Import files').setInputFiles(files);
  const rows = app.library.getByRole('listitem');
  await expect(rows).toHaveCount(count + 2, { timeout: 90_000 });
  // Every row is in the document, so every article is a button with its name, on screen or not.
  await expect(app.library.getByRole('button', { name: 'Field note 001' })).toHaveCount(1);
  await expect(app.library.getByRole('button', { name: 'Field note 150' })).toHaveCount(1);

  // The seeds were added first, so they are at the bottom of "Recently opened": scroll there and open one.
  const panel = app.library.getByRole('tabpanel', { name: /Articles/ });
  await panel.evaluate((element) => element.scrollTo(0, element.scrollHeight));
  const last = app.library.getByRole('button', { name: SECOND_SEED });
  await expect(last).toBeInViewport();
  await last.click();
  await expect(app.article.getByRole('heading', { level: 1 })).toHaveText(SECOND_SEED);
  await expect(last).toHaveAttribute('aria-current', 'true');

  // Keyboard: Tab from a row moves to the next row, even to one that was off screen.
  await panel.evaluate((element) => element.scrollTo(0, 0));
  const first = rows.first().getByRole('button');
  await first.focus();
  await app.page.keyboard.press('Tab');
  await expect(rows.nth(1).getByRole('button')).toBeFocused();
});
