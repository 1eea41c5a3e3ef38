import type { AdminSection } from '../../state/navigation-slice'
import { CloudScreen } from './cloud/CloudScreen'
import { LedgerScreen } from './ledger/LedgerScreen'
import { QueueScreen } from './queue/QueueScreen'
import { SecurityLogScreen } from './security-log/SecurityLogScreen'
import { SettingsScreen } from './settings/SettingsScreen'
import { TemplatesScreen } from './templates/TemplatesScreen'
import { UsersScreen } from './users/UsersScreen'

/** The admin sections, each its own screen against the core's channels. */
export function AdminScreen({ section }: { section: AdminSection }) {
  switch (section) {
    case 'users':
      return <UsersScreen />
    case 'templates':
      return <TemplatesScreen />
    case 'ledger':
      return <LedgerScreen />
    case 'cloud':
      return <CloudScreen />
    case 'queue':
      return <QueueScreen />
    case 'security-log':
      return <SecurityLogScreen />
    case 'settings':
      return <SettingsScreen />
  }
}
