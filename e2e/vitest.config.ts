import { defineProject } from 'vitest/config';

// Browser end-to-end tests: the real server on a temporary embedded database, Debian's
// Chromium driven by playwright-core. One file at a time (one browser, 2 shared cores).
export default defineProject({
  test: {
    name: 'e2e',
    include: ['tests/**/*.test.ts'],
    globalSetup: ['./support/global-setup.ts'],
    fileParallelism: false,
    testTimeout: 90_000,
    hookTimeout: 120_000,
  },
});
