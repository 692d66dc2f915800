import { lazy, Suspense } from 'react'
import { browserLang, messages } from './i18n/messages'
import { HomePage } from './home/HomePage'
import { parseRoute } from './routes'

/** The board page carries tldraw (most of the bundle), so the front page loads without it. */
const BoardPage = lazy(() => import('./board/BoardPage'))
/** The overview carries Yjs and a sync connection per team board; loaded only on its route. */
const GatheringOverviewPage = lazy(() => import('./gatherings/GatheringOverviewPage'))

export function App() {
  const route = parseRoute(window.location)
  const t = messages(browserLang())
  switch (route.page) {
    case 'home':
      return <HomePage />
    case 'board':
      return (
        <Suspense fallback={<p className="app-loading">{t.board.loading}</p>}>
          <BoardPage boardId={route.boardId} token={route.token} />
        </Suspense>
      )
    case 'gathering':
      return (
        <Suspense fallback={<p className="app-loading">{t.board.loading}</p>}>
          <GatheringOverviewPage gatheringId={route.gatheringId} token={route.token} />
        </Suspense>
      )
    case 'bad-board-link':
      return <Problem text={t.board.badRequest} linkText={t.board.goHome} />
    case 'not-found':
      return <Problem text={t.board.notFound} linkText={t.board.goHome} />
  }
}

function Problem({ text, linkText }: { text: string; linkText: string }) {
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', textAlign: 'center', marginTop: '20vh' }}>
      <p role="alert" data-testid="board-error">
        {text}
      </p>
      <a href="/">{linkText}</a>
    </main>
  )
}
