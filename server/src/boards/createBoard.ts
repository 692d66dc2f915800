import * as Y from 'yjs'
import type { TLRecord } from '@tldraw/tlschema'
import type { BoardLang } from '@whiteboard/shared'
import type { BoardMeta, Storage } from '../storage/Storage'
import { createBoardDoc } from './createBoardDoc'
import { newBoardId } from './newBoardId'

const UNTITLED: Record<BoardLang, string> = { nb: 'Uten tittel', nn: 'Utan tittel', en: 'Untitled' }

export interface CreateBoardInput {
  title?: string
  lang?: BoardLang
  /** Records of the templates the board starts from (resolved by the caller). */
  extraRecords?: readonly TLRecord[]
  templates?: readonly string[]
}

/** Creates a board with a fresh id, its initial doc built on the server, and stores it. */
export async function createBoard(storage: Storage, input: CreateBoardInput): Promise<BoardMeta> {
  const lang = input.lang ?? 'nb'
  const title = input.title?.trim() || UNTITLED[lang]
  const templates = [...(input.templates ?? [])]
  const doc = createBoardDoc({ title, lang, extraRecords: input.extraRecords ?? [], templates })
  const initialState = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return storage.createBoard({ id: newBoardId(), title, lang, templates }, initialState)
}
