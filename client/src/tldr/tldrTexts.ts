import type { UiLang } from '../i18n/messages'
import type { TldrRefusal } from './readTldrFile'

export interface TldrTexts {
  importButton: string
  /** `pages` over 1: the file's pages were laid side by side on the board's page. */
  imported: (shapes: number, pages: number) => string
  refused: (refusal: TldrRefusal) => string
  failed: string
}

const nb: TldrTexts = {
  importButton: 'Importer tldraw-fil (.tldr)',
  imported: (n, pages) => `Importerte ${n} ${n === 1 ? 'figur' : 'figurer'} fra fila${pages > 1 ? `, fra ${pages} sider lagt ved siden av hverandre` : ''}.`,
  refused: (r) => {
    switch (r.kind) {
      case 'tooLarge':
        return 'Fila er for stor til å importeres (over 40 MB).'
      case 'notTldraw':
        return 'Dette er ikke en tldraw-fil (.tldr). Ingenting ble endret.'
      case 'tooNew':
        return 'Fila er laget med en nyere tldraw enn denne tavla kan lese. Ingenting ble endret.'
      case 'foreignImages':
        return 'Fila har bilder fra andre nettsteder, og tavla henter ikke noe derfra. Ingenting ble endret.'
      case 'empty':
        return 'Fila har ingen figurer å importere.'
      case 'tooManyRecords':
        return 'Fila har for mye innhold til å importeres på én gang. Ingenting ble endret.'
      case 'invalid':
        return `Fila har innhold tavla ikke godtar (${r.detail}). Ingenting ble endret.`
    }
  },
  failed: 'Importen feilet. Ingenting ble endret.',
}

const nn: TldrTexts = {
  importButton: 'Importer tldraw-fil (.tldr)',
  imported: (n, pages) => `Importerte ${n} ${n === 1 ? 'figur' : 'figurar'} frå fila${pages > 1 ? `, frå ${pages} sider lagde ved sida av kvarandre` : ''}.`,
  refused: (r) => {
    switch (r.kind) {
      case 'tooLarge':
        return 'Fila er for stor til å importerast (over 40 MB).'
      case 'notTldraw':
        return 'Dette er ikkje ei tldraw-fil (.tldr). Ingenting vart endra.'
      case 'tooNew':
        return 'Fila er laga med ein nyare tldraw enn denne tavla kan lese. Ingenting vart endra.'
      case 'foreignImages':
        return 'Fila har bilete frå andre nettstader, og tavla hentar ikkje noko derifrå. Ingenting vart endra.'
      case 'empty':
        return 'Fila har ingen figurar å importere.'
      case 'tooManyRecords':
        return 'Fila har for mykje innhald til å importerast på éin gong. Ingenting vart endra.'
      case 'invalid':
        return `Fila har innhald som tavla ikkje godtek (${r.detail}). Ingenting vart endra.`
    }
  },
  failed: 'Importen feila. Ingenting vart endra.',
}

const en: TldrTexts = {
  importButton: 'Import tldraw file (.tldr)',
  imported: (n, pages) => `Imported ${n} ${n === 1 ? 'shape' : 'shapes'} from the file${pages > 1 ? `, from ${pages} pages laid side by side` : ''}.`,
  refused: (r) => {
    switch (r.kind) {
      case 'tooLarge':
        return 'The file is too large to import (over 40 MB).'
      case 'notTldraw':
        return 'This is not a tldraw file (.tldr). Nothing was changed.'
      case 'tooNew':
        return 'The file was made with a newer tldraw than this board can read. Nothing was changed.'
      case 'foreignImages':
        return 'The file holds images from other sites, and the board fetches nothing from them. Nothing was changed.'
      case 'empty':
        return 'The file has no shapes to import.'
      case 'tooManyRecords':
        return 'The file holds too much to import at once. Nothing was changed.'
      case 'invalid':
        return `The file holds content the board does not accept (${r.detail}). Nothing was changed.`
    }
  },
  failed: 'The import failed. Nothing was changed.',
}

const TEXTS: Record<UiLang, TldrTexts> = { nb, nn, en }

export function tldrTexts(lang: UiLang): TldrTexts {
  return TEXTS[lang]
}
