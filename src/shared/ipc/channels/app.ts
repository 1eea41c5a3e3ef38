import { channel } from '../channel'
import { AppInfo, Diagnostics, Empty } from '../schemas'

/** The app itself: what it is, and how it runs. */
export const APP_CHANNELS = {
  'app:info': channel({
    summary: 'Version, data dir and what this workstation has configured.',
    access: 'public',
    request: Empty,
    response: AppInfo
  }),
  'app:diagnostics': channel({
    summary: 'Process, versions, memory and log location, for admins.',
    access: ['admin'],
    request: Empty,
    response: Diagnostics
  })
} as const
