import { describe, expect, it } from 'vitest'
import type { SnapshotKind } from '@whiteboard/shared/api/historyApi'
import type { SnapshotInfo } from '../storage/Storage'
import { DEFAULT_SNAPSHOT_RETENTION, parseSnapshotRetention, snapshotsToDrop } from './snapshotRetention'

const DAY = 24 * 60 * 60 * 1000
const NOW = Date.UTC(2026, 5, 1)

function snap(id: string, kind: SnapshotKind, ageMs: number): SnapshotInfo {
  return { id, kind, label: '', author: '', createdAt: NOW - ageMs, byteLength: 1 }
}

describe('parseSnapshotRetention', () => {
  it('reads either part and keeps the default of the other', () => {
    expect(parseSnapshotRetention('auto:5,days:30')).toEqual({ autoKeep: 5, keptDays: 30 })
    expect(parseSnapshotRetention(' days:0 ')).toEqual({ autoKeep: DEFAULT_SNAPSHOT_RETENTION.autoKeep, keptDays: 0 })
    expect(parseSnapshotRetention('auto:3')).toEqual({ autoKeep: 3, keptDays: DEFAULT_SNAPSHOT_RETENTION.keptDays })
  })

  it('refuses what it cannot read, saying why', () => {
    expect(() => parseSnapshotRetention('keep:5')).toThrow(/auto:<count> or days:<days>/)
    expect(() => parseSnapshotRetention('auto:0')).toThrow(/between 1 and/)
    expect(() => parseSnapshotRetention('days:99999')).toThrow(/between 0 and/)
    expect(() => parseSnapshotRetention('auto:-1')).toThrow()
  })
})

describe('snapshotsToDrop', () => {
  it('keeps the newest rolling snapshots by count, whatever their kind among the rolling ones', () => {
    const list = [
      snap('a1', 'auto-activity', 4_000),
      snap('a2', 'auto-idle', 3_000),
      snap('m', 'manual', 2_500),
      snap('a3', 'before-template', 2_000),
      snap('a4', 'auto-activity', 1_000),
    ]
    expect(snapshotsToDrop(list, { autoKeep: 2, keptDays: 0 }, NOW).map((s) => s.id)).toEqual(['a2', 'a1'])
  })

  it('lets manual and before-restore snapshots go only after the kept days, and never with days 0', () => {
    const list = [snap('old-manual', 'manual', 40 * DAY), snap('old-restore', 'before-restore', 31 * DAY), snap('young', 'manual', 29 * DAY)]
    expect(snapshotsToDrop(list, { autoKeep: 10, keptDays: 30 }, NOW).map((s) => s.id).sort()).toEqual(['old-manual', 'old-restore'])
    expect(snapshotsToDrop(list, { autoKeep: 10, keptDays: 0 }, NOW)).toEqual([])
  })
})
