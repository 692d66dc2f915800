import { useRef, useState, type ChangeEvent } from 'react'
import type { Editor } from 'tldraw'
import { useSnapshotBeforeTemplate } from '../history/beforeTemplateSnapshot'
import { useUiLang } from '../i18n/UiLanguage'
import { importTldr } from './importTldr'
import { tldrTexts } from './tldrTexts'
import './TldrImportButton.css'

/**
 * The facilitator's import of a `.tldr` file: a button that opens the browser's file picker. The
 * content lands beside the board's, like a template, after a snapshot of the board as it was; a
 * refused file is explained and changes nothing.
 */
export function TldrImportButton({ editor, boardId, announce }: { editor: Editor; boardId: string; announce: (text: string) => void }) {
  const t = tldrTexts(useUiLang())
  const input = useRef<HTMLInputElement>(null)
  const [error, setError] = useState('')
  const snapshotBeforeImport = useSnapshotBeforeTemplate()

  const onChange = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0]
    // Cleared so picking the same file again fires another change.
    event.target.value = ''
    if (!file) return
    setError('')
    try {
      await snapshotBeforeImport()
      const result = await importTldr(editor, file, boardId)
      if (result.ok) announce(t.imported(result.shapes, result.pages))
      else setError(t.refused(result.refusal))
    } catch (err) {
      console.error('[tldr] import failed', err)
      setError(t.failed)
    }
  }

  return (
    <div className="fac-group">
      <button type="button" className="fac-button" data-testid="tldr-import" onClick={() => input.current?.click()}>
        {t.importButton}
      </button>
      <input ref={input} type="file" accept=".tldr,application/vnd.tldraw+json,application/json" hidden data-testid="tldr-import-file" onChange={(e) => void onChange(e)} />
      {error && (
        <p className="tldr-import-error" role="alert" data-testid="tldr-import-error">
          {error}
        </p>
      )}
    </div>
  )
}
