import { MAX_TEAM_TEMPLATE_BYTES, MAX_TEAM_TEMPLATES } from '@whiteboard/shared/templates/teamTemplateLimits'
import type { UiLang } from '../i18n/messages'
import type { TeamTemplateProblem } from './TeamTemplateRequests'

/** Texts of a team's own templates: saving a frame, the picker's "Our templates", deleting. */
export interface TeamTemplateTexts {
  saveButton: string
  saveTitle: string
  saveIntro: string
  frame: string
  untitledFrame: string
  noFrames: string
  name: string
  description: string
  save: string
  cancel: string
  saved: (name: string) => string
  group: string
  none: string
  loading: string
  delete: (name: string) => string
  deleteConfirm: (name: string) => string
  deleted: (name: string) => string
  savingOff: string
  problem: (problem: TeamTemplateProblem) => string
}

const MIB = MAX_TEAM_TEMPLATE_BYTES / 1024 / 1024

const nb: TeamTemplateTexts = {
  saveButton: 'Lagre ramme som mal',
  saveTitle: 'Lagre en ramme som mal',
  saveIntro: 'Malen lagres på serveren og kan settes inn på alle tavler her, under «Våre maler». Bilder i rammen blir med.',
  frame: 'Ramme',
  untitledFrame: 'Ramme uten navn',
  noFrames: 'Det er ingen rammer på denne siden. Lag en ramme rundt det som skal bli en mal.',
  name: 'Navn på malen',
  description: 'Beskrivelse (valgfri)',
  save: 'Lagre mal',
  cancel: 'Avbryt',
  saved: (name) => `Malen «${name}» er lagret.`,
  group: 'Våre maler',
  none: 'Ingen egne maler ennå. Lagre en ramme som mal fra fasilitatorverktøyene.',
  loading: 'Henter våre maler …',
  delete: (name) => `Slett malen «${name}»`,
  deleteConfirm: (name) => `Slette malen «${name}» for alle tavler på serveren? Det kan ikke angres.`,
  deleted: (name) => `Malen «${name}» er slettet.`,
  savingOff: 'Lagring av maler er slått av på denne serveren.',
  problem: (p) => {
    switch (p.kind) {
      case 'forbidden':
        return 'Bare fasilitatorer kan lagre, bruke og slette egne maler.'
      case 'off':
        return 'Lagring av maler er slått av på denne serveren.'
      case 'tooMany':
        return `Serveren har allerede ${MAX_TEAM_TEMPLATES} egne maler. Slett en før du lagrer en ny.`
      case 'tooLarge':
        return `Malen er for stor (over ${MIB} MB med bilder). Ta med færre eller mindre bilder.`
      case 'invalid':
        return `Rammen har innhold som ikke kan bli en mal (${p.detail}).`
      case 'notFound':
        return 'Malen finnes ikke lenger.'
      case 'storage':
        return 'Serveren kan ikke lagre nå. Prøv igjen senere.'
      case 'network':
        return 'Fikk ikke kontakt med serveren. Prøv igjen.'
      case 'failed':
        return 'Det gikk ikke. Prøv igjen.'
    }
  },
}

const nn: TeamTemplateTexts = {
  saveButton: 'Lagre ramme som mal',
  saveTitle: 'Lagre ei ramme som mal',
  saveIntro: 'Malen blir lagra på serveren og kan setjast inn på alle tavler her, under «Våre malar». Bilete i ramma blir med.',
  frame: 'Ramme',
  untitledFrame: 'Ramme utan namn',
  noFrames: 'Det er ingen rammer på denne sida. Lag ei ramme rundt det som skal bli ein mal.',
  name: 'Namn på malen',
  description: 'Skildring (valfri)',
  save: 'Lagre mal',
  cancel: 'Avbryt',
  saved: (name) => `Malen «${name}» er lagra.`,
  group: 'Våre malar',
  none: 'Ingen eigne malar enno. Lagre ei ramme som mal frå fasilitatorverktøya.',
  loading: 'Hentar våre malar …',
  delete: (name) => `Slett malen «${name}»`,
  deleteConfirm: (name) => `Slette malen «${name}» for alle tavler på serveren? Det kan ikkje angrast.`,
  deleted: (name) => `Malen «${name}» er sletta.`,
  savingOff: 'Lagring av malar er slått av på denne serveren.',
  problem: (p) => {
    switch (p.kind) {
      case 'forbidden':
        return 'Berre fasilitatorar kan lagre, bruke og slette eigne malar.'
      case 'off':
        return 'Lagring av malar er slått av på denne serveren.'
      case 'tooMany':
        return `Serveren har alt ${MAX_TEAM_TEMPLATES} eigne malar. Slett ein før du lagrar ein ny.`
      case 'tooLarge':
        return `Malen er for stor (over ${MIB} MB med bilete). Ta med færre eller mindre bilete.`
      case 'invalid':
        return `Ramma har innhald som ikkje kan bli ein mal (${p.detail}).`
      case 'notFound':
        return 'Malen finst ikkje lenger.'
      case 'storage':
        return 'Serveren kan ikkje lagre no. Prøv igjen seinare.'
      case 'network':
        return 'Fekk ikkje kontakt med serveren. Prøv igjen.'
      case 'failed':
        return 'Det gjekk ikkje. Prøv igjen.'
    }
  },
}

const en: TeamTemplateTexts = {
  saveButton: 'Save frame as template',
  saveTitle: 'Save a frame as a template',
  saveIntro: 'The template is kept on the server and can be inserted on every board here, under "Our templates". Pictures in the frame come along.',
  frame: 'Frame',
  untitledFrame: 'Untitled frame',
  noFrames: 'There are no frames on this page. Draw a frame around what should become a template.',
  name: 'Template name',
  description: 'Description (optional)',
  save: 'Save template',
  cancel: 'Cancel',
  saved: (name) => `Template "${name}" saved.`,
  group: 'Our templates',
  none: 'No templates of your own yet. Save a frame as a template from the facilitator tools.',
  loading: 'Loading our templates …',
  delete: (name) => `Delete template "${name}"`,
  deleteConfirm: (name) => `Delete the template "${name}" for every board on the server? This cannot be undone.`,
  deleted: (name) => `Template "${name}" deleted.`,
  savingOff: 'Saving templates is turned off on this server.',
  problem: (p) => {
    switch (p.kind) {
      case 'forbidden':
        return 'Only facilitators can save, use and delete templates of their own.'
      case 'off':
        return 'Saving templates is turned off on this server.'
      case 'tooMany':
        return `The server holds ${MAX_TEAM_TEMPLATES} templates of your own already. Delete one before saving another.`
      case 'tooLarge':
        return `The template is too large (over ${MIB} MB with pictures). Take fewer or smaller pictures along.`
      case 'invalid':
        return `The frame holds something that cannot become a template (${p.detail}).`
      case 'notFound':
        return 'The template no longer exists.'
      case 'storage':
        return 'The server cannot save now. Try again later.'
      case 'network':
        return 'Could not reach the server. Try again.'
      case 'failed':
        return 'That did not work. Try again.'
    }
  },
}

const TEXTS: Record<UiLang, TeamTemplateTexts> = { nb, nn, en }

export function teamTemplateTexts(lang: UiLang): TeamTemplateTexts {
  return TEXTS[lang]
}
