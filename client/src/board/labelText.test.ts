import { describe, expect, it } from 'vitest'
import { toRichText } from 'tldraw'
import { labelText, type RichTextNode } from './labelText'

describe('labelText', () => {
  it('reads paragraphs as lines and keeps marked text', () => {
    const doc: RichTextNode = {
      type: 'doc',
      content: [
        { type: 'paragraph', content: [{ type: 'text', text: 'Første ' }, { type: 'text', text: 'linje' }] },
        { type: 'paragraph', content: [{ type: 'text', text: 'Andre' }] },
      ],
    }
    expect(labelText(doc)).toBe('Første linje\nAndre')
  })

  it('puts each list item on a line of its own', () => {
    const doc: RichTextNode = {
      type: 'doc',
      content: [
        {
          type: 'bulletList',
          content: [
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'en' }] }] },
            { type: 'listItem', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'to' }] }] },
          ],
        },
      ],
    }
    expect(labelText(doc)).toBe('en\nto')
  })

  it('gives an empty string for an empty label, as tldraw writes one', () => {
    expect(labelText(toRichText('') as RichTextNode)).toBe('')
    expect(labelText(toRichText('Hei') as RichTextNode)).toBe('Hei')
  })
})
