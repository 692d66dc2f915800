import { readFile, stat } from 'node:fs/promises'
import * as Y from 'yjs'
import type { Storage } from '../storage/Storage'
import { AdminError } from './AdminError'
import { BoardFileSchema, MAX_BOARD_FILE_BYTES } from './boardFile'

export interface ImportSummary {
  boardId: string
  title: string
  snapshots: number
  assets: number
}

/**
 * Stores the board of a file `boards export` wrote, under its own id (its images' addresses in
 * the content name it), with its history and images. Refuses a board id this server has, and a
 * file that is not a whole board file, before it stores anything.
 */
export async function importBoard(storage: Storage, file: string): Promise<ImportSummary> {
  const size = (await stat(file)).size
  if (size > MAX_BOARD_FILE_BYTES) throw new AdminError(`${file} is larger than a board file can be (${MAX_BOARD_FILE_BYTES / 2 ** 20} MiB).`)
  let json: unknown
  try {
    json = JSON.parse(await readFile(file, 'utf8'))
  } catch {
    throw new AdminError(`${file} is not a board file (not JSON).`)
  }
  const parsed = BoardFileSchema.safeParse(json)
  if (!parsed.success) throw new AdminError(`${file} is not a board file this server reads: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`)
  const { board, state, snapshots, assets } = parsed.data
  const bytes = (text: string) => new Uint8Array(Buffer.from(text, 'base64'))
  const update = bytes(state)
  try {
    Y.applyUpdate(new Y.Doc(), update)
  } catch {
    throw new AdminError(`${file} holds a board state that cannot be read.`)
  }
  if ((await storage.getBoardMeta(board.id)) !== null) throw new AdminError(`This server has a board ${board.id} already; delete it first (boards delete ${board.id}) to replace it.`)
  // Its last change is the one it had on the other server: moving a board changes nothing in it.
  await storage.createBoard({ id: board.id, title: board.title, lang: board.lang, templates: board.templates, lastChangedAt: board.lastChangedAt }, update)
  try {
    for (const snapshot of snapshots) await storage.putSnapshot(board.id, { label: snapshot.label, author: snapshot.author, kind: snapshot.kind, createdAt: snapshot.createdAt }, bytes(snapshot.data))
    for (const asset of assets) await storage.putAsset(board.id, asset.id, { contentType: asset.contentType, data: bytes(asset.data) })
  } catch (err) {
    // Half a board is worse than none: the command can run again.
    await storage.deleteBoard(board.id)
    throw err
  }
  return { boardId: board.id, title: board.title, snapshots: snapshots.length, assets: assets.length }
}
