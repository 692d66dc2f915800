import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import { useUiLanguage } from '../i18n/UiLanguage'
import { creatorKeyStore } from './creatorKeyStore'
import { useCreatorKey } from './useCreatorKey'

/**
 * Asks for the server's creator key when it creates boards only with one, and again when the
 * key was refused. Shown above both create forms; hidden once this browser remembers a key.
 */
export function CreatorKeyForm() {
  const { t } = useUiLanguage()
  const texts = t.home.creatorKey
  const { needed, key, problem } = useCreatorKey()
  const [value, setValue] = useState('')
  const input = useRef<HTMLInputElement>(null)
  const headingId = useId()
  const introId = useId()
  const show = needed && (key === undefined || problem !== undefined)

  // A refusal moves the person to the field that fixes it.
  useEffect(() => {
    if (show && problem) input.current?.focus()
  }, [show, problem])

  if (!show) return null

  function submit(event: FormEvent) {
    event.preventDefault()
    creatorKeyStore.enter(value)
    setValue('')
  }

  return (
    <section className="home-creator-key" aria-labelledby={headingId} data-testid="creator-key">
      <h2 id={headingId}>{texts.heading}</h2>
      <p id={introId}>{texts.intro}</p>
      <form className="home-form" onSubmit={submit}>
        <label>
          {texts.label}
          <input
            ref={input}
            type="password"
            autoComplete="off"
            required
            data-testid="creator-key-input"
            aria-describedby={introId}
            aria-invalid={problem === 'wrong' ? true : undefined}
            value={value}
            onChange={(e) => setValue(e.target.value)}
          />
        </label>
        <button type="submit" data-testid="creator-key-save">
          {texts.save}
        </button>
        {problem && (
          <p className="home-error" role="alert" data-testid="creator-key-error">
            {problem === 'wrong' ? texts.wrong : texts.missing}
          </p>
        )}
      </form>
    </section>
  )
}
