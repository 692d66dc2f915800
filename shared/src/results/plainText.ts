/**
 * The plain text of a tldraw rich-text document (a TipTap/ProseMirror JSON tree): paragraphs and
 * headings on their own lines, hard breaks as line breaks, list items as lines. Read defensively:
 * records come from other people's browsers, so anything that is not the expected shape reads as
 * no text rather than throwing.
 */
export function plainText(richText: unknown): string {
  const lines: string[] = []
  collectBlocks(richText, lines, 0)
  return lines.join('\n').trim()
}

/** Deeper nesting than any editor makes is not walked: a hostile tree must not exhaust the stack. */
const MAX_DEPTH = 32

function collectBlocks(node: unknown, lines: string[], depth: number): void {
  if (depth > MAX_DEPTH || node === null || typeof node !== 'object') return
  const { type, content } = node as { type?: unknown; content?: unknown }
  if (!Array.isArray(content)) {
    if (type === 'paragraph' || type === 'heading') lines.push('')
    return
  }
  const inline = content.every((child) => isInline(child))
  if (inline && type !== 'doc') {
    lines.push(content.map(inlineText).join(''))
    return
  }
  for (const child of content) {
    if (isInline(child)) lines.push(inlineText(child))
    else collectBlocks(child, lines, depth + 1)
  }
}

function isInline(node: unknown): boolean {
  if (node === null || typeof node !== 'object') return false
  const type = (node as { type?: unknown }).type
  return type === 'text' || type === 'hardBreak'
}

function inlineText(node: unknown): string {
  const { type, text } = node as { type?: unknown; text?: unknown }
  if (type === 'hardBreak') return '\n'
  return typeof text === 'string' ? text : ''
}
