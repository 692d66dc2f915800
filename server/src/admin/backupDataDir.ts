import { chmod, copyFile, mkdir, readdir, rename } from 'node:fs/promises'
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { SECRET_FILE_NAME } from '../auth/secret'
import { SQLITE_FILE_NAME } from '../storage/SqliteStorage'

/**
 * Pages one step of the online backup copies: all of them. One step copies the database as it was
 * when the step began, under one read transaction; in WAL mode that blocks no writer. In smaller
 * steps every commit of the running server in between would restart the copy from the first page,
 * and a board in constant use would keep a large database from ever being copied.
 */
const ALL_PAGES = 0x7fffffff

export interface BackupSource {
  dataDir: string
  /** Set when BOARD_SECRET comes from the environment: then DATA_DIR holds no secret to copy. */
  boardSecretInEnvironment: boolean
  /** Set when the boards live in Postgres: then only the secret is in DATA_DIR. */
  postgres: boolean
}

export interface BackupReport {
  /** Files written into the target, by name. */
  files: string[]
  /** What the backup does not hold and how to keep it, in plain words. */
  notes: string[]
}

export class BackupError extends Error {}

/**
 * Writes a consistent copy of DATA_DIR into `target`, which can then serve as DATA_DIR as it is:
 * the same links open the same boards. The SQLite database is copied through SQLite's online
 * backup API, never as files (a live WAL database's files copied one by one do not make a
 * database), so the server may run and write meanwhile; every commit before the backup began is
 * in it. The secret that signs links is copied too: protect the backup as you protect DATA_DIR.
 * `target` must be empty or not exist.
 */
export async function backupDataDir(source: BackupSource, target: string): Promise<BackupReport> {
  if (existsSync(target) && (await readdir(target)).length > 0) throw new BackupError(`${target} is not empty; back up into a new or empty folder`)
  await mkdir(target, { recursive: true, mode: 0o700 })
  const files: string[] = []
  const notes: string[] = []

  const database = join(source.dataDir, SQLITE_FILE_NAME)
  if (source.postgres) {
    notes.push('The boards are stored in Postgres (DATABASE_URL): back them up with pg_dump.')
  } else if (existsSync(database)) {
    // Under a temporary name first: an interrupted backup never looks like a whole one.
    const partial = join(target, `${SQLITE_FILE_NAME}.partial`)
    const db = new Database(database, { fileMustExist: true })
    try {
      db.pragma('busy_timeout = 5000')
      await db.backup(partial, { progress: () => ALL_PAGES })
    } finally {
      db.close()
    }
    // A copy that is self-contained: no -wal file beside it is needed to read it.
    const copy = new Database(partial)
    try {
      copy.pragma('journal_mode = DELETE')
      const check = copy.pragma('quick_check', { simple: true }) as string
      if (check !== 'ok') throw new BackupError(`the copy of ${SQLITE_FILE_NAME} failed its check: ${check}`)
    } finally {
      copy.close()
    }
    await rename(partial, join(target, SQLITE_FILE_NAME))
    files.push(SQLITE_FILE_NAME)
  } else {
    throw new BackupError(`${source.dataDir} holds no ${SQLITE_FILE_NAME}: is DATA_DIR right?`)
  }

  const secret = join(source.dataDir, SECRET_FILE_NAME)
  if (source.boardSecretInEnvironment) {
    notes.push('BOARD_SECRET is set in the environment, so the backup holds no secret: keep BOARD_SECRET with it, or no link will open a board.')
  } else if (existsSync(secret)) {
    await copyFile(secret, join(target, SECRET_FILE_NAME))
    await chmod(join(target, SECRET_FILE_NAME), 0o600)
    files.push(SECRET_FILE_NAME)
  } else {
    notes.push(`${source.dataDir} holds no secret yet (the server writes it at its first start).`)
  }
  return { files, notes }
}
