import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import pino from 'pino'
import { Awareness } from 'y-protocols/awareness'
import { afterEach, describe, expect, it } from 'vitest'
import { PresenceBudget } from './PresenceBudget'
import { PresenceOwnership, type PresenceEntry, type PresenceSender } from './PresenceOwnership'
import { silentObserver } from './SyncObserver'

const log = pino({ level: 'silent' })
const rooms: Awareness[] = []
afterEach(() => {
  for (const a of rooms.splice(0)) a.destroy()
})

function room(): { awareness: Awareness; presence: PresenceOwnership } {
  const awareness = new Awareness(new Y.Doc())
  awareness.setLocalState(null)
  rooms.push(awareness)
  return { awareness, presence: new PresenceOwnership(awareness, new PresenceBudget(), silentObserver()) }
}

/** An awareness message of one state, and its entry as Connection.receivePresence finds it. */
function message(clientId: number, clock: number, state: unknown): { payload: Uint8Array; entries: PresenceEntry[] } {
  const json = JSON.stringify(state)
  const enc = encoding.createEncoder()
  encoding.writeVarUint(enc, 1)
  encoding.writeVarUint(enc, clientId)
  encoding.writeVarUint(enc, clock)
  encoding.writeVarString(enc, json)
  const payload = encoding.toUint8Array(enc)
  const length = new TextEncoder().encode(json).byteLength
  return { payload, entries: [{ clientId, clock, start: payload.byteLength - length, length }] }
}

const sender = (voterId?: string): PresenceSender => ({ role: 'participant', log, voterId })

describe('PresenceOwnership, a person on another node', () => {
  it('keeps their id from every connection here but theirs: the same voter takes it over, at a clock their old node already counted', () => {
    const { awareness, presence } = room()
    // Ada is on another node: her state came through Redis at clock 7.
    awareness.states.set(42, { user: { name: 'Ada' } })
    awareness.meta.set(42, { clock: 7, lastUpdated: Date.now() })
    presence.foreign.add(42)
    presence.foreignVoters.set(42, 'voter-ada')

    for (const stranger of [sender(), sender('voter-mallory')]) {
      const forged = message(42, 8, { user: { name: 'Mallory' } })
      expect(presence.receive(stranger, forged.payload, forged.entries)).toBeNull()
      expect(awareness.states.get(42)).toEqual({ user: { name: 'Ada' } })
    }
    expect(presence.foreign.has(42)).toBe(true)

    const ada = sender('voter-ada')
    presence.join(ada)
    const back = message(42, 3, { user: { name: 'Ada, moved' } })
    expect(presence.receive(ada, back.payload, back.entries)).toBeNull()
    expect(awareness.states.get(42)).toEqual({ user: { name: 'Ada, moved', role: 'participant' } })
    expect(presence.foreign.has(42)).toBe(false)
    expect(presence.foreignVoters.has(42)).toBe(false)
    expect(presence.ownsHere(42)).toBe(true)
    expect(presence.voterOf(42)).toBe('voter-ada')
  })
})
