import type { QueueItem, QueueList } from '../../../../../shared/ipc/schemas'

/** Where a record waits, in words. */
export const STAGE_WORDS: Record<QueueItem['stage'], string> = {
  ledger: 'the ledger',
  cloud: 'the cloud',
  rejected: 'nothing (refused)'
}

/** A record's state in the queue, in words. */
export const STATE_WORDS: Record<QueueItem['state'], string> = {
  queued: 'signed, not sent yet',
  submitted: 'sent, not mined yet',
  anchored: 'on chain',
  rejected: 'refused by the ledger'
}

/** Why a record waits or was refused, in words; null when nothing went wrong. */
export function whyText(item: QueueItem): string | null {
  if (item.rejection) {
    return `${item.rejection.explanation} (rule ${item.rejection.name})`
  }
  if (item.lastError) {
    const tries = item.attempts === 1 ? '1 failed try' : `${item.attempts} failed tries`
    return `${item.lastError} (${tries})`
  }
  return null
}

/** The queue's counts as a sentence. */
export function countsText({ counts }: QueueList): string {
  const ledger = counts.queued + counts.submitted
  return [
    `${ledger} waiting for the ledger (${counts.queued} not sent, ${counts.submitted} sent in ${counts.pendingBatches} batch${counts.pendingBatches === 1 ? '' : 'es'})`,
    `${counts.cloudBacklog} on chain waiting for the cloud`,
    `${counts.rejected} refused`,
    `${counts.synced} synced`
  ].join('; ')
}
