import { existsSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import express, { Router } from 'express'

/**
 * The built web app, resolved from the repository root: server/src/http -> ../../.. when run from
 * source, server/dist -> ../.. when run as the production build (server/build/bundleServer.ts).
 */
export const DEFAULT_CLIENT_DIST = resolve(import.meta.dirname, ...(basename(import.meta.dirname) === 'dist' ? ['..', '..'] : ['..', '..', '..']), 'client', 'dist')

/**
 * Serves the built client: hashed files under /assets forever-cached, everything else fresh, and
 * index.html for the app's routes (`/`, `/b/<id>` and `/g/<id>`) so a board or gathering link opens the app. When the
 * client is not built yet, `/` says how to build it instead of a bare 404.
 */
export function clientFiles(distDir: string = DEFAULT_CLIENT_DIST): Router {
  const router = Router()
  const indexFile = join(distDir, 'index.html')
  router.use(
    express.static(distDir, {
      index: false,
      setHeaders: (res, path) => {
        res.setHeader('Cache-Control', path.includes(`${join(distDir, 'assets')}`) ? 'public, max-age=31536000, immutable' : 'no-cache')
      },
    }),
  )
  router.get(['/', '/b/{*rest}', '/g/{*rest}'], (_req, res) => {
    if (!existsSync(indexFile)) {
      res
        .status(503)
        .type('text/plain')
        .send('The web app is not built yet. Run `npm run build` (or `npm start`, which builds and starts the server).\n')
      return
    }
    res.setHeader('Cache-Control', 'no-cache')
    res.sendFile(indexFile)
  })
  return router
}
