import type { ArrowItem, BoxItem, Label, LineItem, NoteItem, TextItem } from './types'

/**
 * Constructors for template items with the house style filled in, so each method file
 * states only what is particular to it. The style: thin solid grey outlines, pastel fills
 * (tldraw's `solid` fill is the light tint of a colour), black sans-serif text.
 */

type Optional<T, K extends keyof T> = Omit<T, K> & Partial<Pick<T, K>>

export function box(
  item: Optional<Omit<BoxItem, 'kind'>, 'geo' | 'color' | 'fill' | 'dash' | 'size' | 'labelColor' | 'align' | 'verticalAlign'>,
): BoxItem {
  return {
    kind: 'box',
    geo: 'rectangle',
    color: 'grey',
    fill: 'none',
    dash: 'solid',
    size: 's',
    labelColor: 'black',
    align: 'middle',
    verticalAlign: 'middle',
    ...item,
  }
}

export function text(item: Optional<Omit<TextItem, 'kind'>, 'size' | 'color' | 'textAlign'>): TextItem {
  return { kind: 'text', size: 's', color: 'black', textAlign: 'start', ...item }
}

/** A hint: small text that tells the group what to put in a part. */
export function hint(x: number, y: number, w: number, label: Label, part?: string): TextItem {
  return text({ role: 'hint', x, y, w, text: label, ...(part ? { part } : {}) })
}

export function line(item: Optional<Omit<LineItem, 'kind'>, 'color' | 'dash' | 'size'>): LineItem {
  return { kind: 'line', color: 'grey', dash: 'solid', size: 's', ...item }
}

export function arrow(item: Optional<Omit<ArrowItem, 'kind'>, 'color' | 'dash' | 'size'>): ArrowItem {
  return { kind: 'arrow', color: 'black', dash: 'solid', size: 'm', ...item }
}

export function note(item: Optional<Omit<NoteItem, 'kind' | 'role'>, 'color'>): NoteItem {
  return { kind: 'note', role: 'starter', color: 'yellow', ...item }
}
