import type { UiLang } from '../i18n/messages'

/** The notice everyone on a board gets when the facilitator restores a version, in bokmål, nynorsk and English. */
const TEXTS: Record<UiLang, { restored: (when: string) => string; dismiss: string; dismissLabel: string }> = {
  nb: {
    restored: (when) => `Fasilitatoren gjenoppretta versjonen fra ${when}.`,
    dismiss: 'Lukk',
    dismissLabel: 'Lukk beskjeden om gjenopprettingen',
  },
  nn: {
    restored: (when) => `Fasilitatoren gjenoppretta versjonen frå ${when}.`,
    dismiss: 'Lukk',
    dismissLabel: 'Lukk meldinga om gjenopprettinga',
  },
  en: {
    restored: (when) => `The facilitator restored the version from ${when}.`,
    dismiss: 'Dismiss',
    dismissLabel: 'Dismiss the notice of the restore',
  },
}

export function restoreNoticeTexts(lang: UiLang): (typeof TEXTS)[UiLang] {
  return TEXTS[lang]
}
