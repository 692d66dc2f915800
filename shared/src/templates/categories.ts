import type { Label, TemplateCategory } from './types'

/** Headings for grouping templates in the picker, in the order the picker shows them. */
export const TEMPLATE_CATEGORIES: readonly { id: TemplateCategory; label: Label }[] = [
  { id: 'journey', label: { nb: 'Brukerreiser', en: 'Journeys' } },
  { id: 'stakeholders', label: { nb: 'Aktører og interessenter', en: 'Actors and stakeholders' } },
  { id: 'insight', label: { nb: 'Innsikt', en: 'Insight' } },
  { id: 'ideation', label: { nb: 'Idéutvikling', en: 'Ideation' } },
  { id: 'prioritisation', label: { nb: 'Prioritering', en: 'Prioritisation' } },
  { id: 'experiment', label: { nb: 'Testing', en: 'Testing' } },
  { id: 'process', label: { nb: 'Prosess og plan', en: 'Process and plan' } },
  { id: 'reflection', label: { nb: 'Refleksjon', en: 'Reflection' } },
]
