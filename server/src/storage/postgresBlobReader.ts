import { createRequire } from 'node:module'
import { BlobReader } from './BlobReader'

/**
 * One connection of the worker's own, opened at start and again after it broke (the failing
 * query is refused; Postgres restarting must not end the worker). bigint columns come
 * back as numbers, as on the main pool (PostgresStorage.ts).
 */
const WORKER_SOURCE = `
const pg = require(workerData.driver)
const INT8_OID = 20
const types = { getTypeParser: (oid, format) => (oid === INT8_OID ? Number : pg.types.getTypeParser(oid, format)) }
let connection = null
function connected() {
  if (connection) return connection
  const client = new pg.Client({ connectionString: workerData.connectionString, connectionTimeoutMillis: workerData.connectTimeoutMs, statement_timeout: workerData.statementTimeoutMs, types })
  const opening = client.connect().then(() => client)
  connection = opening
  const drop = () => {
    if (connection === opening) connection = null
  }
  client.on('error', drop)
  opening.catch(drop)
  return opening
}
// Connected at once: a board's first load is a cold open, where a connection's start would add to the wait.
connected().catch(() => {})
parentPort.on('message', async (msg) => {
  if (msg.type === 'close') {
    const open = connection
    connection = null
    if (open) await open.then((client) => client.end()).catch(() => {})
    parentPort.close()
    return
  }
  try {
    const client = await connected()
    sendRow(msg.id, (await client.query(msg.sql, msg.params)).rows[0], msg.shared)
  } catch (err) {
    sendError(msg.id, err)
  }
})
`

/**
 * The blob reader of a Postgres database. node-postgres receives a bytea as hex text and
 * decodes it where the query ran: for a 24 MiB board, about 900 ms of CPU and a block of
 * 100 ms on the event loop (measured here), every other board with it.
 */
export function postgresBlobReader(opts: { connectionString: string; connectTimeoutMs: number; statementTimeoutMs: number }, onFailure: (err: Error) => void): BlobReader {
  return new BlobReader(WORKER_SOURCE, { ...opts, driver: createRequire(import.meta.url).resolve('pg') }, onFailure)
}
