/** `chars` characters of text in words of nine letters, a label of that size that passes MAX_WORD_CHARS. */
export function wordyText(chars: number, letter = 'x'): string {
  return `${letter.repeat(9)} `.repeat(Math.ceil(chars / 10)).slice(0, chars)
}
