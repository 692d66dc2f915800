/**
 * Limits on the facilitation state and the votes. Everything in the doc comes from peers,
 * so readers check these too and treat a value outside them as absent.
 */

/** Longest timer a facilitator can set. A gathering lasts a few hours; one timer box is at most three of them. */
export const MAX_TIMER_MINUTES = 180
export const MAX_TIMER_MS = MAX_TIMER_MINUTES * 60_000

/**
 * Most votes one person gets in a round. Dot voting works with a handful of dots (3 to 7 is
 * usual); the cap bounds the size of one vote entry and of the work of counting a round.
 */
export const MAX_VOTES_PER_PERSON = 20

/** Longest id accepted in state and votes. tldraw ids are `shape:` plus 21 characters; round ids are shorter. */
export const MAX_STATE_ID_LENGTH = 64

/** Largest coordinate accepted in a summon request. tldraw pages are unbounded in principle; real boards stay far inside this. */
export const MAX_PAGE_COORDINATE = 1e7

/**
 * Most steps in a run sheet. A workshop day has a dozen or two steps (welcome, each exercise, breaks,
 * summing up); 30 covers it while keeping the run sheet, which is replaced whole on every edit, small.
 */
export const MAX_RUN_SHEET_STEPS = 30

/** Longest step title: a few words shown in the banner and the list ("Silent brainstorm"). */
export const MAX_STEP_TITLE_LENGTH = 120

/**
 * Longest step instruction: what people are asked to do, shown to everyone as a banner, so a
 * short paragraph. At 600 a full run sheet of Norwegian text stays under 50 KB, which a
 * gathering's facilitator sends whole in one request (MAX_JSON_BODY_BYTES).
 */
export const MAX_STEP_INSTRUCTION_LENGTH = 600
