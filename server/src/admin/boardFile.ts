import { z } from 'zod'
import { isAssetId } from '@whiteboard/shared/api/assetsApi'
import { isBoardId } from '@whiteboard/shared'
import { BOARD_LANGS } from '@whiteboard/shared/board/boardLang'
import { SNAPSHOT_KINDS } from '@whiteboard/shared/api/historyApi'

/** What `boards export` writes and `boards import` reads: the file's `format` and `version`. */
export const BOARD_FILE_FORMAT = 'verkstedtavla-board'
export const BOARD_FILE_VERSION = 1

/**
 * Largest board file `boards import` reads: a board at its limits (25 MiB of content and images,
 * 100 MiB of history) is about 170 MiB in base64; 512 MiB leaves room and stays well inside
 * what one JavaScript string may hold.
 */
export const MAX_BOARD_FILE_BYTES = 512 * 1024 * 1024

const base64 = z.string().regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')

/** One board with its history and images, as `boards export` writes it (JSON, bytes in base64). */
export const BoardFileSchema = z
  .object({
    format: z.literal(BOARD_FILE_FORMAT),
    version: z.literal(BOARD_FILE_VERSION),
    exportedAt: z.number().int(),
    board: z.object({
      id: z.string().refine(isBoardId, 'not a board id'),
      title: z.string().max(200),
      lang: z.enum(BOARD_LANGS),
      templates: z.array(z.string().max(100)).max(1000),
      createdAt: z.number().int(),
      /** When its content last changed; absent in files from before it was kept (the import then counts as the change). */
      lastChangedAt: z.number().int().optional(),
    }),
    /** The board's whole state as one Yjs update. */
    state: base64,
    snapshots: z.array(
      z.object({
        label: z.string().max(500),
        author: z.string().max(500),
        kind: z.enum(SNAPSHOT_KINDS),
        createdAt: z.number().int(),
        data: base64,
      }),
    ),
    assets: z.array(
      z.object({
        id: z.string().refine(isAssetId, 'not an image id'),
        contentType: z.string().max(100),
        data: base64,
      }),
    ),
  })
  .strict()

export type BoardFile = z.infer<typeof BoardFileSchema>
