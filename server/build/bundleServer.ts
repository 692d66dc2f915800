import { readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { build } from 'esbuild'

const serverDir = resolve(import.meta.dirname, '..')

/** The programs of the production build: file name in the output folder -> source. */
export const SERVER_PROGRAMS = {
  main: 'src/main.ts',
  admin: 'src/admin/adminMain.ts',
  migrate: 'src/migrate/main.ts',
} as const

/**
 * Compiles the server into plain JavaScript in `outDir` (default server/dist), one ES module per
 * program in SERVER_PROGRAMS plus shared chunks, so production runs it with `node` alone: no tsx,
 * no TypeScript, no dev dependency. The shared workspace is compiled in (its package points at
 * TypeScript sources); every npm dependency of the server stays an import of node_modules, where
 * `npm ci --omit=dev` puts it and where the worker threads resolve their modules.
 */
export async function bundleServer(outDir: string = join(serverDir, 'dist')): Promise<void> {
  const manifest = JSON.parse(readFileSync(join(serverDir, 'package.json'), 'utf8')) as { dependencies: Record<string, string> }
  const external = Object.keys(manifest.dependencies).filter((name) => !name.startsWith('@whiteboard/'))
  // Chunk names change with their content: the last build's would stay beside this one's.
  rmSync(outDir, { recursive: true, force: true })
  await build({
    absWorkingDir: serverDir,
    entryPoints: Object.fromEntries(Object.entries(SERVER_PROGRAMS)),
    outdir: outDir,
    bundle: true,
    splitting: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Subpath imports (`yjs/dist/…`, `y-utility/y-keyvalue`) of the external packages stay external too.
    external: external.flatMap((name) => [name, `${name}/*`]),
    sourcemap: 'linked',
    logLevel: 'warning',
  })
}
