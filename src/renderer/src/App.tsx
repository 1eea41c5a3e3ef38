import { FirstRunScreen } from './screens/first-run/FirstRunScreen'
import { LoginScreen } from './screens/login/LoginScreen'
import { Shell } from './screens/shell/Shell'
import { LoadingScreen, MessageScreen } from './screens/StatusScreen'
import { useStore } from './state/store'

/** Chooses the screen for the app's current phase: first run, login, or the app. */
export function App() {
  const phase = useStore((s) => s.phase)
  const info = useStore((s) => s.info)
  const failure = useStore((s) => s.failure)
  const loggedIn = useStore((s) => Boolean(s.session?.user))

  if (phase === 'loading') return <LoadingScreen />
  if (phase === 'closed') {
    return (
      <MessageScreen
        color="gray"
        title="MediBlock has stopped"
        message="The MediBlock process on this workstation was stopped. Start it again to continue."
      />
    )
  }
  if (phase === 'failed' || !info) {
    return (
      <MessageScreen
        color="red"
        title="MediBlock cannot start"
        message={failure ?? 'Unknown error.'}
      />
    )
  }
  if (!info.clinic) return <FirstRunScreen info={info} />
  if (!loggedIn) return <LoginScreen />
  return <Shell />
}
