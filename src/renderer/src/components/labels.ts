import type { AppInfo } from '../../../shared/ipc/schemas'

/** Where the renderer runs, in words. */
export const FACE_LABELS: Record<AppInfo['face'], string> = {
  electron: 'desktop app',
  browser: 'browser mode',
  cli: 'command line'
}

export const LEDGER_LABELS: Record<AppInfo['ledger']['kind'], string> = {
  none: 'Not set up',
  bundled: 'Bundled node on this workstation',
  remote: 'Remote node'
}

export const CLOUD_LABELS: Record<AppInfo['cloud']['engine'], string> = {
  sqlite: 'Embedded SQLite file (a stand-in for a real cloud database)',
  postgres: 'PostgreSQL',
  mysql: 'MySQL / MariaDB',
  'data-api': 'Aurora (RDS Data API)'
}
