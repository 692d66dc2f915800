import { describe, expect, it } from 'vitest'
import { MAX_WORD_CHARS } from '../protocol/limits'
import { longestWord, withLongWordsSplit } from './longWords'

type Inline = { type: string; text?: string; marks?: unknown[] }
type Doc = { type: 'doc'; content: { type: 'paragraph'; content: Inline[] }[] }

const text = (value: string, marks?: unknown[]): Inline => ({ type: 'text', text: value, ...(marks ? { marks } : {}) })
const doc = (...paragraphs: Inline[][]): Doc => ({ type: 'doc', content: paragraphs.map((content) => ({ type: 'paragraph', content })) })

/** Every text node's text, joined per paragraph with `|` between paragraphs. */
function plain(d: Doc): string {
  return d.content.map((p) => p.content.map((n) => n.text ?? '\n').join('')).join('|')
}

describe('words in labels', () => {
  it('are counted across the text nodes of a paragraph (a mark does not end a word), and end at spaces, hard breaks and paragraph ends, not at no-break spaces', () => {
    expect(longestWord(doc([text('ab'), text('cde', [{ type: 'bold' }]), text('f gh')]))).toBe(6)
    expect(longestWord(doc([text('abc'), { type: 'hardBreak' }, text('defg')]))).toBe(4)
    expect(longestWord(doc([text('abcde')], [text('fg')]))).toBe(5)
    expect(longestWord(doc([text('ab\u00a0cd\tef')]))).toBe(5)
    expect(longestWord({ type: 'doc', content: [{ type: 'bulletList', content: [{ type: 'listItem', content: [{ type: 'paragraph', content: [text('abc')] }] }] }, { type: 'paragraph', content: [text('de')] }] })).toBe(3)
  })

  it('are split with a space where they pass MAX_WORD_CHARS, across marks and by code point, and nothing else changes', () => {
    const long = 'M'.repeat(MAX_WORD_CHARS - 1)
    const original = doc([text('kort '), text(long), text('😀😀', [{ type: 'italic' }]), text(' ord')], [text(long)])
    const split = withLongWordsSplit(original)
    expect(longestWord(split)).toBeLessThanOrEqual(MAX_WORD_CHARS)
    // The emoji (two UTF-16 units) would pass the limit: the space comes before it, not inside it.
    expect(plain(split)).toBe(`kort ${long} 😀😀 ord|${long}`)
    expect(split.content[0]!.content[2]).toEqual({ type: 'text', text: ' 😀😀', marks: [{ type: 'italic' }] })
    expect(plain(withLongWordsSplit(doc([text('x'.repeat(3 * MAX_WORD_CHARS + 1))])))).toBe(['x'.repeat(MAX_WORD_CHARS), 'x'.repeat(MAX_WORD_CHARS), 'x'.repeat(MAX_WORD_CHARS), 'x'].join(' '))
    expect(original.content[0]!.content[1]).toEqual(text(long))
    const short = doc([text('hei på deg')])
    expect(withLongWordsSplit(short)).toBe(short)
  })
})
