import type { BoardLang } from '@whiteboard/shared'
import { useUiLanguage } from './UiLanguage'

interface LangSelectProps {
  value: BoardLang
  onChange: (lang: BoardLang) => void
  testId: string
  id?: string
  describedBy?: string
}

/** Bokmål or English, each option named in its own language (and marked so for screen readers). */
export function LangSelect({ value, onChange, testId, id, describedBy }: LangSelectProps) {
  const { t } = useUiLanguage()
  return (
    <select id={id} data-testid={testId} value={value} aria-describedby={describedBy} onChange={(e) => onChange(e.target.value === 'en' ? 'en' : 'nb')}>
      <option value="nb" lang="nb">
        {t.language.nb}
      </option>
      <option value="en" lang="en">
        {t.language.en}
      </option>
    </select>
  )
}
