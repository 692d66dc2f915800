/**
 * The facilitator's optional sound at the timer's end: three soft rising tones, made in the
 * browser with WebAudio (no sound file, nothing fetched). Off unless the facilitator turns it
 * on; the choice is kept in this browser.
 */

const STORAGE_KEY = 'whiteboard.timerSound'

/** The three tones (Hz) and how long each sounds; together under a second. */
const TONES = [660, 880, 1100] as const
const TONE_S = 0.22
const GAP_S = 0.08
/** Loud enough to hear across a room, far from the speaker's limit. */
const PEAK_GAIN = 0.25

type StorageLike = Pick<Storage, 'getItem' | 'setItem'>

export function timerSoundOn(storage: StorageLike | undefined = safeLocalStorage()): boolean {
  try {
    return storage?.getItem(STORAGE_KEY) === 'on'
  } catch {
    return false
  }
}

export function setTimerSoundOn(on: boolean, storage: StorageLike | undefined = safeLocalStorage()): void {
  try {
    storage?.setItem(STORAGE_KEY, on ? 'on' : 'off')
  } catch {
    // Storage disabled: the choice lasts for this page.
  }
}

let context: AudioContext | undefined

/**
 * The page's audio context, made or resumed now. Browsers let a page make sound only after a
 * gesture: call this from a click (turning the sound on, starting the timer), so that the end,
 * which comes with no click, can play.
 */
export function prepareTimerSound(): AudioContext | undefined {
  if (typeof AudioContext === 'undefined') return undefined
  try {
    context ??= new AudioContext()
    if (context.state === 'suspended') void context.resume().catch(() => undefined)
    return context
  } catch {
    return undefined
  }
}

/** Plays the end sound; silent where the browser has no WebAudio or refuses to play. */
export function playTimerEndSound(): void {
  const ctx = prepareTimerSound()
  if (!ctx) return
  const start = ctx.currentTime + 0.02
  TONES.forEach((frequency, i) => {
    const at = start + i * (TONE_S + GAP_S)
    const oscillator = ctx.createOscillator()
    const gain = ctx.createGain()
    oscillator.type = 'sine'
    oscillator.frequency.value = frequency
    // A quick rise and a gentle fall: no click at either end of the tone.
    gain.gain.setValueAtTime(0, at)
    gain.gain.linearRampToValueAtTime(PEAK_GAIN, at + 0.02)
    gain.gain.exponentialRampToValueAtTime(0.001, at + TONE_S)
    oscillator.connect(gain).connect(ctx.destination)
    oscillator.start(at)
    oscillator.stop(at + TONE_S + 0.02)
  })
}

function safeLocalStorage(): Storage | undefined {
  try {
    return globalThis.localStorage
  } catch {
    return undefined
  }
}
