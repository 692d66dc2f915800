/** Limits on what the gatherings API takes (`api/gatheringsApi.ts`). Each bounds what one request can make the server do. */

/**
 * Most team boards in one gathering. A programme gathering has a handful of municipalities
 * and a large one a dozen or two; 30 covers that while bounding the boards one request makes
 * the server build, and what a broadcast or the overview fans out to.
 */
export const MAX_GATHERING_TEAMS = 30

/**
 * Most names the overview's status lists per team board. A team table seats a dozen; 50 covers
 * a plenary on one board while keeping the status answer, polled every few seconds, small.
 */
export const MAX_LISTED_PEOPLE = 50

/** Longest team name: a municipality or a team ("Nordre Follo – oppvekst"), shown on cards and as the board title. */
export const MAX_TEAM_NAME_LENGTH = 100

/**
 * Longest broadcast message. A broadcast is a banner on every board ("Back in plenary in
 * five minutes"), not a document: 500 characters is a short paragraph.
 */
export const MAX_BROADCAST_TEXT_LENGTH = 500

/**
 * Most gathering tokens one list request may carry. A facilitator's browser remembers the
 * gatherings it made; 100 is years of gatherings while bounding the HMACs one request costs.
 */
export const MAX_LISTED_GATHERINGS = 100

/** Longest template id in a request; catalog ids are short slugs. */
export const MAX_TEMPLATE_ID_LENGTH = 64

/**
 * Longest timer one broadcast starts, in minutes. The same bound as a board's own timer
 * (facilitationLimits.ts, MAX_TIMER_MINUTES), repeated here so this module stays free of the
 * facilitation layer.
 */
export const MAX_BROADCAST_TIMER_MINUTES = 180
