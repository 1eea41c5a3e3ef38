import '@mantine/core/styles.css'
import '@mantine/dates/styles.css'
import '@mantine/notifications/styles.css'
import './app.css'
import { MantineProvider } from '@mantine/core'
import { Notifications } from '@mantine/notifications'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './App'
import { connect } from './client/connect'
import { messageOf } from './state/errors'
import { useStore } from './state/store'
import { theme } from './theme'

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')

try {
  void useStore.getState().start(connect())
} catch (error) {
  useStore.getState().fail(messageOf(error))
}

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <Notifications position="bottom-right" limit={4} />
      <App />
    </MantineProvider>
  </StrictMode>
)
