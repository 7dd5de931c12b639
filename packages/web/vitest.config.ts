import { defineProject } from 'vitest/config';

// Unit tests of the app's pure modules (preview, SSE reader, i18n, router, error wording);
// the screens themselves are tested in a real browser by the e2e project.
export default defineProject({
  test: { name: 'web', include: ['src/**/*.test.ts'], environment: 'node' },
});
