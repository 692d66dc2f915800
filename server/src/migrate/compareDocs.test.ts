import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { compareDocs } from './compareDocs'

const docWith = (build: (doc: Y.Doc) => void, clientID: number) => {
  const doc = new Y.Doc()
  doc.clientID = clientID
  build(doc)
  return doc
}
const copyOf = (doc: Y.Doc) => {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  return copy
}

describe('compareDocs', () => {
  it('finds the same content identical however it was stored, and tells more from less', () => {
    const source = docWith((d) => d.getArray('tldraw').push(['a', 'b']), 1)
    source.getArray('tldraw').delete(0, 1)
    // The same doc as a snapshot plus a log: identical.
    const split = new Y.Doc()
    const updates: Uint8Array[] = []
    const writer = docWith(() => {}, 1)
    writer.on('update', (u: Uint8Array) => updates.push(u))
    writer.getArray('tldraw').push(['a', 'b'])
    writer.getArray('tldraw').delete(0, 1)
    for (const u of updates) Y.applyUpdate(split, u)
    expect(compareDocs(split, source)).toBe('identical')
    expect(compareDocs(copyOf(source), source)).toBe('identical')

    const ahead = copyOf(source)
    ahead.clientID = 2
    ahead.getArray('tldraw').push(['c'])
    expect(compareDocs(ahead, source)).toBe('contains')
    expect(compareDocs(source, ahead)).toBe('lacks')

    // A deletion alone counts too.
    const deleted = copyOf(source)
    deleted.getArray('tldraw').delete(0, 1)
    expect(compareDocs(source, deleted)).toBe('lacks')
    expect(compareDocs(deleted, source)).toBe('contains')
  })
})
