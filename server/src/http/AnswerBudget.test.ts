import { describe, expect, it } from 'vitest'
import { AnswerBudget, AnswerBudgetFullError } from './AnswerBudget'

const settled = () => new Promise<void>((resolve) => setImmediate(resolve))

describe('AnswerBudget', () => {
  it('grants answers while they fit, holds the rest in order, and grants them as memory is released', async () => {
    const budget = new AnswerBudget({ totalBytes: 100, perAddressBytes: 100, maxWaiting: 10 })
    const releaseA = await budget.acquire(60, 'x')
    let bGranted = false
    const b = budget.acquire(60, 'y').then((release) => ((bGranted = true), release))
    await settled()
    expect(bGranted).toBe(false)
    expect(budget.bytesInFlight).toBe(60)
    expect(budget.waitingCount).toBe(1)
    releaseA()
    const releaseB = await b
    expect(budget.bytesInFlight).toBe(60)
    releaseB()
    releaseB()
    expect(budget.bytesInFlight).toBe(0)
    expect(budget.peakBytesInFlight).toBe(60)
  })

  it('sends an answer larger than the whole budget alone', async () => {
    const budget = new AnswerBudget({ totalBytes: 100, perAddressBytes: 100, maxWaiting: 10 })
    const release = await budget.acquire(500, 'x')
    expect(budget.bytesInFlight).toBe(500)
    let second = false
    void budget.acquire(1, 'y').then(() => (second = true))
    await settled()
    expect(second).toBe(false)
    release()
    await settled()
    expect(second).toBe(true)
  })

  it("lets one address use the whole budget while nobody else waits", async () => {
    const budget = new AnswerBudget({ totalBytes: 100, perAddressBytes: 30, maxWaiting: 10 })
    await budget.acquire(30, 'x')
    await budget.acquire(30, 'x')
    await budget.acquire(30, 'x')
    expect(budget.bytesInFlight).toBe(90)
  })

  it("holds an address to its share while another address waits, and passes over it so that the other goes first", async () => {
    const budget = new AnswerBudget({ totalBytes: 100, perAddressBytes: 30, maxWaiting: 10 })
    await budget.acquire(30, 'x')
    const releaseZ = await budget.acquire(60, 'z')
    const granted: string[] = []
    const fromY = budget.acquire(20, 'y').then((r) => (granted.push('y'), r))
    const moreX = budget.acquire(10, 'x').then((r) => (granted.push('x'), r))
    await settled()
    // x would fit the total, but y waits and x is at its share.
    expect(granted).toEqual([])
    releaseZ()
    await Promise.all([fromY, moreX])
    expect(granted).toEqual(['y', 'x'])
  })

  it('refuses past maxWaiting, and forgets a waiter whose client went away', async () => {
    const budget = new AnswerBudget({ totalBytes: 10, perAddressBytes: 10, maxWaiting: 1 })
    const release = await budget.acquire(10, 'x')
    const gone = new AbortController()
    const waiting = budget.acquire(10, 'y', gone.signal)
    await expect(budget.acquire(10, 'z')).rejects.toBeInstanceOf(AnswerBudgetFullError)
    gone.abort(new Error('gone'))
    await expect(waiting).rejects.toThrow('gone')
    expect(budget.waitingCount).toBe(0)
    release()
    expect(budget.bytesInFlight).toBe(0)
  })
})
