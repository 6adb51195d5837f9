import { defineConfig } from 'vite';

// React via esbuild's automatic JSX runtime; no plugin needed for a static build.
export default defineConfig({
  esbuild: { jsx: 'automatic' },
  build: { outDir: 'dist', emptyOutDir: true },
});
