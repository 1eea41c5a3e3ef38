import { useIdle } from '@mantine/hooks'
import { useEffect } from 'react'
import { useStore } from '../state/store'

/** Input that counts as the user being here. */
const ACTIVITY_EVENTS = ['keydown', 'pointerdown', 'wheel', 'touchstart'] as const

/** Before the settings arrive, lock after this many minutes (the core's default). */
export const DEFAULT_AUTO_LOCK_MINUTES = 15

/**
 * Locks the session after the admin's idle time (settings' autoLockMinutes)
 * without input, and tells the core about input (throttled) so that its own
 * idle timer, which locks a silent session, agrees with this window's.
 */
export function useAutoLock(): void {
  const minutes = useStore((s) => s.settings?.autoLockMinutes ?? DEFAULT_AUTO_LOCK_MINUTES)
  const locked = useStore((s) => s.session?.locked ?? false)
  const lock = useStore((s) => s.lock)
  const reportActivity = useStore((s) => s.reportActivity)
  const idle = useIdle(minutes * 60_000, { initialState: false })

  useEffect(() => {
    if (idle && !locked) void lock().catch(() => undefined)
  }, [idle, locked, lock])

  useEffect(() => {
    const onInput = () => reportActivity()
    for (const event of ACTIVITY_EVENTS) window.addEventListener(event, onInput, { passive: true })
    return () => {
      for (const event of ACTIVITY_EVENTS) window.removeEventListener(event, onInput)
    }
  }, [reportActivity])
}
