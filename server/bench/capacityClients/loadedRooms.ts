/**
 * Reads how many boards the server holds in memory, from its Prometheus `/metrics`: the first
 * gauge whose name says loaded/open/active rooms or boards. Null when the server exposes none,
 * and the capacity benchmark then watches the heap fall instead.
 */
const GAUGE = /^([a-z_:]*(?:rooms?|boards?)_(?:loaded|open|active|in_memory)|[a-z_:]*loaded_(?:rooms|boards))(?:\{[^}]*\})?\s+([0-9.eE+-]+)$/

export async function readLoadedRooms(origin: string): Promise<{ metric: string; value: number } | null> {
  let text: string
  try {
    const res = await fetch(`${origin}/metrics`)
    if (!res.ok) return null
    text = await res.text()
  } catch {
    return null
  }
  for (const line of text.split('\n')) {
    const match = GAUGE.exec(line.trim())
    if (match) return { metric: match[1]!, value: Number(match[2]) }
  }
  return null
}
