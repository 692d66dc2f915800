import { useId } from 'react'
import { useUiLanguage } from './UiLanguage'
import { LangSelect } from './LangSelect'
import './LanguageSwitcher.css'

/**
 * The visible, labelled switch of the UI language, on every page. A native select: it works
 * with the keyboard and screen readers as people know it, and each option carries its own
 * `lang`, so the name of a language is read in that language.
 */
export function LanguageSwitcher({ className }: { className?: string }) {
  const { lang, setLang, t } = useUiLanguage()
  const id = useId()
  return (
    <div className={className ? `ui-lang ${className}` : 'ui-lang'}>
      <label htmlFor={id}>{t.language.label}</label>
      <LangSelect id={id} testId="ui-lang" value={lang} onChange={setLang} />
    </div>
  )
}
