import type pg from 'pg'

/**
 * Runs `work` on one pooled connection inside BEGIN/COMMIT (ROLLBACK when it throws). A
 * connection whose ROLLBACK fails is broken and is destroyed rather than handed back to the
 * pool (the pool drops a connection that has ended by itself).
 */
export async function inTransaction<T>(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<T>, begin = 'BEGIN'): Promise<T> {
  const client = await pool.connect()
  let broken: Error | undefined
  try {
    await client.query(begin)
    try {
      const result = await work(client)
      await client.query('COMMIT')
      return result
    } catch (err) {
      await client.query('ROLLBACK').catch((rollbackErr: Error) => {
        broken = rollbackErr
      })
      throw err
    }
  } finally {
    client.release(broken)
  }
}
