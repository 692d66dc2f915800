import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { SECRET_FILE_NAME } from '../auth/secret'

/**
 * What the operator must do so that every existing board link keeps working on the cluster:
 * links are signed with the single server's secret, so every node needs it as BOARD_SECRET.
 * The secret itself is never printed (the output may end up in a log); only where it is.
 */
export function boardSecretAdvice(dataDir: string): string {
  const file = join(dataDir, SECRET_FILE_NAME)
  if (existsSync(file)) {
    return [
      `Existing links are signed with the single server's secret, in ${file}.`,
      `Set BOARD_SECRET on every node to its contents (for example BOARD_SECRET="$(cat ${file})"), or every existing link stops working.`,
    ].join('\n')
  }
  return [
    `${dataDir} holds no ${SECRET_FILE_NAME} file, so the single server ran with BOARD_SECRET set.`,
    'Give every node that same BOARD_SECRET, or every existing link stops working.',
  ].join('\n')
}
