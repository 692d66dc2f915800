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
  // A connection that broke while idle says 'error'; one that broke under a query only ends.
  client.on('error', drop)
  client.on('end', drop)
  opening.catch(drop)
  return opening
}
// Connected at once: a board's first load is a cold open, where a connection's start would add to the wait.
connected().catch(() => {})
// Reads still out when the reader closes get no answer: the main thread fails them as the worker exits.
let closed = false
parentPort.on('message', async (msg) => {
  if (msg.type === 'close') {
    closed = true
    const open = connection
    connection = null
    if (open) await open.then((client) => client.end()).catch(() => {})
    parentPort.close()
    return
  }
  try {
    const client = await connected()
    const row = (await client.query(msg.sql, msg.params)).rows[0]
    if (!closed) sendRow(msg.id, row, msg.shared)
  } catch (err) {
    if (!closed) sendError(msg.id, err)
  }
})
`

/**
 * The blob reader of a Postgres database. node-postgres receives a bytea as hex text and decodes
 * it at once where the query ran: on the event loop, a 24 MiB board's load blocked every other
 * board for 469-504 ms, and a 1.9 MiB one's for 60-65 ms (the multi-node benchmark).
 */
export function postgresBlobReader(opts: { connectionString: string; connectTimeoutMs: number; statementTimeoutMs: number }, onFailure: (err: Error) => void): BlobReader {
  return new BlobReader(WORKER_SOURCE, { ...opts, driver: createRequire(import.meta.url).resolve('pg') }, onFailure)
}
