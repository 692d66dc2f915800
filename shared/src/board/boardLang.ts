/**
 * Norwegian bokmål, Norwegian nynorsk, English: the languages of a board's content and of our
 * interface. Apart from the document layout, so the front page can check a language without
 * bundling Yjs.
 */
export const BOARD_LANGS = ['nb', 'nn', 'en'] as const
export type BoardLang = (typeof BOARD_LANGS)[number]

/** Narrows anything read from storage, a request or a Yjs map to one of our languages. */
export function isBoardLang(value: unknown): value is BoardLang {
  return typeof value === 'string' && (BOARD_LANGS as readonly string[]).includes(value)
}
