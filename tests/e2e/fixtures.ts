import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { _electron, test as base, type ElectronApplication, type Page } from '@playwright/test';

/**
 * One fixture, two ways to run Gloss: web mode in Chromium, or the desktop app
 * through Playwright's _electron. Each test gets a fresh temporary data
 * directory and waits for the app's ready signal (data-ready on .app).
 */
const ROOT = resolve(import.meta.dirname, '..', '..');

export interface GlossApp {
  kind: 'web' | 'electron';
  page: Page;
  dataDir: string;
  /** Reloads the window, as a person pressing F5 / Ctrl+R would. */
  reload(): Promise<void>;
  /** Quits Gloss and starts it again on the same data directory. */
  restart(): Promise<void>;
  /** Runs "Export → Save Markdown…" and returns the saved file's text. */
  saveMarkdown(): Promise<string>;
}

/** Where an Electron binary is, or null when this machine has none (it is fetched on first run, which needs the network). */
export function electronBinary(): string | null {
  const pathFile = join(ROOT, 'node_modules', 'electron', 'path.txt');
  if (!existsSync(pathFile)) return null;
  const relative = readFileSync(pathFile, 'utf8').trim();
  const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(ROOT, 'node_modules', 'electron', 'dist');
  const binary = join(dist, relative);
  return existsSync(binary) ? binary : null;
}

interface WebServer {
  process: ChildProcess;
  url: string;
}

async function startWebServer(dataDir: string): Promise<WebServer> {
  const child = spawn(process.execPath, [join(ROOT, 'out', 'main', 'web.js'), '--data-dir', dataDir], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const lines = createInterface({ input: child.stdout! });
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`web mode did not start in time. stderr:\n${stderr}`)), 15_000);
    lines.on('line', (line) => {
      const match = /^Gloss web: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/.exec(line);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1] as string);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`web mode exited with ${code}. stderr:\n${stderr}`));
    });
  });
  return { process: child, url };
}

async function stopWebServer(server: WebServer): Promise<void> {
  if (server.process.exitCode !== null) return;
  const exited = new Promise((done) => server.process.once('exit', done));
  server.process.kill('SIGTERM');
  await exited;
}

export async function waitForReady(page: Page): Promise<void> {
  await page.locator('.app[data-ready="true"]').waitFor();
}

export const test = base.extend<{ gloss: GlossApp }>({
  gloss: async ({ playwright }, use, testInfo) => {
    const dataDir = await mkdtemp(join(tmpdir(), 'gloss-e2e-'));
    try {
      if (testInfo.project.name === 'electron') {
        const binary = electronBinary();
        testInfo.skip(binary === null, 'skipped: no Electron binary');
        let app: ElectronApplication = await launchElectron(binary as string, dataDir);
        const gloss: GlossApp = {
          kind: 'electron',
          page: await app.firstWindow(),
          dataDir,
          async reload() {
            await gloss.page.reload();
            await waitForReady(gloss.page);
          },
          async restart() {
            await app.close();
            app = await launchElectron(binary as string, dataDir);
            gloss.page = await app.firstWindow();
            await waitForReady(gloss.page);
          },
          async saveMarkdown() {
            const target = join(dataDir, `export-${Date.now()}.md`);
            await app.evaluate(({ dialog }, filePath) => {
              // Stub the native dialog: answer as if the user chose this file.
              dialog.showSaveDialog = (async () => ({ canceled: false, filePath })) as typeof dialog.showSaveDialog;
            }, target);
            await gloss.page.getByRole('button', { name: 'Export' }).click();
            await gloss.page.getByRole('menuitem', { name: 'Save Markdown…' }).click();
            await gloss.page.getByText(`Saved to ${target}`).waitFor();
            return readFile(target, 'utf8');
          },
        };
        await waitForReady(gloss.page);
        await use(gloss);
        await app.close();
        return;
      }

      let server = await startWebServer(dataDir);
      // Launched here rather than through the built-in browser fixture, so the
      // electron project never needs a browser of its own.
      const browser = await playwright.chromium.launch(testInfo.project.use.launchOptions);
      const context = await browser.newContext({ acceptDownloads: true, viewport: testInfo.project.use.viewport ?? null });
      await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
      let page = await context.newPage();
      await page.goto(server.url);
      await waitForReady(page);
      const gloss: GlossApp = {
        kind: 'web',
        page,
        dataDir,
        async reload() {
          await gloss.page.reload();
          await waitForReady(gloss.page);
        },
        async restart() {
          const hash = new URL(gloss.page.url()).hash;
          await stopWebServer(server);
          server = await startWebServer(dataDir);
          await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(server.url).origin });
          await gloss.page.close();
          page = await context.newPage();
          gloss.page = page;
          await page.goto(server.url + hash);
          await waitForReady(page);
        },
        async saveMarkdown() {
          const download = gloss.page.waitForEvent('download');
          await gloss.page.getByRole('button', { name: 'Export' }).click();
          await gloss.page.getByRole('menuitem', { name: 'Save Markdown…' }).click();
          const file = await (await download).path();
          return readFile(file, 'utf8');
        },
      };
      try {
        await use(gloss);
      } finally {
        await context.close();
        await browser.close();
        await stopWebServer(server);
      }
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  },
});

async function launchElectron(binary: string, dataDir: string): Promise<ElectronApplication> {
  return _electron.launch({
    executablePath: binary,
    args: [join(ROOT, 'out', 'main', 'index.js'), `--data-dir=${dataDir}`],
    env: { ...process.env, GLOSS_E2E: '1' },
  });
}

export { expect } from '@playwright/test';
