/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** tldraw licence key, needed for a production build served from an HTTPS domain (see README). */
  readonly VITE_TLDRAW_LICENSE_KEY?: string
}

interface ImportMeta {
  readonly env: ImportMetaEnv
}
