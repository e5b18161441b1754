import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests drive the built app (`npm run build` first; `npm test` does it).
 * - "web": web mode in Debian's Chromium, a fresh data directory per test.
 * - "electron": the same specs through Playwright's _electron, where an Electron
 *   binary exists; elsewhere each test reports "skipped: no Electron binary".
 */
const chromiumArgs = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  workers: 2,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    viewport: { width: 1400, height: 900 },
    trace: 'off',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'web',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: chromiumArgs },
      },
    },
    { name: 'electron' },
  ],
});
