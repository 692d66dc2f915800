import * as encoding from 'lib0/encoding'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as awarenessProtocol from 'y-protocols/awareness'
import { awarenessHasNews } from './awarenessHasNews'

function entries(list: { client: number; clock: number; json: string }[]): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, list.length)
  for (const { client, clock, json } of list) {
    encoding.writeVarUint(e, client)
    encoding.writeVarUint(e, clock)
    encoding.writeVarString(e, json)
  }
  return encoding.toUint8Array(e)
}

function roomAwareness(): awarenessProtocol.Awareness {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc())
  awareness.setLocalState(null)
  return awareness
}

describe('awarenessHasNews', () => {
  it('finds a newer clock and an unknown client, and nothing in an echo of what is held', () => {
    const awareness = roomAwareness()
    const first = entries([{ client: 7, clock: 1, json: '{"cursor":{"x":1}}' }])
    expect(awarenessHasNews(awareness, first)).toBe(true)
    awarenessProtocol.applyAwarenessUpdate(awareness, first, 'peer')
    expect(awarenessHasNews(awareness, first)).toBe(false)
    expect(awarenessHasNews(awareness, entries([{ client: 7, clock: 0, json: '{}' }]))).toBe(false)
    expect(awarenessHasNews(awareness, entries([{ client: 7, clock: 1, json: '{}' }, { client: 8, clock: 3, json: '{}' }]))).toBe(true)
    expect(awarenessHasNews(awareness, entries([{ client: 7, clock: 2, json: '{}' }]))).toBe(true)
    expect(awarenessHasNews(awareness, entries([]))).toBe(false)
  })

  it('agrees with applyAwarenessUpdate on a removal at the same clock', () => {
    const awareness = roomAwareness()
    awarenessProtocol.applyAwarenessUpdate(awareness, entries([{ client: 7, clock: 4, json: '{}' }]), 'peer')
    const removal = entries([{ client: 7, clock: 4, json: 'null' }])
    expect(awarenessHasNews(awareness, removal)).toBe(true)
    awarenessProtocol.applyAwarenessUpdate(awareness, removal, 'peer')
    expect(awareness.states.has(7)).toBe(false)
    expect(awarenessHasNews(awareness, removal)).toBe(false)
  })

  it('leaves the JSON of stale entries unread but still throws on a truncated frame', () => {
    const awareness = roomAwareness()
    awarenessProtocol.applyAwarenessUpdate(awareness, entries([{ client: 7, clock: 4, json: '{}' }]), 'peer')
    expect(awarenessHasNews(awareness, entries([{ client: 7, clock: 3, json: '{not json' }]))).toBe(false)
    const whole = entries([{ client: 7, clock: 3, json: '{"a":1}' }, { client: 9, clock: 1, json: '{"b":2}' }])
    expect(() => awarenessHasNews(awareness, whole.subarray(0, whole.length - 3).slice())).toThrow()
  })
})
