import { box, hint, line, note } from '../templateItems'
import type { TemplateDefinition, TemplateItem } from '../types'

/** Problemtre / problem tree: causes as roots, the core problem as trunk, effects as the crown. */

const MARGIN = 40
const W = 1600
const CROWN = { x: 100, y: 80, w: 1400, h: 520 }
const TRUNK = { x: 640, y: CROWN.y + CROWN.h, w: 320, h: 320 }
const ROOTS = { x: 100, y: TRUNK.y + TRUNK.h + 90, w: 1400, h: 420 }
const H = ROOTS.y + ROOTS.h + MARGIN

function rootLines(): TemplateItem[] {
  const fromX = TRUNK.x + TRUNK.w / 2
  const fromY = TRUNK.y + TRUNK.h
  const ends = [260, 530, 800, 1070, 1340]
  return ends.map((toX, i) =>
    line({
      role: 'connector',
      part: `root:${i + 1}`,
      x: fromX,
      y: fromY,
      points: [{ x: 0, y: 0 }, { x: toX - fromX, y: ROOTS.y - fromY }],
      color: 'orange',
      size: 'l',
    }),
  )
}

export const problemTree: TemplateDefinition = {
  id: 'problem-tree',
  category: 'insight',
  name: { nb: 'Problemtre', nn: 'Problemtre', en: 'Problem tree' },
  description: {
    nb: 'Skill årsaker fra konsekvenser: kjerneproblemet er stammen, årsakene røttene og konsekvensene kronen.', nn: 'Skil årsaker frå konsekvensar: kjerneproblemet er stammen, årsakene røtene og konsekvensane krona.',
    en: 'Separate causes from effects: the core problem is the trunk, causes are the roots and effects the crown.',
  },
  size: { w: W, h: H },
  items: [
    hint(MARGIN, 24, W - 2 * MARGIN, {
      nb: 'Start med kjerneproblemet i stammen. Spør «hvorfor?» for å finne røttene, og «hva fører det til?» for å fylle kronen.', nn: 'Start med kjerneproblemet i stammen. Spør «kvifor?» for å finne røtene, og «kva fører det til?» for å fylle krona.',
      en: 'Start with the core problem in the trunk. Ask "why?" to find the roots and "what does it lead to?" to fill the crown.',
    }),
    box({ role: 'area', part: 'effects', geo: 'cloud', ...CROWN, color: 'light-green', fill: 'solid', size: 'l', label: { nb: 'Konsekvenser', nn: 'Konsekvensar', en: 'Effects' }, verticalAlign: 'start' }),
    { ...hint(CROWN.x + 400, CROWN.y + 110, 600, { nb: 'Hva fører problemet til, og for hvem?', nn: 'Kva fører problemet til, og for kven?', en: 'What does the problem lead to, and for whom?' }, 'effects:hint'), textAlign: 'middle' as const },
    box({ role: 'area', part: 'coreProblem', ...TRUNK, color: 'orange', fill: 'solid', size: 'l', label: { nb: 'Kjerneproblem', nn: 'Kjerneproblem', en: 'Core problem' }, verticalAlign: 'start' }),
    ...rootLines(),
    box({ role: 'area', part: 'causes', ...ROOTS, color: 'yellow', fill: 'solid', size: 'l', label: { nb: 'Årsaker', nn: 'Årsaker', en: 'Causes' }, align: 'start', verticalAlign: 'start' }),
    hint(ROOTS.x + 18, ROOTS.y + 64, 700, { nb: 'Hvorfor oppstår problemet? Én årsak per lapp.', nn: 'Kvifor oppstår problemet? Éi årsak per lapp.', en: 'Why does the problem arise? One cause per note.' }, 'causes:hint'),
    note({ x: TRUNK.x + 60, y: TRUNK.y + 80, color: 'orange', text: { nb: 'Problemet er …', nn: 'Problemet er …', en: 'The problem is …' } }),
  ],
}
