import type { TLPageId } from '@tldraw/tlschema'
import { buildTemplate } from '@whiteboard/shared/templates/build'
import { getTemplate } from '@whiteboard/shared/templates/catalog'
import type { BoxItem, TemplateLang } from '@whiteboard/shared/templates/types'
import { noteRecord } from '@whiteboard/shared/test/noteRecord'

const PAGE = 'page:page' as TLPageId

/**
 * A board for report tests: a service journey with notes in known lanes × stages, a quadrant
 * matrix with one note, and one note outside every frame.
 */
export function reportBoard(lang: TemplateLang = 'nb'): unknown[] {
  let n = 0
  const id = () => `t${++n}`
  const journey = buildTemplate('service-journey', lang, { x: 0, y: 0 }, { pageId: PAGE, createId: id })
  const matrix = buildTemplate('impact-effort', lang, { x: 3000, y: 0 }, { pageId: PAGE, createId: id })
  const box = (template: string, part: string) => getTemplate(template)!.items.find((i): i is BoxItem => i.kind === 'box' && i.part === part)!
  const at = (template: string, lane: string, stage: string | null, dx = 0) => {
    const l = box(template, lane)
    const s = stage ? box(template, stage) : l
    return { cx: s.x + s.w / 2 + dx, cy: l.y + l.h / 2 }
  }
  const pain = at('service-journey', 'lane:painPoints', 'stage:2')
  const actions = at('service-journey', 'lane:actions', 'stage:1')
  const quick = at('impact-effort', 'quadrant:quickWins', null)
  return [
    { id: PAGE, typeName: 'page', name: 'Side 1', index: 'a1', meta: {} },
    ...journey,
    ...matrix,
    noteRecord({ id: 'shape:queue', ...pain, text: 'Lang kø | igjen' }),
    noteRecord({ id: 'shape:form', cx: pain.cx + 250, cy: pain.cy, text: 'Skjemaet\nforsvant' }),
    noteRecord({ id: 'shape:apply', ...actions, text: 'Søker om plass' }),
    noteRecord({ id: 'shape:quick', cx: quick.cx + 3000, cy: quick.cy, text: 'Ring brukeren' }),
    noteRecord({ id: 'shape:loose', cx: -4000, cy: 0, text: '# Ikke en overskrift' }),
  ]
}
