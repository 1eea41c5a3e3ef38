import { sendLedgerTx } from '../../src/main/chain/ledger-artifact'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { hexlify, id } from 'ethers'
import {
  ABSENT,
  INT16_MAX,
  INT16_MIN,
  checkRules,
  packRuleWord,
  packValues,
  toRuleStruct,
  type ChainRule,
  type ChainValue
} from '../../src/shared/rules'
import { buildRecord, sign, startLedger, submit, type LedgerFixture } from '../fixtures/ledger'

let f: LedgerFixture
beforeAll(async () => {
  f = await startLedger([])
})
afterAll(async () => f.stop())

const int16 = fc.integer({ min: INT16_MIN, max: INT16_MAX })
const rule: fc.Arbitrary<ChainRule> = fc.oneof(
  fc.constant<ChainRule>({ kind: 'required' }),
  fc.tuple(int16, int16, fc.boolean()).map(([a, b, optional]): ChainRule => ({
    kind: 'range',
    min: Math.min(a, b),
    max: Math.max(a, b),
    optional
  })),
  fc
    .tuple(
      fc.uniqueArray(fc.integer({ min: 0, max: 31 }), { minLength: 1, maxLength: 32 }),
      fc.boolean()
    )
    .map(([allowed, optional]): ChainRule => ({ kind: 'codes', allowed, optional }))
)
const rules = fc.array(rule, { maxLength: 6 })

/** Values that probe the rules: bounds and their neighbours, codes, absent, anything. */
function valuesFor(rs: readonly ChainRule[]): fc.Arbitrary<ChainValue[]> {
  const slot = (r: ChainRule | undefined): fc.Arbitrary<ChainValue> => {
    const edges: number[] = [0, 1, -1, 31, 32, INT16_MIN, INT16_MAX]
    if (r?.kind === 'range') edges.push(r.min - 1, r.min, r.max, r.max + 1)
    if (r?.kind === 'codes') edges.push(...r.allowed)
    const inRange = edges.filter((v) => v >= INT16_MIN && v <= INT16_MAX)
    return fc.oneof(fc.constant(null), fc.constantFrom(...inRange), int16)
  }
  return fc.tuple(...Array.from({ length: 6 }, (_, k) => slot(rs[k])))
}

const ROLES = 0b1110

describe('the TypeScript rule check and the contract agree', () => {
  it('on random rules and values (contract view)', async () => {
    await fc.assert(
      fc.asyncProperty(
        rules.chain((rs) =>
          fc.tuple(fc.constant(rs), fc.array(valuesFor(rs), { minLength: 1, maxLength: 4 }))
        ),
        async ([rs, rows]) => {
          const word = (await f.ledger.getFunction('packRules')(
            ROLES,
            rs.map(toRuleStruct)
          )) as bigint
          expect(word).toBe(packRuleWord(ROLES, rs))
          for (const values of rows) {
            const onChain = (await f.ledger.getFunction('checkRules')(
              word,
              hexlify(packValues(values))
            )) as bigint
            expect(Number(onChain)).toBe(checkRules(rs, values))
          }
        }
      ),
      { numRuns: 150 }
    )
  })

  it('on random published templates, through submitBatch', async () => {
    let templateId = 1000
    const doctor = f.clinicians.doctor
    let seq = 0
    await fc.assert(
      fc.asyncProperty(
        rules.chain((rs) =>
          fc.tuple(fc.constant(rs), fc.array(valuesFor(rs), { minLength: 1, maxLength: 8 }))
        ),
        async ([rs, rows]) => {
          templateId += 1
          await sendLedgerTx(
            f.ledger,
            'publishTemplate',
            templateId,
            1,
            id(`t${templateId}`),
            ROLES,
            rs.map(toRuleStruct)
          )
          const records = rows.map((values) =>
            sign(f, doctor, buildRecord(templateId, 1, ++seq, values))
          )
          const result = await submit(f, records)
          expect(result.reasons).toEqual(rows.map((values) => checkRules(rs, values)))
        }
      ),
      { numRuns: 25 }
    )
  })

  it('treats the reserved int16 minimum as absent on both sides', async () => {
    const rs: ChainRule[] = [{ kind: 'range', min: 0, max: 5, optional: true }]
    const word = packRuleWord(ROLES, rs)
    const onChain = (await f.ledger.getFunction('checkRules')(
      word,
      hexlify(packValues([ABSENT]))
    )) as bigint
    expect(Number(onChain)).toBe(checkRules(rs, [ABSENT]))
    expect(checkRules(rs, [ABSENT])).toBe(0)
  })
})
