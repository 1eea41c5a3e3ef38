import dayjs from 'dayjs'
import relativeTime from 'dayjs/plugin/relativeTime'

dayjs.extend(relativeTime)

/** `3 minutes ago`, or `never`. */
export function ago(iso: string | null, now: number = Date.now()): string {
  if (!iso) return 'never'
  // A time a moment ahead of this window's clock (the core's, or rounding) is "just now", not "in a few seconds".
  const then = dayjs(iso)
  return (then.isAfter(now) ? dayjs(now) : then).from(dayjs(now))
}

/** `2 Apr 1980` from `1980-04-02`. */
export function formatDate(isoDate: string): string {
  const day = dayjs(isoDate)
  return day.isValid() ? day.format('D MMM YYYY') : isoDate
}

/** `2 Apr 2026, 14:05`. */
export function formatDateTime(iso: string): string {
  const day = dayjs(iso)
  return day.isValid() ? day.format('D MMM YYYY, HH:mm') : iso
}

/** Whole years between a date of birth and now. */
export function ageOf(isoDate: string, now: number = Date.now()): number | null {
  const born = dayjs(isoDate)
  return born.isValid() ? dayjs(now).diff(born, 'year') : null
}
