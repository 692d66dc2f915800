import { describe, expect, it } from 'vitest'
import { estimateOffset, MAX_USEFUL_RTT_MS, ServerClock } from './clockOffset'

/**
 * A simulated network and server: the "true" time advances by hand, each client reads it
 * through its own skewed clock, and every exchange takes the given delays there and back.
 */
function simulation() {
  let trueNow = 1_700_000_000_000
  const serverSkew = 0
  return {
    advance: (ms: number) => (trueNow += ms),
    trueNow: () => trueNow,
    client(skewMs: number, delays: [up: number, down: number][]) {
      let i = 0
      const localNow = () => trueNow + skewMs
      const fetchServerNow = async () => {
        const [up, down] = delays[i++ % delays.length]!
        trueNow += up
        const serverNow = trueNow + serverSkew
        trueNow += down
        return serverNow
      }
      return new ServerClock({ fetchServerNow, localNow })
    },
  }
}

describe('estimateOffset', () => {
  it('keeps the sample with the shortest round trip and assumes the server read its clock halfway', () => {
    const estimate = estimateOffset([
      { sentAt: 0, receivedAt: 400, serverNow: 10_300 },
      { sentAt: 1000, receivedAt: 1040, serverNow: 11_020 },
      { sentAt: 2000, receivedAt: 2200, serverNow: 12_000 },
    ])
    expect(estimate).toEqual({ offsetMs: 10_000, rttMs: 40 })
  })

  it('ignores samples that cannot be trusted', () => {
    expect(estimateOffset([])).toBeUndefined()
    expect(estimateOffset([{ sentAt: 10, receivedAt: 5, serverNow: 100 }])).toBeUndefined()
    expect(estimateOffset([{ sentAt: 0, receivedAt: MAX_USEFUL_RTT_MS + 1, serverNow: 100 }])).toBeUndefined()
    expect(estimateOffset([{ sentAt: 0, receivedAt: 10, serverNow: Number.NaN }])).toBeUndefined()
  })
})

describe('ServerClock', () => {
  it('gives clients with skewed clocks the same server time, within half the best round trip', async () => {
    const sim = simulation()
    // One laptop 90 s fast on a jittery network, one 45 s slow on a quiet one.
    const fast = sim.client(90_000, [[300, 20], [40, 40], [15, 25], [500, 500], [60, 10]])
    const slow = sim.client(-45_000, [[10, 10], [12, 8]])
    await fast.sync()
    await slow.sync()
    expect(fast.getEstimate()!.rttMs).toBe(40)
    expect(Math.abs(fast.serverNow() - sim.trueNow())).toBeLessThanOrEqual(20)
    expect(Math.abs(slow.serverNow() - sim.trueNow())).toBeLessThanOrEqual(10)
    expect(Math.abs(fast.serverNow() - slow.serverNow())).toBeLessThanOrEqual(30)
  })

  it('is the local clock until it has synced, and keeps the last estimate when every exchange fails', async () => {
    let local = 5_000
    let fail = false
    const clock = new ServerClock({
      localNow: () => local,
      fetchServerNow: async () => {
        if (fail) throw new Error('offline')
        local += 10
        return 65_000
      },
      samples: 3,
    })
    expect(clock.serverNow()).toBe(5_000)
    await clock.sync()
    expect(clock.getEstimate()).toEqual({ offsetMs: 60_000 - 5, rttMs: 10 })
    fail = true
    await clock.sync()
    expect(clock.getEstimate()?.offsetMs).toBe(60_000 - 5)
  })

  it('uses the first answer at once, before the other exchanges of the sync have come back', async () => {
    let local = 5_000
    const answers: ((serverNow: number) => void)[] = []
    const clock = new ServerClock({
      localNow: () => local,
      fetchServerNow: () => new Promise<number>((answer) => answers.push(answer)),
      samples: 3,
    })
    const syncing = clock.sync()
    await Promise.resolve()
    local += 10
    answers[0]!(65_000)
    // The second exchange is still out, and the clock already reads the server's time.
    await expect.poll(() => answers.length).toBe(2)
    expect(clock.getEstimate()).toEqual({ offsetMs: 60_000 - 5, rttMs: 10 })
    expect(clock.serverNow()).toBe(local + 60_000 - 5)
    answers[1]!(65_000)
    await expect.poll(() => answers.length).toBe(3)
    answers[2]!(65_000)
    await syncing
  })

  it('runs one sync at a time', async () => {
    let calls = 0
    const clock = new ServerClock({ fetchServerNow: async () => (calls++, Date.now()), samples: 3 })
    await Promise.all([clock.sync(), clock.sync()])
    expect(calls).toBe(3)
  })
})
