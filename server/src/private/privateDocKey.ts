/**
 * The id a person's private doc goes by among the server's loaded docs (its room in
 * PrivateDocs' room manager): `<boardId>/private/<personId>`. Neither a board id nor a voter id
 * holds a `/`, so the key names one doc and splits back into both. Clients never send it: the
 * server makes it from the board in the path and the voter token's person.
 */
export function privateDocKey(boardId: string, personId: string): string {
  return `${boardId}${SEPARATOR}${personId}`
}

const SEPARATOR = '/private/'

export interface PrivateDocId {
  boardId: string
  personId: string
}

/** Whether a loaded doc's id is a person's private doc (made by `privateDocKey`) rather than a board's id. */
export function isPrivateDocKey(key: string): boolean {
  return key.indexOf(SEPARATOR) > 0
}

/** The board and person of a key made by `privateDocKey`; throws for anything else (a bug, not input). */
export function parsePrivateDocKey(key: string): PrivateDocId {
  const at = key.indexOf(SEPARATOR)
  if (at <= 0) throw new Error('not a private doc key')
  return { boardId: key.slice(0, at), personId: key.slice(at + SEPARATOR.length) }
}
