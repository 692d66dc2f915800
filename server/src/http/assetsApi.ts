import express, { type Request, type Response, type Router } from 'express'
import { MAX_UPLOAD_BYTES } from '@whiteboard/shared'
import { assetPath, isAssetId, type UploadAssetResponse } from '@whiteboard/shared/api/assetsApi'
import { drainBody, readUploadBody } from '../assets/readUploadBody'
import { looksLikeSvg, sniffImageType } from '../assets/sniffImageType'
import type { BoardAssets } from '../assets/BoardAssets'
import type { Storage } from '../storage/Storage'
import { sendRefusal } from './ApiRefusal'
import { boardAccess, checkBoardAccess } from './boardAccess'
import type { CreationLimits } from './creationLimits'
import type { LargeAnswers } from './LargeAnswers'
import { sendApiError } from './sendApiError'
import { storageOr503 } from './storageUnavailable'

export interface AssetsApiDeps {
  storage: Storage
  secret: Buffer
  /** Stores uploads under the board's quotas. */
  assets: BoardAssets
  /** The server's budget for large answers: downloads reserve their size before they are read. */
  answers: LargeAnswers
  /** Uploads per client address. */
  limits: CreationLimits
}

/**
 * Image uploads of a board and their download.
 *
 * - `POST /api/boards/:id/assets`: raw image bytes, token of a participant or facilitator.
 *   Answers `201 UploadAssetResponse`; 413 over {@link MAX_UPLOAD_BYTES}; 415 unless the bytes
 *   are PNG, JPEG, WebP or GIF (SVG is refused: it can carry scripts); 413 past the board's image
 *   quotas or its size with images, 507 while the server's disk budget is reached (BoardAssets.ts);
 *   429 with Retry-After past the uploads of one client address (creationLimits.ts).
 * - `GET /api/boards/:id/assets/:assetId`: token of that board, any role.
 *
 * Every refusal is answered only after the request body has been read, see readUploadBody.ts.
 * Mount it before the JSON body parser of /api: uploads are raw bytes.
 */
export function assetsApi({ storage, secret, assets, answers, limits }: AssetsApiDeps): Router {
  const router = express.Router()

  router.post('/api/boards/:id/assets', async (req: Request<{ id: string }>, res) => {
    const boardId = req.params.id
    // Every attempt counts against the address's upload limit, refused ones too: a flood costs its sender, not the server.
    const access = checkBoardAccess(req, secret, boardId, 'edit', 'Viewers cannot add images to the board.')
    const refusal = limits.refusal(req, 'uploads', 1) ?? (access.ok ? null : access.refusal)
    if (refusal) {
      if ((await drainBody(req)) === 'abusive') return hangUp(res)
      return sendRefusal(res, refusal)
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

    // The board's image quotas and the disk budget (assets/BoardAssets.ts): 413 or 507 with the reason.
    const added = await storageOr503(res, () => assets.add(boardId, contentType, body.data))
    if (added === undefined) return
    if (!added.ok) return sendRefusal(res, added.refusal)
    const assetId = added.assetId
    const answer: UploadAssetResponse = { id: assetId, src: assetPath(boardId, assetId), contentType, size: body.data.length }
    res.status(201).json(answer)
  })

  router.get('/api/boards/:id/assets/:assetId', async (req: Request<{ id: string; assetId: string }>, res) => {
    const { id: boardId, assetId } = req.params
    if (!boardAccess(req, res, secret, boardId, 'view')) return
    // Storage keys assets by board, so a token of this board never reaches another board's asset.
    const size = isAssetId(assetId) ? await storage.assetSize(boardId, assetId) : null
    if (size === null) return refuse(res, 404, 'not_found', 'No such image on this board.')
    if (!(await answers.reserve(req, res, size))) return
    const asset = await storage.getAsset(boardId, assetId)
    if (!asset) return refuse(res, 404, 'not_found', 'No such image on this board.')
    res.set({
      'Content-Type': asset.contentType,
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
    await answers.send(res, asset.data)
  })

  return router
}

const refuse = sendApiError

function hangUp(res: Response): void {
  res.set('Connection', 'close')
  refuse(res, 413, 'too_large', `The upload is far larger than ${MAX_UPLOAD_BYTES / (1024 * 1024)} MiB.`)
  res.once('finish', () => res.req.socket.destroy())
}
