import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from './config'

describe('loadConfig', () => {
  it('has the documented defaults', () => {
    const config = loadConfig({})
    expect(config).toMatchObject({
      port: 8080,
      host: '127.0.0.1',
      boardSecret: undefined,
      logLevel: 'info',
      roomUnloadDelayMs: 10_000,
      publicUrl: undefined,
      compactAfterUpdates: 500,
      compactAfterBytes: 1024 * 1024,
      storage: 'sqlite',
    })
    expect(config.dataDir.endsWith('/data')).toBe(true)
  })

  it('accepts port 0, trims PUBLIC_URL to its origin, and treats empty variables as unset', () => {
    const config = loadConfig({ PORT: '0', PUBLIC_URL: 'https://tavle.kommune.no/some/path', BOARD_SECRET: '', STORAGE: 'memory' })
    expect(config.port).toBe(0)
    expect(config.publicUrl).toBe('https://tavle.kommune.no')
    expect(config.boardSecret).toBeUndefined()
    expect(config.storage).toBe('memory')
  })

  it('selects Postgres exactly when DATABASE_URL is set, and refuses STORAGE beside it', () => {
    expect(loadConfig({})).toMatchObject({ storage: 'sqlite', databaseUrl: undefined })
    const url = 'postgres://whiteboard:secret@db.internal:5432/whiteboard'
    expect(loadConfig({ DATABASE_URL: url })).toMatchObject({ storage: 'postgres', databaseUrl: url })
    expect(loadConfig({ DATABASE_URL: 'postgresql://db/whiteboard' }).storage).toBe('postgres')
    expect(() => loadConfig({ DATABASE_URL: url, STORAGE: 'sqlite' })).toThrow(/STORAGE: leave it unset when DATABASE_URL is set/)
    expect(() => loadConfig({ DATABASE_URL: 'mysql://db/whiteboard' })).toThrow(/DATABASE_URL: must be a postgres/)
  })

  it('takes REDIS_URL only beside DATABASE_URL (multi-node mode), with one sentence saying why', () => {
    const url = 'postgres://wb:secret@db:5432/whiteboard'
    expect(loadConfig({ DATABASE_URL: url }).redisUrl).toBeUndefined()
    expect(loadConfig({ DATABASE_URL: url, REDIS_URL: 'redis://cache:6379' })).toMatchObject({ storage: 'postgres', redisUrl: 'redis://cache:6379' })
    expect(() => loadConfig({ REDIS_URL: 'redis://cache:6379' })).toThrow(/REDIS_URL: several nodes need a shared Postgres, so set DATABASE_URL as well/)
    expect(() => loadConfig({ DATABASE_URL: url, REDIS_URL: 'http://cache' })).toThrow(/REDIS_URL: must be a redis/)
  })

  it('reads the quotas and the disk budget, with their defaults', () => {
    expect(loadConfig({})).toMatchObject({
      maxAssetsPerBoard: 200,
      maxAssetBytesPerBoard: 20 * 1024 * 1024,
      maxHistoryBytesPerBoard: 100 * 1024 * 1024,
      minFreeDiskBytes: 1024 * 1024 * 1024,
      dataBudgetBytes: undefined,
    })
    const set = loadConfig({ MAX_ASSETS_PER_BOARD: '5', MAX_ASSET_BYTES_PER_BOARD: '4096', MAX_HISTORY_BYTES_PER_BOARD: '8192', MIN_FREE_DISK_BYTES: '0', DATA_BUDGET_BYTES: '10485760' })
    expect(set).toMatchObject({ maxAssetsPerBoard: 5, maxAssetBytesPerBoard: 4096, maxHistoryBytesPerBoard: 8192, minFreeDiskBytes: 0, dataBudgetBytes: 10485760 })
    expect(() => loadConfig({ MAX_ASSETS_PER_BOARD: '0' })).toThrow(/MAX_ASSETS_PER_BOARD/)
    expect(() => loadConfig({ MIN_FREE_DISK_BYTES: '-1' })).toThrow(/MIN_FREE_DISK_BYTES/)
  })

  it('names every bad variable', () => {
    expect(() => loadConfig({ PORT: '70000', BOARD_SECRET: 'short', STORAGE: 'redis' })).toThrow(ConfigError)
    try {
      loadConfig({ PORT: 'x', BOARD_SECRET: 'short', PUBLIC_URL: 'ftp://x' })
    } catch (err) {
      expect((err as Error).message).toMatch(/PORT/)
      expect((err as Error).message).toMatch(/BOARD_SECRET/)
      expect((err as Error).message).toMatch(/PUBLIC_URL/)
    }
  })

  it('reads the security limits: allowed origins, proxy trust, board size and connection limits', () => {
    const defaults = loadConfig({})
    expect(defaults).toMatchObject({ allowedOrigins: [], trustProxy: false, maxBoardBytes: 25 * 1024 * 1024, maxConnectionsPerBoard: 100, maxConnectionsPerIp: 250 })
    const config = loadConfig({ ALLOWED_ORIGINS: 'https://intranett.kommune.no/, http://localhost:5173', TRUST_PROXY: '1', MAX_BOARD_BYTES: '1048576' })
    expect(config.allowedOrigins).toEqual(['https://intranett.kommune.no', 'http://localhost:5173'])
    expect(config.trustProxy).toBe(true)
    expect(config.maxBoardBytes).toBe(1048576)
    expect(() => loadConfig({ ALLOWED_ORIGINS: 'ftp://x, *' })).toThrow(/ALLOWED_ORIGINS: not an http\(s\) origin: ftp:\/\/x, \*/)
  })

  it('reads who may create boards, the allowed hosts and the metrics token', () => {
    expect(loadConfig({})).toMatchObject({ boardCreation: 'open', creatorKey: undefined, allowedHosts: [], metricsToken: undefined })
    const config = loadConfig({ BOARD_CREATION: 'key', CREATOR_KEY: 'k'.repeat(16), ALLOWED_HOSTS: 'Tavle.Kommune.no, intranett', METRICS_TOKEN: 'm'.repeat(16) })
    expect(config).toMatchObject({ boardCreation: 'key', creatorKey: 'k'.repeat(16), allowedHosts: ['tavle.kommune.no', 'intranett'], metricsToken: 'm'.repeat(16) })
    expect(() => loadConfig({ BOARD_CREATION: 'key' })).toThrow(/CREATOR_KEY: must be set when BOARD_CREATION=key/)
    expect(() => loadConfig({ BOARD_CREATION: 'key', CREATOR_KEY: 'short' })).toThrow(/CREATOR_KEY: must be at least 16/)
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/)
    expect(() => loadConfig({ BOARD_CREATION: 'closed' })).toThrow(/BOARD_CREATION/)
    expect(() => loadConfig({ ALLOWED_HOSTS: 'https://tavle.kommune.no, tavle:8080' })).toThrow(/ALLOWED_HOSTS: not a host name \(no scheme, port or path\): https:\/\/tavle.kommune.no, tavle:8080/)
  })

  it('takes sync tokens in the URL unless SYNC_URL_TOKENS=refuse', () => {
    expect(loadConfig({}).syncUrlTokens).toBe('allow')
    expect(loadConfig({ SYNC_URL_TOKENS: 'refuse' }).syncUrlTokens).toBe('refuse')
    expect(() => loadConfig({ SYNC_URL_TOKENS: 'no' })).toThrow(/SYNC_URL_TOKENS/)
  })
})
