import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { expect, test } from './fixtures';
import { GlossPage } from './gloss-page';

const FIRST_SEED = 'ASEAN secretary-general calls for elevating ASEAN-China partnership to new high';
const SECOND_SEED = 'Senior Chinese diplomat meets ASEAN secretary-general';

test('a tag exported across two articles is one note grouped by article', async ({ gloss }) => {
  test.skip(gloss.kind === 'electron', 'file downloads are web mode; desktop saves through the native dialog (unit-tested)');
  const app = new GlossPage(gloss.page);
  await app.openArticle(FIRST_SEED);
  await app.addTag(await app.highlight('cooperation has been deepened with growing mutual trust', 'Yellow'), 'diplomacy');
  await app.openArticle(SECOND_SEED);
  await app.addTag(await app.highlight('a good neighbor and friend of ASEAN', 'Green'), 'diplomacy');

  await app.page.getByRole('button', { name: 'Export' }).click();
  await app.page.getByRole('menuitem', { name: 'Export…' }).click();
  const dialog = app.page.getByRole('dialog', { name: 'Export' });
  await dialog.getByRole('radio', { name: 'A tag, across articles' }).check();
  await dialog.getByRole('combobox', { name: 'Tag to export' }).selectOption('diplomacy');
  await dialog.getByRole('radio', { name: 'Download a file' }).check();
  const download = app.page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  const file = await (await download).path();
  const markdown = await readFile(file, 'utf8');
  expect(markdown).toContain('title: "Highlights tagged #diplomacy"');
  expect(markdown).toContain(`## ${FIRST_SEED}`);
  expect(markdown).toContain(`## ${SECOND_SEED}`);
  expect(markdown).toContain('> cooperation has been deepened with growing mutual trust');
  expect(markdown).toContain('> a good neighbor and friend of ASEAN');
});

test('export into a folder, edit the note, export again: the edit is kept; an edit inside Gloss’s region is shown before overwriting', async ({ gloss }) => {
  const app = new GlossPage(gloss.page);
  const vault = join(gloss.dataDir, 'vault');
  await app.openArticle(FIRST_SEED);
  await app.highlight('cooperation has been deepened with growing mutual trust', 'Blue');

  const exportToFolder = async (): Promise<void> => {
    await app.page.getByRole('button', { name: 'Export' }).click();
    await app.page.getByRole('menuitem', { name: 'Export…' }).click();
    const dialog = app.page.getByRole('dialog', { name: 'Export' });
    await dialog.getByRole('radio', { name: 'Export folder (re-syncs in place)' }).check();
    await dialog.getByRole('textbox', { name: 'Export folder' }).fill(vault);
    await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  };

  await exportToFolder();
  const dialog = app.page.getByRole('dialog', { name: 'Export' });
  const results = dialog.getByRole('region', { name: 'Export results' });
  await expect(results).toContainText('created');
  const fileName = (await results.locator('code').first().textContent()) as string;
  const path = join(vault, fileName);
  const first = await readFile(path, 'utf8');
  expect(first).toContain('> cooperation has been deepened with growing mutual trust');

  // The user writes their own thoughts below Gloss's region.
  const withMine = `${first}\n## My thoughts\n\nThis matters for the trade chapter.\n`;
  await writeFile(path, withMine);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await app.highlight('China firmly supports maintaining the ASEAN centrality', 'Yellow');
  await exportToFolder();
  await expect(results).toContainText('updated');
  const second = await readFile(path, 'utf8');
  expect(second).toContain('## My thoughts\n\nThis matters for the trade chapter.\n');
  expect(second).toContain('> China firmly supports maintaining the ASEAN centrality');
  expect(second.match(/cooperation has been deepened with growing mutual trust/g)).toHaveLength(1);

  // An edit inside the region: Gloss shows the diff and leaves the file until asked.
  const edited = second.replace('> China firmly supports', '> (edited by me) China firmly supports');
  await writeFile(path, edited);
  await dialog.getByRole('button', { name: 'Done' }).click();
  await exportToFolder();
  await expect(results).toContainText('conflict');
  await expect(dialog.getByLabel(`Changes to ${fileName}`)).toContainText('(edited by me)');
  expect(await readFile(path, 'utf8')).toBe(edited);
  await dialog.getByRole('button', { name: `Overwrite my edits in ${fileName}` }).click();
  await expect(results).toContainText('updated');
  const forced = await readFile(path, 'utf8');
  expect(forced).not.toContain('(edited by me)');
  expect(forced).toContain('## My thoughts');
});

test('the template editor previews live, refuses a broken template, and exports use the saved one', async ({ gloss }) => {
  const app = new GlossPage(gloss.page);
  await app.openArticle(SECOND_SEED);
  await app.highlight('a reliable long-term cooperative partner', 'Purple');
  await app.page.getByRole('button', { name: 'Export' }).click();
  await app.page.getByRole('menuitem', { name: 'Export…' }).click();
  const dialog = app.page.getByRole('dialog', { name: 'Export' });
  const template = dialog.getByRole('textbox', { name: 'Template' });
  await expect(dialog.getByLabel('Template preview')).toContainText('> a reliable long-term cooperative partner');

  await template.fill('# {{title}}\n{{#highlights}}\n- {{quote}} ({{colorLabel}})\n{{/highlights}}\n');
  await expect(dialog.getByLabel('Template preview')).toHaveText(`# ${SECOND_SEED}\n- a reliable long-term cooperative partner (Purple)\n`);
  await template.fill('# {{title}}\n{{#highlights}}\n- {{quote}}\n');
  await expect(dialog.getByRole('alert')).toContainText(/highlights/);
  await expect(dialog.getByRole('button', { name: 'Save template' })).toBeDisabled();

  await template.fill('# {{title}}\n{{#highlights}}\n* {{quote}}\n{{/highlights}}\n');
  await expect(dialog.getByLabel('Template preview')).toContainText('* a reliable long-term cooperative partner');
  await dialog.getByRole('button', { name: 'Save template' }).click();
  await dialog.getByRole('button', { name: 'Done' }).click();
  const markdown = await gloss.saveMarkdown();
  expect(markdown).toBe(`# ${SECOND_SEED}\n* a reliable long-term cooperative partner\n`);
});

test('W3C Web Annotations exported from an article import back and land on the same words', async ({ gloss }) => {
  test.skip(gloss.kind === 'electron', 'uses a browser download for the export');
  const app = new GlossPage(gloss.page);
  await app.openArticle(SECOND_SEED);
  await app.addTag(await app.highlight('a reliable long-term cooperative partner', 'Blue'), 'partners');
  await app.page.getByRole('button', { name: 'Export' }).click();
  await app.page.getByRole('menuitem', { name: 'Export…' }).click();
  const dialog = app.page.getByRole('dialog', { name: 'Export' });
  await dialog.getByRole('radio', { name: 'W3C Web Annotations (JSON-LD)' }).check();
  await dialog.getByRole('radio', { name: 'Download a file' }).check();
  const download = app.page.waitForEvent('download');
  await dialog.getByRole('button', { name: 'Export', exact: true }).click();
  const json = await readFile(await (await download).path(), 'utf8');
  expect(JSON.parse(json)).toMatchObject({ type: 'AnnotationCollection' });

  // Delete the highlight, then bring it back from the file.
  await app.annotationCard('a reliable long-term cooperative partner').getByRole('button', { name: 'Delete highlight' }).click();
  await expect(app.annotationsPane.getByRole('article')).toHaveCount(0);
  await app.page.getByRole('button', { name: 'Export' }).click();
  await app.page.getByRole('menuitem', { name: 'Export…' }).click();
  await dialog.getByLabel('Import W3C annotations').setInputFiles({ name: 'notes.jsonld', mimeType: 'application/ld+json', buffer: Buffer.from(json) });
  await expect(app.page.getByText('Imported 1 annotation from notes.jsonld.')).toBeVisible();
  await dialog.getByRole('button', { name: 'Done' }).click();
  await expect(app.annotationCard('a reliable long-term cooperative partner').getByRole('button', { name: 'Remove tag partners' })).toBeVisible();
  expect(await app.paintedTexts('gloss-blue')).toEqual(['a reliable long-term cooperative partner']);
});
