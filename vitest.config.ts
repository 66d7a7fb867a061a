import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // CLI and worker-pool tests start threads of their own: keep vitest's own parallelism modest on 2 cores.
    maxWorkers: 2,
  },
});
