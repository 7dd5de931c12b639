import { defineConfig } from 'vitest/config';

// One test command for the whole repository: every package's tests run as a project.
export default defineConfig({
  test: {
    projects: ['packages/*', 'bench', 'e2e'],
  },
});
