import type { TLDefaultColorStyle } from '@tldraw/tlschema'

/** One tldraw colour style drawn outside the editor: stroke (`solid`), pastel fill (`semi`) and sticky-note fill. */
export interface TldrawColor {
  stroke: string
  tint: string
  note: string
}

/**
 * tldraw 5 light-theme colours by style name, for the pictures drawn without an editor
 * (template previews, history previews, gathering thumbnails). Kept apart from those
 * pictures so a page that only needs the colours does not load the template library.
 */
export const TLDRAW_COLORS: Readonly<Record<TLDefaultColorStyle, TldrawColor>> = {
  black: { stroke: '#1d1d1d', tint: '#e8e8e8', note: '#FCE19C' },
  grey: { stroke: '#9fa8b2', tint: '#eceef0', note: '#C0CAD3' },
  'light-violet': { stroke: '#e085f4', tint: '#f5eafa', note: '#DFB0F9' },
  violet: { stroke: '#ae3ec9', tint: '#ecdcf2', note: '#DB91FD' },
  blue: { stroke: '#4465e9', tint: '#dce1f8', note: '#8AA3FF' },
  'light-blue': { stroke: '#4ba1f1', tint: '#ddedfa', note: '#9BC4FD' },
  yellow: { stroke: '#f1ac4b', tint: '#f9f0e6', note: '#FED49A' },
  orange: { stroke: '#e16919', tint: '#f8e2d4', note: '#FAA475' },
  green: { stroke: '#099268', tint: '#d3e9e3', note: '#6FC896' },
  'light-green': { stroke: '#4cb05e', tint: '#dbf0e0', note: '#98D08A' },
  'light-red': { stroke: '#f87777', tint: '#f4dadb', note: '#F7A5A1' },
  red: { stroke: '#e03131', tint: '#f4dadb', note: '#FC8282' },
  white: { stroke: '#ffffff', tint: '#f5f5f5', note: '#FFFFFF' },
}

/**
 * Colours of a style name read from the doc. The name was written by a peer, so an unknown
 * one (from a newer client or a bad peer, or a key like `__proto__`) draws as black.
 */
export function tldrawColor(style: unknown): TldrawColor {
  return typeof style === 'string' && Object.hasOwn(TLDRAW_COLORS, style) ? TLDRAW_COLORS[style as TLDefaultColorStyle] : TLDRAW_COLORS.black
}
