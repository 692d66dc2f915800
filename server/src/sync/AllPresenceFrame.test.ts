import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import { AllPresenceFrame } from './AllPresenceFrame'

describe('AllPresenceFrame', () => {
  it('encodes the whole presence once, and again only after it changed', () => {
    const room = new awarenessProtocol.Awareness(new Y.Doc())
    room.setLocalState(null)
    const all = new AllPresenceFrame(room)
    expect(all.get()).toBeNull()

    const person = new awarenessProtocol.Awareness(new Y.Doc())
    person.setLocalState({ user: { name: 'Kari' } })
    const share = () => awarenessProtocol.applyAwarenessUpdate(room, awarenessProtocol.encodeAwarenessUpdate(person, [person.clientID]), 'test')
    share()
    const first = all.get()
    expect(first).not.toBeNull()
    expect(all.get()).toBe(first)

    person.setLocalStateField('user', { name: 'Kari N.' })
    share()
    const second = all.get()
    expect(second).not.toBe(first)
    const seen = new awarenessProtocol.Awareness(new Y.Doc())
    // The frame is a message: its type, then the update.
    awarenessProtocol.applyAwarenessUpdate(seen, second!.subarray(2), 'test')
    expect(seen.getStates().get(person.clientID)).toEqual({ user: { name: 'Kari N.' } })

    awarenessProtocol.removeAwarenessStates(room, [person.clientID], 'test')
    expect(all.get()).toBeNull()
  })
})
