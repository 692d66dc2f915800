/**
 * Deepest nesting of a presence state. Ours nests four levels (the presence record's cursor,
 * camera, scribble points); JSON.parse takes any depth, but everything after it recurses:
 * comparing a state with the last, and encoding it for every peer. One state nested 5,000 deep,
 * a 10 kB frame from a viewer, overflowed the stack where the relay encoded it, outside any
 * connection's handler, and took the process down.
 */
export const MAX_PRESENCE_DEPTH = 32

/**
 * Objects and arrays in one presence state. Ours holds a few dozen (a laser scribble's points
 * are the most); 256 KiB of `{}` held 21 times its size in the heap, which the presence budgets,
 * counting bytes, did not see.
 */
export const MAX_PRESENCE_NODES = 5_000

/** Why a parsed presence state is refused (nested too deeply, too many objects), or undefined. Iterative: depth is what it checks. */
export function presenceStateRefusal(state: unknown): string | undefined {
  const stack: Array<{ value: unknown; depth: number }> = [{ value: state, depth: 0 }]
  let nodes = 0
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!
    if (value === null || typeof value !== 'object') continue
    if (depth > MAX_PRESENCE_DEPTH) return `Presence nested deeper than ${MAX_PRESENCE_DEPTH} levels`
    if (++nodes > MAX_PRESENCE_NODES) return `Presence of more than ${MAX_PRESENCE_NODES} objects and lists`
    for (const inner of Object.values(value) as unknown[]) if (inner !== null && typeof inner === 'object') stack.push({ value: inner, depth: depth + 1 })
  }
  return undefined
}
