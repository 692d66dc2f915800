import { describe, expect, it } from 'vitest'
import { upcomingMilestones } from './timerMilestones'

describe('upcomingMilestones', () => {
  it('a 10-minute run says 5 minutes left after 5 minutes and 1 minute left after 9', () => {
    expect(upcomingMilestones(10 * 60_000)).toEqual([
      { leftMs: 300_000, inMs: 300_000 },
      { leftMs: 60_000, inMs: 540_000 },
    ])
  })

  it('a run started at 5 minutes (a moment later) says only the last minute', () => {
    expect(upcomingMilestones(5 * 60_000 - 20)).toEqual([{ leftMs: 60_000, inMs: 240_000 - 20 }])
  })

  it('less than a minute left: nothing ahead but the end', () => {
    expect(upcomingMilestones(59_000)).toEqual([])
    expect(upcomingMilestones(60_000)).toEqual([])
  })
})
