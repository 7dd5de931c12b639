import { defineProject } from 'vitest/config';

// The harness's own tests (matching rules, corpus checksums, reports). They run with every
// other test (`npm test` at the root); the evaluations and benchmarks themselves never do.
export default defineProject({
  test: { name: 'bench', include: ['src/**/*.test.ts'] },
});
