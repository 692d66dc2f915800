import type { UiLang } from '../i18n/messages'

/** Texts of private mode (silent brainstorming) in every UI language. */
const en = {
  toggleOn: 'Private mode',
  toggleOnLabel: "Private mode: participants' new items stay private until you reveal them",
  on: 'Private mode is on',
  countsTitle: 'Private items per person',
  countsNone: 'Nobody has private items yet.',
  unnamed: 'Someone who has left',
  items: (n: number) => (n === 1 ? '1 item' : `${n} items`),
  reveal: 'Reveal',
  revealLabel: 'Reveal everyone’s private items on the board',
  turnOff: 'Turn private mode off',
  offQuestion: 'Reveal the private items now, or let everyone keep theirs?',
  offReveal: 'Reveal now',
  offKeep: 'Keep them private',
  cancel: 'Cancel',
  revealed: (n: number) => (n === 1 ? '1 private item is now on the board for everyone.' : `${n} private items are now on the board for everyone.`),
  keptPrivate: 'Private mode is off. Everyone keeps their private items.',
  failed: 'That did not work. Try again.',
  turnedOn: 'Private mode is on: participants’ new items are seen only by their authors.',
  bannerParticipant: 'Private mode: what you add now is seen only by you until the facilitator reveals it.',
  bannerKept: 'Your private items are seen only by you.',
  mark: 'Private',
}

export type PrivateModeTexts = { [K in keyof typeof en]: (typeof en)[K] extends (...args: infer A) => string ? (...args: A) => string : string }

const nb: PrivateModeTexts = {
  toggleOn: 'Privat modus',
  toggleOnLabel: 'Privat modus: deltakernes nye innhold er privat til du avslører det',
  on: 'Privat modus er på',
  countsTitle: 'Private lapper per person',
  countsNone: 'Ingen har private lapper ennå.',
  unnamed: 'En som har gått',
  items: (n: number) => (n === 1 ? '1 lapp' : `${n} lapper`),
  reveal: 'Avslør',
  revealLabel: 'Avslør alles private lapper på tavla',
  turnOff: 'Slå av privat modus',
  offQuestion: 'Vil du avsløre de private lappene nå, eller skal alle beholde sine?',
  offReveal: 'Avslør nå',
  offKeep: 'Behold dem private',
  cancel: 'Avbryt',
  revealed: (n: number) => (n === 1 ? '1 privat lapp er nå på tavla for alle.' : `${n} private lapper er nå på tavla for alle.`),
  keptPrivate: 'Privat modus er av. Alle beholder sine private lapper.',
  failed: 'Det gikk ikke. Prøv igjen.',
  turnedOn: 'Privat modus er på: deltakernes nye lapper ses bare av den som lager dem.',
  bannerParticipant: 'Privat modus: det du legger til nå, ser bare du til fasilitatoren avslører det.',
  bannerKept: 'De private lappene dine ser bare du.',
  mark: 'Privat',
}

const nn: PrivateModeTexts = {
  toggleOn: 'Privat modus',
  toggleOnLabel: 'Privat modus: det nye innhaldet til deltakarane er privat til du avslører det',
  on: 'Privat modus er på',
  countsTitle: 'Private lappar per person',
  countsNone: 'Ingen har private lappar enno.',
  unnamed: 'Ein som har gått',
  items: (n: number) => (n === 1 ? '1 lapp' : `${n} lappar`),
  reveal: 'Avslør',
  revealLabel: 'Avslør dei private lappane til alle på tavla',
  turnOff: 'Slå av privat modus',
  offQuestion: 'Vil du avsløre dei private lappane no, eller skal alle behalde sine?',
  offReveal: 'Avslør no',
  offKeep: 'Behald dei private',
  cancel: 'Avbryt',
  revealed: (n: number) => (n === 1 ? '1 privat lapp er no på tavla for alle.' : `${n} private lappar er no på tavla for alle.`),
  keptPrivate: 'Privat modus er av. Alle beheld dei private lappane sine.',
  failed: 'Det gjekk ikkje. Prøv igjen.',
  turnedOn: 'Privat modus er på: dei nye lappane til deltakarane ser berre den som lagar dei.',
  bannerParticipant: 'Privat modus: det du legg til no, ser berre du til fasilitatoren avslører det.',
  bannerKept: 'Dei private lappane dine ser berre du.',
  mark: 'Privat',
}

const TEXTS: Record<UiLang, PrivateModeTexts> = { nb, nn, en }

export function privateModeTexts(lang: UiLang): PrivateModeTexts {
  return TEXTS[lang]
}
