import { parseArgs } from 'node:util'
import { ConfigError, loadConfig, type Config } from '../config'
import { BackupError, backupDataDir } from './backupDataDir'
import { AdminError } from './AdminError'

const USAGE = `Usage: npm run admin -- [--json] <command>

Works on DATA_DIR (or DATABASE_URL) from the environment, whether or not the server runs.

  backup <dir>                 a consistent copy of DATA_DIR into <dir> (new or empty)

--json prints one JSON document for scripts instead of text.`

/** One command's outcome: text for people, a value for --json. */
export interface AdminOutput {
  text: string
  json: unknown
}

type Command = (config: Config, args: string[]) => Promise<AdminOutput>

const COMMANDS: Record<string, Command> = {
  backup: async (config, [dir]) => {
    if (dir === undefined) throw new AdminError('backup needs the folder to write into: npm run backup -- <dir>')
    const report = await backupDataDir({ dataDir: config.dataDir, boardSecretInEnvironment: config.boardSecret !== undefined, postgres: config.storage === 'postgres' }, dir)
    const lines = [`Backed up ${config.dataDir} into ${dir}: ${report.files.join(', ') || 'nothing'}.`, ...report.notes]
    if (report.files.includes('secret')) lines.push('The backup holds the secret that signs every link: keep it as safe as DATA_DIR.')
    return { text: lines.join('\n'), json: { target: dir, ...report } }
  },
}

/** `npm run admin -- <command>`: the command line for people who run the server (see USAGE). */
async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, options: { json: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h', default: false } }, allowPositionals: true })
  const [name, ...args] = positionals
  if (values.help || name === undefined) {
    console.info(USAGE)
    return name === undefined && !values.help ? 2 : 0
  }
  const command = COMMANDS[name]
  if (command === undefined) {
    console.error(`Unknown command "${name}".\n\n${USAGE}`)
    return 2
  }
  const config = loadConfig()
  const output = await command(config, args)
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
