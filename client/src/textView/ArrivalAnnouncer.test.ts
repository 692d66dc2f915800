import { describe, expect, it } from 'vitest'
import { ArrivalAnnouncer, MIN_INTERVAL_MS, SETTLE_MS, type AnnouncerClock } from './ArrivalAnnouncer'

/** A clock that moves only when told to, running the timers that fall due. */
class FakeClock implements AnnouncerClock {
  time = 1_000_000
  private timers = new Map<number, { at: number; fn: () => void }>()
  private next = 1
  now = () => this.time
  setTimeout = (fn: () => void, ms: number) => {
    const id = this.next++
    this.timers.set(id, { at: this.time + ms, fn })
    return id
  }
  clearTimeout = (handle: unknown) => {
    this.timers.delete(handle as number)
  }
  advance(ms: number): void {
    const end = this.time + ms
    for (;;) {
      const due = [...this.timers].filter(([, t]) => t.at <= end).sort((a, b) => a[1].at - b[1].at)[0]
      if (!due) break
      this.timers.delete(due[0])
      this.time = due[1].at
      due[1].fn()
    }
    this.time = end
  }
}

function setup() {
  const clock = new FakeClock()
  const said: Array<Array<readonly [string, number]>> = []
  const announcer = new ArrivalAnnouncer((counts) => said.push([...counts]), clock)
  return { clock, said, announcer }
}

describe('ArrivalAnnouncer', () => {
  it('says a burst of notes once, grouped by cell, after the burst settles', () => {
    const { clock, said, announcer } = setup()
    announcer.arrived('Pain points, During')
    clock.advance(500)
    announcer.arrived('Pain points, During')
    clock.advance(500)
    announcer.arrived('Actions, Before')
    clock.advance(SETTLE_MS - 1)
    expect(said).toEqual([])
    clock.advance(1)
    expect(said).toEqual([
      [
        ['Pain points, During', 2],
        ['Actions, Before', 1],
      ],
    ])
  })

  it('keeps a steady stream of notes to one announcement per interval', () => {
    const { clock, said, announcer } = setup()
    announcer.arrived('A')
    clock.advance(SETTLE_MS)
    expect(said).toHaveLength(1)
    // More right after: held until the interval since the last announcement has passed.
    announcer.arrived('A')
    clock.advance(SETTLE_MS)
    announcer.arrived('B')
    clock.advance(SETTLE_MS)
    expect(said).toHaveLength(1)
    clock.advance(MIN_INTERVAL_MS)
    expect(said).toHaveLength(2)
    expect(said[1]).toEqual([
      ['A', 1],
      ['B', 1],
    ])
    clock.advance(MIN_INTERVAL_MS * 3)
    expect(said).toHaveLength(2)
  })

  it('says nothing after it is disposed', () => {
    const { clock, said, announcer } = setup()
    announcer.arrived('A')
    announcer.dispose()
    clock.advance(MIN_INTERVAL_MS * 2)
    expect(said).toEqual([])
  })
})
