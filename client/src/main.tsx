import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { prefetchBoardInfo } from './board/boardInfoPrefetch'
import { parseRoute } from './routes'

// Before the first render, so the answer arrives while the board page's code loads.
const route = parseRoute(window.location)
if (route.page === 'board' && route.token) prefetchBoardInfo(route.boardId, route.token)

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root element')
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
)
