import '@mantine/core/styles.css'
import { createTheme, MantineProvider } from '@mantine/core'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { isError } from '../../shared/errors'
import { App } from './App'
import { connect } from './client/connect'
import { useStore } from './state/store'

const theme = createTheme({ primaryColor: 'teal', defaultRadius: 'md' })

const root = document.getElementById('root')
if (!root) throw new Error('index.html has no #root')

try {
  void useStore.getState().start(connect())
} catch (error) {
  useStore.getState().fail(isError(error) ? error.message : String(error))
}

createRoot(root).render(
  <StrictMode>
    <MantineProvider theme={theme}>
      <App />
    </MantineProvider>
  </StrictMode>
)
