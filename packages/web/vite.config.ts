import { defineConfig } from 'vite';

// JSX uses React's automatic runtime (tsconfig "jsx": "react-jsx"); a static build needs no plugin.
//
// The build lands in packages/server/assets/web: the `runlens` package ships `assets`, so `runlens serve` finds the
// dashboard the same way from a clone (`npx runlens`) and from an installed package (packages/server/src/server/web-ui.ts).
//
// @runlens/core is pure (DESIGN.md: no I/O, no global state), but its index pulls in zod schemas whose top-level
// calls a bundler must otherwise keep; declaring its modules free of side effects lets the build keep only what the
// dashboard imports (the filter parser, value decoding, moments), a few KB instead of ~200.
export default defineConfig({
  build: {
    outDir: '../server/assets/web',
    emptyOutDir: true,
    rollupOptions: {
      treeshake: { moduleSideEffects: (id: string) => !/[\\/]packages[\\/]core[\\/]/.test(id) },
      // TanStack Query marks its hooks "use client" for React Server Components; meaningless in a static app
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    // `npm run dev -w @runlens/web` against a `runlens serve` on the default port
    proxy: { '/api': { target: 'http://127.0.0.1:7878', ws: true } },
  },
});
