import { defineConfig } from 'vitest/config';

// The built page is served by the gateway under a strict CSP
// (default-src 'self'; script-src 'self'; style-src 'self'; ...), so the build must not emit
// inline scripts or styles; scripts/check-dist.mjs verifies that after every build.
export default defineConfig({
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Every browser that runs module scripts supports modulepreload well enough; skipping the
    // polyfill keeps the entry chunk smaller.
    modulePreload: { polyfill: false },
    // Never inline assets as data: URIs into JS/CSS; keep them as separate same-origin files.
    assetsInlineLimit: 0,
    sourcemap: false,
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      // The gateway (and its SSE endpoint /api/updates) runs on 8080 during development.
      '/api': {
        target: 'http://127.0.0.1:8080',
        changeOrigin: false,
      },
    },
  },
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
  },
});
