import { createTLSchema, type TLRecord } from '@tldraw/tlschema'
import { parseAssetPath } from '../api/assetsApi'
import { MAX_RECORD_ID_LENGTH, MAX_RECORD_TEXT_CHARS, MAX_WORD_CHARS } from '../protocol/limits'
import { longestWord } from './longWords'
import { richTextProblem } from './richTextProblem'

/**
 * Validation of untrusted tldraw records, used by the server before it applies an
 * update and by the client before it puts a remote record into its store.
 * Only records of document scope may live in the shared doc: instance, camera,
 * pointer and presence records are per-session.
 *
 * Reasons name the record type and a field path, never content (ids, text, URLs): they are
 * sent to the refused client and written to the server log.
 */
const schema = createTLSchema()

export type RecordCheck = { ok: true; record: TLRecord } | { ok: false; reason: string }

export interface RecordCheckContext {
  /** The board the record is for: image references must point at its own assets. None: no asset path passes. */
  boardId?: string | undefined
}

const DANGEROUS_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/** Deepest nesting accepted in a record; tldraw's deepest (rich text in lists) is about 10. */
const MAX_RECORD_DEPTH = 32

/**
 * Longest `data:` image a record may hold, in characters (48 KiB of image). Our clients upload
 * every image and store only its path; a small inline image (from another tool's paste) still
 * needs no network, but a large one would bloat the doc that every reader downloads.
 */
export const MAX_DATA_URL_CHARS = 64 * 1024

/** The inline images a record may hold: the types uploads accept (no SVG), base64-encoded. */
const DATA_IMAGE_URL = /^data:image\/(?:png|jpeg|webp|gif);base64,[A-Za-z0-9+/]*={0,2}$/

/**
 * Why a decoded value cannot be a plain JSON record, or `undefined` if it can. Besides
 * dangerous own keys this refuses objects whose prototype is not the plain one: lib0's
 * decoder assigns keys with `obj[key] = value`, so a `__proto__` key in an update replaces
 * the prototype instead of creating a key, and `Object.keys` alone would not see it. Counts
 * the characters of all strings on the way, against `MAX_RECORD_TEXT_CHARS`.
 */
export function unsafeJsonReason(root: unknown): string | undefined {
  let chars = 0
  const visit = (value: unknown, depth: number): string | undefined => {
    if (typeof value === 'string') {
      chars += value.length
      return chars > MAX_RECORD_TEXT_CHARS ? `more than ${MAX_RECORD_TEXT_CHARS} characters of text` : undefined
    }
    if (value === null || typeof value !== 'object') return undefined
    if (depth > MAX_RECORD_DEPTH) return 'nested too deeply'
    const proto: unknown = Object.getPrototypeOf(value)
    if (Array.isArray(value)) {
      if (proto !== Array.prototype) return 'forbidden key'
      for (const item of value) {
        const reason = visit(item, depth + 1)
        if (reason) return reason
      }
      return undefined
    }
    if (proto !== Object.prototype && proto !== null) return 'forbidden key'
    for (const key of Object.keys(value)) {
      if (DANGEROUS_KEYS.has(key)) return 'forbidden key'
      chars += key.length
      const reason = visit((value as Record<string, unknown>)[key], depth + 1)
      if (reason) return reason
    }
    return undefined
  }
  return visit(root, 0)
}

/** Checks one record against `@tldraw/tlschema` and the board's rules; `key` is the YKeyValue key it was stored under. */
export function checkRecord(key: string, value: unknown, context: RecordCheckContext = {}): RecordCheck {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return refused('record', 'not an object')
  const rec = value as { id?: unknown; typeName?: unknown }
  const type = typeof rec.typeName === 'string' && Object.hasOwn(schema.types, rec.typeName) ? schema.types[rec.typeName as keyof typeof schema.types] : undefined
  const typeName = type ? (rec.typeName as string) : 'record'
  if (key.length > MAX_RECORD_ID_LENGTH) return refused(typeName, `id longer than ${MAX_RECORD_ID_LENGTH} characters`)
  const unsafe = unsafeJsonReason(value)
  if (unsafe) return refused(typeName, unsafe)
  if (rec.id !== key) return refused(typeName, 'id does not match key')
  if (typeof rec.typeName !== 'string') return refused(typeName, 'no typeName')
  if (!type) return refused(typeName, 'unknown type')
  if (type.scope !== 'document') return refused(typeName, 'not a document record')
  if (!key.startsWith(`${typeName}:`) || key.length === typeName.length + 1) return refused(typeName, 'malformed id')
  let record: TLRecord
  try {
    record = type.validate(value)
  } catch (err) {
    return refused(typeName, 'not valid', pathOf(err, typeName))
  }
  const external = externalReference(record, context)
  if (external) return refused(typeName, external.problem, external.path)
  const broken = breaksBrowsers(record)
  if (broken) return refused(typeName, broken.problem, broken.path)
  return { ok: true, record }
}

/**
 * Largest coordinate a shape's position may have. tldraw's validators take any finite number, and
 * a shape at 1e308 overflowed into NaN in every browser that opened the board, which then showed
 * only tldraw's error screen. A billion pixels is far past any board people draw on, and the
 * products and squares of such numbers stay exact enough.
 */
export const MAX_SHAPE_NUMBER = 1e9

/**
 * Largest number in a shape's props: sizes, scale, arrow ends and bend, line points. Unlike a
 * position, a size costs the browser work: tldraw draws an ellipse or an arc with a point every
 * 20 pixels of its length, and a cloud with a bump every 50 to 130, so an ellipse or a bent arrow
 * a billion pixels long hung every browser that opened the board. At 100,000 pixels (some fifty
 * screens across at full zoom) the longest of them has some 16,000 points.
 */
export const MAX_SHAPE_SIZE = 100_000

/** Longest line, summing its segments in the order tldraw draws them: a curved line gets a point every 20 pixels, as arcs do. */
export const MAX_LINE_LENGTH = 1_000_000

/**
 * Most bumps a cloud may have. tldraw gives a cloud a bump per 50 to 130 pixels of its outline,
 * and at least one per length of its short side around it: a cloud 100,000 wide and 1 high had
 * 200,000 bumps and kept every browser that opened the board busy for over 20 seconds. 10,000
 * takes any cloud up to MAX_SHAPE_SIZE square, and any up to about 5,000 times as wide as high.
 */
export const MAX_CLOUD_BUMPS = 10_000

/**
 * Where a record, valid to tldraw, would break every browser that shows it: a shape that is its
 * own parent (tldraw's queries then call themselves until the page hangs), an arrow bound to
 * itself (the stack overflows on every shape query), a position past MAX_SHAPE_NUMBER, a size
 * past MAX_SHAPE_SIZE, a line past MAX_LINE_LENGTH, a cloud past MAX_CLOUD_BUMPS, rich text
 * ProseMirror cannot read (richTextProblem.ts), or a word past MAX_WORD_CHARS. A cycle
 * through several shapes, or arrows bound to each other, need the board to see and are not
 * caught here.
 */
function breaksBrowsers(record: TLRecord): { problem: string; path: string } | undefined {
  if (record.typeName === 'binding' && record.fromId === record.toId) return { problem: 'bound to itself', path: 'toId' }
  if (record.typeName !== 'shape') return undefined
  if (record.parentId === record.id) return { problem: 'its own parent', path: 'parentId' }
  for (const field of ['x', 'y'] as const) if (Math.abs(record[field]) > MAX_SHAPE_NUMBER) return { problem: `beyond ${MAX_SHAPE_NUMBER}`, path: field }
  if ('richText' in record.props) {
    const rich = richTextProblem(record.props.richText, 'props.richText')
    if (rich) return rich
    if (longestWord(record.props.richText) > MAX_WORD_CHARS) return { problem: `a word longer than ${MAX_WORD_CHARS} characters`, path: 'props.richText' }
  }
  const path = numberBeyond(record.props, MAX_SHAPE_SIZE, 'props', 0)
  if (path) return { problem: `beyond ${MAX_SHAPE_SIZE}`, path }
  if (record.type === 'line' && lineLength(record.props.points) > MAX_LINE_LENGTH) return { problem: `a line longer than ${MAX_LINE_LENGTH}`, path: 'props.points' }
  if (record.type === 'geo' && record.props.geo === 'cloud' && cloudBumps(record.props.w, record.props.h + record.props.growY) > MAX_CLOUD_BUMPS) {
    return { problem: `a cloud of more than ${MAX_CLOUD_BUMPS} bumps`, path: 'props.w' }
  }
  return undefined
}

/** The most bumps tldraw could give a cloud of this size (its smallest bump is 50 pixels; it takes sides under 1 as 1). */
function cloudBumps(width: number, height: number): number {
  const w = Math.max(1, width)
  const h = Math.max(1, height)
  const short = Math.min(w, h)
  const outline = (Math.PI * (short / 2) + (Math.max(w, h) - short)) * 2
  return Math.max(outline / 50, outline / short)
}

/** The length of a line through `points` in the order of their index, as tldraw draws it. */
function lineLength(points: Record<string, { index: string; x: number; y: number }>): number {
  const ordered = Object.values(points).sort((a, b) => (a.index < b.index ? -1 : a.index > b.index ? 1 : 0))
  let length = 0
  for (let i = 1; i < ordered.length; i++) length += Math.hypot(ordered[i]!.x - ordered[i - 1]!.x, ordered[i]!.y - ordered[i - 1]!.y)
  return length
}

/** The path of the first number in `value` past `limit` in size, if any (depth bounded as unsafeJsonReason bounds it). */
function numberBeyond(value: unknown, limit: number, path: string, depth: number): string | undefined {
  if (typeof value === 'number') return Math.abs(value) > limit ? path : undefined
  if (value === null || typeof value !== 'object' || depth > MAX_RECORD_DEPTH) return undefined
  for (const [key, inner] of Object.entries(value)) {
    const found = numberBeyond(inner, limit, Array.isArray(value) ? `${path}[${key}]` : `${path}.${PATH_NAME.test(key) ? key : '?'}`, depth + 1)
    if (found) return found
  }
  return undefined
}

/**
 * Where a record would make every reader's browser load something from elsewhere: an image
 * source that is not this board's own asset (or a small inline image), a bookmark picture or
 * icon from another site, a user picture, or an embed (an iframe of a third party). The app
 * promises that no request leaves the server; the CSP enforces it too, but the board must not
 * carry such references in the first place.
 */
function externalReference(record: TLRecord, { boardId }: RecordCheckContext): { problem: string; path: string } | undefined {
  if (record.typeName === 'shape' && record.type === 'embed') return { problem: 'embeds are not allowed', path: 'type' }
  if (record.typeName === 'asset') {
    if (record.type === 'bookmark') {
      // `src` of a bookmark is the link itself, which is shown and opened, never fetched.
      if (!isOwnSource(record.props.image, boardId, true)) return { problem: 'not an image of this board', path: 'props.image' }
      if (!isOwnSource(record.props.favicon, boardId, true)) return { problem: 'not an image of this board', path: 'props.favicon' }
    } else if (!isOwnSource(record.props.src, boardId, true)) return { problem: 'not an image of this board', path: 'props.src' }
  }
  if (record.typeName === 'user' && !isOwnSource(record.imageUrl, boardId, true)) return { problem: 'not an image of this board', path: 'imageUrl' }
  return undefined
}

/** Empty, this board's own asset path (assetsApi.ts), or an inline image within MAX_DATA_URL_CHARS. */
function isOwnSource(src: string | null, boardId: string | undefined, emptyAllowed: boolean): boolean {
  if (src === null || src === '') return emptyAllowed
  if (src.startsWith('data:')) return src.length <= MAX_DATA_URL_CHARS && DATA_IMAGE_URL.test(src)
  const ref = parseAssetPath(src)
  return ref !== null && boardId !== undefined && ref.boardId === boardId
}

function refused(typeName: string, problem: string, path?: string): RecordCheck {
  return { ok: false, reason: path ? `${typeName} at ${path}: ${problem}` : `${typeName}: ${problem}` }
}

/** Path elements that are field names or tldraw's union markers (`(type = geo)`); anything else could be content. */
const PATH_NAME = /^(?:[A-Za-z_$][\w$]{0,39}|\(\w{1,20} = [\w-]{1,40}\))$/

/** Most path elements quoted; tldraw's deepest paths (rich text in lists) are about 10. */
const MAX_PATH_ELEMENTS = 16

/** The field path of a tldraw validation error, without its message (which quotes the value). */
function pathOf(err: unknown, typeName: string): string {
  const full = (err as { path?: unknown }).path
  // tldraw's model validators start the path with the type name, which the reason names already.
  const path: unknown[] = Array.isArray(full) ? (full[0] === typeName ? full.slice(1) : full) : []
  if (path.length === 0) return '(record)'
  const parts: string[] = []
  for (const element of path.slice(0, MAX_PATH_ELEMENTS)) {
    if (typeof element === 'number' && Number.isInteger(element)) parts.push(`[${element}]`)
    else parts.push(`${parts.length ? '.' : ''}${typeof element === 'string' && PATH_NAME.test(element) ? element : '?'}`)
  }
  if (path.length > MAX_PATH_ELEMENTS) parts.push('...')
  return parts.join('')
}
