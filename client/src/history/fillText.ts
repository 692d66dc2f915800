/** Fills `{name}` placeholders of a UI text (the texts in i18n/ are plain strings, so they stay serialisable and comparable). */
export function fillText(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in values ? String(values[key]) : whole))
}
