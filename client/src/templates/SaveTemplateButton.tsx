import { useEffect, useId, useRef, useState, type FormEvent } from 'react'
import type { Editor, TLFrameShape, TLShapeId } from 'tldraw'
import { checkTeamTemplateContent } from '@whiteboard/shared/templates/checkTeamTemplateContent'
import { MAX_TEAM_TEMPLATE_BYTES, MAX_TEAM_TEMPLATE_DESCRIPTION_CHARS, MAX_TEAM_TEMPLATE_NAME_CHARS } from '@whiteboard/shared/templates/teamTemplateLimits'
import { useUiLang } from '../i18n/UiLanguage'
import { frameTemplateContent, pageFrames } from './frameTemplateContent'
import { useTeamTemplates } from './TeamTemplatesContext'
import { teamTemplateTexts } from './teamTemplateTexts'
import './TemplatePicker.css'

/**
 * The facilitator's "Save frame as template": a button, and a modal dialog to choose one of the
 * page's frames (the selected one first) and give the template a name and a description. The
 * frame goes to the server with its images inline; the server keeps it for every board on it.
 * Shown only where the board page provides the requests (facilitators).
 */
export function SaveTemplateButton({ editor, announce }: { editor: Editor; announce: (message: string) => void }) {
  const requests = useTeamTemplates()
  const t = teamTemplateTexts(useUiLang())
  const dialog = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const [frames, setFrames] = useState<TLFrameShape[]>([])
  const [frameId, setFrameId] = useState<TLShapeId | ''>('')
  const [name, setName] = useState('')
  const [description, setDescription] = useState('')
  const [error, setError] = useState('')
  const [busy, setBusy] = useState(false)
  const [savingOff, setSavingOff] = useState(false)
  const menuId = `wb-save-template-${titleId}`
  useEffect(() => () => editor.menus.deleteOpenMenu(menuId), [editor, menuId])
  if (!requests) return null

  const open = () => {
    const onPage = pageFrames(editor)
    const selected = selectedFrame(editor, onPage)
    const first = selected ?? onPage[0]
    setFrames(onPage)
    setFrameId(first?.id ?? '')
    setName(first?.props.name ?? '')
    setDescription('')
    setError('')
    setSavingOff(false)
    dialog.current?.showModal()
    // As for the template picker: tldraw's single-key shortcuts pause while the person types here.
    editor.menus.addOpenMenu(menuId)
    void requests.list().then((list) => setSavingOff(list.ok && list.value.saving === 'none'))
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!frameId || busy) return
    setBusy(true)
    setError('')
    try {
      const content = await frameTemplateContent(editor, frameId)
      if (!content) return setError(t.problem({ kind: 'notFound' }))
      // The server's own check, before anything is sent: a refusal is explained at once.
      const check = checkTeamTemplateContent(content)
      if (!check.ok) return setError(t.problem({ kind: 'invalid', detail: check.reason }))
      const body = { name: name.trim(), description: description.trim(), content: check.content }
      if (new Blob([JSON.stringify(body)]).size > MAX_TEAM_TEMPLATE_BYTES) return setError(t.problem({ kind: 'tooLarge' }))
      const saved = await requests.save(body)
      if (!saved.ok) return setError(t.problem(saved.problem))
      dialog.current?.close()
      announce(t.saved(saved.value.template.name))
    } catch (err) {
      console.error('[templates] saving failed', err)
      setError(t.problem({ kind: 'failed' }))
    } finally {
      setBusy(false)
    }
  }

  const frameName = (f: TLFrameShape) => f.props.name.trim() || t.untitledFrame

  return (
    <>
      <button type="button" className="fac-button" data-testid="template-save-open" onClick={open}>
        {t.saveButton}
      </button>
      <dialog ref={dialog} className="template-picker" aria-labelledby={titleId} data-testid="template-save" onClose={() => editor.menus.deleteOpenMenu(menuId)}>
        <form onSubmit={(e) => void submit(e)}>
          <h2 id={titleId}>{t.saveTitle}</h2>
          <p className="template-picker-intro">{savingOff ? t.savingOff : t.saveIntro}</p>
          <div className="template-save-fields">
            {frames.length === 0 ? (
              <p>{t.noFrames}</p>
            ) : (
              <>
                <label>
                  {t.frame}
                  <select
                    value={frameId}
                    data-testid="template-save-frame"
                    onChange={(e) => {
                      const next = frames.find((f) => f.id === e.target.value)
                      setFrameId(next?.id ?? '')
                      if (next && (!name.trim() || frames.some((f) => f.props.name === name))) setName(next.props.name)
                    }}
                  >
                    {frames.map((f) => (
                      <option key={f.id} value={f.id}>
                        {frameName(f)}
                      </option>
                    ))}
                  </select>
                </label>
                <label>
                  {t.name}
                  <input required value={name} maxLength={MAX_TEAM_TEMPLATE_NAME_CHARS} data-testid="template-save-name" onChange={(e) => setName(e.target.value)} />
                </label>
                <label>
                  {t.description}
                  <textarea value={description} rows={3} maxLength={MAX_TEAM_TEMPLATE_DESCRIPTION_CHARS} data-testid="template-save-description" onChange={(e) => setDescription(e.target.value)} />
                </label>
              </>
            )}
            {error && (
              <p className="template-save-error" role="alert" data-testid="template-save-error">
                {error}
              </p>
            )}
          </div>
          <div className="template-picker-actions">
            <button type="button" className="fac-button" onClick={() => dialog.current?.close()}>
              {t.cancel}
            </button>
            <button type="submit" className="fac-button fac-primary" data-testid="template-save-submit" disabled={!frameId || busy || savingOff || !name.trim()}>
              {t.save}
            </button>
          </div>
        </form>
      </dialog>
    </>
  )
}

/** The frame the selection is in or is: the selected shape's top-level frame on the page. */
function selectedFrame(editor: Editor, frames: readonly TLFrameShape[]): TLFrameShape | undefined {
  const selected = editor.getOnlySelectedShape()
  if (!selected) return undefined
  const topId = editor.getAncestorPageId(selected) === undefined ? undefined : (editor.getShapeAncestors(selected).at(0)?.id ?? selected.id)
  return frames.find((f) => f.id === topId)
}
