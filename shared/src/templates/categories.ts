import type { Label, TemplateCategory } from './types'

/** Headings for grouping templates in the picker, in the order the picker shows them. */
export const TEMPLATE_CATEGORIES: readonly { id: TemplateCategory; label: Label }[] = [
  { id: 'journey', label: { nb: 'Brukerreiser', nn: 'Brukarreiser', en: 'Journeys' } },
  { id: 'stakeholders', label: { nb: 'Aktører og interessenter', nn: 'Aktørar og interessentar', en: 'Actors and stakeholders' } },
  { id: 'insight', label: { nb: 'Innsikt', nn: 'Innsikt', en: 'Insight' } },
  { id: 'ideation', label: { nb: 'Idéutvikling', nn: 'Idéutvikling', en: 'Ideation' } },
  { id: 'prioritisation', label: { nb: 'Prioritering', nn: 'Prioritering', en: 'Prioritisation' } },
  { id: 'experiment', label: { nb: 'Testing', nn: 'Testing', en: 'Testing' } },
  { id: 'process', label: { nb: 'Prosess og plan', nn: 'Prosess og plan', en: 'Process and plan' } },
  { id: 'reflection', label: { nb: 'Refleksjon', nn: 'Refleksjon', en: 'Reflection' } },
]
