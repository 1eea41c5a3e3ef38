import {
  Contract,
  JsonRpcProvider,
  Network,
  TypedDataEncoder,
  Wallet,
  type TypedDataDomain
} from 'ethers'
import { makeError } from '../../shared/errors'
import { LEDGER_ABI } from '../chain/ledger-artifact'
import { ledgerDomain } from '../chain/record-encoding'

export interface LedgerClientOptions {
  /** JSON-RPC URL: the bundled node's loopback URL or a remote node. */
  readonly url: string
  /** The chain id the ledger was deployed on; the node must agree. */
  readonly chainId: number
  readonly address: string
  /** The handshaker account's private key (a device secret). */
  readonly handshakerKey: string
  /** How often to poll for a receipt, in ms (small on the bundled node). */
  readonly pollMs?: number
}

/**
 * The handshaker's connection to its ledger: a provider tuned for a known
 * chain (no chain-id query per call, no request batching delay), the
 * handshaker's account, and the contract.
 */
export class LedgerClient {
  readonly provider: JsonRpcProvider
  readonly wallet: Wallet
  readonly ledger: Contract
  readonly domain: TypedDataDomain
  readonly chainId: number
  readonly address: string
  readonly pollMs: number

  private constructor(options: LedgerClientOptions, provider: JsonRpcProvider) {
    this.provider = provider
    this.wallet = new Wallet(options.handshakerKey, provider)
    this.ledger = new Contract(options.address, LEDGER_ABI, this.wallet)
    this.domain = ledgerDomain(options.chainId, options.address)
    this.chainId = options.chainId
    this.address = options.address
    this.pollMs = options.pollMs ?? 25
  }

  /**
   * Connects and checks, before anything is sent, that the node is on the
   * ledger's chain and that the address holds a MediBlock ledger whose
   * EIP-712 domain is the one records are signed for.
   */
  static async connect(options: LedgerClientOptions): Promise<LedgerClient> {
    const network = Network.from(options.chainId)
    const provider = new JsonRpcProvider(options.url, network, {
      staticNetwork: network,
      batchMaxCount: 1,
      cacheTimeout: -1
    })
    const client = new LedgerClient(options, provider)
    let remoteChainId: bigint
    try {
      remoteChainId = BigInt((await provider.send('eth_chainId', [])) as string)
    } catch (cause) {
      provider.destroy()
      throw makeError(`cannot reach the Ethereum node at ${options.url}`, 'UNAVAILABLE', {}, cause)
    }
    if (remoteChainId !== BigInt(options.chainId)) {
      provider.destroy()
      throw makeError(
        `the node is on chain ${remoteChainId}, but the ledger is on chain ${options.chainId}`,
        'CONFLICT'
      )
    }
    await client.#checkContract()
    return client
  }

  async #checkContract(): Promise<void> {
    const code = await this.provider.getCode(this.address)
    const fail = (why: string) => {
      this.provider.destroy()
      return makeError(`${this.address} is not this clinic's ledger: ${why}`, 'CONFLICT')
    }
    if (code === '0x') throw fail('no contract there')
    let separator: string
    try {
      separator = (await this.ledger.getFunction('domainSeparator')()) as string
    } catch {
      throw fail('it does not answer as a MediBlock ledger')
    }
    if (separator !== TypedDataEncoder.hashDomain(this.domain)) {
      throw fail('its EIP-712 domain differs')
    }
  }

  /** Closes the provider's connections. */
  destroy(): void {
    this.provider.destroy()
  }
}
