import { defineProject } from 'vitest/config';

export default defineProject({
  test: { name: 'shield', include: ['src/**/*.test.ts', 'test/**/*.test.ts'] },
});
