import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react'
import { Tldraw, type Editor, type TLComponents, type TLEmbedDefinition } from 'tldraw'
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import 'tldraw/tldraw.css'
import { MAX_UPLOAD_BYTES, type BoardInfoResponse } from '@whiteboard/shared'
import { ACCEPTED_IMAGE_TYPES } from '@whiteboard/shared/api/assetsApi'
import { AssetUploadToasts } from '../assets/AssetUploadToasts'
import { createBoardAssetStore, type BoardAssetStore } from '../assets/createBoardAssetStore'
import { ExportMenu } from '../export/ExportMenu'
import { FacilitationLayer } from '../facilitation/FacilitationLayer'
import { GestureLayer } from '../gestures/GestureLayer'
import { FollowButton } from '../facilitation/FollowButton'
import { BroadcastBanner } from '../gatherings/BroadcastBanner'
import { useServerClock } from '../facilitation/useServerClock'
import { RestoreNoticeBanner } from '../history/RestoreNoticeBanner'
import { PeekMenu } from '../gatherings/PeekMenu'
import { BeforeTemplateSnapshotContext, NO_SNAPSHOT_BEFORE_TEMPLATE, snapshotBeforeTemplate } from '../history/beforeTemplateSnapshot'
import { HistoryPanel } from '../history/HistoryPanel'
import { HistoryRequests } from '../history/HistoryRequests'
import { TeamTemplateRequests } from '../templates/TeamTemplateRequests'
import { TeamTemplatesContext } from '../templates/TeamTemplatesContext'
import { insertTemplate } from '../templates/insertTemplate'
import { LanguageSwitcher } from '../i18n/LanguageSwitcher'
import { uiLangFromTldrawLocale, type Messages } from '../i18n/messages'
import { useUiLanguage } from '../i18n/UiLanguage'
import { BoardSession } from './boardSession'
import { ConnectionBadge } from './ConnectionBadge'
import type { BoardInfoResult } from './fetchBoardInfo'
import { takeBoardInfo } from './boardInfoPrefetch'
import { keepLinksLocal } from './keepLinksLocal'
import { openingCamera } from './openingCamera'
import { noteOnTemplateDoubleClick } from './noteOnTemplateDoubleClick'
import { imagesInFreeSpace } from './imagesInFreeSpace'
import { keepShapesDrawable } from './drawableShapes'
import { exposeForTests } from './testHooks'
import { HeaderMenu } from './HeaderMenu'
import { TextView } from '../textView/TextView'
import { TextViewToggle } from '../textView/TextViewToggle'
import { useTextViewPanel } from '../textView/useTextViewPanel'
import { RunSheetPanel } from '../runSheet/RunSheetPanel'
import { RunSheetToggle } from '../runSheet/RunSheetToggle'
import { RunStepBanner } from '../runSheet/RunStepBanner'
import { PrivateMarks } from '../private/PrivateMarks'
import { PrivateModeBanner } from '../private/PrivateModeBanner'
import { PrivateModeToggle } from '../private/PrivateModeToggle'
import { RetentionNotice } from './RetentionNotice'
import { loadIdentity, saveDisplayName, type LocalIdentity } from './localIdentity'
import { NameDialog } from './NameDialog'
import { PeopleList } from './PeopleList'
import { refusalMessage } from './refusalMessage'
import { DeferredShapeWrapper } from './DeferredShapeWrapper'
import { LeanCanvas } from './LeanCanvas'
import { UI_OVERRIDES } from './uiOverrides'
import './BoardPage.css'

/**
 * Fonts, icons and translations bundled by Vite and served from our own origin. Without
 * them tldraw fetches them from its CDN: nothing may leave the municipality's server,
 * and they would fail offline.
 */
const assetUrls = getAssetUrlsByImport()

const licenseKey = import.meta.env.VITE_TLDRAW_LICENSE_KEY || undefined

const NO_EMBEDS: TLEmbedDefinition[] = []
const COMPONENTS: TLComponents = { ShapeWrapper: DeferredShapeWrapper, Canvas: LeanCanvas }

type InfoProblem = Extract<BoardInfoResult, { ok: false }>['problem'] | 'no-token'
type InfoState = { kind: 'loading' } | { kind: 'failed'; problem: InfoProblem } | { kind: 'ready'; board: BoardInfoResponse }

/** A board link opened in its role: board info, then the name question, then the live board. */
export default function BoardPage({ boardId, token }: { boardId: string; token: string | undefined }) {
  const [info, setInfo] = useState<InfoState>(() => (token ? { kind: 'loading' } : { kind: 'failed', problem: 'no-token' }))
  const [identity, setIdentity] = useState<LocalIdentity>(() => loadIdentity())
  const { t } = useUiLanguage()

  useEffect(() => {
    if (!token) return
    let cancelled = false
    void takeBoardInfo(boardId, token).then((result) => {
      if (!cancelled) setInfo(result.ok ? { kind: 'ready', board: result.board } : { kind: 'failed', problem: result.problem })
    })
    return () => {
      cancelled = true
    }
  }, [boardId, token])

  const board = info.kind === 'ready' ? info.board : undefined

  useEffect(() => {
    document.title = board ? `${board.title} – ${t.appName}` : t.appName
  }, [board, t.appName])

  if (info.kind === 'loading') return <Notice text={t.board.loading} />
  if (info.kind === 'failed' || !board || !token) return <Notice text={problemText(info.kind === 'failed' ? info.problem : 'no-token', t)} isError />
  const name = identity.name
  if (!name) return <NameDialog boardTitle={board.title} onSubmit={(n) => setIdentity(saveDisplayName(n))} />
  return <LiveBoard board={board} token={token} identity={{ id: identity.id, name, color: identity.color }} onRename={(n) => setIdentity(saveDisplayName(n))} />
}

function problemText(problem: InfoProblem, t: Messages): string {
  return {
    'no-token': t.board.noToken,
    unauthorized: t.board.unauthorized,
    'not-found': t.board.notFound,
    'bad-request': t.board.badRequest,
    server: t.board.serverError,
    network: t.board.network,
  }[problem]
}

interface LiveBoardProps {
  board: BoardInfoResponse
  token: string
  identity: { id: string; name: string; color: string }
  onRename: (name: string) => void
}

function LiveBoard({ board, token, identity, onRename }: LiveBoardProps) {
  const [session, setSession] = useState<{ session: BoardSession; assets: BoardAssetStore } | undefined>()
  const { lang, setLang, t } = useUiLanguage()
  // Read when a session starts: a switch of language changes the open session, never makes a new one.
  const langAtStart = useRef(lang)
  langAtStart.current = lang

  // One session per board, role and person; a rename goes through the session, not a new one.
  const { id: userId, name: initialName, color } = identity
  useEffect(() => {
    const assets = createBoardAssetStore({ boardId: board.id, token })
    const s = new BoardSession({
      token,
      board,
      identity: { id: userId, name: initialName, color },
      lang: langAtStart.current,
      assets,
      onRename,
      // Norwegian or English picked in tldraw's own language menu switches our texts too.
      onLocaleChange: (locale) => {
        const picked = uiLangFromTldrawLocale(locale, langAtStart.current)
        if (picked) setLang(picked)
      },
    })
    setSession({ session: s, assets })
    return () => {
      s.dispose()
      assets.dispose()
      setSession(undefined)
    }
    // The name and onRename are read only at creation: a rename must not reconnect.
  }, [board, token, userId, color, setLang])

  // tldraw's menus follow our language switch at once.
  useEffect(() => session?.session.setUiLang(lang), [session, lang])

  if (!session) return <Notice text={t.board.loading} />
  return <SessionView session={session.session} assets={session.assets} board={board} token={token} />
}

function SessionView({ session, assets, board, token }: { session: BoardSession; assets: BoardAssetStore; board: BoardInfoResponse; token: string }) {
  const { t } = useUiLanguage()
  const [editor, setEditor] = useState<Editor | null>(null)
  // The server's clock for the banners under the header: each shows for a while after the server sent it.
  const clock = useServerClock()
  const [runSheetOpen, setRunSheetOpen] = useState(false)
  const runSheetButton = useRef<HTMLButtonElement>(null)
  const textView = useTextViewPanel(editor, board.id)
  const subscribe = useCallback((onChange: () => void) => session.subscribe(onChange), [session])
  const storeWithStatus = useSyncExternalStore(subscribe, () => session.getStoreWithStatus())
  const status = useSyncExternalStore(subscribe, () => session.getConnectionStatus())
  const schemaTrouble = useSyncExternalStore(subscribe, () => session.hasSchemaTrouble())
  const subscribePeople = useCallback((onChange: () => void) => session.presence.subscribe(onChange), [session])
  const people = useSyncExternalStore(subscribePeople, () => session.presence.getPeople())
  // History is the facilitator's: the server refuses it to other roles, so they get no panel and no snapshot before templates.
  const history = useMemo(() => {
    if (board.role !== 'facilitator') return null
    const requests = new HistoryRequests(board.id, token)
    const author = () => session.presence.getPeople().find((p) => p.isSelf)?.name ?? ''
    return { requests, author, beforeTemplate: snapshotBeforeTemplate(requests, author) }
  }, [board, token, session])
  // Team templates are the facilitators' too: the server refuses them to other roles.
  const teamTemplates = useMemo(() => (board.role === 'facilitator' ? new TeamTemplateRequests(board.id, token) : null), [board, token])

  const { lang: boardLang, id: boardId, role } = board
  const handleMount = useCallback((editor: Editor) => {
    const hideFromTests = exposeForTests(editor, (id) => insertTemplate(editor, id, boardLang))
    keepLinksLocal(editor)
    const stopRememberingCamera = openingCamera(editor, boardId, { facilitator: role === 'facilitator' })
    const stopNotesOnDoubleClick = noteOnTemplateDoubleClick(editor)
    const stopPlacingImages = imagesInFreeSpace(editor)
    const stopKeepingDrawable = keepShapesDrawable(editor)
    setEditor(editor)
    return () => {
      hideFromTests()
      stopRememberingCamera()
      stopNotesOnDoubleClick()
      stopPlacingImages()
      stopKeepingDrawable()
      setEditor(null)
    }
  }, [boardLang, boardId, role])

  let canvas
  if (storeWithStatus.status === 'loading') {
    canvas = <Notice text={status.kind === 'refused' ? refusalMessage(status.code, t) : t.board.loading} isError={status.kind === 'refused'} inline />
  } else if (storeWithStatus.status === 'error') {
    canvas = <Notice text={t.board.serverError} isError inline />
  } else {
    canvas = (
      <Tldraw
        store={storeWithStatus}
        user={session.tldrawUser}
        assetUrls={assetUrls}
        licenseKey={licenseKey}
        onMount={handleMount}
        autoFocus
        maxAssetSize={MAX_UPLOAD_BYTES}
        acceptedImageMimeTypes={ACCEPTED_IMAGE_TYPES}
        // No embeds: each would load a third party (YouTube, Google Maps, ...) in everyone's browser. Links become bookmarks.
        embeds={NO_EMBEDS}
        overrides={UI_OVERRIDES}
        components={COMPONENTS}
      >
        <AssetUploadToasts store={assets} />
        <PrivateMarks items={session.privateItems} />
        <BeforeTemplateSnapshotContext.Provider value={history?.beforeTemplate ?? NO_SNAPSHOT_BEFORE_TEMPLATE}>
          <TeamTemplatesContext.Provider value={teamTemplates}>
            <FacilitationLayer
              doc={session.doc}
              board={board}
              voter={session.voter}
              tools={board.role === 'facilitator' ? <PrivateModeToggle doc={session.doc} boardId={board.id} token={token} /> : undefined}
            />
          </TeamTemplatesContext.Provider>
        </BeforeTemplateSnapshotContext.Provider>
        <GestureLayer awareness={session.connection.awareness} presence={session.presence} doc={session.doc} board={board} />
      </Tldraw>
    )
  }

  return (
    <div className="board-page">
      <header className="board-header">
        <h1 className="board-title" data-testid="board-title-text">
          {board.title}
        </h1>
        {!session.canEdit && <span className="board-readonly">{t.board.readOnly}</span>}
        {schemaTrouble && (
          <p className="board-schema-notice" role="status" data-testid="board-schema-notice">
            {t.board.schemaTrouble}
          </p>
        )}
        {board.retentionDays !== undefined && board.role === 'facilitator' && <RetentionNotice days={board.retentionDays} />}
        <ConnectionBadge status={status} />
        {editor && <TextViewToggle open={textView.open} onToggle={textView.toggle} buttonRef={textView.button} />}
        <HeaderMenu>
          <PeopleList people={people} actions={(person) => (editor && !person.isSelf ? <FollowButton editor={editor} person={person} /> : null)} />
          {editor && history && (
            <HistoryPanel
              requests={history.requests}
              author={history.author}
              assets={assets}
              user={session.tldrawUser}
              onOpen={() => editor.blur()}
              // Focus goes back to the history button; tldraw's shortcuts work again as before the panel.
              onClose={() => editor.focus({ focusContainer: false })}
            />
          )}
          {board.gathering?.allowPeek && <PeekMenu gathering={board.gathering} boardId={board.id} token={token} />}
          {editor && <RunSheetToggle doc={session.doc} facilitator={board.role === 'facilitator'} open={runSheetOpen} onToggle={() => setRunSheetOpen((was) => !was)} buttonRef={runSheetButton} />}
          {editor && <ExportMenu editor={editor} doc={session.doc} boardTitle={board.title} boardLang={board.lang} />}
          <LanguageSwitcher />
        </HeaderMenu>
      </header>
      {board.gathering && <BroadcastBanner doc={session.doc} boardId={board.id} clock={clock} />}
      <RestoreNoticeBanner doc={session.doc} clock={clock} />
      <RunStepBanner doc={session.doc} />
      {board.role === 'participant' && <PrivateModeBanner doc={session.doc} items={session.privateItems} />}
      <div className="board-body">
        <main className="board-canvas">{canvas}</main>
        {editor && runSheetOpen && (
          <RunSheetPanel
            editor={editor}
            doc={session.doc}
            board={board}
            onClose={() => {
              setRunSheetOpen(false)
              runSheetButton.current?.focus()
            }}
          />
        )}
        {editor && textView.open && <TextView editor={editor} board={board} doc={session.doc} voter={session.voter} own={textView.own} headingRef={textView.heading} onClose={textView.close} />}
      </div>
    </div>
  )
}

/** A whole-page notice (loading, or why the board cannot open) or one in place of the canvas (`inline`). */
function Notice({ text, isError = false, inline = false }: { text: string; isError?: boolean; inline?: boolean }) {
  const { t } = useUiLanguage()
  const notice = (
    <div className={inline ? 'board-notice board-notice-inline' : 'board-notice'}>
      {!inline && <LanguageSwitcher className="ui-lang-corner" />}
      <p role={isError ? 'alert' : 'status'} data-testid={isError ? 'board-error' : 'board-loading'}>
        {text}
      </p>
      {isError && !inline && <a href="/">{t.board.goHome}</a>}
    </div>
  )
  return inline ? notice : <main>{notice}</main>
}
