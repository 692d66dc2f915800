import type { BoardLang } from '@whiteboard/shared'
import { en, type Messages } from './en'
import { nb } from './nb'
import { nn } from './nn'

export type { Messages }
export type UiLang = BoardLang

/** A table per language: a language without its texts does not compile. */
const MESSAGES: Record<UiLang, Messages> = { nb, nn, en }

export function messages(lang: UiLang): Messages {
  return MESSAGES[lang]
}

/**
 * The browser's preferred language as one we support. Browsers say `nn` (or `nn-NO`, and a few
 * `no-NN`) for nynorsk, and `nb` or plain `no` for bokmål, the form most Norwegians write.
 */
export function browserLang(languages: readonly string[] = typeof navigator === 'undefined' ? [] : navigator.languages): UiLang {
  for (const tag of languages) {
    const [primary, region] = tag.toLowerCase().split('-')
    if (primary === 'nn' || (primary === 'no' && region === 'nn')) return 'nn'
    if (primary === 'nb' || primary === 'no') return 'nb'
    if (primary === 'en') return 'en'
  }
  return 'en'
}

/**
 * tldraw's locale code for a UI language. tldraw calls Norwegian `no` and has no nynorsk, so
 * its own menus are in bokmål for nynorsk readers too.
 */
export function tldrawLocale(lang: UiLang): string {
  return lang === 'en' ? 'en' : 'no'
}

/**
 * Our UI language for a locale picked in tldraw's own language menu; undefined for the ones we
 * have no texts in. `no` is Norwegian to tldraw: a nynorsk reader who picks it stays in nynorsk.
 */
export function uiLangFromTldrawLocale(locale: string | null | undefined, current?: UiLang): UiLang | undefined {
  if (locale === 'no') return current === 'nn' ? 'nn' : 'nb'
  if (locale === 'en') return 'en'
  return undefined
}
