import { useState } from 'react'
import { copyText } from '../home/copyText'

/** Copies `text`, then says so on the button for a moment; a failure says what to do instead. */
export function CopyButton({ text, label, ariaLabel, copiedLabel, failedText, testId }: { text: string; label: string; ariaLabel: string; copiedLabel: string; failedText: string; testId?: string }) {
  const [state, setState] = useState<'idle' | 'copied' | 'failed'>('idle')
  return (
    <>
      <button
        type="button"
        aria-label={ariaLabel}
        data-testid={testId}
        onClick={() => {
          void copyText(text).then((ok) => setState(ok ? 'copied' : 'failed'))
        }}
      >
        {state === 'copied' ? copiedLabel : label}
      </button>
      {state === 'failed' && (
        <span className="gathering-error" role="alert">
          {failedText}
        </span>
      )}
    </>
  )
}
