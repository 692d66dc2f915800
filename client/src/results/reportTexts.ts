import type { BoardLang } from '@whiteboard/shared'

/** The words of a report. A report is written in the board's language, like the board's own labels, whatever language the person's menus are in. */
export interface ReportTexts {
  /** BCP 47 tag of the document and its dates. */
  locale: string
  date: (date: Date) => string
  untitledBoard: string
  /** Heading of a frame without a name, by its place among the frames. */
  untitledFrame: (n: number) => string
  /** Grid column for notes in a row but in no column. */
  noColumn: string
  otherNotes: string
  noNotes: string
  votes: string
  votesCount: (n: number) => string
  outside: string
  picture: (frame: string) => string
  /** Name of the notes sheet in the XLSX. */
  sheet: string
}

const nb: ReportTexts = {
  locale: 'nb-NO',
  date: (d) => `Dato: ${d.toLocaleDateString('nb-NO', { day: 'numeric', month: 'long', year: 'numeric' })}`,
  untitledBoard: 'Tavle uten navn',
  untitledFrame: (n) => `Ramme ${n}`,
  noColumn: 'Ellers',
  otherNotes: 'Andre lapper',
  noNotes: 'Ingen lapper.',
  votes: 'Stemmer',
  votesCount: (n) => (n === 1 ? '1 stemme' : `${n} stemmer`),
  outside: 'Lapper utenfor rammene',
  picture: (frame) => `Bilde av ${frame}`,
  sheet: 'Lapper',
}

const nn: ReportTexts = {
  locale: 'nn-NO',
  date: (d) => `Dato: ${d.toLocaleDateString('nn-NO', { day: 'numeric', month: 'long', year: 'numeric' })}`,
  untitledBoard: 'Tavle utan namn',
  untitledFrame: (n) => `Ramme ${n}`,
  noColumn: 'Elles',
  otherNotes: 'Andre lappar',
  noNotes: 'Ingen lappar.',
  votes: 'Røyster',
  votesCount: (n) => (n === 1 ? '1 røyst' : `${n} røyster`),
  outside: 'Lappar utanfor rammene',
  picture: (frame) => `Bilete av ${frame}`,
  sheet: 'Lappar',
}

const en: ReportTexts = {
  locale: 'en-GB',
  date: (d) => `Date: ${d.toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric' })}`,
  untitledBoard: 'Untitled board',
  untitledFrame: (n) => `Frame ${n}`,
  noColumn: 'Other',
  otherNotes: 'Other notes',
  noNotes: 'No notes.',
  votes: 'Votes',
  votesCount: (n) => (n === 1 ? '1 vote' : `${n} votes`),
  outside: 'Notes outside the frames',
  picture: (frame) => `Picture of ${frame}`,
  sheet: 'Notes',
}

const TEXTS: Record<BoardLang, ReportTexts> = { nb, nn, en }

export function reportTexts(lang: BoardLang): ReportTexts {
  return TEXTS[lang]
}
