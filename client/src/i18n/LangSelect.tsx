import { BOARD_LANGS, isBoardLang, type BoardLang } from '@whiteboard/shared/board/boardLang'
import { useUiLanguage } from './UiLanguage'

interface LangSelectProps {
  value: BoardLang
  onChange: (lang: BoardLang) => void
  testId: string
  id?: string
  describedBy?: string
}

/** Bokmål, nynorsk or English, each option named in its own language (and marked so for screen readers). */
export function LangSelect({ value, onChange, testId, id, describedBy }: LangSelectProps) {
  const { t } = useUiLanguage()
  return (
    <select
      id={id}
      data-testid={testId}
      value={value}
      aria-describedby={describedBy}
      onChange={(e) => {
        if (isBoardLang(e.target.value)) onChange(e.target.value)
      }}
    >
      {BOARD_LANGS.map((lang) => (
        <option key={lang} value={lang} lang={lang}>
          {t.language[lang]}
        </option>
      ))}
    </select>
  )
}
