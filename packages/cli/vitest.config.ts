import { defineProject } from 'vitest/config';

// CLI tests spawn the real `rempart` program: allow for tsx's cold start.
export default defineProject({
  test: { name: 'cli', include: ['test/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 },
});
