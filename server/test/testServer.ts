import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CreateBoardBody, CreateBoardResponse } from '@whiteboard/shared'
import { loadConfig } from '../src/config'
import { startServer, type RunningServer, type StartServerOptions } from '../src/startServer'

export interface TestServer {
  origin: string
  /** Base URL for y-websocket's WebsocketProvider: the board id is appended as the room name. */
  syncUrl: string
  port: number
  dataDir: string
  server: RunningServer
  createBoard(body?: CreateBoardBody): Promise<CreateBoardResponse>
  /** Graceful stop; the data directory stays for a restart. */
  stop(): Promise<void>
  /** Stops and starts again on the same data directory (new port). */
  restart(): Promise<TestServer>
  /** Stops and removes the data directory. */
  dispose(): Promise<void>
}

/** Starts the real server in this process on port 0 with a temporary DATA_DIR (SQLite unless `env.STORAGE` says otherwise). */
export async function startTestServer(opts: { dataDir?: string; env?: Record<string, string>; options?: StartServerOptions } = {}): Promise<TestServer> {
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'wb-server-'))
  const config = loadConfig({
    PORT: '0',
    HOST: '127.0.0.1',
    DATA_DIR: dataDir,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    ROOM_UNLOAD_DELAY_MS: '100',
    ...opts.env,
  })
  const server = await startServer(config, opts.options)
  const origin = `http://127.0.0.1:${server.port}`
  const self: TestServer = {
    origin,
    syncUrl: `ws://127.0.0.1:${server.port}/sync`,
    port: server.port,
    dataDir,
    server,
    createBoard: (body = {}) => createBoardVia(origin, body),
    stop: () => server.close(),
    restart: async () => {
      await server.close()
      return startTestServer({ ...opts, dataDir })
    },
    dispose: async () => {
      await server.close()
      rmSync(dataDir, { recursive: true, force: true })
    },
  }
  return self
}

export async function createBoardVia(origin: string, body: CreateBoardBody = {}): Promise<CreateBoardResponse> {
  const res = await fetch(`${origin}/api/boards`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (res.status !== 201) throw new Error(`creating a board failed: ${res.status} ${await res.text()}`)
  return (await res.json()) as CreateBoardResponse
}
