import { MAX_WORD_CHARS } from '../protocol/limits'

/**
 * Words in labels, for MAX_WORD_CHARS: the server refuses a label with a longer word, and the
 * browser splits one with a space before it leaves, so a long paste never gets its author
 * disconnected. Both take rich text that richTextProblem has passed.
 */

type RichNode = { type?: unknown; text?: unknown; content?: unknown }

/** Where a line may break: a word ends here. A no-break space does not end one. */
function endsWord(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d || code === 0x3000
}

/**
 * Calls `text` for each text node in document order, and `end` where a word ends without a
 * character: at the edges of a block and at a hard break. Text nodes next to each other in a
 * block continue one word, as the browser lays them out.
 */
function walk(node: RichNode, text: (value: string) => void, end: () => void): void {
  if (node.type === 'text') {
    if (typeof node.text === 'string') text(node.text)
    return
  }
  end()
  if (Array.isArray(node.content)) for (const child of node.content) walk(child as RichNode, text, end)
  end()
}

/** The length of the longest word in `doc`, in UTF-16 units. */
export function longestWord(doc: unknown): number {
  let run = 0
  let longest = 0
  walk(
    doc as RichNode,
    (value) => {
      for (let i = 0; i < value.length; i++) {
        if (endsWord(value.charCodeAt(i))) run = 0
        else if (++run > longest) longest = run
      }
    },
    () => (run = 0),
  )
  return longest
}

/** `doc` with a space put into every word longer than MAX_WORD_CHARS, or `doc` itself if it has none. */
export function withLongWordsSplit<T>(doc: T): T {
  if (longestWord(doc) <= MAX_WORD_CHARS) return doc
  let run = 0
  const split = (value: string): string => {
    let out = ''
    // By code point, so a space never lands inside a surrogate pair.
    for (const char of value) {
      if (endsWord(char.charCodeAt(0))) run = 0
      else if (run + char.length > MAX_WORD_CHARS) {
        out += ' '
        run = char.length
      } else run += char.length
      out += char
    }
    return out
  }
  const rebuild = (node: RichNode): RichNode => {
    if (node.type === 'text') return typeof node.text === 'string' ? { ...node, text: split(node.text) } : node
    run = 0
    if (!Array.isArray(node.content)) return node
    const content = node.content.map((child) => rebuild(child as RichNode))
    run = 0
    return { ...node, content }
  }
  return rebuild(doc as RichNode) as T
}

/** `record` with its label's over-long words split if it is a shape with a label, otherwise `record` itself. */
export function withLabelWordsSplit<T>(record: T): T {
  const shape = record as { typeName?: unknown; props?: unknown }
  if (shape.typeName !== 'shape' || typeof shape.props !== 'object' || shape.props === null) return record
  const props = shape.props as { richText?: unknown }
  if (typeof props.richText !== 'object' || props.richText === null) return record
  const richText = withLongWordsSplit(props.richText)
  return richText === props.richText ? record : { ...record, props: { ...props, richText } }
}
