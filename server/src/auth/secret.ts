import { randomBytes } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { MIN_BOARD_SECRET_LENGTH } from '../config'

/** File in DATA_DIR that keeps the generated secret, so tokens stay valid across restarts. */
export const SECRET_FILE_NAME = 'secret'

/**
 * The HMAC key for board tokens: `BOARD_SECRET` when given, else a secret generated once into
 * `DATA_DIR/secret` (mode 0600) and reused. Several nodes behind a load balancer must share
 * `BOARD_SECRET`, since each would otherwise generate its own.
 */
export async function loadBoardSecret(opts: { boardSecret: string | undefined; dataDir: string }): Promise<Buffer> {
  if (opts.boardSecret !== undefined) return Buffer.from(opts.boardSecret, 'utf8')
  await mkdir(opts.dataDir, { recursive: true })
  const file = join(opts.dataDir, SECRET_FILE_NAME)
  const existing = await readSecretFile(file)
  if (existing) return existing
  const fresh = randomBytes(32).toString('base64url')
  try {
    // 'wx' fails if another process created the file meanwhile; then that one wins.
    await writeFile(file, fresh, { mode: 0o600, flag: 'wx' })
    return Buffer.from(fresh, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
    const raced = await readSecretFile(file)
    if (!raced) throw new Error(`the secret file ${file} is empty or damaged`)
    return raced
  }
}

async function readSecretFile(file: string): Promise<Buffer | null> {
  let text: string
  try {
    text = (await readFile(file, 'utf8')).trim()
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
  if (text.length < MIN_BOARD_SECRET_LENGTH) throw new Error(`the secret file ${file} is shorter than ${MIN_BOARD_SECRET_LENGTH} characters; delete it to generate a new one (all board links change)`)
  return Buffer.from(text, 'utf8')
}
