import { once } from 'node:events'
import type { AddressInfo } from 'node:net'
import type { Express } from 'express'

export interface ListeningApp {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  origin: string
  close(): Promise<void>
}

/** Serves an express app on a port the OS picks, for the tests of one router without the whole server. */
export async function listenOnFreePort(app: Express): Promise<ListeningApp> {
  const server = app.listen(0, '127.0.0.1')
  await once(server, 'listening')
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.close()
      await once(server, 'close')
    },
  }
}
