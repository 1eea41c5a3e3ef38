// Gas profile of one ledger batch (node bench/gas/profile.mjs [N]): gas by opcode from
// debug_traceTransaction, after a warm-up batch, four clinicians, vital signs. SEQ=1 also
// prints the opcodes of one record's iteration (between two ecrecover calls).
import { readFileSync } from 'node:fs'
import { ContractFactory, Wallet, concat, id, getBytes } from 'ethers'
import { startChain, CHAIN_ID } from './chain.mjs'
import { signedRecord } from './records.mjs'
const N = Number(process.argv[2] ?? 64)
const artifact = JSON.parse(
  readFileSync('/work/main/contracts/artifacts/MediBlockLedger.json', 'utf8')
)
const { provider, stop } = await startChain()
const admin = await provider.getSigner(0),
  hs = await provider.getSigner(1)
const ledger = await (
  await new ContractFactory(artifact.abi, artifact.bytecode, admin).deploy(await admin.getAddress())
).waitForDeployment()
await (await ledger.grantRole(await ledger.HANDSHAKER_ROLE(), await hs.getAddress())).wait()
const cl = Array.from({ length: 4 }, () => new Wallet(Wallet.createRandom().privateKey))
for (const w of cl) await (await ledger.registerClinician(w.address, 2)).wait()
const R = [
  [20, 250],
  [50, 260],
  [20, 160],
  [300, 450],
  [4, 60],
  [50, 100]
].map(([min, max], k) => ({ kind: 2, optional: k >= 4, min, max, codes: 0 }))
await (await ledger.publishTemplate(1, 1, id('vital-signs'), 0b110, R)).wait()
const domain = {
  name: 'MediBlockLedger',
  version: '1',
  chainId: CHAIN_ID,
  verifyingContract: await ledger.getAddress()
}
const seqs = [0, 0, 0, 0]
const mk = (n) =>
  concat(
    Array.from({ length: n }, (_, i) => {
      const k = i % 4
      seqs[k]++
      return signedRecord(cl[k], domain, {
        templateId: 1,
        templateVersion: 1,
        seq: seqs[k],
        values: [72, 120, 80, 371, 16, 98]
      })
    })
  )
const L = ledger.connect(hs)
await (await L.submitBatch(mk(16), { gasLimit: 30_000_000 })).wait()
const data = mk(N)
const tx = await L.submitBatch(data, { gasLimit: 30_000_000 })
const rc = await tx.wait()
for (const l of rc.logs) {
  const e = ledger.interface.parseLog(l)
  if (e) console.log(e.name, e.args.accepted, e.args.outcomes)
}
const input = getBytes(tx.data)
let cd = 0
for (const b of input) cd += b ? 16 : 4
const trace = await provider.send('debug_traceTransaction', [
  tx.hash,
  { disableStorage: true, disableMemory: true, disableStack: true }
])
const byOp = {}
let exec = 0
for (const s of trace.structLogs) {
  const o = (byOp[s.op] ??= { n: 0, gas: 0 })
  o.n++
  o.gas += s.gasCost
  exec += s.gasCost
}
const rows = Object.entries(byOp).sort((a, b) => b[1].gas - a[1].gas)
console.log(
  `N=${N} gasUsed=${rc.gasUsed} perRecord=${Number(rc.gasUsed) / N} calldata=${cd} (${(cd / N).toFixed(0)}/rec) traceSum=${exec}`
)
for (const [op, o] of rows)
  console.log(
    op.padEnd(14),
    String(o.n).padStart(6),
    String(o.gas).padStart(8),
    (o.gas / N).toFixed(1).padStart(8)
  )
if (process.env.SEQ) {
  const L = trace.structLogs
  const idx = L.map((s, i) => (s.op === 'STATICCALL' ? i : -1)).filter((i) => i >= 0)
  const a = idx[10],
    b = idx[11]
  let g = 0
  for (let i = a; i < b; i++) {
    g += L[i].gasCost
    console.log(L[i].pc, L[i].op, L[i].gasCost)
  }
  console.log('ops', b - a, 'gas', g)
}
await stop()
