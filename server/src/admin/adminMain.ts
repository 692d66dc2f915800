import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { pino } from 'pino'
import { boardLink, ROLES } from '@whiteboard/shared'
import { loadBoardSecret } from '../auth/secret'
import { signToken } from '../auth/tokens'
import { ConfigError, loadConfig, type Config } from '../config'
import { openStorage } from '../storage/openStorage'
import type { Storage } from '../storage/Storage'
import { SQLITE_FILE_NAME } from '../storage/SqliteStorage'
import { AdminError } from './AdminError'
import { BackupError, backupDataDir } from './backupDataDir'
import { boardStats } from './boardStats'
import { exportBoard } from './exportBoard'
import { formatBytes } from '../sync/formatBytes'
import { formatTable } from './formatTable'
import { importBoard } from './importBoard'

const USAGE = `Usage: npm run admin -- [--json] <command>

Works on DATA_DIR (or DATABASE_URL) from the environment, whether or not the server runs.

  boards list                  every board: id, title, created, last used, sizes, gathering
  boards delete <id>           deletes a board with its history and images; a running server
                               closes its connections within seconds ("board does not exist")
  boards export <id> <file>    writes a board with its history and images into <file>
  boards import <file>         stores a board from such a file and prints its new links
  stats                        totals over every board
  backup <dir>                 a consistent copy of DATA_DIR into <dir> (new or empty)

--json prints one JSON document for scripts instead of text.`

/** One command's outcome: text for people, a value for --json. */
export interface AdminOutput {
  text: string
  json: unknown
}

type Command = (config: Config, args: string[]) => Promise<AdminOutput>

const when = (ms: number) => new Date(ms).toISOString().slice(0, 16).replace('T', ' ')

/**
 * Runs `work` on the storage the environment names, and closes it. Only `create` may start a new
 * SQLite database: a mistyped DATA_DIR must not answer "No boards" from an empty one it just made.
 */
async function withStorage<T>(config: Config, work: (storage: Storage) => Promise<T>, create = false): Promise<T> {
  if (config.storage === 'sqlite' && !create && !existsSync(join(config.dataDir, SQLITE_FILE_NAME))) {
    throw new AdminError(`${config.dataDir} holds no ${SQLITE_FILE_NAME}: is DATA_DIR right?`)
  }
  // Warnings to stderr: stdout carries the command's output (and --json must stay parseable).
  const storage = await openStorage(config, pino({ level: 'warn' }, pino.destination(2)))
  try {
    return await work(storage)
  } finally {
    await storage.close()
  }
}

function need(value: string | undefined, what: string): string {
  if (value === undefined) throw new AdminError(`Missing ${what}.\n\n${USAGE}`)
  return value
}

const BOARD_COMMANDS: Record<string, Command> = {
  list: (config) =>
    withStorage(config, async (storage) => {
      const boards = await storage.listBoards()
      const text =
        boards.length === 0
          ? 'No boards.'
          : formatTable(
              ['id', 'title', 'created (UTC)', 'last change (UTC)', 'last used (UTC)', 'size', 'history', 'images', 'gathering'],
              boards.map((b) => [b.id, b.title, when(b.createdAt), when(b.lastChangedAt), when(b.lastUsedAt), formatBytes(b.stateBytes), formatBytes(b.historyBytes), formatBytes(b.assetBytes), b.gatheringId ?? '-']),
            )
      return { text, json: boards }
    }),
  delete: (config, [id]) =>
    withStorage(config, async (storage) => {
      const boardId = need(id, 'the id of the board to delete')
      if (!(await storage.deleteBoard(boardId))) throw new AdminError(`There is no board ${boardId}.`)
      return { text: `Deleted board ${boardId} with its history and images. A running server closes its connections within seconds.`, json: { deleted: boardId } }
    }),
  export: (config, [id, file]) =>
    withStorage(config, async (storage) => {
      const summary = await exportBoard(storage, need(id, 'the id of the board to export'), need(file, 'the file to write'))
      return {
        text: `Wrote board ${summary.boardId} with ${summary.snapshots} history snapshots and ${summary.assets} images into ${summary.file} (${formatBytes(summary.bytes)}).`,
        json: summary,
      }
    }),
  import: (config, [file]) =>
    withStorage(config, async (storage) => {
      const summary = await importBoard(storage, need(file, 'the board file to read'))
      // This server's secret signs the links: a board from another server gets new ones.
      const secret = await loadBoardSecret(config)
      const origin = config.publicUrl ?? `http://${config.host}:${config.port}`
      const links = Object.fromEntries(ROLES.map((role) => [role, boardLink(origin, summary.boardId, signToken(secret, summary.boardId, role))]))
      const lines = [
        `Imported board ${summary.boardId} ("${summary.title}") with ${summary.snapshots} history snapshots and ${summary.assets} images.`,
        ...(config.publicUrl ? [] : ['PUBLIC_URL is not set: the links below use HOST and PORT; people need the address they reach the server at.']),
        ...ROLES.map((role) => `${role}: ${links[role]}`),
      ]
      return { text: lines.join('\n'), json: { ...summary, links } }
    }, true),
}

const COMMANDS: Record<string, Command> = {
  boards: async (config, [sub, ...rest]) => {
    const command = BOARD_COMMANDS[need(sub, 'what to do with boards (list, delete, export or import)')]
    if (command === undefined) throw new AdminError(`Unknown command "boards ${sub}".\n\n${USAGE}`)
    return command(config, rest)
  },
  stats: (config) =>
    withStorage(config, async (storage) => {
      const stats = boardStats(await storage.listBoards(), Date.now())
      const text = [
        `boards:                 ${stats.boards} (${stats.gatherings} gatherings)`,
        `used in the last 7 days: ${stats.usedWithin7Days}; in the last 30 days: ${stats.usedWithin30Days}`,
        `longest unused:         ${stats.longestUnusedDays === null ? '-' : `${stats.longestUnusedDays} days`}`,
        `content:                ${formatBytes(stats.stateBytes)}`,
        `history:                ${formatBytes(stats.historyBytes)}`,
        `images:                 ${formatBytes(stats.assetBytes)}`,
        `retention:              ${config.boardRetentionDays === undefined ? 'off (BOARD_RETENTION_DAYS is not set)' : `${config.boardRetentionDays} days without use`}`,
      ].join('\n')
      return { text, json: { ...stats, retentionDays: config.boardRetentionDays ?? null } }
    }),
  backup: async (config, [dir]) => {
    const target = need(dir, 'the folder to write into: npm run backup -- <dir>')
    const report = await backupDataDir({ dataDir: config.dataDir, boardSecretInEnvironment: config.boardSecret !== undefined, postgres: config.storage === 'postgres' }, target)
    const lines = [`Backed up ${config.dataDir} into ${target}: ${report.files.join(', ') || 'nothing'}.`, ...report.notes]
    if (report.files.includes('secret')) lines.push('The backup holds the secret that signs every link: keep it as safe as DATA_DIR.')
    return { text: lines.join('\n'), json: { target, ...report } }
  },
}

/** `npm run admin -- <command>`: the command line for people who run the server (see USAGE). */
async function main(argv: string[]): Promise<number> {
  // Options come only before the command: what follows it is taken as it is, because a board id
  // may begin with "-" (ids are base64url) and must not be read as an option.
  const commandAt = argv.findIndex((arg) => !arg.startsWith('-'))
  const leading = commandAt === -1 ? argv : argv.slice(0, commandAt)
  const { values } = parseArgs({ args: leading, options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } } })
  const [name, ...args] = commandAt === -1 ? [] : argv.slice(commandAt)
  if (values.help || name === undefined) {
    console.info(USAGE)
    return values.help ? 0 : 2
  }
  const command = COMMANDS[name]
  if (command === undefined) {
    console.error(`Unknown command "${name}".\n\n${USAGE}`)
    return 2
  }
  const output = await command(loadConfig(), args)
  console.info(values.json ? JSON.stringify(output.json, null, 2) : output.text)
  return 0
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: unknown) => {
    // What went wrong in plain words; a stack trace only for a fault in this program itself.
    if (err instanceof AdminError || err instanceof BackupError || err instanceof ConfigError) console.error(err.message)
    else if (err instanceof TypeError && 'code' in err && err.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') console.error(`${err.message}\n\n${USAGE}`)
    else console.error('The admin command failed:', err)
    process.exit(1)
  },
)
