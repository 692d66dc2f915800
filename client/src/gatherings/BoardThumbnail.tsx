import { useEffect, useRef, useState, useSyncExternalStore } from 'react'
import { boundsOf, type ShapeBox } from '@whiteboard/shared/gatherings/pageShapeBoxes'
import { tldrawColor } from '@whiteboard/shared/board/tldrawColors'
import { EnlargedPicture } from './EnlargedPicture'
import type { GatheringTexts } from './gatheringTexts'
import { LiveBoardPicture, type PictureState } from './LiveBoardPicture'

/** Room around the content in the picture, as a share of its size. */
const MARGIN = 0.04

/**
 * A small live picture of one team board: its first page as coloured boxes, redrawn as
 * people work. Drawn as SVG elements by React (never as markup from the doc), so nothing a
 * peer wrote can run in the overview. "Enlarge" shows the same live picture in a dialog, from
 * the same connection.
 */
export function BoardThumbnail({ boardId, viewerToken, name, t }: { boardId: string; viewerToken: string; name: string; t: GatheringTexts['overview'] }) {
  const [picture, setPicture] = useState<LiveBoardPicture | undefined>()
  useEffect(() => {
    const p = new LiveBoardPicture(boardId, viewerToken)
    setPicture(p)
    return () => {
      p.destroy()
      setPicture(undefined)
    }
  }, [boardId, viewerToken])
  const [enlarged, setEnlarged] = useState(false)
  const enlargeButton = useRef<HTMLButtonElement>(null)
  if (!picture) return <Placeholder text={t.thumbnailConnecting} testId={`thumbnail-${boardId}`} />
  return (
    <div className="gathering-thumbnail-box">
      <PictureView picture={picture} name={name} boardId={boardId} t={t} />
      <button ref={enlargeButton} type="button" className="gathering-enlarge" aria-label={t.enlargeLabel(name)} aria-haspopup="dialog" onClick={() => setEnlarged(true)} data-testid="enlarge-thumbnail">
        {t.enlarge}
      </button>
      {enlarged && (
        <EnlargedPicture title={t.enlargedTitle(name)} closeLabel={t.close} returnFocusTo={enlargeButton} onClose={() => setEnlarged(false)}>
          <PictureView picture={picture} name={name} boardId={boardId} t={t} large />
        </EnlargedPicture>
      )}
    </div>
  )
}

function PictureView({ picture, name, boardId, t, large = false }: { picture: LiveBoardPicture; name: string; boardId: string; t: GatheringTexts['overview']; large?: boolean }) {
  const state: PictureState = useSyncExternalStore(picture.subscribe, picture.getState)
  const testId = large ? `enlarged-${boardId}` : `thumbnail-${boardId}`
  if (state.kind !== 'ready') return <Placeholder text={state.kind === 'connecting' ? t.thumbnailConnecting : t.failed} testId={testId} large={large} />
  const { boxes } = state.shapes
  const bounds = boundsOf(boxes)
  if (!bounds) return <Placeholder text={t.thumbnailEmpty} testId={testId} shapes={0} large={large} />
  const pad = Math.max(bounds.w, bounds.h) * MARGIN
  const viewBox = `${bounds.x - pad} ${bounds.y - pad} ${bounds.w + 2 * pad} ${bounds.h + 2 * pad}`
  return (
    <svg
      className={large ? 'gathering-thumbnail gathering-thumbnail-large' : 'gathering-thumbnail'}
      data-testid={testId}
      data-shapes={boxes.length}
      viewBox={viewBox}
      preserveAspectRatio="xMidYMid meet"
      role="img"
      aria-label={t.thumbnail(name)}
    >
      {boxes.map((box) => (
        <ShapeMark key={box.id} box={box} />
      ))}
    </svg>
  )
}

function ShapeMark({ box }: { box: ShapeBox }) {
  const colors = tldrawColor(box.color)
  // Strokes stay one screen pixel wide whatever the zoom of the picture.
  const line = { vectorEffect: 'non-scaling-stroke' as const, strokeWidth: 1.5 }
  switch (box.kind) {
    case 'frame':
      return <rect x={box.x} y={box.y} width={box.w} height={box.h} fill="#ffffff" stroke="#9fa8b2" {...line} />
    case 'note':
      return <rect x={box.x} y={box.y} width={box.w} height={box.h} fill={colors.note} rx={Math.min(box.w, box.h) * 0.03} />
    case 'geo':
      return box.geo === 'ellipse' || box.geo === 'oval' ? (
        <ellipse cx={box.x + box.w / 2} cy={box.y + box.h / 2} rx={box.w / 2} ry={box.h / 2} fill={box.filled ? colors.note : 'none'} stroke={colors.stroke} {...line} />
      ) : (
        <rect x={box.x} y={box.y} width={box.w} height={box.h} fill={box.filled ? colors.note : 'none'} stroke={colors.stroke} {...line} />
      )
    case 'text':
      return <rect x={box.x} y={box.y + box.h * 0.3} width={box.w} height={box.h * 0.4} fill={colors.stroke} opacity={0.35} />
    case 'image':
      return <rect x={box.x} y={box.y} width={box.w} height={box.h} fill="#dee2e6" stroke="#adb5bd" {...line} />
    case 'line':
      return box.from && box.to ? <line x1={box.from.x} y1={box.from.y} x2={box.to.x} y2={box.to.y} stroke={colors.stroke} {...line} /> : null
    case 'other':
      return <rect x={box.x} y={box.y} width={box.w} height={box.h} fill="none" stroke={colors.stroke} strokeDasharray="4 3" {...line} />
  }
}

function Placeholder({ text, testId, shapes, large = false }: { text: string; testId: string; shapes?: number; large?: boolean }) {
  return (
    <div className={large ? 'gathering-thumbnail gathering-thumbnail-large gathering-thumbnail-empty' : 'gathering-thumbnail gathering-thumbnail-empty'} data-testid={testId} data-shapes={shapes}>
      {text}
    </div>
  )
}
