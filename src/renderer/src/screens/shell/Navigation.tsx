import { NavLink, Stack, Text } from '@mantine/core'
import type { Role } from '../../../../shared/roles'
import { canOpen, isClinical, type AdminSection, type Route } from '../../state/navigation-slice'
import { useStore } from '../../state/store'

interface Item {
  label: string
  route: Route
  /** Whether the current route belongs to this item. */
  active: (route: Route) => boolean
}

const ADMIN_LABELS: Record<AdminSection, string> = {
  users: 'Users and roles',
  templates: 'Templates',
  ledger: 'Ledger',
  cloud: 'Cloud database',
  queue: 'Queue',
  'security-log': 'Security log',
  settings: 'Settings'
}

/** What a role's navigation holds, in order. */
export function navigationFor(role: Role): { heading: string; items: Item[] }[] {
  const groups: { heading: string; items: Item[] }[] = []
  if (isClinical(role) || role === 'admin') {
    groups.push({
      heading: 'Clinic',
      items: [
        {
          label: 'Patients',
          route: { name: 'patients' },
          active: (r) => ['patients', 'patient', 'register-patient'].includes(r.name)
        }
      ]
    })
  }
  if (role === 'admin') {
    groups.push({
      heading: 'Administration',
      items: (Object.keys(ADMIN_LABELS) as AdminSection[]).map((section) => ({
        label: ADMIN_LABELS[section],
        route: { name: 'admin', section },
        active: (r) => r.name === 'admin' && r.section === section
      }))
    })
  }
  if (canOpen(role, { name: 'audit' })) {
    groups.push({
      heading: 'Audit',
      items: [{ label: 'Audit', route: { name: 'audit' }, active: (r) => r.name === 'audit' }]
    })
  }
  return groups
}

/** The side navigation: only what the logged-in role may open. */
export function Navigation({ role }: { role: Role }) {
  const route = useStore((s) => s.route)
  const navigate = useStore((s) => s.navigate)
  return (
    <Stack gap="md" component="nav" aria-label="Main">
      {navigationFor(role).map((group) => (
        <Stack gap={2} key={group.heading}>
          <Text size="xs" fw={700} tt="uppercase" c="dimmed" px="sm">
            {group.heading}
          </Text>
          {group.items.map((item) => {
            const active = item.active(route)
            return (
              <NavLink
                key={item.label}
                component="button"
                type="button"
                label={item.label}
                active={active}
                aria-current={active ? 'page' : undefined}
                onClick={() => navigate(item.route)}
              />
            )
          })}
        </Stack>
      ))}
    </Stack>
  )
}
