import { useEffect, useId, useMemo, useRef, useState, type FormEvent } from 'react'
import type { Editor } from 'tldraw'
import type { BoardLang } from '@whiteboard/shared'
import { templateSummaries } from '@whiteboard/shared/templates/catalog'
import { TEMPLATE_CATEGORIES } from '@whiteboard/shared/templates/categories'
import { templatePreviewSvg } from '@whiteboard/shared/templates/templatePreviewSvg'
import { facilitationTexts } from '../facilitation/facilitationTexts'
import { useUiLang } from '../i18n/UiLanguage'
import { useSnapshotBeforeTemplate } from '../history/beforeTemplateSnapshot'
import { insertTemplate } from './insertTemplate'
import { insertTeamTemplate } from './insertTeamTemplate'
import { useTeamTemplates } from './TeamTemplatesContext'
import { teamTemplateTexts } from './teamTemplateTexts'
import type { TeamTemplateSummary } from '@whiteboard/shared/api/teamTemplatesApi'
import './TemplatePicker.css'

interface TemplatePickerProps {
  editor: Editor
  /** The board's language: what the template writes on the board, and so what its preview shows. */
  boardLang: BoardLang
  /** Tells the person what happened (inserted, or why not). */
  announce: (message: string) => void
}

/**
 * The facilitator's template picker: a button, and a modal dialog listing every method
 * template with its name, short description and a preview, grouped by category. The list is
 * a radio group, so it works from the keyboard as forms do: Tab to the list, arrow keys to
 * choose, Enter to insert, Escape to close. Render it for facilitators only.
 */
export function TemplatePicker({ editor, boardLang, announce }: TemplatePickerProps) {
  // Names, descriptions and buttons are for the person choosing; what goes on the board is in the board's language.
  const lang = useUiLang()
  const t = facilitationTexts(lang).templates
  const dialog = useRef<HTMLDialogElement>(null)
  const [chosen, setChosen] = useState<string | undefined>()
  const titleId = useId()
  const groups = useMemo(() => {
    const summaries = templateSummaries()
    return TEMPLATE_CATEGORIES.map((c) => ({ ...c, templates: summaries.filter((s) => s.category === c.id) })).filter((g) => g.templates.length > 0)
  }, [])
  const [previews, setPreviews] = useState<Map<string, string> | undefined>()
  // The team's own templates, fetched at each opening (another board may have saved one meanwhile).
  const teamRequests = useTeamTemplates()
  const tt = teamTemplateTexts(lang)
  const [team, setTeam] = useState<{ templates: TeamTemplateSummary[]; note: string } | undefined>()
  const refreshTeam = () => {
    if (!teamRequests) return
    void teamRequests.list().then((list) => setTeam(list.ok ? { templates: list.value.templates, note: '' } : { templates: [], note: tt.problem(list.problem) }))
  }
  const snapshotBeforeTemplate = useSnapshotBeforeTemplate()
  const menuId = `wb-template-picker-${titleId}`
  // Leaving (or unmounting) with the dialog open must not leave tldraw's shortcuts paused.
  useEffect(() => () => editor.menus.deleteOpenMenu(menuId), [editor, menuId])

  const open = () => {
    // Drawn on first opening only: thirteen SVGs are cheap, but not free on a slow laptop.
    if (!previews) {
      const drawn = new Map<string, string>()
      for (const s of templateSummaries()) {
        const svg = templatePreviewSvg(s.id, boardLang)
        if (svg) drawn.set(s.id, svgDataUrl(svg))
      }
      setPreviews(drawn)
    }
    refreshTeam()
    dialog.current?.showModal()
    // Counted as an open menu, tldraw pauses its single-key shortcuts and its own Escape (which
    // would pull focus back to the canvas) while the person uses the dialog, as for its own menus.
    editor.menus.addOpenMenu(menuId)
    // Into the list at once (the chosen template, else the first), so the arrow keys choose from the start.
    const options = dialog.current?.querySelectorAll<HTMLInputElement>('input[type="radio"]')
    const start = [...(options ?? [])].find((o) => o.checked) ?? options?.[0]
    start?.focus()
  }

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!chosen) return
    const teamTemplate = team?.templates.find((s) => `team:${s.id}` === chosen)
    const name = teamTemplate?.name ?? templateSummaries().find((s) => s.id === chosen)?.name[lang] ?? chosen
    dialog.current?.close()
    // The board as it was goes into the history first (awaited, so the snapshot cannot hold the template).
    await snapshotBeforeTemplate()
    if (teamTemplate && teamRequests) {
      try {
        const inserted = await insertTeamTemplate(editor, teamRequests, teamTemplate.id)
        announce(inserted.ok ? t.inserted(name) : tt.problem(inserted.problem))
      } catch (error) {
        console.error('[templates] team template insert failed', error)
        announce(t.failed)
      }
      return
    }
    try {
      insertTemplate(editor, chosen, boardLang)
      announce(t.inserted(name))
    } catch (error) {
      console.error('[templates] insert failed', error)
      announce(t.failed)
    }
  }

  return (
    <>
      <button type="button" className="fac-button" data-testid="template-picker-open" onClick={open}>
        {t.open}
      </button>
      <dialog ref={dialog} className="template-picker" aria-labelledby={titleId} data-testid="template-picker" onClose={() => editor.menus.deleteOpenMenu(menuId)}>
        <form onSubmit={(e) => void submit(e)}>
          <h2 id={titleId}>{t.title}</h2>
          <p className="template-picker-intro">{t.intro}</p>
          <div className="template-picker-list">
            {teamRequests && (
              <fieldset className="template-picker-group" data-testid="template-team-group">
                <legend>{tt.group}</legend>
                {!team && <p className="template-team-note">{tt.loading}</p>}
                {team?.note && <p className="template-team-note">{team.note}</p>}
                {team && !team.note && team.templates.length === 0 && <p className="template-team-note">{tt.none}</p>}
                {team?.templates.map((s) => (
                  <div key={s.id} className="template-team-option">
                    <label className="template-option" data-testid={`template-option-team-${s.id}`}>
                      <input type="radio" name="template" value={`team:${s.id}`} checked={chosen === `team:${s.id}`} onChange={() => setChosen(`team:${s.id}`)} />
                      <span className="template-option-noimg" />
                      <span className="template-option-text">
                        <strong>{s.name}</strong>
                        <span>{s.description}</span>
                      </span>
                    </label>
                    <button
                      type="button"
                      className="fac-button template-team-delete"
                      data-testid={`template-team-delete-${s.id}`}
                      onClick={() => {
                        if (!window.confirm(tt.deleteConfirm(s.name))) return
                        void teamRequests.delete(s.id).then((deleted) => {
                          announce(deleted.ok ? tt.deleted(s.name) : tt.problem(deleted.problem))
                          if (chosen === `team:${s.id}`) setChosen(undefined)
                          refreshTeam()
                        })
                      }}
                    >
                      {tt.delete(s.name)}
                    </button>
                  </div>
                ))}
              </fieldset>
            )}
            {groups.map((group) => (
              <fieldset key={group.id} className="template-picker-group">
                <legend>{group.label[lang]}</legend>
                {group.templates.map((s) => (
                  <label key={s.id} className="template-option" data-testid={`template-option-${s.id}`}>
                    <input type="radio" name="template" value={s.id} checked={chosen === s.id} onChange={() => setChosen(s.id)} />
                    {previews?.get(s.id) ? <img src={previews.get(s.id)} alt="" width={120} height={80} /> : <span className="template-option-noimg" />}
                    <span className="template-option-text">
                      <strong>{s.name[lang]}</strong>
                      <span>{s.description[lang]}</span>
                    </span>
                  </label>
                ))}
              </fieldset>
            ))}
          </div>
          <div className="template-picker-actions">
            <button type="button" className="fac-button" onClick={() => dialog.current?.close()}>
              {t.cancel}
            </button>
            <button type="submit" className="fac-button fac-primary" data-testid="template-insert" disabled={!chosen}>
              {t.insert}
            </button>
          </div>
        </form>
      </dialog>
    </>
  )
}

function svgDataUrl(svg: string): string {
  return 'data:image/svg+xml;charset=utf-8,' + encodeURIComponent(svg)
}
