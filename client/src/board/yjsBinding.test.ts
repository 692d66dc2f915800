import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import {
  createShapeId,
  createTLStore,
  DocumentRecordType,
  GeoShapeUtil,
  NoteShapeUtil,
  PageRecordType,
  TLDOCUMENT_ID,
  toRichText,
  type Editor,
  type IndexKey,
  type TLGeoShape,
  type TLRecord,
  type TLShape,
  type TLStore,
} from 'tldraw'
import { MAX_WORD_CHARS, MetaKey, metaMap, recordsArray } from '@whiteboard/shared'
import { LOCAL_ORIGIN, YjsBinding } from './yjsBinding'

/** Origins of updates that arrived over a relay, i.e. from the "network". */
const RELAYED = new Set<unknown>()
const PAGE_ID = PageRecordType.createId('seeded')

/**
 * Connects two docs the way a server connection would: every update of one is applied to
 * the other, and not sent back over the link it came from, so a server doc linked to
 * several clients fans out.
 */
function relay(server: Y.Doc, client: Y.Doc): { toClient: object } {
  const toServer = { link: 'to server' }
  const toClient = { link: 'to client' }
  RELAYED.add(toServer).add(toClient)
  server.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== toServer) Y.applyUpdate(client, update, toClient)
  })
  client.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== toClient) Y.applyUpdate(server, update, toServer)
  })
  return { toClient }
}

function kv(doc: Y.Doc): YKeyValue<unknown> {
  return new YKeyValue(recordsArray(doc))
}

/** A board as the server seeds it: document, one page and the schema in meta. */
function seededServerDoc(): { doc: Y.Doc; records: YKeyValue<unknown> } {
  const doc = new Y.Doc()
  const records = kv(doc)
  const schema = createTLStore().schema.serialize()
  doc.transact(() => {
    metaMap(doc).set(MetaKey.SCHEMA, schema)
    records.set('document:document', DocumentRecordType.create({ id: TLDOCUMENT_ID }))
    records.set(PAGE_ID, PageRecordType.create({ id: PAGE_ID, name: 'Side 1', index: 'a1' as IndexKey }))
  })
  return { doc, records }
}

function geo(id: string, x = 0): TLShape {
  const store = createTLStore()
  return store.schema.types.shape.create({
    id: createShapeId(id),
    type: 'geo',
    parentId: PAGE_ID,
    index: 'a1' as IndexKey,
    x,
    props: new GeoShapeUtil({} as Editor).getDefaultProps(),
  }) as TLShape
}

interface Client {
  doc: Y.Doc
  store: TLStore
  binding: YjsBinding
  /** Updates this doc produced itself, i.e. what it would send to the server. */
  sent: { origin: unknown }[]
}

const bindings: YjsBinding[] = []
afterEach(() => {
  for (const binding of bindings.splice(0)) binding.dispose()
  vi.restoreAllMocks()
})

/** A client doc synced with `server`, and a binding with a flush the test triggers itself. */
function client(server: Y.Doc, canEdit = true, start = true, onSchemaTrouble?: () => void): Client {
  const doc = new Y.Doc()
  const sent: { origin: unknown }[] = []
  doc.on('update', (_update: Uint8Array, origin: unknown) => {
    if (!RELAYED.has(origin)) sent.push({ origin })
  })
  const store = createTLStore()
  // Opened on the empty doc, before the first sync, as on a real page load.
  const binding = new YjsBinding({ store, doc, canEdit, ...(onSchemaTrouble ? { onSchemaTrouble } : {}), scheduleFlush: () => () => {} })
  bindings.push(binding)
  const { toClient } = relay(server, doc)
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(server), toClient)
  if (start) binding.start()
  return { doc, store, binding, sent }
}

describe('YjsBinding', () => {
  it('loads every record of the doc into the store on start, and writes nothing', () => {
    const server = seededServerDoc()
    server.records.set(createShapeId('a'), geo('a', 40))
    const c = client(server.doc, true, false)

    const report = c.binding.start()

    expect(report).toEqual({ loaded: 3, skipped: 0, migrated: false, keptAsStored: 0, schemaTrouble: false })
    expect(c.store.get(PAGE_ID)?.typeName).toBe('page')
    expect(c.store.get(createShapeId('a'))?.x).toBe(40)
    expect(c.sent).toEqual([])
  })

  it('writes local user changes to the doc as one transaction, with document records only', () => {
    const server = seededServerDoc()
    const c = client(server.doc)
    const transactions: unknown[] = []
    c.doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.origin === LOCAL_ORIGIN) transactions.push(tr.origin)
    })

    c.store.put([geo('a'), geo('b'), geo('c')])
    c.store._flushHistory()

    expect(transactions).toHaveLength(1)
    expect(server.records.get(createShapeId('b'))).toMatchObject({ id: createShapeId('b'), type: 'geo' })
    const types = recordsArray(server.doc).toArray().map((entry) => (entry.val as TLRecord).typeName)
    expect(new Set(types)).toEqual(new Set(['document', 'page', 'shape']))
  })

  it('maps local updates and deletes both ways', () => {
    const server = seededServerDoc()
    const a = client(server.doc)
    const b = client(server.doc)

    a.store.put([geo('x', 10)])
    a.store._flushHistory()
    b.binding.flush()
    expect((b.store.get(createShapeId('x')) as TLShape).x).toBe(10)

    b.store.update(createShapeId('x'), (shape) => ({ ...shape, x: 99 }))
    b.store._flushHistory()
    a.binding.flush()
    expect((a.store.get(createShapeId('x')) as TLShape).x).toBe(99)

    a.store.remove([createShapeId('x')])
    a.store._flushHistory()
    b.binding.flush()
    expect(b.store.has(createShapeId('x'))).toBe(false)
    expect(server.records.has(createShapeId('x'))).toBe(false)
  })

  it('applies remote changes as remote: they are not written back and not in the undo history', () => {
    const server = seededServerDoc()
    const c = client(server.doc)
    const sources: string[] = []
    c.store.listen((entry) => sources.push(entry.source), { scope: 'document' })

    server.records.set(createShapeId('r'), geo('r'))
    c.binding.flush()
    c.store._flushHistory()

    expect(c.store.has(createShapeId('r'))).toBe(true)
    expect(sources).toEqual(['remote'])
    expect(c.sent).toEqual([])
  })

  it('applies a remote delete', () => {
    const server = seededServerDoc()
    server.records.set(createShapeId('gone'), geo('gone'))
    const c = client(server.doc)
    expect(c.store.has(createShapeId('gone'))).toBe(true)

    server.records.delete(createShapeId('gone'))
    c.binding.flush()

    expect(c.store.has(createShapeId('gone'))).toBe(false)
  })

  it('a remote move keeps the shape\'s props, and a remote change of a label keeps its other props', () => {
    const server = seededServerDoc()
    server.records.set(createShapeId('m'), geo('m', 10))
    const c = client(server.doc)
    const before = c.store.get(createShapeId('m')) as TLGeoShape

    server.records.set(createShapeId('m'), { ...geo('m', 10), x: 17 })
    c.binding.flush()
    const moved = c.store.get(createShapeId('m')) as TLGeoShape
    expect(moved.x).toBe(17)
    expect(moved.props).toBe(before.props)
    expect(moved.meta).toBe(before.meta)

    server.records.set(createShapeId('m'), { ...moved, props: { ...geo('m').props, color: 'red' } })
    c.binding.flush()
    const recoloured = c.store.get(createShapeId('m')) as TLGeoShape
    expect(recoloured.props.color).toBe('red')
    expect(recoloured.props).not.toBe(before.props)
    expect(recoloured.props.richText).toBe(before.props.richText)
  })

  it('skips invalid remote records one by one with a warning, while valid ones of the same update arrive', () => {
    const server = seededServerDoc()
    const c = client(server.doc)
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})

    server.doc.transact(() => {
      server.records.set(createShapeId('ok1'), geo('ok1'))
      server.records.set(createShapeId('bad-x'), { ...geo('bad-x'), x: 'far away' })
      server.records.set('instance:instance', { id: 'instance:instance', typeName: 'instance' })
      server.records.set(createShapeId('wrong-key'), geo('other-id'))
      server.records.set(createShapeId('ok2'), geo('ok2'))
    })
    c.binding.flush()

    expect(c.store.has(createShapeId('ok1'))).toBe(true)
    expect(c.store.has(createShapeId('ok2'))).toBe(true)
    expect(c.store.has(createShapeId('bad-x'))).toBe(false)
    expect(c.store.has(createShapeId('wrong-key'))).toBe(false)
    // The store keeps its own session record; the remote one would have replaced it without `currentPageId`.
    expect(c.store.get('instance:instance' as TLRecord['id'])).toHaveProperty('currentPageId')
    const warnings = warn.mock.calls.map((call) => String(call[0]))
    expect(warnings).toHaveLength(3)
    expect(warnings.some((w) => w.includes('shape:bad-x'))).toBe(true)
    expect(warnings.some((w) => w.includes('instance:instance'))).toBe(true)
    expect(warnings.some((w) => w.includes('shape:wrong-key'))).toBe(true)

    // Sync keeps going after the bad update.
    server.records.set(createShapeId('later'), geo('later'))
    c.binding.flush()
    expect(c.store.has(createShapeId('later'))).toBe(true)
  })

  it('skips invalid records on load too', () => {
    const server = seededServerDoc()
    server.records.set(createShapeId('bad'), { ...geo('bad'), props: { geo: 'blob' } })
    server.records.set(createShapeId('good'), geo('good'))
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const c = client(server.doc, true, false)

    const report = c.binding.start()

    expect(report.loaded).toBe(3)
    expect(report.skipped).toBe(1)
    expect(c.store.has(createShapeId('good'))).toBe(true)
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('shape:bad'))
  })

  it('shows a label stored before words had a limit with its long words split, on load and when it arrives, instead of skipping it', () => {
    const server = seededServerDoc()
    const long = 'M'.repeat(MAX_WORD_CHARS + 10)
    const labelled = (id: string) => ({ ...geo(id), props: { ...geo(id).props, richText: toRichText(long) } })
    server.records.set(createShapeId('old'), labelled('old'))
    const c = client(server.doc, true, false)
    expect(c.binding.start().skipped).toBe(0)
    server.records.set(createShapeId('later'), labelled('later'))
    c.binding.flush()
    const split = `${'M'.repeat(MAX_WORD_CHARS)} ${'M'.repeat(10)}`
    for (const id of ['old', 'later']) expect((c.store.get(createShapeId(id)) as TLGeoShape).props.richText).toEqual(toRichText(split))
  })

  it('leaves out a shape that would make a cycle of parents, on load and when it arrives, and keeps the board usable', () => {
    const server = seededServerDoc()
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((n) => createShapeId(n)) as [TLShape['id'], TLShape['id'], TLShape['id'], TLShape['id']]
    // Each record is valid on its own; together a and b are each other's parent.
    server.records.set(a, { ...geo('a'), parentId: b })
    server.records.set(b, { ...geo('b'), parentId: a })
    server.records.set(c, geo('c'))
    server.records.set(d, { ...geo('d'), parentId: c })
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const opened = client(server.doc, true, false)
    opened.binding.start()
    expect([a, b].filter((id) => opened.store.has(id))).toHaveLength(1)
    expect(opened.store.get(d)).toMatchObject({ parentId: c })
    expect(warn).toHaveBeenCalledWith(expect.stringContaining('its parents would form a cycle'))

    // A later change that would close a cycle through what the store holds is left out too:
    // c stays on the page, d in c.
    server.records.set(c, { ...geo('c'), parentId: d })
    opened.binding.flush()
    expect(opened.store.get(c)).toMatchObject({ parentId: PAGE_ID })
    expect(opened.store.get(d)).toMatchObject({ parentId: c })
  })

  it('batches remote changes to one store change per frame by default', async () => {
    const server = seededServerDoc()
    const doc = new Y.Doc()
    const store = createTLStore()
    const binding = new YjsBinding({ store, doc, canEdit: true })
    bindings.push(binding)
    const { toClient } = relay(server.doc, doc)
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(server.doc), toClient)
    binding.start()
    const merges = vi.spyOn(store, 'mergeRemoteChanges')

    for (let i = 0; i < 5; i++) server.records.set(createShapeId(`s${i}`), geo(`s${i}`, i))

    await vi.waitFor(() => expect(store.has(createShapeId('s4'))).toBe(true), { timeout: 2000, interval: 5 })
    expect(merges).toHaveBeenCalledTimes(1)
  })

  describe('viewers', () => {
    it('never write to the doc, not even when editors overwrite the same record concurrently', () => {
      const server = seededServerDoc()
      const viewer = client(server.doc, false)
      // Two editors that are offline from each other write the same shape, then meet.
      const a = new Y.Doc()
      const b = new Y.Doc()
      Y.applyUpdate(a, Y.encodeStateAsUpdate(server.doc))
      Y.applyUpdate(b, Y.encodeStateAsUpdate(server.doc))
      kv(a).set(createShapeId('both'), geo('both', 1))
      kv(b).set(createShapeId('both'), geo('both', 2))
      Y.applyUpdate(server.doc, Y.encodeStateAsUpdate(a), 'peer-a')
      Y.applyUpdate(server.doc, Y.encodeStateAsUpdate(b), 'peer-b')
      viewer.binding.flush()

      viewer.store.put([geo('mine')])
      viewer.store._flushHistory()

      expect(viewer.sent).toEqual([])
      expect(server.records.has(createShapeId('mine'))).toBe(false)
      // The viewer shows the same winner as an editor's YKeyValue.
      const winner = (server.records.get(createShapeId('both')) as TLShape).x
      expect((viewer.store.get(createShapeId('both')) as TLShape).x).toBe(winner)
    })
  })

  describe('schema migration', () => {
    /** A note as tldraw wrote it before rich text (note props version 8): plain `text`, absolute font size. */
    function oldBoard() {
      const server = seededServerDoc()
      const current = createTLStore().schema.serialize()
      const old = { ...current, sequences: { ...current.sequences, 'com.tldraw.shape.note': 8 } }
      const { richText: _richText, textLastEditedBy: _lastEditedBy, ...props } = new NoteShapeUtil({} as Editor).getDefaultProps()
      const note = {
        ...geo('note'),
        type: 'note',
        props: { ...props, text: 'hei fra 2024', fontSizeAdjustment: 0 },
      }
      server.doc.transact(() => {
        metaMap(server.doc).set(MetaKey.SCHEMA, old)
        server.records.set(note.id, note)
      })
      return { server, current }
    }

    it('migrates an older board on load and writes nothing back: only the server writes the schema', () => {
      const { server, current } = oldBoard()
      const old = metaMap(server.doc).get(MetaKey.SCHEMA)
      const c = client(server.doc, true, false)

      const report = c.binding.start()

      expect(report).toMatchObject({ migrated: true, keptAsStored: 0, skipped: 0, schemaTrouble: false })
      const note = c.store.get(createShapeId('note')) as TLShape & { props: Record<string, unknown> }
      expect(note.props.richText).toMatchObject({ type: 'doc' })
      expect(JSON.stringify(note.props.richText)).toContain('hei fra 2024')
      expect(note.props.fontSizeAdjustment).toBe(1)
      expect(metaMap(server.doc).get(MetaKey.SCHEMA)).toEqual(old)
      expect(old).not.toEqual(current)
      expect(c.sent).toEqual([])
    })

    it('migrates for a viewer too', () => {
      const { server } = oldBoard()
      const c = client(server.doc, false, false)

      const report = c.binding.start()

      expect(report).toMatchObject({ migrated: true })
      expect(JSON.stringify((c.store.get(createShapeId('note')) as TLShape).props)).toContain('hei fra 2024')
      expect(c.sent).toEqual([])
    })

    it('migrates records that arrive later from an older client', () => {
      const { server } = oldBoard()
      const viewer = client(server.doc, false)
      const { richText: _richText, textLastEditedBy: _lastEditedBy, ...props } = new NoteShapeUtil({} as Editor).getDefaultProps()
      server.records.set(createShapeId('note2'), { ...geo('note2'), type: 'note', props: { ...props, text: 'ny lapp', fontSizeAdjustment: 0 } })
      viewer.binding.flush()

      expect(JSON.stringify((viewer.store.get(createShapeId('note2')) as TLShape).props)).toContain('ny lapp')
    })
  })

  describe('a stored schema that cannot be trusted', () => {
    /** A board as the server seeds it, with notes and shapes in this build's shape, and `meta.schema` replaced. */
    function boardWithSchema(schema: unknown) {
      const server = seededServerDoc()
      const { richText: _richText, ...props } = new NoteShapeUtil({} as Editor).getDefaultProps()
      server.doc.transact(() => {
        for (let i = 0; i < 5; i++) server.records.set(createShapeId(`g${i}`), geo(`g${i}`, i * 200))
        server.records.set(createShapeId('note'), { ...geo('note'), type: 'note', props: { ...props, richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'synlig' }] }] } } })
        metaMap(server.doc).set(MetaKey.SCHEMA, schema)
      })
      return server
    }

    const shapeIds = (store: TLStore) => store.allRecords().filter((r) => r.typeName === 'shape').map((r) => r.id).sort()
    const expectedShapes = [...['g0', 'g1', 'g2', 'g3', 'g4', 'note'].map((id) => createShapeId(id))].sort()

    it('keeps every record of the reported attack: every sequence at version 0', () => {
      vi.spyOn(console, 'error').mockImplementation(() => {})
      const current = createTLStore().schema.serialize()
      const attack = { schemaVersion: 2, sequences: Object.fromEntries(Object.keys(current.sequences).map((key) => [key, 0])) }
      const server = boardWithSchema(attack)
      const told = vi.fn()
      const c = client(server.doc, true, false, told)

      const report = c.binding.start()

      expect(shapeIds(c.store)).toEqual(expectedShapes)
      expect(JSON.stringify((c.store.get(createShapeId('note')) as TLShape).props)).toContain('synlig')
      expect(report.skipped).toBe(0)
      expect(report.schemaTrouble).toBe(true)
      expect(told).toHaveBeenCalledTimes(1)
      expect(c.sent).toEqual([])

      // Records that arrive later under the same schema show too.
      server.records.set(createShapeId('later'), geo('later', 1200))
      c.binding.flush()
      expect(c.store.has(createShapeId('later'))).toBe(true)
      expect(told).toHaveBeenCalledTimes(1)
    })

    it('keeps every record under a schema newer than ours, or one naming record types we do not know', () => {
      const current = createTLStore().schema.serialize()
      for (const schema of [
        { ...current, sequences: Object.fromEntries(Object.entries(current.sequences).map(([key, version]) => [key, version + 5])) },
        { ...current, sequences: { ...current.sequences, 'com.example.shape.spaceship': 3 } },
      ]) {
        const server = boardWithSchema(schema)
        const told = vi.fn()
        const c = client(server.doc, true, false, told)
        const report = c.binding.start()
        expect(shapeIds(c.store)).toEqual(expectedShapes)
        expect(report).toMatchObject({ skipped: 0, migrated: false, schemaTrouble: true })
        expect(told).toHaveBeenCalledTimes(1)
      }
    })

    it('keeps every record under a schema that cannot be read, and says so', () => {
      for (const schema of ['v2', { schemaVersion: 2, sequences: { 'com.tldraw.shape.geo': -1 } }, { schemaVersion: 99 }, { schemaVersion: 2, sequences: [] }]) {
        const server = boardWithSchema(schema)
        const c = client(server.doc, true, false)
        const report = c.binding.start()
        expect(shapeIds(c.store), JSON.stringify(schema)).toEqual(expectedShapes)
        expect(report.schemaTrouble).toBe(true)
      }
    })

    it('says nothing about a board in our own schema', () => {
      const server = boardWithSchema(createTLStore().schema.serialize())
      const told = vi.fn()
      const c = client(server.doc, true, false, told)
      expect(c.binding.start()).toMatchObject({ schemaTrouble: false, keptAsStored: 0, skipped: 0 })
      expect(told).not.toHaveBeenCalled()
    })
  })
})
