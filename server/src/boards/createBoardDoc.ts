import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { DocumentRecordType, PageRecordType, TLDOCUMENT_ID, type TLPage, type TLRecord } from '@tldraw/tlschema'
import { metaMap, MetaKey, recordsArray, type BoardLang } from '@whiteboard/shared'
import { checkRecord } from '@whiteboard/shared/board/recordGuard'
import { ownSchemaSerialized } from '@whiteboard/shared/board/storedSchema'

/** Id of the page every new board starts with; templates place their shapes on it. */
export const INITIAL_PAGE_ID = PageRecordType.createId('page')

const INITIAL_PAGE_NAME: Record<BoardLang, string> = { nb: 'Side 1', nn: 'Side 1', en: 'Page 1' }

export interface BoardDocInput {
  title: string
  lang: BoardLang
  /** Further document-scope records, e.g. a template's shapes on `INITIAL_PAGE_ID`. */
  extraRecords?: readonly TLRecord[]
  /** Template ids the board is made from, kept in `meta` as provenance. */
  templates?: readonly string[]
}

/**
 * Builds a new board's Y.Doc on the server: the tldraw document record, one page, and `meta`.
 * Seeding here rather than in the first client means two clients opening an empty board at
 * once can never both seed it and end up with duplicate pages.
 * Every record passes `checkRecord`, the same check remote updates get; a failure is a bug in
 * the caller (a template), so it throws.
 */
export function createBoardDoc(input: BoardDocInput): Y.Doc {
  const records: TLRecord[] = [
    DocumentRecordType.create({ id: TLDOCUMENT_ID }),
    PageRecordType.create({ id: INITIAL_PAGE_ID, name: INITIAL_PAGE_NAME[input.lang], index: 'a1' as TLPage['index'] }),
    ...(input.extraRecords ?? []),
  ]
  const seen = new Set<string>()
  for (const record of records) {
    const check = checkRecord(record.id, record)
    if (!check.ok) throw new Error(`invalid initial record: ${check.reason}`)
    if (seen.has(record.id)) throw new Error(`duplicate initial record ${record.id}`)
    seen.add(record.id)
  }

  const doc = new Y.Doc()
  const store = new YKeyValue<unknown>(recordsArray(doc))
  doc.transact(() => {
    for (const record of records) store.set(record.id, record)
    const meta = metaMap(doc)
    // Only the server writes the schema, and always its own (storedSchema.ts).
    meta.set(MetaKey.SCHEMA, ownSchemaSerialized())
    meta.set(MetaKey.TITLE, input.title)
    meta.set(MetaKey.LANG, input.lang)
    if (input.templates && input.templates.length > 0) meta.set(MetaKey.TEMPLATES, [...input.templates])
  })
  store.destroy()
  return doc
}
