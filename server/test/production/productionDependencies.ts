import { readFileSync } from 'node:fs'
import { join } from 'node:path'

interface LockedPackage {
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  peerDependenciesMeta?: Record<string, { optional?: boolean }>
  link?: boolean
  resolved?: string
}

/**
 * The folders (relative to the repository root, as package-lock.json names them) of every package
 * the workspace `workspace` needs at run time: its dependencies and theirs, followed as Node
 * resolves them (nearest node_modules first), never a dev dependency. Workspace packages in
 * `bundled` are left out: the production build compiles them in.
 */
export function productionDependencies(repoRoot: string, workspace: string, bundled: (name: string) => boolean): string[] {
  const lock = JSON.parse(readFileSync(join(repoRoot, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockedPackage> }
  const packages = lock.packages
  const found = new Set<string>()
  const visit = (from: string): void => {
    const pkg = packages[from]
    if (pkg === undefined) throw new Error(`package-lock.json has no entry ${from}`)
    const optionalPeers = new Set(Object.entries(pkg.peerDependenciesMeta ?? {}).filter(([, meta]) => meta.optional === true).map(([name]) => name))
    const wanted = [
      ...Object.keys(pkg.dependencies ?? {}).map((name) => ({ name, optional: false })),
      ...Object.keys(pkg.optionalDependencies ?? {}).map((name) => ({ name, optional: true })),
      ...Object.keys(pkg.peerDependencies ?? {}).map((name) => ({ name, optional: optionalPeers.has(name) })),
    ]
    for (const { name, optional } of wanted) {
      if (bundled(name)) continue
      const at = resolveFrom(packages, from, name)
      if (at === null) {
        if (optional) continue
        throw new Error(`${from} needs ${name}, which package-lock.json does not hold`)
      }
      if (found.has(at)) continue
      found.add(at)
      visit(at)
    }
  }
  visit(workspace)
  return [...found].sort()
}

/** Where Node finds `name` from the package at `from`: its own node_modules, then each enclosing one up to the root's. */
function resolveFrom(packages: Record<string, LockedPackage>, from: string, name: string): string | null {
  let dir = from
  for (;;) {
    const candidate = `${dir === '' ? '' : `${dir}/`}node_modules/${name}`
    if (packages[candidate] !== undefined) return candidate
    if (dir === '') return null
    const parent = dir.replace(/(^|\/)node_modules\/(@[^/]+\/)?[^/]+$/, '')
    dir = parent === dir ? '' : parent
  }
}
