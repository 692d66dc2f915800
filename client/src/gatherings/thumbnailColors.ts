/**
 * tldraw 5 light-theme colours by style name: the stroke colour and the sticky-note fill.
 * The same values as the template previews (shared/src/templates/templatePreviewSvg.ts); kept
 * here too so the overview does not load the template library to colour its thumbnails.
 */
const COLORS: Record<string, { stroke: string; note: string }> = {
  black: { stroke: '#1d1d1d', note: '#FCE19C' },
  grey: { stroke: '#9fa8b2', note: '#C0CAD3' },
  'light-violet': { stroke: '#e085f4', note: '#DFB0F9' },
  violet: { stroke: '#ae3ec9', note: '#DB91FD' },
  blue: { stroke: '#4465e9', note: '#8AA3FF' },
  'light-blue': { stroke: '#4ba1f1', note: '#9BC4FD' },
  yellow: { stroke: '#f1ac4b', note: '#FED49A' },
  orange: { stroke: '#e16919', note: '#FAA475' },
  green: { stroke: '#099268', note: '#6FC896' },
  'light-green': { stroke: '#4cb05e', note: '#98D08A' },
  'light-red': { stroke: '#f87777', note: '#F7A5A1' },
  red: { stroke: '#e03131', note: '#FC8282' },
  white: { stroke: '#ffffff', note: '#FFFFFF' },
}

/** Colours of a style name from the doc; an unknown name (from a newer client or a bad peer) draws as black. */
export function thumbnailColors(style: string): { stroke: string; note: string } {
  return Object.hasOwn(COLORS, style) ? COLORS[style]! : COLORS.black!
}
