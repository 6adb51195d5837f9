import { defineConfig } from 'vite';

// JSX uses React's automatic runtime (tsconfig "jsx": "react-jsx"); a static build needs no plugin.
export default defineConfig({
  build: { outDir: 'dist', emptyOutDir: true },
});
