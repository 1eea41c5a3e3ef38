/** When to anchor the security log's head (the `auditLog.anchoring` setting). */
export interface AnchorPolicy {
  /** Anchor on its own at all (after drains and syncs); `mediblock audit anchor` always can. */
  readonly enabled: boolean
  /** Anchor once this many entries are not covered by an anchor. */
  readonly everyEntries: number
  /** Anchor once the oldest entry not covered by an anchor is this old. */
  readonly maxAgeMinutes: number
}

/** The log as the policy sees it. */
export interface LogState {
  /** Entries in the log. */
  readonly entries: number
  /** Entries covered by the last anchor sent (mined or not yet); 0 when none. */
  readonly anchored: number
  /** When the first entry after `anchored` was written; null when there is none. */
  readonly oldestUnanchoredAt: string | null
}

/** Whether to anchor now, and why, in words (for the logs and `audit anchor`). */
export type AnchorDecision =
  { readonly due: true; readonly why: string } | { readonly due: false; readonly why: string }

/**
 * Decides whether the head is due for an anchor: after every `everyEntries`
 * entries, so a busy workstation anchors often enough that little can be
 * rewritten unseen; or once the oldest unanchored entry is `maxAgeMinutes`
 * old, so a quiet one still anchors its last entries. Never when nothing is
 * new (each anchor is a transaction), never when disabled.
 */
export function anchorDecision(policy: AnchorPolicy, log: LogState, now: Date): AnchorDecision {
  const fresh = log.entries - log.anchored
  if (fresh <= 0) return { due: false, why: 'every entry is anchored' }
  if (!policy.enabled) return { due: false, why: 'anchoring on its own is off' }
  if (fresh >= policy.everyEntries) {
    return { due: true, why: `${fresh} entries unanchored (every ${policy.everyEntries})` }
  }
  const oldest = log.oldestUnanchoredAt === null ? NaN : Date.parse(log.oldestUnanchoredAt)
  const ageMinutes = (now.getTime() - oldest) / 60_000
  if (ageMinutes >= policy.maxAgeMinutes) {
    return {
      due: true,
      why: `the oldest unanchored entry is ${Math.floor(ageMinutes)} min old (at most ${policy.maxAgeMinutes})`
    }
  }
  // An unreadable time (an edited row) is not a reason to hold back: anchor.
  if (Number.isNaN(ageMinutes)) return { due: true, why: 'the oldest unanchored entry has no time' }
  return {
    due: false,
    why: `${fresh} of ${policy.everyEntries} entries, ${Math.floor(ageMinutes)} of ${policy.maxAgeMinutes} min`
  }
}
