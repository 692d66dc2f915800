import { randomBytes } from 'node:crypto'
import { startPostgres, type TestPostgres } from '../../test/postgres/startPostgres'
import { startRedis, type TestRedis } from '../../test/redis/startRedis'
import { launchServer, type LaunchOptions, type ServerUnderTest } from '../servers/ServerUnderTest'

export interface ClusterBackends {
  postgres: TestPostgres
  redis: TestRedis
  /** Starts `count` nodes of our server in multi-node mode on a new database of their own. */
  launchNodes(count: number, opts?: LaunchOptions): Promise<ServerUnderTest[]>
  /** Stops every node it launched, then Redis and Postgres, each by its process id, and removes their folders. */
  dispose(): Promise<void>
}

/**
 * A throwaway Postgres (durable: fsync on, as in production) and Redis, with the test suite's
 * own starters, and nodes on them. One per benchmark run, so the nodes of one measurement
 * share their database with no earlier run's boards.
 */
export async function startClusterBackends(): Promise<ClusterBackends> {
  const [pgStart, redisStart] = await Promise.allSettled([startPostgres(undefined, { durable: true }), startRedis()])
  if (pgStart.status === 'rejected' || redisStart.status === 'rejected') {
    if (pgStart.status === 'fulfilled') await pgStart.value.dispose()
    if (redisStart.status === 'fulfilled') await redisStart.value.stop()
    throw pgStart.status === 'rejected' ? pgStart.reason : (redisStart as PromiseRejectedResult).reason
  }
  const postgres = pgStart.value
  const redis = redisStart.value
  const nodes: ServerUnderTest[] = []
  let databases = 0
  return {
    postgres,
    redis,
    async launchNodes(count, opts = {}) {
      const databaseUrl = await postgres.createDatabase(`bench_${++databases}`)
      // The nodes share their secret, so a board's link made on one opens it on any.
      const env = { DATABASE_URL: databaseUrl, REDIS_URL: redis.url, BOARD_SECRET: randomBytes(24).toString('base64url'), ...opts.env }
      const started = await Promise.allSettled(Array.from({ length: count }, () => launchServer('ours', { ...opts, env })))
      for (const s of started) if (s.status === 'fulfilled') nodes.push(s.value)
      const failed = started.find((s) => s.status === 'rejected')
      if (failed) throw failed.reason
      return started.map((s) => (s as PromiseFulfilledResult<ServerUnderTest>).value)
    },
    async dispose() {
      await Promise.allSettled(nodes.map((node) => node.dispose()))
      await Promise.allSettled([postgres.dispose(), redis.stop()])
    },
  }
}
