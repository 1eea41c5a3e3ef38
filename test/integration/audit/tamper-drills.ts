import { randomBytes } from 'node:crypto'
import { Wallet } from 'ethers'
import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { restoreProblems } from '../../../src/main/audit/restore'
import { verifyCloud, type AuditProblem } from '../../../src/main/audit/verify-cloud'
import { batchTree } from '../../../src/main/chain/merkle'
import { recordDigest, type SignedRecord } from '../../../src/main/chain/record-encoding'
import { CloudStore } from '../../../src/main/cloud/cloud-store'
import type { CloudDatabase, RecordsTable } from '../../../src/main/cloud/schema/tables'
import { cloudRecordRow } from '../../../src/main/sync/cloud-rows'
import { anchoredClinic, type AnchoredClinic } from './anchored-clinic'
import type { EngineDatabase, EngineHarness } from '../cloud/engine-harness'

/** Thousands of clean records, a handful tampered with: no false positive may hide among them. */
const RECORDS = 2_000

type Row = RecordsTable

async function rowOf(db: Kysely<CloudDatabase>, tid: string): Promise<Row> {
  const row = await db.selectFrom('records').selectAll().where('tid', '=', tid).executeTakeFirst()
  if (!row) throw new Error(`no cloud row ${tid}`)
  return { ...row, payload: Buffer.from(row.payload) }
}

async function nextSeq(db: Kysely<CloudDatabase>): Promise<number> {
  const high = await db
    .selectFrom('records')
    .select((eb) => eb.fn.max('cloud_seq').as('high'))
    .executeTakeFirst()
  return Number(high?.high ?? 0) + 1
}

/** Everything of `row` but its identity and place: what a replay copies. */
function content(row: Row): Omit<Row, 'tid' | 'cloud_seq'> {
  const { tid: _tid, cloud_seq: _seq, ...rest } = row
  return rest
}

/**
 * Tamper drills for one cloud engine: a clinic's records anchored on a real
 * ledger and written to the engine's cloud database verify without a single
 * false positive; then each kind of tampering an attacker with write access
 * to the database could do is done to its own record, and `verifyCloud`
 * must name exactly those records with exactly the right kinds; `restore`
 * must bring the database back to a state that verifies.
 */
export function describeTamperDrills(harness: () => EngineHarness): void {
  describe('tamper drills', () => {
    let clinic: AnchoredClinic
    beforeAll(async () => {
      clinic = await anchoredClinic(RECORDS)
    }, 300_000)
    afterAll(() => clinic?.close())

    const audit = (cloud: CloudStore) =>
      verifyCloud({
        scan: clinic.scan,
        cloud,
        secrets: clinic.secrets,
        chainId: clinic.context.chainId,
        ledgerAddress: clinic.context.ledgerAddress
      })

    it('names every altered, deleted, forged, replayed, moved or relabelled record, and restore repairs them', async () => {
      const database: EngineDatabase = await harness().fresh()
      const cloud = await CloudStore.open(database.settings, database.credentials, {
        sqlitePath: database.sqlitePath,
        workstationId: clinic.context.workstationId
      })
      const raw = await database.raw()
      try {
        await cloud.migrate()
        await clinic.pushTo(cloud)
        const accepted = clinic.tids.filter((t) => !clinic.refused.includes(t))

        // Clean: every accepted record verifies; nothing is named.
        const clean = await audit(cloud)
        expect(clean).toEqual({ checked: accepted.length, verified: accepted.length, problems: [] })

        const pick = (i: number) => accepted[i * 97]!
        const expected: { tid: string; kind: AuditProblem['kind'] }[] = []
        const db = raw.db
        const update = (tid: string, set: Partial<Row>) =>
          db.updateTable('records').set(set).where('tid', '=', tid).execute()

        // 1. A value altered: the clinician's sequence number.
        const altered = pick(0)
        await update(altered, { clinician_seq: (await rowOf(db, altered)).clinician_seq + 1000 })
        expected.push({ tid: altered, kind: 'modified' })

        // 2. The ciphertext altered: one byte of the payload flipped.
        const flipped = pick(1)
        const payload = Buffer.from((await rowOf(db, flipped)).payload)
        payload[payload.length >> 1]! ^= 0x01
        await update(flipped, { payload })
        expected.push({ tid: flipped, kind: 'undecryptable' })

        // 3. A row deleted.
        const deleted = pick(2)
        await db.deleteFrom('records').where('tid', '=', deleted).execute()
        expected.push({ tid: deleted, kind: 'deleted' })

        // 4. A forged row: a real row's content under a tid no batch anchors.
        const forgedTid = `0x${randomBytes(16).toString('hex')}`
        await db
          .insertInto('records')
          .values({
            ...content(await rowOf(db, pick(3))),
            tid: forgedTid,
            cloud_seq: await nextSeq(db)
          })
          .execute()
        expected.push({ tid: forgedTid, kind: 'forged' })

        // 5. An older record replayed over a newer one (same patient, same clinician).
        const older = accepted[5 * 97]!
        const newer = accepted.find(
          (t, i) => i > 5 * 97 && (clinic.tids.indexOf(t) - clinic.tids.indexOf(older)) % 120 === 0
        )!
        await update(newer, content(await rowOf(db, older)))
        expected.push({ tid: newer, kind: 'replayed' })

        // 6. A row anchored on another ledger (a copy of this one's) passed off as this ledger's.
        const otherLedger = pick(6)
        await update(otherLedger, { ledger_address: Wallet.createRandom().address.toLowerCase() })
        expected.push({ tid: otherLedger, kind: 'replayed' })

        // 7. A record moved to another patient: the row's pseudonym only, …
        const moved = pick(7)
        const elsewhere = (await rowOf(db, pick(8))).patient_pseudonym
        await update(moved, { patient_pseudonym: elsewhere })
        expected.push({ tid: moved, kind: 'patient-swapped' })
        // … and consistently, the signed record's patient too.
        const movedFully = pick(9)
        const full = await rowOf(db, movedFully)
        const signed = JSON.parse(full.chain_record) as Record<string, unknown>
        await update(movedFully, {
          patient_pseudonym: elsewhere,
          chain_record: JSON.stringify({ ...signed, patient: elsewhere.slice(0, 34) })
        })
        expected.push({ tid: movedFully, kind: 'patient-swapped' })

        // 8. A record the ledger refused, stored as valid, with a proof forged to match.
        const refused = clinic.refused[0]!
        const own = clinic.store.sync.outgoing(refused)!
        const relabelled = cloudRecordRow({ ...own, reason: 0 }, clinic.context)
        const relabelledSigned = JSON.parse(relabelled.chainRecord) as SignedRecord
        const fakeTree = batchTree([
          {
            tid: refused,
            digest: recordDigest(clinic.scan.domain, relabelledSigned),
            signer: relabelled.clinician,
            reason: 0
          },
          {
            tid: forgedTid,
            digest: `0x${'11'.repeat(32)}`,
            signer: relabelled.clinician,
            reason: 0
          }
        ])
        await db
          .insertInto('records')
          .values({
            ...content({
              ...(await rowOf(db, pick(10))),
              patient_pseudonym: relabelled.patientPseudonym,
              template_id: relabelled.templateId,
              template_version: relabelled.templateVersion,
              clinician: relabelled.clinician,
              clinician_seq: relabelled.clinicianSeq,
              commitment: relabelled.commitment,
              signature: relabelled.signature,
              chain_record: relabelled.chainRecord,
              payload: Buffer.from(relabelled.payload),
              merkle_proof: JSON.stringify(fakeTree.getProof(0)),
              ack_status: 'valid',
              ack_reason: 0
            }),
            tid: refused,
            cloud_seq: await nextSeq(db)
          })
          .execute()
        expected.push({ tid: refused, kind: 'rejected-stored' })

        // 9. A consistent liar with the data key and a wallet of its own: a new record
        // under an anchored tid, signed by that wallet, named as its clinician, with a
        // proof from a tree of its own making. Everything agrees, but the root.
        const liarTid = pick(11)
        const liar = Wallet.createRandom()
        const victim = await rowOf(db, liarTid)
        const victimSigned = JSON.parse(victim.chain_record) as SignedRecord
        const document = JSON.parse(
          clinic.secrets.decryptPhi(victim.payload, liarTid).toString('utf8')
        ) as Record<string, unknown>
        const lie = JSON.stringify({ ...document, attributes: { heartRate: 180 } })
        const { keccak256, toUtf8Bytes } = await import('ethers')
        const lieSigned = { ...victimSigned, commitment: keccak256(toUtf8Bytes(lie)) }
        const lieDigest = recordDigest(clinic.scan.domain, lieSigned)
        const lieSignature = liar.signingKey.sign(lieDigest).compactSerialized
        const lieTree = batchTree([
          { tid: liarTid, digest: lieDigest, signer: liar.address, reason: 0 },
          { tid: forgedTid, digest: `0x${'22'.repeat(32)}`, signer: liar.address, reason: 0 }
        ])
        await update(liarTid, {
          payload: clinic.secrets.encryptPhi(lie, liarTid),
          commitment: lieSigned.commitment,
          signature: lieSignature,
          clinician: liar.address.toLowerCase(),
          chain_record: JSON.stringify({ ...lieSigned, signature: lieSignature }),
          merkle_proof: JSON.stringify(lieTree.getProof(0))
        })
        expected.push({ tid: liarTid, kind: 'forged' })

        const found = await audit(cloud)
        const named = found.problems.map((p) => ({ tid: p.tid, kind: p.kind }))
        const byTid = (a: { tid: string }, b: { tid: string }) => a.tid.localeCompare(b.tid)
        expect(named.sort(byTid)).toEqual([...expected].sort(byTid))
        for (const problem of found.problems) expect(problem.detail).toMatch(/\w/)
        // The forged row is looked at too; the relabelled refusal counts once.
        expect(found.checked).toBe(accepted.length + 2)
        expect(found.verified).toBe(accepted.length - (expected.length - 2))

        // Restore from this workstation's copies: the database verifies again.
        const outcomes = await restoreProblems(
          clinic.store,
          cloud,
          found.problems,
          clinic.context,
          clinic.verifyContext
        )
        expect(outcomes.filter((o) => o.action === 'not-restored')).toEqual([])
        expect(await audit(cloud)).toEqual({
          checked: accepted.length,
          verified: accepted.length,
          problems: []
        })
        // The refusal is in the audit table, once.
        const rejected = await db
          .selectFrom('rejected_records')
          .select('tid')
          .where('tid', '=', refused)
          .execute()
        expect(rejected).toHaveLength(1)
      } finally {
        await raw.close()
        await cloud.close()
      }
    }, 600_000)
  })
}
