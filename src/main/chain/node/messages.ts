/**
 * What the main process and the bundled-node process say to each other.
 * Configuration travels by message, never by argv or environment, so that
 * nothing about the chain shows in a process listing.
 */
export type ToNode =
  { type: 'start'; dbPath: string; chainId: number; port: number } | { type: 'stop' }

export type FromNode =
  | { type: 'ready'; port: number; blockNumber: number }
  | { type: 'error'; message: string }
  | { type: 'stopped' }
