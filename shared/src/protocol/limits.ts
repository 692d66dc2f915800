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
