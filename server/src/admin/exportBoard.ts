import { writeFile } from 'node:fs/promises'
import * as Y from 'yjs'
import type { Storage } from '../storage/Storage'
import { AdminError } from './AdminError'
import { BOARD_FILE_FORMAT, BOARD_FILE_VERSION, type BoardFile } from './boardFile'

export interface ExportSummary {
  boardId: string
  file: string
  snapshots: number
  assets: number
  bytes: number
}

/**
 * Writes one board, its history snapshots and its images into `file` (see boardFile.ts), for
 * `boards import` on another server. The state is read as stored: a running server has committed
 * every update it sent anyone.
 */
export async function exportBoard(storage: Storage, boardId: string, file: string, now: number = Date.now()): Promise<ExportSummary> {
  const meta = await storage.getBoardMeta(boardId)
  const stored = await storage.loadBoard(boardId)
  if (meta === null || stored === null) throw new AdminError(`There is no board ${boardId}.`)
  // The listing holds it (the board's meta does not); one command, so reading every board's row once is fine.
  const lastChangedAt = (await storage.listBoards()).find((b) => b.id === boardId)?.lastChangedAt
  const state = Y.mergeUpdates([...(stored.snapshot ? [stored.snapshot] : []), ...stored.updates])
  const snapshots: BoardFile['snapshots'] = []
  // Oldest first, so that an import stores them in the order they were taken.
  for (const info of (await storage.listSnapshots(boardId)).reverse()) {
    const snapshot = await storage.getSnapshot(boardId, info.id)
    if (snapshot) snapshots.push({ label: info.label, author: info.author, kind: info.kind, createdAt: info.createdAt, data: Buffer.from(snapshot.data).toString('base64') })
  }
  const assets: BoardFile['assets'] = []
  for (const info of await storage.listAssets(boardId)) {
    const asset = await storage.getAsset(boardId, info.id)
    if (asset) assets.push({ id: info.id, contentType: asset.contentType, data: Buffer.from(asset.data).toString('base64') })
  }
  const content: BoardFile = {
    format: BOARD_FILE_FORMAT,
    version: BOARD_FILE_VERSION,
    exportedAt: now,
    board: { id: meta.id, title: meta.title, lang: meta.lang, templates: meta.templates, createdAt: meta.createdAt, lastChangedAt },
    state: Buffer.from(state).toString('base64'),
    snapshots,
    assets,
  }
  const text = JSON.stringify(content)
  await writeFile(file, text, { mode: 0o600 })
  return { boardId, file, snapshots: snapshots.length, assets: assets.length, bytes: Buffer.byteLength(text) }
}
