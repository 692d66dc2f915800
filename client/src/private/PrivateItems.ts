/**
 * The ids of the records this person sees from their private doc (YjsBinding tells it), for the
 * marks that show them as private on the canvas. Copied on every change, so a reader holds a
 * stable set.
 */
export class PrivateItems {
  private ids: ReadonlySet<string> = new Set()
  private readonly listeners = new Set<() => void>()

  readonly get = (): ReadonlySet<string> => this.ids

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  set(ids: ReadonlySet<string>): void {
    this.ids = new Set(ids)
    for (const listener of this.listeners) listener()
  }
}
