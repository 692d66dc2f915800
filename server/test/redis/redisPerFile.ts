import { afterAll, afterEach, beforeAll } from 'vitest'
import { startRedis, type TestRedis } from './startRedis'

export interface RedisPerFile {
  /** The file's Redis; there is none before the file's first test. */
  readonly redis: TestRedis
  /** Run after each test, the last added first. */
  readonly cleanups: (() => Promise<void> | void)[]
}

/** One real Redis for a test file, started before its first test and stopped after its last; `cleanups` run after each test. */
export function redisPerFile(): RedisPerFile {
  let redis: TestRedis | undefined
  const cleanups: (() => Promise<void> | void)[] = []
  beforeAll(async () => {
    redis = await startRedis()
  }, 30_000)
  afterAll(async () => {
    await redis?.stop()
  })
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
  })
  return {
    get redis() {
      if (!redis) throw new Error('Redis is started before the first test')
      return redis
    },
    cleanups,
  }
}
