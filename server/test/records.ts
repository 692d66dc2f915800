import type { TLRecord } from '@tldraw/tlschema'
import { rectangleRecord } from '@whiteboard/shared/test/rectangleRecord'

/** A valid tldraw rectangle on the initial page; `n` makes the id and spaces them apart, `label` fills its text. */
export function rectangle(n: number, label = ''): TLRecord {
  return rectangleRecord({ id: `shape:rect${n}`, x: n * 20, label })
}
