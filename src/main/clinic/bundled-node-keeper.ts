import { BundledNode } from '../chain/node/bundled-node'
import type { App } from '../core/create-app'

/** Starts the bundled node (it is not running otherwise). */
export async function startBundledNode(app: App): Promise<BundledNode> {
  return BundledNode.start({
    chainDir: app.paths.chainDir,
    log: app.log,
    ...(app.config.launcher ? { launcher: app.config.launcher } : {})
  })
}

/** The node a process keeps running, while it is starting and once it runs. */
const kept = new WeakMap<App, Promise<BundledNode>>()

/**
 * Keeps the bundled node running for this process (the app or browser mode
 * while someone is logged in), so that the handshaker's drains, syncs and
 * status checks do not start a node each time: {@link connectLedger} uses
 * it. Starts it if needed (once, however many callers ask); a node that
 * died is started again on the next call.
 *
 * Only one process can run the node on a data dir: while a process keeps
 * it, CLI commands on the same data dir that need the ledger wait, then
 * fail (`UNAVAILABLE`).
 */
export function keepBundledNode(app: App): Promise<BundledNode> {
  let node = kept.get(app)
  if (!node) {
    node = startBundledNode(app)
    kept.set(app, node)
    node.then(
      (running) =>
        void running.exited.then(() => {
          if (kept.get(app) === node) kept.delete(app)
        }),
      () => {
        if (kept.get(app) === node) kept.delete(app)
      }
    )
  }
  return node
}

/** The kept node, once it runs (waiting for a start in progress); undefined when none is kept. */
export async function keptBundledNode(app: App): Promise<BundledNode | undefined> {
  const node = kept.get(app)
  if (!node) return undefined
  try {
    return await node
  } catch {
    return undefined
  }
}

/** Stops the kept node, if any (logout of the last session, app closing). */
export async function releaseBundledNode(app: App): Promise<void> {
  const node = kept.get(app)
  if (!node) return
  kept.delete(app)
  await node.then(
    (running) => running.stop(),
    () => undefined
  )
}
