import { randomBytes } from 'node:crypto'
import express, { type Request, type Response, type Router } from 'express'
import { MAX_UPLOAD_BYTES } from '@whiteboard/shared'
import { assetPath, isAssetId, type UploadAssetResponse } from '@whiteboard/shared/api/assetsApi'
import { drainBody, readUploadBody } from '../assets/readUploadBody'
import { looksLikeSvg, sniffImageType } from '../assets/sniffImageType'
import { BoardNotFoundError } from '../storage/BoardNotFoundError'
import type { Storage } from '../storage/Storage'
import { sendRefusal } from './ApiRefusal'
import { boardAccess, checkBoardAccess } from './boardAccess'
import { sendApiError } from './sendApiError'
import { storageOr503 } from './storageUnavailable'

export interface AssetsApiDeps {
  storage: Storage
  secret: Buffer
}

/**
 * Image uploads of a board and their download.
 *
 * - `POST /api/boards/:id/assets`: raw image bytes, token of a participant or facilitator.
 *   Answers `201 UploadAssetResponse`; 413 over {@link MAX_UPLOAD_BYTES}; 415 unless the bytes
 *   are PNG, JPEG, WebP or GIF (SVG is refused: it can carry scripts).
 * - `GET /api/boards/:id/assets/:assetId`: token of that board, any role.
 *
 * Every refusal is answered only after the request body has been read, see readUploadBody.ts.
 * Mount it before the JSON body parser of /api: uploads are raw bytes.
 */
export function assetsApi({ storage, secret }: AssetsApiDeps): Router {
  const router = express.Router()

  router.post('/api/boards/:id/assets', async (req: Request<{ id: string }>, res) => {
    const boardId = req.params.id
    const access = checkBoardAccess(req, secret, boardId, 'edit', 'Viewers cannot add images to the board.')
    if (!access.ok) {
      if ((await drainBody(req)) === 'abusive') return hangUp(res)
      return sendRefusal(res, access.refusal)
    }

    const body = await readUploadBody(req, MAX_UPLOAD_BYTES)
    if (body.kind === 'abusive') return hangUp(res)
    if (body.kind === 'too-large') {
      return refuse(res, 413, 'too_large', `The image is larger than ${MAX_UPLOAD_BYTES / (1024 * 1024)} MiB.`)
    }
    if (body.data.length === 0) return refuse(res, 400, 'empty', 'The upload was empty.')

    const contentType = sniffImageType(body.data)
    if (!contentType) {
      if (looksLikeSvg(body.data)) {
        return refuse(res, 415, 'svg_refused', 'SVG images are refused because they can carry scripts. Use PNG, JPEG, WebP or GIF.')
      }
      return refuse(res, 415, 'unsupported_type', 'Only PNG, JPEG, WebP and GIF images can be added.')
    }

    const assetId = randomBytes(16).toString('base64url')
    const stored = await storageOr503(res, async () => {
      try {
        await storage.putAsset(boardId, assetId, { contentType, data: body.data })
        return true
      } catch (error) {
        if (error instanceof BoardNotFoundError) return false
        throw error
      }
    })
    if (stored === undefined) return
    if (!stored) return refuse(res, 404, 'board_not_found', 'This board does not exist')
    const answer: UploadAssetResponse = { id: assetId, src: assetPath(boardId, assetId), contentType, size: body.data.length }
    res.status(201).json(answer)
  })

  router.get('/api/boards/:id/assets/:assetId', async (req: Request<{ id: string; assetId: string }>, res) => {
    const { id: boardId, assetId } = req.params
    if (!boardAccess(req, res, secret, boardId, 'view')) return
    // Storage keys assets by board, so a token of this board never reaches another board's asset.
    const asset = isAssetId(assetId) ? await storage.getAsset(boardId, assetId) : null
    if (!asset) return refuse(res, 404, 'not_found', 'No such image on this board.')
    res.set({
      'Content-Type': asset.contentType,
      'Content-Length': String(asset.data.length),
      // The stored type was sniffed at upload; forbid the browser from guessing another one.
      'X-Content-Type-Options': 'nosniff',
      // Ids are random and never reused for other bytes, so a copy never goes stale.
      // `private`: the bytes are behind a board token and must not sit in shared caches.
      'Cache-Control': 'private, max-age=31536000, immutable',
      Vary: 'Authorization',
      // Opened directly, the image still runs nothing and loads nothing.
      'Content-Security-Policy': "default-src 'none'; sandbox",
      'Cross-Origin-Resource-Policy': 'same-origin',
    })
    res.end(Buffer.from(asset.data.buffer, asset.data.byteOffset, asset.data.byteLength))
  })

  return router
}

const refuse = sendApiError

function hangUp(res: Response): void {
  res.set('Connection', 'close')
  refuse(res, 413, 'too_large', `The upload is far larger than ${MAX_UPLOAD_BYTES / (1024 * 1024)} MiB.`)
  res.once('finish', () => res.req.socket.destroy())
}
