/** A node of a rich-text label as tldraw stores it (TipTap's JSON). */
export interface RichTextNode {
  type?: string
  text?: string
  content?: RichTextNode[]
}

/** Blocks whose children each start a line of their own. */
const LINE_PER_CHILD: ReadonlySet<string> = new Set(['doc', 'bulletList', 'orderedList', 'listItem'])

/**
 * A label's text with a line break between blocks, read from its rich-text JSON without TipTap
 * (which resolves its extensions and builds a schema on every call).
 */
export function labelText(node: RichTextNode): string {
  if (typeof node.text === 'string') return node.text
  if (!node.content) return ''
  const parts = node.content.map(labelText)
  return node.type !== undefined && LINE_PER_CHILD.has(node.type) ? parts.join('\n') : parts.join('')
}
