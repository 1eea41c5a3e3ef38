import { AppShell, Badge, Button, Group, Text, Title, UnstyledButton } from '@mantine/core'
import { notifications } from '@mantine/notifications'
import { useAutoLock } from '../../hooks/use-auto-lock'
import { ROLE_LABELS } from '../../components/roles'
import { messageOf } from '../../state/errors'
import { useStore } from '../../state/store'
import { LockOverlay } from '../login/LockOverlay'
import { Navigation } from './Navigation'
import { RouteView } from './RouteView'
import { StatusBar } from './StatusBar'

/**
 * The logged-in app: header with who is here, navigation by role, the
 * current screen, and the status bar. While the session is locked the shell
 * stays mounted but inert under the lock overlay.
 */
export function Shell() {
  const user = useStore((s) => s.session?.user)
  const locked = useStore((s) => s.session?.locked ?? false)
  const clinic = useStore((s) => s.info?.clinic?.name)
  const lock = useStore((s) => s.lock)
  const logout = useStore((s) => s.logout)
  useAutoLock()

  if (!user) return null

  const run = (action: () => Promise<void>) => () => {
    action().catch((error: unknown) =>
      notifications.show({ color: 'red', title: 'That did not work', message: messageOf(error) })
    )
  }

  // Keyboard users jump past the header and the navigation to the screen itself.
  const skipToScreen = () => document.getElementById('screen')?.focus()

  return (
    <>
      <UnstyledButton className="skip-link" onClick={skipToScreen} inert={locked}>
        Skip to the screen
      </UnstyledButton>
      <AppShell
        header={{ height: 56 }}
        navbar={{ width: 220, breakpoint: 0 }}
        footer={{ height: 40 }}
        padding="md"
        inert={locked}
        aria-hidden={locked || undefined}
      >
        <AppShell.Header>
          <Group h="100%" px="md" justify="space-between" wrap="nowrap">
            <Group gap="sm" wrap="nowrap">
              <Title order={2} size="h4">
                MediBlock
              </Title>
              {clinic && (
                <Text c="dimmed" size="sm" truncate="end">
                  {clinic}
                </Text>
              )}
            </Group>
            <Group gap="sm" wrap="nowrap">
              <Text size="sm" data-testid="current-user">
                {user.displayName}
              </Text>
              <Badge variant="light">{ROLE_LABELS[user.role]}</Badge>
              <Button variant="default" size="xs" onClick={run(lock)}>
                Lock
              </Button>
              <Button variant="default" size="xs" onClick={run(logout)}>
                Log out
              </Button>
            </Group>
          </Group>
        </AppShell.Header>
        <AppShell.Navbar p="xs">
          <Navigation role={user.role} />
        </AppShell.Navbar>
        <AppShell.Main id="screen" tabIndex={-1} style={{ outline: 'none' }}>
          <RouteView role={user.role} />
        </AppShell.Main>
        <AppShell.Footer aria-label="Workstation status">
          <StatusBar />
        </AppShell.Footer>
      </AppShell>
      <LockOverlay />
    </>
  )
}
