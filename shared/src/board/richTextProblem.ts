/**
 * The rich text tldraw's labels hold: ProseMirror JSON for the TipTap schema tldraw builds from
 * its default extensions (StarterKit without blockquote, code block and horizontal rule, plus
 * highlight). tldraw's record validator only asks for `{ type, content: [] }`, but every browser
 * that shows a text shape turns its rich text into a ProseMirror node to measure it, and that
 * throws on an unknown node or mark, a text node without text, or content or marks that are not
 * lists. Thrown while measuring, it put tldraw's error screen in place of the board for everyone.
 * Attributes are not checked: ProseMirror reads the ones its schema knows and ignores the rest.
 * `client/src/board/richTextSchema.test.ts` checks these names against the schema tldraw builds.
 */
export const RICH_TEXT_NODES: ReadonlySet<string> = new Set(['doc', 'paragraph', 'heading', 'bulletList', 'orderedList', 'listItem', 'hardBreak', 'text'])

export const RICH_TEXT_MARKS: ReadonlySet<string> = new Set(['bold', 'italic', 'strike', 'underline', 'code', 'highlight', 'link'])

type Problem = { problem: string; path: string }

/** Why `value` is not rich text every browser can show, with the path of the fault under `path`; `undefined` if it is. */
export function richTextProblem(value: unknown, path: string): Problem | undefined {
  if (!isPlainObject(value) || value.type !== 'doc') return { problem: 'rich text that is not a document', path: `${path}.type` }
  return nodeProblem(value, path)
}

function nodeProblem(value: unknown, path: string): Problem | undefined {
  if (!isPlainObject(value)) return { problem: 'not a rich-text node', path }
  if (typeof value.type !== 'string' || !RICH_TEXT_NODES.has(value.type)) return { problem: 'unknown rich-text node', path: `${path}.type` }
  if (value.marks !== undefined && value.marks !== null) {
    if (!Array.isArray(value.marks)) return { problem: 'marks that are not a list', path: `${path}.marks` }
    for (const [i, mark] of value.marks.entries()) {
      if (!isPlainObject(mark) || typeof mark.type !== 'string' || !RICH_TEXT_MARKS.has(mark.type)) return { problem: 'unknown rich-text mark', path: `${path}.marks[${i}]` }
    }
  }
  if (value.type === 'text') return typeof value.text === 'string' && value.text !== '' ? undefined : { problem: 'a text node without text', path: `${path}.text` }
  // ProseMirror reads a missing or null content as empty.
  if (value.content === undefined || value.content === null) return undefined
  if (!Array.isArray(value.content)) return { problem: 'content that is not a list', path: `${path}.content` }
  for (const [i, child] of value.content.entries()) {
    const found = nodeProblem(child, `${path}.content[${i}]`)
    if (found) return found
  }
  return undefined
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value)
}
