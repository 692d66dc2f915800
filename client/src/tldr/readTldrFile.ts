import { parseTldrawJsonFile, type TLAsset, type TLBinding, type TLContent, type TLRecord, type TLSchema, type TLShape, type TLShapeId } from 'tldraw'
import { withLabelWordsSplit } from '@whiteboard/shared/board/longWords'
import { checkRecord, unsafeJsonReason } from '@whiteboard/shared/board/recordGuard'

/**
 * Largest `.tldr` file a facilitator may import. The board holds 25 MiB of content and images
 * together, and a file carries its images as base64 (a third larger): past this, the board
 * could not take it anyway.
 */
export const MAX_TLDR_FILE_BYTES = 40 * 1024 * 1024

/**
 * Most characters of records (without their inline images, which are uploaded separately) an
 * import may add: the records go to the server as one update, and the server closes a
 * connection whose frame passes 2 MiB.
 */
export const MAX_TLDR_RECORD_CHARS = 1024 * 1024

/** Why a file was refused; the UI says it in the person's language. */
export type TldrRefusal =
  | { kind: 'tooLarge' }
  | { kind: 'notTldraw' }
  | { kind: 'tooNew' }
  | { kind: 'invalid'; detail: string }
  | { kind: 'foreignImages' }
  | { kind: 'empty' }
  | { kind: 'tooManyRecords' }

/** The file's content, one part per page that has shapes, in the file's page order. */
export type TldrRead = { ok: true; pages: TLContent[] } | { ok: false; refusal: TldrRefusal }

/**
 * Reads a `.tldr` file into content the editor can place: parsed and migrated to this board's
 * tldraw schema by tldraw itself, then every shape, binding and asset checked by the same record
 * rules the server applies to every update (so nothing the server would refuse is sent), images
 * only as inline data (they are uploaded to the board's own image store when placed; an image on
 * another site would be a third-party request, so such a file is refused). The shapes of every
 * page are taken, each page's apart, so that the import can lay the pages side by side on the
 * board's page. Any problem refuses the whole file: nothing of it is placed.
 */
export function readTldrFile(json: string, schema: TLSchema, boardId: string): TldrRead {
  let raw: unknown
  try {
    raw = JSON.parse(json)
  } catch {
    return refuse({ kind: 'notTldraw' })
  }
  // Prototype keys and oversized text, record by record, before tldraw copies anything.
  const rawRecords = raw !== null && typeof raw === 'object' && Array.isArray((raw as { records?: unknown }).records) ? ((raw as { records: unknown[] }).records) : [raw]
  for (const record of rawRecords) {
    const unsafe = unsafeJsonReason(record)
    if (unsafe) return refuse({ kind: 'invalid', detail: unsafe })
  }
  const parsed = parseTldrawJsonFile({ json, schema })
  if (!parsed.ok) {
    const error = parsed.error
    if (error.type === 'fileFormatVersionTooNew') return refuse({ kind: 'tooNew' })
    if (error.type === 'notATldrawFile' || error.type === 'v1File') return refuse({ kind: 'notTldraw' })
    return refuse({ kind: 'invalid', detail: error.type })
  }
  const records = parsed.value.allRecords()
  parsed.value.dispose()

  const pages = records.filter((r) => r.typeName === 'page').sort((a, b) => (a.index < b.index ? -1 : a.index > b.index ? 1 : 0))
  // A label with a word past MAX_WORD_CHARS is placed with that word split, as if typed here.
  const shapes = records.filter((r): r is TLShape => r.typeName === 'shape').map((s) => withLabelWordsSplit(s))
  const byId = new Map(shapes.map((s) => [s.id, s]))
  const pageOf = (shape: TLShape): string | undefined => {
    let parentId: string = shape.parentId
    for (let depth = 0; depth < 64; depth++) {
      if (parentId.startsWith('page:')) return parentId
      const parent = byId.get(parentId as TLShapeId)
      if (!parent) return undefined
      parentId = parent.parentId
    }
    return undefined
  }
  const shapesByPage = new Map<string, TLShape[]>()
  for (const shape of shapes) {
    const pageId = pageOf(shape)
    if (pageId !== undefined) shapesByPage.set(pageId, [...(shapesByPage.get(pageId) ?? []), shape])
  }
  const keptIds = new Set<string>([...shapesByPage.values()].flat().map((s) => s.id))
  if (keptIds.size === 0) return refuse({ kind: 'empty' })
  const bindings = records.filter((r): r is TLBinding => r.typeName === 'binding' && keptIds.has(r.fromId) && keptIds.has(r.toId))
  const kept = [...shapesByPage.values()].flat()
  const usedAssets = new Set(kept.map((s) => ('assetId' in s.props ? s.props.assetId : null)).filter((id): id is NonNullable<typeof id> => Boolean(id)))
  const assets = records.filter((r): r is TLAsset => r.typeName === 'asset' && usedAssets.has(r.id))

  // Every record of every page is checked, and their sum counted, before anything is placed: all pages go in as one update.
  let chars = 0
  for (const record of [...kept, ...bindings, ...assets] as TLRecord[]) {
    // Inline images are uploaded on their own when placed; the update carries only their place.
    const sent = record.typeName === 'asset' && record.type !== 'bookmark' ? { ...record, props: { ...record.props, src: null } } : record
    if (record.typeName === 'asset' && record.type !== 'bookmark' && record.props.src && !/^data:image\/(png|jpeg|webp|gif);base64,/.test(record.props.src)) {
      return refuse({ kind: 'foreignImages' })
    }
    const check = checkRecord(sent.id, sent, { boardId })
    if (!check.ok) return refuse({ kind: 'invalid', detail: check.reason })
    chars += JSON.stringify(sent).length
    if (chars > MAX_TLDR_RECORD_CHARS) return refuse({ kind: 'tooManyRecords' })
  }
  const serialized = schema.serialize()
  // In the file's page order; shapes on a page the file does not list come last, as one more page.
  const pageOrder = [...pages.map((p) => p.id as string), ...[...shapesByPage.keys()].filter((id) => !pages.some((p) => p.id === id))]
  const contents: TLContent[] = []
  for (const pageId of pageOrder) {
    const onPage = shapesByPage.get(pageId)
    if (!onPage) continue
    const ids = new Set<string>(onPage.map((s) => s.id))
    const pageAssets = new Set(onPage.map((s) => ('assetId' in s.props ? s.props.assetId : null)).filter(Boolean))
    contents.push({
      shapes: onPage,
      bindings: bindings.filter((b) => ids.has(b.fromId)),
      assets: assets.filter((a) => pageAssets.has(a.id)),
      rootShapeIds: onPage.filter((s) => s.parentId === pageId).map((s) => s.id),
      schema: serialized,
    })
  }
  return { ok: true, pages: contents }
}

function refuse(refusal: TldrRefusal): TldrRead {
  return { ok: false, refusal }
}
