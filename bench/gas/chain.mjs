// An in-process ganache (shanghai) behind ethers, for the gas benchmark.
import ganache from 'ganache'
import { BrowserProvider } from 'ethers'

export const CHAIN_ID = 1337

/** Starts ganache in-process; answers the provider and a disposer. */
export async function startChain() {
  const eip1193 = ganache.provider({
    chain: { chainId: CHAIN_ID, hardfork: 'shanghai' },
    logging: { quiet: true },
    miner: { blockGasLimit: 60_000_000 },
    wallet: { deterministic: true, totalAccounts: 4, defaultBalance: 1_000_000 }
  })
  // staticNetwork: no chain-id query per call; ethers' 10 ms request batching is bypassed
  // by BrowserProvider, which sends each request as it comes.
  const provider = new BrowserProvider(eip1193, CHAIN_ID, { staticNetwork: true })
  return { provider, stop: () => eip1193.disconnect() }
}
