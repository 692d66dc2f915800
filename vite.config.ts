import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'
import { tiptapSchemaOnce } from './client/src/build/tiptapSchemaOnce'

// The client lives in client/; the server serves client/dist in production and
// proxies nothing: in `npm run dev` Vite forwards /api and /sync to a running server.
export default defineConfig({
  root: 'client',
  plugins: [react(), tiptapSchemaOnce()],
  // No data: URLs in the bundle: the CSP's connect-src allows only the app's own origin, and
  // Vite would otherwise inline small JSON (tldraw's translations) as data: fetches.
  // A test build (VITE_TEST_HOOKS=1, npm run build:test) goes to its own folder, so the production
  // build that `npm start` serves never holds the test hooks (client/src/board/testHooks.ts).
  build: { outDir: process.env.VITE_TEST_HOOKS === '1' ? 'dist-test' : 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4000, assetsInlineLimit: 0 },
  // Vite 8 pre-bundling rewrites @tldraw/assets' import.meta.url asset paths wrongly.
  optimizeDeps: { exclude: ['@tldraw/assets'] },
  server: {
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/sync': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
  test: {
    root: import.meta.dirname,
    include: ['shared/src/**/*.test.ts', 'server/src/**/*.test.ts', 'server/test/**/*.test.ts', 'server/bench/**/*.test.ts', 'client/src/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
})
