/**
 * Limits on a team's own templates (frames a facilitator saves for the whole server). The server
 * enforces every one of them and refuses with a message; the client checks the same numbers
 * before it sends, so a person hears why at once.
 */

/** Longest template name: it is one line in the template picker. */
export const MAX_TEAM_TEMPLATE_NAME_CHARS = 80

/** Longest description: one or two sentences under the name in the picker. */
export const MAX_TEAM_TEMPLATE_DESCRIPTION_CHARS = 300

/**
 * Most records (shapes, bindings, images) in one template. The largest built-in method has
 * under 60; a frame full of a workshop's notes a few hundred. Bounds the validation work and
 * the size of the one update an insert sends.
 */
export const MAX_TEAM_TEMPLATE_RECORDS = 2000

/**
 * Most characters of records in a template, without its inline images (those are uploaded to
 * the board's image store on their own when it is inserted). The records go to the server as
 * one update, and the server closes a connection whose frame passes 2 MiB: 1 MiB of JSON stays
 * well under that as a Yjs update.
 */
export const MAX_TEAM_TEMPLATE_RECORD_CHARS = 1024 * 1024

/**
 * Largest save request, images included (as base64 `data:` URLs). The server reads a template
 * whole into memory at each save and each insert; a frame of notes is tens of KiB, and 4 MiB
 * leaves room for a few photos without letting a template weigh like a board.
 */
export const MAX_TEAM_TEMPLATE_BYTES = 4 * 1024 * 1024

/**
 * Most team templates one server keeps. The picker lists them all on every board, and together
 * they are at most this many times MAX_TEAM_TEMPLATE_BYTES (400 MiB) on the server's disk.
 */
export const MAX_TEAM_TEMPLATES = 100
