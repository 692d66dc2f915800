import { getTemplate } from '../templates/catalog'
import { readTemplateMeta } from '../templates/templateMeta'
import { plainText } from '../results/plainText'

/**
 * Which shapes people may vote on: the sticky notes people wrote. A template's scaffolding is
 * not, and neither are its starter notes while they still ask their question ("Hvem er
 * brukeren?"): they are prompts, and a round where a prompt wins says nothing. A starter note
 * someone has written over is theirs, and counts. Read by the vote buttons, the text view's
 * vote buttons and the counting, so that a dot on a prompt never counts anywhere.
 */
export function canBeVotedOn(shape: { type: string; meta: unknown; props: unknown } | undefined): boolean {
  if (!shape || shape.type !== 'note') return false
  const template = readTemplateMeta(shape.meta)
  if (!template) return true
  if (template.scaffolding) return false
  if (template.role !== 'starter') return true
  return !isStarterPrompt(template.template, plainText((shape.props as { richText?: unknown } | null)?.richText))
}

/**
 * Whether `text` is one of template `templateId`'s own starter texts, in any language. A
 * starter note of a template this server does not know (a team's own template) is taken as
 * a prompt: nothing says what its question was.
 */
function isStarterPrompt(templateId: string, text: string): boolean {
  const def = getTemplate(templateId)
  if (!def) return true
  const written = normalise(text)
  if (written === '') return true
  return def.items.some((item) => item.kind === 'note' && Object.values(item.text).some((label) => typeof label === 'string' && normalise(label) === written))
}

function normalise(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase()
}
