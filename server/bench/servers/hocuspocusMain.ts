/**
 * Child-process entry of the second anchor: Hocuspocus 4.7 with its default options, on an
 * OS-chosen port. In memory (no storage extension), or, with HOCUSPOCUS_SQLITE_DIR, with its own
 * SQLite extension storing there at its defaults (the whole doc 2 s after the last change, at
 * most 10 s apart). It announces its port with the same JSON "listening" line as our server.
 */
import { join } from 'node:path'
import { Server } from '@hocuspocus/server'
import { SQLite } from '@hocuspocus/extension-sqlite'

const sqliteDir = process.env.HOCUSPOCUS_SQLITE_DIR
const server = new Server({
  port: 0,
  address: process.env.HOST ?? '127.0.0.1',
  quiet: true,
  stopOnSignals: false,
  extensions: sqliteDir ? [new SQLite({ database: join(sqliteDir, 'hocuspocus.sqlite') })] : [],
})
await server.listen()
console.info(JSON.stringify({ msg: 'listening', port: server.address.port }))
process.on('SIGTERM', () => {
  void server.destroy().then(() => process.exit(0))
})
