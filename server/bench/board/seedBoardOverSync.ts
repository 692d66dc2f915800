import * as Y from 'yjs'
import { recordsArray } from '@whiteboard/shared/board/docLayout'
import type { BoardAccess } from '../servers/ServerUnderTest'
import type { BenchClient } from '../clients/BenchClient'
import { connectYWebsocketClient } from '../clients/connectYWebsocketClient'
import { DEFAULT_PAGE_ID } from './geoShape'
import { writeShapes } from './seedShapes'
import { waitFor } from '../timing/waitFor'

/** Shapes per update: a few hundred kB per frame, well under the 2 MiB frame limit. */
const SHAPES_PER_UPDATE = 500

/**
 * Fills a board on our server with `shapes` rectangles the way a person would: through a sync
 * connection, as updates the server validates and commits. Returns once a second, fresh client
 * has the shapes, which proves they were committed (the server serves only committed state).
 * The writer stays connected and is returned, for benchmarks that then move its shapes.
 */
export async function seedBoardOverSync(access: BoardAccess, shapes: number, timeoutMs = 120_000): Promise<{ writer: BenchClient; ids: string[] }> {
  const writer = connectYWebsocketClient(access, 9_000)
  await writer.synced
  const ids = writeShapes(writer.doc, shapes, { parentId: DEFAULT_PAGE_ID, perUpdate: SHAPES_PER_UPDATE })
  const checker = connectYWebsocketClient(access, 9_001, new Y.Doc())
  try {
    await checker.synced
    const records = recordsArray(checker.doc)
    const seeded = new Set(ids)
    const complete = await waitFor(() => records.toArray().filter((e) => seeded.has(e.key)).length >= shapes, timeoutMs, 200)
    if (!complete) throw new Error(`the server did not commit ${shapes} shapes within ${timeoutMs} ms`)
  } finally {
    checker.destroy()
  }
  return { writer, ids }
}
