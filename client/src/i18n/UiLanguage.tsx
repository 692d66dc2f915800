import { createContext, useCallback, useContext, useEffect, useLayoutEffect, useMemo, useState, type ReactNode } from 'react'
import { messages, type Messages, type UiLang } from './messages'
import { initialUiLang, UI_LANG_STORAGE_KEY, writeStoredUiLang } from './storedUiLang'

/**
 * The person's UI language, which is not the board's: the board's `lang` decides the words
 * a template puts on the board (content everyone shares), this one every text of our own
 * and tldraw's menus for this person only.
 */
export interface UiLanguage {
  lang: UiLang
  /** Switches at once, everywhere on the page, and is remembered in this browser. */
  setLang: (lang: UiLang) => void
  /** The app-wide texts in `lang`; feature texts (export, facilitation, ...) are picked by `lang`. */
  t: Messages
}

const UiLanguageContext = createContext<UiLanguage | null>(null)

/** The one source of the UI language for the whole app; render it once, around every page. */
export function UiLanguageProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<UiLang>(() => initialUiLang())
  const setLang = useCallback((next: UiLang) => {
    writeStoredUiLang(next)
    setLangState(next)
  }, [])

  // Before paint, so screen readers and the browser's own texts never meet the wrong language.
  useLayoutEffect(() => {
    document.documentElement.lang = lang
  }, [lang])

  // A switch in another tab of this browser applies here too, as the stored choice does on reload.
  useEffect(() => {
    const onStorage = (event: StorageEvent) => {
      if (event.key === UI_LANG_STORAGE_KEY) setLangState(initialUiLang())
    }
    window.addEventListener('storage', onStorage)
    return () => window.removeEventListener('storage', onStorage)
  }, [])

  const value = useMemo<UiLanguage>(() => ({ lang, setLang, t: messages(lang) }), [lang, setLang])
  return <UiLanguageContext.Provider value={value}>{children}</UiLanguageContext.Provider>
}

export function useUiLanguage(): UiLanguage {
  const value = useContext(UiLanguageContext)
  if (!value) throw new Error('useUiLanguage() needs a <UiLanguageProvider> above it')
  return value
}

/** The current UI language, for the modules that keep their own dictionaries. */
export function useUiLang(): UiLang {
  return useUiLanguage().lang
}
