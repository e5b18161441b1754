import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { expect, test } from '@playwright/test';

const ROOT = resolve(import.meta.dirname, '..', '..');

test.describe('the built app', () => {
  // eslint-disable-next-line no-empty-pattern -- Playwright requires a destructuring pattern even when no fixture is used
  test.beforeEach(({}, testInfo) => {
    testInfo.skip(testInfo.project.name !== 'web', 'checks the build output once, under the web project');
  });

  test('the sandboxed preload requires nothing but electron', async () => {
    // With sandbox: true, a preload's require() knows only electron and a few
    // built-ins; anything else makes window.gloss silently undefined.
    const preload = await readFile(join(ROOT, 'out', 'preload', 'index.cjs'), 'utf8');
    const required = [...preload.matchAll(/require\(["']([^"']+)["']\)/g)].map((match) => match[1]);
    expect(required).toEqual(['electron']);
    expect(preload).not.toMatch(/^\s*import\s/m);
  });

  test('the renderer bundle carries no contract schemas (zod stays on the Node side)', async () => {
    const html = await readFile(join(ROOT, 'out', 'renderer', 'index.html'), 'utf8');
    const script = /src="\.?\/?(assets\/[^"]+\.js)"/.exec(html)?.[1];
    expect(script).toBeTruthy();
    const bundle = await readFile(join(ROOT, 'out', 'renderer', script as string), 'utf8');
    expect(bundle).not.toContain('ZodError');
  });
});
