import { doubleDiamond } from './methods/doubleDiamond'
import { empathyMap } from './methods/empathyMap'
import { howMightWe } from './methods/howMightWe'
import { impactEffort } from './methods/impactEffort'
import { ksVeikart } from './methods/ksVeikart'
import { persona } from './methods/persona'
import { powerInterest } from './methods/powerInterest'
import { problemTree } from './methods/problemTree'
import { retrospective } from './methods/retrospective'
import { serviceJourney } from './methods/serviceJourney'
import { stakeholderMap } from './methods/stakeholderMap'
import { testCard } from './methods/testCard'
import { theoryOfChange } from './methods/theoryOfChange'
import type { TemplateDefinition, TemplateSummary } from './types'

/**
 * Every method template, in the order the picker lists them. Ids are part of the public
 * API (`POST /api/boards { template }`) and of stored provenance: never rename one.
 */
export const TEMPLATES: readonly TemplateDefinition[] = [
  serviceJourney,
  stakeholderMap,
  powerInterest,
  empathyMap,
  persona,
  problemTree,
  howMightWe,
  impactEffort,
  testCard,
  doubleDiamond,
  ksVeikart,
  theoryOfChange,
  retrospective,
]

export const TEMPLATE_IDS: readonly string[] = TEMPLATES.map((t) => t.id)

const byId = new Map(TEMPLATES.map((t) => [t.id, t]))

export function getTemplate(id: string): TemplateDefinition | undefined {
  return byId.get(id)
}

export function isTemplateId(id: unknown): id is string {
  return typeof id === 'string' && byId.has(id)
}

/** What `GET /api/templates` lists and the picker shows, without the items. */
export function templateSummaries(): TemplateSummary[] {
  return TEMPLATES.map((t) => ({ id: t.id, category: t.category, name: { ...t.name }, description: { ...t.description }, size: { ...t.size } }))
}
