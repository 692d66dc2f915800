import { lazy, Suspense, useEffect } from 'react'
import { HomePage } from './home/HomePage'
import { LanguageSwitcher } from './i18n/LanguageSwitcher'
import { UiLanguageProvider, useUiLanguage } from './i18n/UiLanguage'
import { parseRoute } from './routes'

/** The board page carries tldraw (most of the bundle), so the front page loads without it. */
const BoardPage = lazy(() => import('./board/BoardPage'))
/** The overview carries Yjs and a sync connection per team board; loaded only on its route. */
const GatheringOverviewPage = lazy(() => import('./gatherings/GatheringOverviewPage'))

export function App() {
  return (
    <UiLanguageProvider>
      <Page />
    </UiLanguageProvider>
  )
}

function Page() {
  const route = parseRoute(window.location)
  const { t } = useUiLanguage()
  switch (route.page) {
    case 'home':
      return <HomePage />
    case 'board':
      return (
        <Suspense fallback={<Loading text={t.board.loading} />}>
          <BoardPage boardId={route.boardId} token={route.token} />
        </Suspense>
      )
    case 'gathering':
      return (
        <Suspense fallback={<Loading text={t.board.loading} />}>
          <GatheringOverviewPage gatheringId={route.gatheringId} token={route.token} />
        </Suspense>
      )
    case 'bad-board-link':
      return <Problem text={t.board.badRequest} linkText={t.board.goHome} />
    case 'not-found':
      return <Problem text={t.board.notFound} linkText={t.board.goHome} />
  }
}

function Loading({ text }: { text: string }) {
  return (
    <p className="app-loading" role="status">
      {text}
    </p>
  )
}

function Problem({ text, linkText }: { text: string; linkText: string }) {
  const { t } = useUiLanguage()
  useEffect(() => {
    document.title = t.appName
  }, [t.appName])
  return (
    <main style={{ fontFamily: 'system-ui, sans-serif', textAlign: 'center', marginTop: '20vh' }}>
      <LanguageSwitcher className="ui-lang-corner" />
      <p role="alert" data-testid="board-error">
        {text}
      </p>
      <a href="/">{linkText}</a>
    </main>
  )
}
