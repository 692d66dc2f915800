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
})
