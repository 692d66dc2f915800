import type { TLRecord } from '@tldraw/tlschema'

/** A valid tldraw rectangle on the initial page; `n` makes the id, `label` fills its text. */
export function rectangle(n: number, label = ''): TLRecord {
  return {
    id: `shape:rect${n}`,
    typeName: 'shape',
    type: 'geo',
    x: n * 20,
    y: 0,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    meta: {},
    parentId: 'page:page',
    index: 'a1',
    props: {
      geo: 'rectangle',
      dash: 'draw',
      url: '',
      w: 100,
      h: 80,
      growY: 0,
      scale: 1,
      flipX: false,
      flipY: false,
      labelColor: 'black',
      color: 'black',
      fill: 'none',
      size: 'm',
      font: 'draw',
      align: 'middle',
      verticalAlign: 'middle',
      richText: { type: 'doc', content: [{ type: 'paragraph', content: label ? [{ type: 'text', text: label }] : [] }] },
    },
  } as unknown as TLRecord
}
