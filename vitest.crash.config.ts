import { defineConfig } from 'vitest/config';

// The crash tests drive the built web mode (out/main/web.js) in child processes,
// so they run after `npm run build`, apart from the unit tests.
export default defineConfig({
  test: {
    include: ['tests/crash/**/*.test.ts'],
    environment: 'node',
    testTimeout: 120_000,
    hookTimeout: 30_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
