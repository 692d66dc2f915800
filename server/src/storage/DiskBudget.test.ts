import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pino from 'pino'
import { describe, expect, it } from 'vitest'
import { DiskBudget, readDataDir, type DiskReading } from './DiskBudget'

const GiB = 1024 * 1024 * 1024
const log = pino({ level: 'silent' })

describe('DiskBudget', () => {
  it('refuses below the free-space threshold or past the data budget, and says why', async () => {
    let reading: DiskReading = { freeBytes: 5 * GiB, dataBytes: 100 }
    const budget = new DiskBudget({ minFreeBytes: GiB, dataBudgetBytes: 1000, read: async () => reading, log })
    expect(budget.problem).toBeNull()
    await budget.refresh()
    expect(budget.problem).toBeNull()
    reading = { freeBytes: GiB - 1, dataBytes: 100 }
    // Cached: nothing changes until the next reading.
    expect(budget.problem).toBeNull()
    await budget.refresh()
    expect(budget.problem).toMatch(/^the server's disk is almost full \(1024 MiB free, at least 1024 MiB must stay free\)$/)
    reading = { freeBytes: 5 * GiB, dataBytes: 1000 }
    await budget.refresh()
    expect(budget.problem).toBe("the server's data has reached its budget (1000 bytes of 1000 bytes)")
    reading = { freeBytes: 5 * GiB, dataBytes: 10 }
    await budget.refresh()
    expect(budget.problem).toBeNull()
  })

  it('keeps its last verdict when the disk cannot be read', async () => {
    let fail = false
    const budget = new DiskBudget({ minFreeBytes: GiB, dataBudgetBytes: undefined, read: async () => (fail ? Promise.reject(new Error('EIO')) : { freeBytes: 10, dataBytes: 0 }), log })
    await budget.refresh()
    expect(budget.problem).not.toBeNull()
    fail = true
    await budget.refresh()
    expect(budget.problem).not.toBeNull()
  })

  it('reads a real directory: free space from statfs, and the size of its files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'wb-disk-'))
    try {
      writeFileSync(join(dir, 'boards.db'), Buffer.alloc(1234))
      writeFileSync(join(dir, 'secret'), Buffer.alloc(66))
      const reading = await readDataDir(dir)()
      expect(reading.dataBytes).toBe(1300)
      expect(reading.freeBytes).toBeGreaterThan(0)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
