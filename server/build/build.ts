import { bundleServer } from './bundleServer'

/** `npm run build:server`: the production server into server/dist (see bundleServer.ts). */
bundleServer().catch((err: unknown) => {
  console.error('The server build failed:', err instanceof Error ? err.message : err)
  process.exit(1)
})
