import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createService, type GlossService } from '../../main/service';

/**
 * Every change the service makes names the files it touched (store.update's
 * `changes`), and only those are written. A change that named too little
 * would live in memory and vanish at the next start. This runs every
 * mutating method and, after each one, compares everything the service can
 * tell about the library with what a fresh read-only service, reading only
 * the disk, tells. (Checking only at the end would miss a change left out:
 * the next save of the same file would carry it to disk by chance.)
 */
const dirs: string[] = [];
const services: GlossService[] = [];

afterEach(async () => {
  await Promise.all(services.splice(0).map((service) => service.close()));
  await Promise.all(dirs.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function open(dataDir: string): Promise<GlossService> {
  const service = await createService({ dataDir, seedsDir: join(process.cwd(), 'seeds'), autoExportDelayMs: 60_000, articleCheckDelayMs: 0 });
  services.push(service);
  return service;
}

const b64 = (text: string) => Buffer.from(text, 'utf8').toString('base64');

/** The service's view of the library equals that of a fresh reader of the disk. */
async function expectOnDisk(service: GlossService, dataDir: string): Promise<void> {
  const reader = await createService({ dataDir, readOnly: true });
  try {
    expect(await everything(reader)).toEqual(await everything(service));
  } finally {
    await reader.close();
  }
}

/** Everything the library holds, as the service reports it. */
async function everything(service: GlossService): Promise<unknown> {
  const articles = await service.listArticles({});
  return {
    articles,
    annotations: await Promise.all(articles.map((article) => service.listAnnotations({ articleId: article.id }))),
    highlights: await service.listHighlights({}),
    tags: await service.listTags({}),
    settings: await service.getSettings({}),
  };
}

describe('what the service saves', () => {
  it('is all there after a restart, whichever methods made it', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'gloss-persist-'));
    dirs.push(dataDir);
    const service = await open(dataDir);
    const [first, second] = await service.listArticles({});
    const text = (await service.getArticle({ id: first!.id })).text;
    const at = (phrase: string) => ({ start: text.indexOf(phrase), end: text.indexOf(phrase) + phrase.length });

    const one = await service.createAnnotation({ articleId: first!.id, ...at('mutual trust'), color: 'green', note: 'first', tags: ['Trust', 'asean/ties'] });
    await expectOnDisk(service, dataDir);
    const two = await service.createAnnotation({ articleId: first!.id, ...at('Qin Gang'), color: 'pink', tags: ['people'] });
    await expectOnDisk(service, dataDir);
    const three = await service.createAnnotation({ articleId: first!.id, ...at('ASEAN'), color: 'blue', tags: ['gone'] });
    await expectOnDisk(service, dataDir);
    await service.updateAnnotation({ id: one.id, note: 'first, edited', color: 'purple', tags: ['trust', 'asean/ties', 'more'] });
    await expectOnDisk(service, dataDir);
    await service.deleteAnnotation({ id: two.id });
    await expectOnDisk(service, dataDir);
    await service.restoreAnnotation({ annotation: two });
    await expectOnDisk(service, dataDir);
    await service.deleteAnnotation({ id: three.id });
    await expectOnDisk(service, dataDir);
    await service.renameTag({ from: 'people', to: 'persons' });
    await expectOnDisk(service, dataDir);
    await service.deleteTag({ tag: 'more' });
    await expectOnDisk(service, dataDir);
    await service.reattachAnnotation({ id: two.id, ...at('Chinese') });
    await expectOnDisk(service, dataDir);
    await service.setReadingProgress({ id: first!.id, progress: 0.4 });
    await expectOnDisk(service, dataDir);
    await service.getArticle({ id: second!.id });
    await expectOnDisk(service, dataDir);
    await service.renameArticle({ id: second!.id, title: 'Renamed' });
    await expectOnDisk(service, dataDir);
    await service.updateSettings({ reader: { typeface: 'sans', fontSize: 22, lineHeight: 1.8, columnWidth: 44, theme: 'sepia' }, colors: [{ id: 'green', label: 'Evidence' }], exportTemplate: '# {{title}}\n', autoExport: false });
    await expectOnDisk(service, dataDir);
    const w3c = await service.exportW3C({ articleId: first!.id });
    await service.importW3C({ articleId: second!.id, json: w3c.json });
    await expectOnDisk(service, dataDir);

    const tides = ['Field notes on tides', 'The harbour empties twice a day, and the boats lean on their keels.', 'They are rarely wrong.'].join('\n\n');
    const [added] = await service.importFiles({ files: [{ name: 'tides.txt', dataBase64: b64(tides) }] });
    await expectOnDisk(service, dataDir);
    const tidesId = added!.ok ? added!.article.id : '';
    await service.createAnnotation({ articleId: tidesId, start: tides.indexOf('boats') - tides.indexOf('The harbour'), end: tides.indexOf('boats') - tides.indexOf('The harbour') + 5, color: 'yellow' });
    await expectOnDisk(service, dataDir);
    await service.importFiles({ files: [{ name: 'tides.txt', dataBase64: b64(tides.replace('They are', 'Fishermen say they are')) }] });
    await expectOnDisk(service, dataDir);
    await service.deleteArticle({ id: tidesId });
    await expectOnDisk(service, dataDir);
    await service.restoreArticle({ id: tidesId });
    await expectOnDisk(service, dataDir);
    await service.deleteArticle({ id: second!.id });
    await expectOnDisk(service, dataDir);

    const before = await everything(service);
    await service.close();
    const reopened = await open(dataDir);
    expect(await everything(reopened)).toEqual(before);
  });
});
