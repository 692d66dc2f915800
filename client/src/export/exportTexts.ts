import type { UiLang } from '../i18n/messages'

export interface ExportTexts {
  open: string
  dialogLabel: string
  target: string
  wholeBoard: string
  selection: string
  selectionEmpty: string
  framesGroup: string
  unnamedFrame: (n: number) => string
  format: string
  scale: string
  background: string
  transparent: string
  white: string
  run: string
  allFrames: string
  allPdf: string
  allZip: string
  noFrames: string
  progress: (done: number, total: number) => string
  cancel: string
  cancelled: string
  close: string
  /** File-name piece for a selection export. */
  selectionPart: string
  /** File name when the board has no title. */
  fallbackTitle: string
  pdfTitle: (boardTitle: string) => string
  saved: (fileName: string) => string
  nothingToExport: string
  failed: string
  /** The results part of the menu: the notes as data and the report. */
  results: string
  reportDocx: string
  reportMd: string
  notesCsv: string
  notesXlsx: string
  /** The whole board in tldraw's own file format. */
  tldr: string
  /** File-name pieces of the results. */
  reportPart: string
  notesPart: string
}

const nb: ExportTexts = {
  open: 'Eksporter',
  dialogLabel: 'Eksporter tavla',
  target: 'Hva',
  wholeBoard: 'Hele tavla',
  selection: 'Det som er valgt',
  selectionEmpty: 'Det som er valgt (ingenting)',
  framesGroup: 'Rammer',
  unnamedFrame: (n) => `Ramme ${n}`,
  format: 'Format',
  scale: 'Skala',
  background: 'Bakgrunn',
  transparent: 'Gjennomsiktig',
  white: 'Hvit',
  run: 'Last ned',
  allFrames: 'Alle rammer',
  allPdf: 'Alle rammer som PDF',
  allZip: 'Alle rammer som ZIP med PNG',
  noFrames: 'Tavla har ingen rammer.',
  progress: (done, total) => `Eksporterer ramme ${done} av ${total}`,
  cancel: 'Avbryt',
  cancelled: 'Eksporten ble avbrutt.',
  close: 'Lukk',
  selectionPart: 'utvalg',
  fallbackTitle: 'tavle',
  pdfTitle: (boardTitle) => `${boardTitle} – alle rammer`,
  saved: (fileName) => `Lastet ned ${fileName}`,
  nothingToExport: 'Det er ingenting å eksportere her.',
  failed: 'Eksporten feilet. Prøv igjen, eller velg en mindre skala.',
  results: 'Resultater',
  reportDocx: 'Rapport (Word)',
  reportMd: 'Rapport (Markdown)',
  notesCsv: 'Lappene som CSV',
  notesXlsx: 'Lappene som Excel (XLSX)',
  tldr: 'Tavla som tldraw-fil (.tldr)',
  reportPart: 'rapport',
  notesPart: 'lapper',
}

const nn: ExportTexts = {
  open: 'Eksporter',
  dialogLabel: 'Eksporter tavla',
  target: 'Kva',
  wholeBoard: 'Heile tavla',
  selection: 'Det som er valt',
  selectionEmpty: 'Det som er valt (ingenting)',
  framesGroup: 'Rammer',
  unnamedFrame: (n) => `Ramme ${n}`,
  format: 'Format',
  scale: 'Skala',
  background: 'Bakgrunn',
  transparent: 'Gjennomsiktig',
  white: 'Kvit',
  run: 'Last ned',
  allFrames: 'Alle rammer',
  allPdf: 'Alle rammer som PDF',
  allZip: 'Alle rammer som ZIP med PNG',
  noFrames: 'Tavla har ingen rammer.',
  progress: (done, total) => `Eksporterer ramme ${done} av ${total}`,
  cancel: 'Avbryt',
  cancelled: 'Eksporten vart avbroten.',
  close: 'Lukk',
  selectionPart: 'utval',
  fallbackTitle: 'tavle',
  pdfTitle: (boardTitle) => `${boardTitle} – alle rammer`,
  saved: (fileName) => `Lasta ned ${fileName}`,
  nothingToExport: 'Det er ingenting å eksportere her.',
  failed: 'Eksporten feila. Prøv igjen, eller vel ein mindre skala.',
  results: 'Resultat',
  reportDocx: 'Rapport (Word)',
  reportMd: 'Rapport (Markdown)',
  notesCsv: 'Lappane som CSV',
  notesXlsx: 'Lappane som Excel (XLSX)',
  tldr: 'Tavla som tldraw-fil (.tldr)',
  reportPart: 'rapport',
  notesPart: 'lappar',
}

const en: ExportTexts = {
  open: 'Export',
  dialogLabel: 'Export the board',
  target: 'What',
  wholeBoard: 'Whole board',
  selection: 'Selection',
  selectionEmpty: 'Selection (nothing selected)',
  framesGroup: 'Frames',
  unnamedFrame: (n) => `Frame ${n}`,
  format: 'Format',
  scale: 'Scale',
  background: 'Background',
  transparent: 'Transparent',
  white: 'White',
  run: 'Download',
  allFrames: 'All frames',
  allPdf: 'All frames as PDF',
  allZip: 'All frames as ZIP of PNGs',
  noFrames: 'The board has no frames.',
  progress: (done, total) => `Exporting frame ${done} of ${total}`,
  cancel: 'Cancel',
  cancelled: 'The export was cancelled.',
  close: 'Close',
  selectionPart: 'selection',
  fallbackTitle: 'board',
  pdfTitle: (boardTitle) => `${boardTitle} – all frames`,
  saved: (fileName) => `Downloaded ${fileName}`,
  nothingToExport: 'There is nothing to export here.',
  failed: 'The export failed. Try again, or pick a smaller scale.',
  results: 'Results',
  reportDocx: 'Report (Word)',
  reportMd: 'Report (Markdown)',
  notesCsv: 'Notes as CSV',
  notesXlsx: 'Notes as Excel (XLSX)',
  tldr: 'The board as a tldraw file (.tldr)',
  reportPart: 'report',
  notesPart: 'notes',
}

const TEXTS: Record<UiLang, ExportTexts> = { nb, nn, en }

/** The export menu's texts in the person's UI language (file names keep ISO dates either way). */
export function exportTexts(lang: UiLang): ExportTexts {
  return TEXTS[lang]
}
