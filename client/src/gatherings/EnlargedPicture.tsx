import { useEffect, useId, useRef, type ReactNode, type RefObject } from 'react'

export interface EnlargedPictureProps {
  title: string
  closeLabel: string
  /** What gets focus back when the dialog closes: the button that opened it. */
  returnFocusTo: RefObject<HTMLElement | null>
  onClose: () => void
  children: ReactNode
}

/**
 * A team board's live picture at the size of the window, in a modal dialog. The native
 * <dialog> opened with showModal() traps focus, closes on Escape and makes the page behind it
 * inert; the close button has focus first. React removes the dialog rather than closing it,
 * and a removed dialog does not give focus back by itself, so it goes back to the opener.
 */
export function EnlargedPicture({ title, closeLabel, returnFocusTo, onClose, children }: EnlargedPictureProps) {
  const ref = useRef<HTMLDialogElement>(null)
  const closeRef = useRef<HTMLButtonElement>(null)
  const titleId = useId()
  useEffect(() => {
    const dialog = ref.current
    if (!dialog) return
    if (!dialog.open) dialog.showModal()
    closeRef.current?.focus()
    return () => {
      dialog.close()
      const opener = returnFocusTo.current
      if (opener?.isConnected) opener.focus()
    }
  }, [returnFocusTo])
  return (
    <dialog
      ref={ref}
      className="gathering-enlarged"
      aria-labelledby={titleId}
      data-testid="enlarged-dialog"
      onCancel={(e) => {
        e.preventDefault()
        onClose()
      }}
    >
      <div className="gathering-enlarged-head">
        <h2 id={titleId}>{title}</h2>
        <button ref={closeRef} type="button" onClick={onClose} data-testid="enlarged-close">
          {closeLabel}
        </button>
      </div>
      {children}
    </dialog>
  )
}
