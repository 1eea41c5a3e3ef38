import { entryHash, GENESIS_HASH, type AuditEntry } from './audit-log'

/** A `LogAnchored` event of this workstation's handshaker, as read from the chain. */
export interface ChainLogAnchor {
  /** The log had this many entries; `head` is the hash of the last. */
  readonly entries: number
  readonly head: string
  readonly blockNumber: number
  readonly txHash: string
}

/** What is wrong with a run of entries. */
export type LogSpanKind =
  /** An entry's content does not hash to the hash stored with it: edited in place. */
  | 'altered'
  /** An entry does not link to the one before it: that one was rewritten (and rehashed) or removed. */
  | 'relinked'
  /** Entries are gone: numbers skipped, or the log ends before an anchor's entry. */
  | 'missing'
  /** The entries since the last matching anchor are not those the chain anchored: rewritten and rehashed, or rolled back. */
  | 'not-as-anchored'

/** Entries `from`..`to` (inclusive) and what is wrong with them. */
export interface LogSpan {
  readonly from: number
  readonly to: number
  readonly kind: LogSpanKind
  readonly detail: string
}

/** One anchor checked against the local entry at its position. */
export interface AnchorCheck extends ChainLogAnchor {
  readonly matches: boolean
  /** The hash the local log holds at that position; null when it has no such entry. */
  readonly found: string | null
}

/** The outcome of {@link checkSecurityLog}: `mediblock audit log --verify --json`. */
export interface SecurityLogCheck {
  /** The hash chain holds and every anchor on chain matches. */
  readonly ok: boolean
  /** Entries in the log, and the last one's number and hash. */
  readonly entries: number
  readonly lastSeq: number
  readonly head: string | null
  readonly broken: LogSpan[]
  readonly anchors: AnchorCheck[]
  /**
   * Entries 1..anchoredThrough are proven as they were when anchored: the
   * chain up to there is intact and ends in a head the ledger holds.
   */
  readonly anchoredThrough: number
  /** Entries no anchor covers yet: nothing proves they existed, as they are, before now. */
  readonly unanchored: { readonly from: number; readonly to: number } | null
}

/** Adds a span, merging it into the last one when it continues it with the same kind. */
function push(spans: LogSpan[], span: LogSpan): void {
  const last = spans.at(-1)
  if (last && last.kind === span.kind && last.to + 1 >= span.from) {
    spans[spans.length - 1] = { ...last, to: Math.max(last.to, span.to) }
  } else {
    spans.push(span)
  }
}

/**
 * Checks the security log two ways. Locally: every entry's hash is re-derived
 * and every link to the entry before it checked, which finds any entry
 * edited or removed by someone who did not rewrite the hashes after it.
 * Against the chain: each head the handshaker anchored must be the hash of
 * the local entry at that position, which finds a log rewritten hashes and
 * all, truncated, or rolled back to a copy; the entries up to a matching
 * anchor over an intact chain are exactly those that existed when it was
 * mined. Entries after the last anchor are proven by nothing but the local
 * chain; the answer names them. `entries` is read once, in order.
 */
export function checkSecurityLog(
  entries: Iterable<AuditEntry>,
  anchors: readonly ChainLogAnchor[]
): SecurityLogCheck {
  const byPosition = new Map<number, ChainLogAnchor[]>()
  for (const a of anchors) byPosition.set(a.entries, [...(byPosition.get(a.entries) ?? []), a])
  const checked: AnchorCheck[] = []
  const broken: LogSpan[] = []
  let firstBreak = Infinity
  let expected = 1
  let prev = GENESIS_HASH
  let count = 0
  let head: string | null = null
  const breakAt = (span: LogSpan) => {
    push(broken, span)
    firstBreak = Math.min(firstBreak, span.from)
  }
  for (const entry of entries) {
    count++
    if (entry.seq > expected) {
      breakAt({
        from: expected,
        to: entry.seq - 1,
        kind: 'missing',
        detail: 'these entries are not in the log'
      })
    } else if (entry.prevHash !== prev) {
      breakAt({
        from: entry.seq,
        to: entry.seq,
        kind: 'relinked',
        detail: 'the entry before it is not the one it was chained to (rewritten, or removed)'
      })
    }
    if (entryHash(entry) !== entry.hash) {
      breakAt({
        from: entry.seq,
        to: entry.seq,
        kind: 'altered',
        detail: 'its content does not hash to its stored hash (edited)'
      })
    }
    for (const anchor of byPosition.get(entry.seq) ?? []) {
      checked.push({ ...anchor, matches: anchor.head === entry.hash, found: entry.hash })
    }
    byPosition.delete(entry.seq)
    prev = entry.hash
    head = entry.hash
    expected = entry.seq + 1
  }
  const lastSeq = expected - 1
  for (const list of byPosition.values()) {
    for (const anchor of list) checked.push({ ...anchor, matches: false, found: null })
  }
  checked.sort((a, b) => a.entries - b.entries || a.blockNumber - b.blockNumber)

  // Where anchors disagree with the log: since the last anchor that agrees, before it.
  let agreed = 0
  for (const anchor of checked) {
    if (anchor.matches) {
      agreed = Math.max(agreed, anchor.entries)
      continue
    }
    const where = `block ${anchor.blockNumber} (tx ${anchor.txHash})`
    const span: LogSpan =
      anchor.found === null
        ? {
            from: lastSeq + 1,
            to: anchor.entries,
            kind: 'missing',
            detail: `the log ends at ${lastSeq}, but the ledger holds a head for ${anchor.entries} entries from ${where}: removed from the end`
          }
        : {
            from: agreed + 1,
            to: anchor.entries,
            kind: 'not-as-anchored',
            detail: `entry ${anchor.entries} is not the one anchored in ${where}: entries since ${agreed > 0 ? `the last matching anchor (${agreed})` : 'the first'} were rewritten, or the log was rolled back`
          }
    breakAt(span)
  }
  broken.sort((a, b) => a.from - b.from || a.to - b.to)
  const anchoredThrough = Math.max(
    0,
    ...checked.filter((a) => a.matches && a.entries < firstBreak).map((a) => a.entries)
  )
  return {
    ok: broken.length === 0,
    entries: count,
    lastSeq,
    head,
    broken,
    anchors: checked,
    anchoredThrough,
    unanchored: anchoredThrough < lastSeq ? { from: anchoredThrough + 1, to: lastSeq } : null
  }
}
