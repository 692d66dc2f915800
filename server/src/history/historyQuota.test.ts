import { describe, expect, it } from 'vitest'
import type { SnapshotKind } from '@whiteboard/shared/api/historyApi'
import type { SnapshotInfo } from '../storage/Storage'
import { planSnapshot } from './historyQuota'

const RETENTION = { autoKeep: 50, keptDays: 0 }

function snap(id: string, kind: SnapshotKind, createdAt: number, byteLength: number): SnapshotInfo {
  return { id, label: '', author: '', kind, createdAt, byteLength }
}

describe('planSnapshot', () => {
  it('keeps everything while the history with the new snapshot fits', () => {
    const existing = [snap('a', 'auto-idle', 1, 30), snap('m', 'manual', 2, 30)]
    expect(planSnapshot(existing, { kind: 'auto-activity', bytes: 40 }, RETENTION, 100, 10)).toEqual({ fits: true, drop: [] })
  })

  it('lets the oldest rolling snapshots go first, and never a deliberate one', () => {
    const existing = [snap('m', 'manual', 1, 30), snap('old', 'auto-idle', 2, 30), snap('tpl', 'before-template', 3, 30), snap('new', 'auto-activity', 4, 30)]
    const plan = planSnapshot(existing, { kind: 'manual', bytes: 30 }, RETENTION, 100, 10)
    expect(plan.fits && plan.drop.map((s) => s.id)).toEqual(['old', 'tpl'])
  })

  it('does not fit when the deliberate snapshots alone leave no room, and says what they take', () => {
    const existing = [snap('m1', 'manual', 1, 40), snap('r1', 'before-restore', 2, 40), snap('a', 'auto-idle', 3, 10)]
    expect(planSnapshot(existing, { kind: 'manual', bytes: 30 }, RETENTION, 100, 10)).toEqual({ fits: false, keptBytes: 80 })
    expect(planSnapshot([], { kind: 'auto-idle', bytes: 101 }, RETENTION, 100, 10)).toEqual({ fits: false, keptBytes: 0 })
  })

  it('applies retention first, counting the new snapshot as the newest', () => {
    const existing = [snap('a1', 'auto-idle', 1, 1), snap('a2', 'auto-idle', 2, 1)]
    const plan = planSnapshot(existing, { kind: 'auto-idle', bytes: 1 }, { autoKeep: 2, keptDays: 0 }, 100, 10)
    expect(plan.fits && plan.drop.map((s) => s.id)).toEqual(['a1'])
  })
})
