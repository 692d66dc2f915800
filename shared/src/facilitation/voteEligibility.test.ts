import { describe, expect, it } from 'vitest'
import { toRichText } from '@tldraw/tlschema'
import { canBeVotedOn } from './voteEligibility'

const note = (text: string, meta: Record<string, unknown> = {}) => ({ type: 'note', meta, props: { richText: toRichText(text) } })
const starter = { template: 'service-journey', role: 'starter' }

describe('canBeVotedOn', () => {
  it('takes the notes people wrote', () => {
    expect(canBeVotedOn(note('Lang ventetid på svar'))).toBe(true)
  })

  it('leaves out a template’s starter prompts, in every language and as typed with other spacing or case', () => {
    expect(canBeVotedOn(note('Hvem er brukeren?', starter))).toBe(false)
    expect(canBeVotedOn(note('Who is the user?', starter))).toBe(false)
    expect(canBeVotedOn(note('Kven er brukaren?', starter))).toBe(false)
    expect(canBeVotedOn(note('  hvem er   BRUKEREN? ', starter))).toBe(false)
    expect(canBeVotedOn(note('', starter))).toBe(false)
  })

  it('takes a starter note someone has written over', () => {
    expect(canBeVotedOn(note('Kari, 67, bor alene', starter))).toBe(true)
  })

  it('leaves out scaffolding, shapes that are not notes, starter notes of unknown templates, and nothing', () => {
    expect(canBeVotedOn(note('Overskrift', { template: 'service-journey', role: 'heading', scaffolding: true }))).toBe(false)
    expect(canBeVotedOn({ type: 'geo', meta: {}, props: { richText: toRichText('Boks') } })).toBe(false)
    expect(canBeVotedOn(note('Hva tenker du?', { template: 'team-own', role: 'starter' }))).toBe(false)
    expect(canBeVotedOn(undefined)).toBe(false)
  })

  it('takes a template note that is neither scaffolding nor starter, and survives hostile props', () => {
    expect(canBeVotedOn(note('Idé', { template: 'service-journey', role: 'idea' }))).toBe(true)
    expect(canBeVotedOn({ type: 'note', meta: starter, props: null })).toBe(false)
  })
})
