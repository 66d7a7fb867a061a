import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: a test asserts results, never speed; CI machines may be shared and busy (a hung test still fails).
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // CLI and worker-pool tests start threads of their own: keep vitest's own parallelism modest on 2 cores.
    maxWorkers: 2,
  },
});
