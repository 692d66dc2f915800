import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { facilitationMap } from '@whiteboard/shared'
import { FacilitationKey } from '@whiteboard/shared/facilitation/facilitationKeys'
import { FacilitationDoc } from './FacilitationDoc'
import { writeVoteEntry } from './voterId'

describe('FacilitationDoc', () => {
  it('reads what a facilitator wrote on another client, and notifies on every change', () => {
    const facilitatorDoc = new Y.Doc()
    const participantDoc = new Y.Doc()
    facilitatorDoc.on('update', (u: Uint8Array) => Y.applyUpdate(participantDoc, u))
    participantDoc.on('update', (u: Uint8Array) => Y.applyUpdate(facilitatorDoc, u))
    const facilitator = new FacilitationDoc(facilitatorDoc)
    const participant = new FacilitationDoc(participantDoc)
    let changes = 0
    const unsubscribe = participant.subscribe(() => changes++)

    facilitator.setTimer({ status: 'running', durationMs: 60_000, endsAt: 123 })
    facilitator.setVoting({ roundId: 'r1', votesPerPerson: 3, frameId: null, visibility: 'live', status: 'open', startedAt: 1 })
    writeVoteEntry(participantDoc, 'voter99', { roundId: 'r1', noteIds: ['shape:a'] })
    expect(changes).toBe(3)
    const snapshot = participant.getSnapshot()
    expect(snapshot.timer).toEqual({ status: 'running', durationMs: 60_000, endsAt: 123 })
    expect(snapshot.voting?.roundId).toBe('r1')
    expect(snapshot.votes.get('voter99')).toEqual({ roundId: 'r1', noteIds: ['shape:a'] })
    expect(facilitator.getSnapshot().votes.get('voter99')).toBeUndefined()
    expect(participant.getSnapshot()).toBe(snapshot)

    unsubscribe()
    facilitator.setVoting(undefined)
    expect(changes).toBe(3)
    // Subscribing again catches up with what changed meanwhile.
    participant.subscribe(() => changes++)
    expect(participant.getSnapshot().voting).toBeUndefined()
  })

  it('reads values that do not validate as absent', () => {
    const doc = new Y.Doc()
    const map = facilitationMap(doc)
    map.set(FacilitationKey.TIMER, { status: 'running', durationMs: 60_000 })
    map.set(FacilitationKey.VOTING, { roundId: 'r', votesPerPerson: 1_000, frameId: null, visibility: 'live', status: 'open', startedAt: 0 })
    map.set(FacilitationKey.SUMMON, { seq: 1, by: 'u', pageId: 'page:p', bounds: { x: 0, y: 0, w: -1, h: 10 } })
    map.set(FacilitationKey.PRESENTER, 'me')
    const snapshot = new FacilitationDoc(doc).getSnapshot()
    expect(snapshot).toMatchObject({ timer: undefined, voting: undefined, summon: undefined, presenter: undefined })
  })
})
