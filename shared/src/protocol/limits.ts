/**
 * Limits on untrusted input. Each has a name, a number and a reason; exceeding one is
 * refused with a close code or HTTP status and a message, never dropped silently.
 */

/** Largest websocket frame. A template insert of a big method is ~200 kB; 2 MiB leaves room for pasted content while bounding what one frame can make the server buffer. */
export const MAX_FRAME_BYTES = 2 * 1024 * 1024

/** Largest JSON body of the HTTP API. Board creation needs a few hundred bytes. */
export const MAX_JSON_BODY_BYTES = 64 * 1024

/** Longest accepted token string; a real one is ~50 characters. Bounds the work of verifying garbage. */
export const MAX_TOKEN_LENGTH = 256

/** Longest board title. Titles appear in file names and page titles. */
export const MAX_TITLE_LENGTH = 200

/** Longest display name kept in presence. */
export const MAX_DISPLAY_NAME_LENGTH = 60

/**
 * Largest uploaded image (photos of paper notes). A phone photo is 2 to 6 MiB; 10 MiB admits
 * those while bounding what one request makes the server read and store. The client checks it
 * before uploading; the server checks it again and answers 413.
 */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024

/**
 * Largest board, counted as the bytes the server stores for it (snapshot plus update log).
 * A busy workshop board with a few thousand notes is 2 to 5 MiB; 25 MiB leaves room for
 * years of use while keeping a board loadable in a browser in seconds and bounding what one
 * link holder can make the server keep in memory and on disk. Past it, the server refuses
 * writes that add content (close code BOARD_TOO_LARGE); deletions still pass.
 */
export const MAX_BOARD_BYTES = 25 * 1024 * 1024

/**
 * Largest private doc of one person on one board (private mode), counted like a board (snapshot
 * plus update log). A silent brainstorm gives each person tens of notes and a few drawings, well
 * under 100 kB; 2 MiB admits pasted text and long sketches while bounding what each of a
 * board's people can make the server keep apart from the board. Past it, writes that add are
 * refused (close code BOARD_TOO_LARGE); deletions pass.
 */
export const MAX_PRIVATE_DOC_BYTES = 2 * 1024 * 1024

/**
 * Connections at once on one board. A team is 3 to 10 people and a plenary gathering of
 * several municipalities a few dozen; 100 covers a whole gathering on one board (with a tab
 * or two each) while bounding the fan-out cost one board can put on the server.
 */
export const MAX_CONNECTIONS_PER_BOARD = 100

/**
 * Sync connections at once from one client address. A municipality's office network often
 * reaches the server through one NAT address, so this is generous (a whole gathering from one
 * building) while still stopping one machine from exhausting sockets and memory.
 */
export const MAX_CONNECTIONS_PER_IP = 250

/**
 * Most characters of text in one record (all its strings together). A sticky note holds a
 * sentence or two and a pasted text block a few pages (10 000 characters is about five pages);
 * 100 000 admits long pasted documents while stopping one record from carrying megabytes
 * that every peer must hold, render and store.
 */
export const MAX_RECORD_TEXT_CHARS = 100_000

/**
 * Most characters in one word of a label: a run without a space or a line break, counted across
 * the text nodes of one paragraph (a change of bold or italic does not end a word). A browser lays
 * out a word wider than its shape by shaping the rest of the word again for every line it breaks
 * off, which costs the square of the word's length in tldraw's handwriting font: 4,000 letters
 * took a second, 20,000 hung every browser that opened the board. A link's address is an
 * attribute, not text, and is not counted.
 */
export const MAX_WORD_CHARS = 500

/** Longest record id. tldraw ids are `shape:` plus 21 characters; 200 leaves room for custom prefixes. */
export const MAX_RECORD_ID_LENGTH = 200
