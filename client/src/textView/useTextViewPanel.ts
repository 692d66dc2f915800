import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import type { Editor } from 'tldraw'
import { NARROW_WINDOW_QUERY } from '../board/useNarrowWindow'
import { OwnNotes } from './ownNotes'

/**
 * The text view's open state and focus: opening moves focus to its heading (and out of the
 * canvas, whose shortcuts would take the keys), closing gives it back to the header button.
 * It starts open on a narrow window.
 * Also remembers, for the text view, which notes this browser makes on the board.
 */
export function useTextViewPanel(editor: Editor | null, boardId: string) {
  // On a narrow window (a phone, or 200–400 % zoom) the canvas has too little room to work in, and the text view opens first.
  const [open, setOpen] = useState(() => window.matchMedia(NARROW_WINDOW_QUERY).matches)
  const button = useRef<HTMLButtonElement>(null)
  const heading = useRef<HTMLHeadingElement>(null)
  const own = useMemo(() => new OwnNotes(boardId), [boardId])
  useEffect(() => (editor ? own.track(editor) : undefined), [editor, own])

  const wasOpen = useRef(false)
  useEffect(() => {
    if (open) {
      editor?.blur()
      heading.current?.focus()
    } else if (wasOpen.current) button.current?.focus()
    wasOpen.current = open
  }, [open, editor])

  const toggle = useCallback(() => setOpen((was) => !was), [])
  const close = useCallback(() => setOpen(false), [])
  return { open, toggle, close, button, heading, own }
}
