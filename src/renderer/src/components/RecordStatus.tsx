import { Badge, Box, Tooltip, VisuallyHidden } from '@mantine/core'
import { useInViewport } from '@mantine/hooks'
import { useEffect } from 'react'
import type { Badge as VerificationState, RecordState } from '../../../shared/ipc/schemas'
import type { Timeline } from '../state/records-slice'
import { useStore } from '../state/store'

/** A record's life in words a clinician reads at a glance, with a colour. */
export const STATE_WORDS: Record<RecordState, { label: string; color: string; hint: string }> = {
  queued: {
    label: 'Queued (offline)',
    color: 'orange',
    hint: 'Signed and kept on this workstation; it goes to the ledger when the node answers.'
  },
  submitted: {
    label: 'Sending to the ledger',
    color: 'blue',
    hint: 'Sent in a batch; waiting for the block and its confirmations.'
  },
  anchored: {
    label: 'On chain',
    color: 'teal',
    hint: 'The ledger accepted it; it goes to the cloud database next.'
  },
  rejected: {
    label: 'Rejected',
    color: 'red',
    hint: 'The ledger refused it: see why below. A correction is a new record.'
  },
  synced: {
    label: 'On chain, synced',
    color: 'green',
    hint: 'Accepted by the ledger and stored in the cloud database.'
  }
}

/** Where a record is in its life: queued, sending, on chain, rejected, synced. */
export function RecordStateBadge({ state }: { state: RecordState }) {
  const words = STATE_WORDS[state]
  return (
    <Tooltip label={words.hint} multiline w={280}>
      <Badge color={words.color} variant="light" data-state={state} tabIndex={0}>
        {words.label}
      </Badge>
    </Tooltip>
  )
}

/** What the audit found wrong with a record, in words a clinician or an auditor reads. */
export const PROBLEM_WORDS: Record<string, string> = {
  modified: 'changed in the cloud',
  deleted: 'missing from the cloud',
  forged: 'not on the ledger (forged)',
  'rejected-stored': 'refused by the ledger, yet stored',
  'patient-swapped': 'moved to another patient',
  replayed: 'a copy of another record',
  undecryptable: 'cannot be decrypted'
}

/** A problem kind in words (an unknown kind as the core named it). */
export function problemWords(kind: string): string {
  return PROBLEM_WORDS[kind] ?? kind
}

/** tid → state for each timeline object, built once per change of the timelines. */
const statesByTimelines = new WeakMap<Record<string, Timeline>, Map<string, RecordState>>()

function stateOf(timelines: Record<string, Timeline>, tid: string): RecordState | null {
  let states = statesByTimelines.get(timelines)
  if (!states) {
    states = new Map()
    for (const timeline of Object.values(timelines)) {
      for (const item of timeline.items) states.set(item.tid, item.state)
    }
    statesByTimelines.set(timelines, states)
  }
  return states.get(tid) ?? null
}

/**
 * Whether the cloud copy was checked against the chain: verified, a problem
 * named (in words; the detail in a tooltip, and read out with the name), or
 * pending. With `tid`, a record on chain is checked again when it is shown
 * on screen (`records:verify`, throttled by the audit slice): a badge from an earlier
 * look may no longer hold, since the cloud can change behind the app's back.
 * A check that failed is asked again while the badge stays on screen.
 */
export function VerificationBadge({ badge, tid }: { badge: VerificationState; tid?: string }) {
  const state = useStore((s) => (tid ? stateOf(s.timelines, tid) : null))
  const checked = useStore((s) => (tid ? s.badges[tid] : undefined))
  const checkBadge = useStore((s) => s.checkBadge)
  // Bumped when a check failed and is due again: asked again while on screen.
  const retry = useStore((s) => (tid ? s.badgeRetries[tid] : undefined))
  // "Shown" means on screen: a long timeline does not ask for a hundred checks at once.
  const { ref, inViewport } = useInViewport()
  useEffect(() => {
    if (tid && state && inViewport) checkBadge(tid, state)
  }, [tid, state, inViewport, retry, checkBadge])

  return (
    <Box component="span" ref={ref} display="inline-flex">
      <BadgeFor shown={checked ?? badge} />
    </Box>
  )
}

function BadgeFor({ shown }: { shown: VerificationState }) {
  switch (shown.state) {
    case 'unknown':
      return null
    case 'pending':
      return (
        <Tooltip label={shown.detail} multiline w={280} events={TOOLTIP_EVENTS}>
          <Badge color="gray" variant="outline" data-verification="pending" tabIndex={0}>
            Verification pending
            <VisuallyHidden>. {shown.detail}</VisuallyHidden>
          </Badge>
        </Tooltip>
      )
    case 'verified':
      return (
        <Badge color="green" variant="outline" data-verification="verified">
          Verified
        </Badge>
      )
    case 'problem':
      return (
        <Tooltip label={shown.detail} multiline w={320} events={TOOLTIP_EVENTS}>
          <Badge
            color="red"
            variant="filled"
            data-verification="problem"
            data-kind={shown.kind}
            tabIndex={0}
          >
            Problem found: {problemWords(shown.kind)}
            <VisuallyHidden>. {shown.detail}</VisuallyHidden>
          </Badge>
        </Tooltip>
      )
  }
}

/** Tooltips open on keyboard focus too, not only on hover. */
const TOOLTIP_EVENTS = { hover: true, focus: true, touch: true }
