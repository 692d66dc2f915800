import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { changesContent } from './changesContent'

describe('changesContent', () => {
  it('tells transactions that add or delete from those that change nothing', () => {
    const doc = new Y.Doc()
    const seen: boolean[] = []
    doc.on('afterTransaction', (tr: Y.Transaction) => seen.push(changesContent(tr)))
    doc.getMap('m').set('a', 1)
    doc.transact(() => {})
    doc.getMap('m').delete('a')
    doc.getMap('m').delete('missing')
    expect(seen).toEqual([true, false, true, false])
  })
})
