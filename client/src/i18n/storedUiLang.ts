import { isBoardLang } from '@whiteboard/shared/board/boardLang'
import { browserLang, type UiLang } from './messages'

/** Where this browser keeps the person's choice of UI language. */
export const UI_LANG_STORAGE_KEY = 'whiteboard.uiLang'

type LangStorage = Pick<Storage, 'getItem' | 'setItem'>

function defaultStorage(): LangStorage | undefined {
  try {
    return globalThis.localStorage
  } catch {
    // Storage blocked (some privacy settings throw on access): the choice lasts as long as the page.
    return undefined
  }
}

/** The language the person chose earlier in this browser, if any (anything else stored is ignored). */
export function readStoredUiLang(storage: LangStorage | undefined = defaultStorage()): UiLang | undefined {
  try {
    const value = storage?.getItem(UI_LANG_STORAGE_KEY)
    return isBoardLang(value) ? value : undefined
  } catch {
    return undefined
  }
}

export function writeStoredUiLang(lang: UiLang, storage: LangStorage | undefined = defaultStorage()): void {
  try {
    storage?.setItem(UI_LANG_STORAGE_KEY, lang)
  } catch {
    // Full or blocked storage: the switch still applies to this page.
  }
}

/** The UI language on opening a page: the remembered choice, else the browser's languages. */
export function initialUiLang(storage: LangStorage | undefined = defaultStorage(), languages?: readonly string[]): UiLang {
  return readStoredUiLang(storage) ?? (languages ? browserLang(languages) : browserLang())
}
