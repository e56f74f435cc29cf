import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // dist/ compiled once before the files that run the real command in a child process.
    globalSetup: ['test/global-setup.ts'],
    // Browser tests launch Chromium; two cores are shared by everything.
    testTimeout: 60_000,
    hookTimeout: 120_000,
    fileParallelism: true,
    maxWorkers: 2,
  },
});
