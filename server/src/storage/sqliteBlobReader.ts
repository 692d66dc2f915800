import { createRequire } from 'node:module'
import { BlobReader } from './BlobReader'

/**
 * A read-only connection of the worker's own, which runs one prepared statement per message.
 * In WAL mode its reads see every commit of the main connection made before the query was sent.
 */
const WORKER_SOURCE = `
const Database = require(workerData.driver)
const db = new Database(workerData.file, { readonly: true, fileMustExist: true })
db.pragma('busy_timeout = 5000')
const statements = new Map()
parentPort.on('message', (msg) => {
  if (msg.type === 'close') {
    db.close()
    parentPort.close()
    return
  }
  try {
    let stmt = statements.get(msg.sql)
    if (!stmt) statements.set(msg.sql, (stmt = db.prepare(msg.sql)))
    sendRow(msg.id, stmt.get(...msg.params), msg.shared)
  } catch (err) {
    sendError(msg.id, err)
  }
})
`

/**
 * The blob reader of the SQLite file `file`. better-sqlite3 reads a blob whole and
 * synchronously: a 24 MiB snapshot took 150-190 ms of the event loop per download (measured by
 * the stall benchmark on a busy machine), during which no board was served.
 */
export function sqliteBlobReader(file: string, onFailure: (err: Error) => void): BlobReader {
  // The driver's path comes from the main thread: the worker's code is evaluated, with no module of its own.
  return new BlobReader(WORKER_SOURCE, { file, driver: createRequire(import.meta.url).resolve('better-sqlite3') }, onFailure)
}
