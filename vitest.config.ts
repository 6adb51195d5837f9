import { defineConfig } from 'vitest/config';
import { fileURLToPath } from 'node:url';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));

// Tests import workspace packages from source, so `vitest` needs no build; CLI end-to-end tests spawn the built
// `runlens` binary, which `npm test` builds first.
export default defineConfig({
  resolve: {
    alias: {
      '@runlens/core': src('./packages/core/src/index.ts'),
      '@runlens/client': src('./packages/client/src/index.ts'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    env: { TZ: 'UTC' },
    // CI adds vitest's counts to the Python suite's from this file (.ci/run)
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: { json: 'test-output/vitest.json' },
  },
});
