// Gas benchmark of the ledger (npm run bench:gas): gas per record at batch sizes 1, 16, 64
// and 256, beside a paper-style contract and pure Merkle anchoring. Real transactions on
// an in-process ganache (shanghai); gas per record = receipt.gasUsed / records, including
// the 21,000 base and the calldata. Prints a table, then one JSON object as the last line.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { ContractFactory, Wallet, concat, hexlify, id, randomBytes } from 'ethers'
import { ARTIFACTS_DIR } from '../../contracts/build-config.mjs'
import { CHAIN_ID, startChain } from './chain.mjs'
import { compileReference } from './compile.mjs'
import { signedRecord } from './records.mjs'

const SIZES = [1, 16, 64, 256]
const CLINICIANS = 4
// The vital-signs template's six validated attributes (resources/templates/vital-signs.json).
const VITALS_RULES = [
  [20, 250],
  [50, 260],
  [20, 160],
  [300, 450],
  [4, 60],
  [50, 100]
].map(([min, max], k) => ({ kind: 2, optional: k >= 4, min, max, codes: 0 }))
const VITALS = [72, 120, 80, 371, 16, 98]

async function deploy(signer, { abi, bytecode }, ...args) {
  const contract = await new ContractFactory(abi, bytecode, signer).deploy(...args)
  return contract.waitForDeployment()
}

async function benchLedger(provider) {
  const admin = await provider.getSigner(0)
  const handshaker = await provider.getSigner(1)
  const artifact = JSON.parse(readFileSync(join(ARTIFACTS_DIR, 'MediBlockLedger.json'), 'utf8'))
  const ledger = await deploy(admin, artifact, await admin.getAddress())
  await (
    await ledger.grantRole(await ledger.HANDSHAKER_ROLE(), await handshaker.getAddress())
  ).wait()
  const clinicians = Array.from(
    { length: CLINICIANS },
    () => new Wallet(Wallet.createRandom().privateKey)
  )
  for (const w of clinicians) await (await ledger.registerClinician(w.address, 2)).wait()
  await (await ledger.publishTemplate(1, 1, id('vital-signs'), 0b110, VITALS_RULES)).wait()
  const domain = {
    name: 'MediBlockLedger',
    version: '1',
    chainId: CHAIN_ID,
    verifyingContract: await ledger.getAddress()
  }
  const seqs = clinicians.map(() => 0)
  const asHandshaker = ledger.connect(handshaker)
  const batch = async (n) => {
    const records = Array.from({ length: n }, (_, i) => {
      const k = i % CLINICIANS
      seqs[k] += 1
      return signedRecord(clinicians[k], domain, {
        templateId: 1,
        templateVersion: 1,
        seq: seqs[k],
        values: VITALS
      })
    })
    const receipt = await (
      await asHandshaker.submitBatch(concat(records), { gasLimit: 30_000_000 })
    ).wait()
    const event = receipt.logs
      .map((l) => ledger.interface.parseLog(l))
      .find((e) => e?.name === 'BatchAnchored')
    // Every record must be accepted, or the figure would not be a validated record's cost.
    if (Number(event.args.accepted) !== n)
      throw new Error(`only ${event.args.accepted} of ${n} accepted`)
    return Number(receipt.gasUsed)
  }
  // Warm-up: the first batch creates the counters' slots; measure a steady-state ledger.
  await batch(16)
  const out = {}
  for (const n of SIZES) out[n] = Math.round((await batch(n)) / n)
  return out
}

async function benchPaperStyle(provider) {
  const signer = await provider.getSigner(2)
  const paper = await deploy(signer, compileReference('PaperStyleRecords'))
  const comment = 'x'.repeat(200)
  let total = 0
  const runs = 8
  for (let i = 0; i < runs; i++) {
    const tx = await paper.storeRecord(
      randomBytes(16),
      1,
      hexlify(randomBytes(32)),
      [72, 120, 80, 371, 16, 98, 754, 3, 0],
      comment
    )
    total += Number((await tx.wait()).gasUsed)
  }
  return Math.round(total / runs)
}

async function benchMerkle(provider) {
  const signer = await provider.getSigner(3)
  const anchor = await deploy(signer, compileReference('MerkleAnchor'))
  await (await anchor.anchor(hexlify(randomBytes(32)), 1)).wait() // warm-up, as for the ledger
  const out = {}
  for (const n of SIZES) {
    const gas = Number((await (await anchor.anchor(hexlify(randomBytes(32)), n)).wait()).gasUsed)
    out[n] = Math.round(gas / n)
  }
  return out
}

const { provider, stop } = await startChain()
try {
  const ledger = await benchLedger(provider)
  const paper = await benchPaperStyle(provider)
  const merkle = await benchMerkle(provider)
  const fmt = (v) => String(v.toLocaleString('en-US')).padStart(10)
  console.log(
    `Gas per record (${CLINICIANS} clinicians round-robin, vital signs: 6 rules, all valid)`
  )
  console.log(
    `${'batch'.padEnd(8)}${'ledger'.padStart(10)}${'merkle'.padStart(10)}${'paper'.padStart(10)}${'paper/ledger'.padStart(14)}`
  )
  for (const n of SIZES) {
    console.log(
      `${String(n).padEnd(8)}${fmt(ledger[n])}${fmt(merkle[n])}${fmt(paper)}${(paper / ledger[n]).toFixed(1).padStart(14)}`
    )
  }
  const result = {
    date: new Date().toISOString().slice(0, 10),
    unit: 'gas per record',
    clinicians: CLINICIANS,
    ledger,
    merkleAnchor: merkle,
    paperStyle: paper,
    ratios: {
      paperOverLedger64: Number((paper / ledger[64]).toFixed(1)),
      ledgerOverMerkle64: Number((ledger[64] / merkle[64]).toFixed(1)),
      goal64: 7000,
      ledger64OverGoal: Number((ledger[64] / 7000).toFixed(2))
    }
  }
  console.log(JSON.stringify(result))
} finally {
  await stop()
}
