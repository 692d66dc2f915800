/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** tldraw licence key, needed for a production build served from an HTTPS domain (see README). */
  readonly VITE_TLDRAW_LICENSE_KEY?: string
  /** '1' in a test build (npm run build:test): the board page exposes its editor to the tests (board/testHooks.ts). */
  readonly VITE_TEST_HOOKS?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
