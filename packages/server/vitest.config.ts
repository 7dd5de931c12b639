import { defineProject } from 'vitest/config';

// Server tests use real databases (embedded PGlite, which takes seconds to initialise, and a
// local PostgreSQL) and real HTTP on loopback: allow generous timeouts.
export default defineProject({
  test: {
    name: 'server',
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
