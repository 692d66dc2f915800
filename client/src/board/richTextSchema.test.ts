import { getSchema } from '@tiptap/core'
import { Node as ProseMirrorNode } from '@tiptap/pm/model'
import { RICH_TEXT_MARKS, RICH_TEXT_NODES, richTextProblem } from '@whiteboard/shared/board/richTextProblem'
import { tipTapDefaultExtensions } from 'tldraw'
import { describe, expect, it } from 'vitest'

// The schema every browser reads labels with: tldraw's default TipTap extensions, as the app uses them.
const schema = getSchema(tipTapDefaultExtensions)

/** Whether ProseMirror reads `doc` as tldraw does before it measures or draws a label. */
function proseMirrorReads(doc: unknown): boolean {
  try {
    ProseMirrorNode.fromJSON(schema, doc)
    return true
  } catch {
    return false
  }
}

describe('the rich text records may hold', () => {
  it('names exactly the nodes and marks of the schema tldraw builds, so a new TipTap version that adds or drops one fails here', () => {
    expect([...RICH_TEXT_NODES].sort()).toEqual(Object.keys(schema.nodes).sort())
    expect([...RICH_TEXT_MARKS].sort()).toEqual(Object.keys(schema.marks).sort())
  })

  it('is refused exactly where ProseMirror would throw while reading it', () => {
    const paragraph = (...content: unknown[]) => ({ type: 'doc', content: [{ type: 'paragraph', content }] })
    const docs: unknown[] = [
      { type: 'doc', content: [] },
      { type: 'doc', content: [{ type: 'paragraph' }] },
      { type: 'doc', content: [{ type: 'paragraph', content: null, marks: null }] },
      paragraph({ type: 'text', text: 'hei', marks: [{ type: 'italic' }, { type: 'highlight' }, { type: 'link', attrs: { href: 'https://example.no', unknown: 1 } }] }),
      { type: 'doc', content: [{ type: 'heading', attrs: { level: 7, extra: true }, content: [{ type: 'text', text: 'x' }, { type: 'hardBreak' }] }] },
      { type: 'doc', content: [{ type: 'orderedList', attrs: { start: 3 }, content: [{ type: 'listItem', content: [{ type: 'paragraph' }] }] }] },
      { type: 'doc', content: [{ type: 'iframe' }] },
      { type: 'doc', content: [{ type: 'blockquote' }] },
      { type: 'doc', content: [{ type: 'toString' }] },
      paragraph({ type: 'text' }),
      paragraph({ type: 'text', text: '' }),
      paragraph({ type: 'text', text: 5 }),
      paragraph({ type: 'text', text: 'hi', marks: [{ type: 'nope' }] }),
      paragraph({ type: 'text', text: 'hi', marks: [null] }),
      paragraph({ type: 'text', text: 'hi', marks: 'bold' }),
      paragraph(5),
      paragraph(null),
      { type: 'doc', content: [{ type: 'paragraph', content: 'hei' }] },
      { type: 'doc', content: { length: 1 } },
    ]
    for (const doc of docs) expect({ doc, accepted: richTextProblem(doc, 'richText') === undefined }).toEqual({ doc, accepted: proseMirrorReads(doc) })
  })
})
