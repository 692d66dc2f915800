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
})
