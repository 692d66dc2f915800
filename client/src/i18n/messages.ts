import type { BoardLang } from '@whiteboard/shared'
import { en, type Messages } from './en'
import { nb } from './nb'

export type { Messages }
export type UiLang = BoardLang

export function messages(lang: UiLang): Messages {
  return lang === 'nb' ? nb : en
}

/**
 * The browser's preferred language as one we support. Browsers say `nb`, `nn` or `no`
 * for Norwegian; all three get bokmål.
 */
export function browserLang(languages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages): UiLang {
  for (const tag of languages) {
    const primary = tag.toLowerCase().split('-')[0]
    if (primary === 'nb' || primary === 'nn' || primary === 'no') return 'nb'
    if (primary === 'en') return 'en'
  }
  return 'en'
}

/** tldraw's locale code for a UI language: tldraw calls Norwegian `no`. */
export function tldrawLocale(lang: UiLang): string {
  return lang === 'nb' ? 'no' : 'en'
}

/** Our UI language for a locale picked in tldraw's own language menu; undefined for the ones we have no texts in. */
export function uiLangFromTldrawLocale(locale: string | null | undefined): UiLang | undefined {
  if (locale === 'no') return 'nb'
  if (locale === 'en') return 'en'
  return undefined
}
