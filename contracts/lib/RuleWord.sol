// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.28;

/**
 * @title RuleWord
 * @notice The rule check of MediBlockLedger: six slots against one packed rule word.
 *
 * @dev Rule word (see docs/LEDGER.md): lane k (bits 32k..32k+31) holds `lo | hi << 16` in
 * offset binary (`x ^ 0x8000`), or a 32-bit allowed-code set; roles mask at bit 192; optional
 * mask at 208; codes mask at 214; rule count at 220. Values are six int16, big-endian, in the
 * top 12 bytes of a word (bytes12), 0x8000 = absent.
 *
 * Two forms of the same check. {check} is the reference: it handles code lanes and names the
 * first failing slot; the ledger's views use it. {fastLanes} and {fastFailed} are what the batch
 * loop runs per record: the lanes are permuted once per template so that spreading the values
 * costs five operations instead of twenty; they only tell pass from fail, and the loop asks
 * {check} for the reason whenever they say fail (or the template has a code lane), so the
 * reason a record gets is always {check}'s.
 */
library RuleWord {
    /// @dev Guard bit 16 of each of six 32-bit lanes.
    uint256 internal constant GUARDS = 0x000100000001000000010000000100000001000000010000;
    /// @dev Marks, in the word {fastLanes} returns as `optional`, a template with a code lane.
    uint256 internal constant SLOW = 1 << 255;

    /**
     * @notice The reason code of `values` under `ruleWord`: 0 (pass) or 16 + the first failing
     * slot.
     * @dev All six slots at once (SWAR): value k is spread to bits [32k, 32k + 16) and biased
     * (x ^ 0x8000, so absent = 0 and signed order becomes unsigned order), then compared with
     * the rule word's lanes lo_k | hi_k << 16 using a guard bit 16 per lane that a borrow
     * clears. A lane passes when lo <= v <= hi, or v is absent and the lane is optional; code
     * lanes (rare) hold a 32-bit set instead and are checked one by one. Unused slots have
     * lo = hi = 0: only absent passes.
     * @param values The six int16 in the top 12 bytes (bytes12, left-aligned).
     */
    function check(uint256 ruleWord, uint256 values) internal pure returns (uint256 reason) {
        // Pure arithmetic on stack values: no memory is read or written.
        assembly ("memory-safe") {
            let x := shr(160, values) // value k at bits [80 - 16k, 96 - 16k)
            // prettier-ignore
            let v := xor(
                or(
                    or(or(shr(80, x), shl(32, and(shr(64, x), 0xffff))), shl(64, and(shr(48, x), 0xffff))),
                    or(or(shl(96, and(shr(32, x), 0xffff)), shl(128, and(shr(16, x), 0xffff))), shl(160, and(x, 0xffff)))
                ),
                0x000080000000800000008000000080000000800000008000
            )
            let guard := GUARDS
            let m16 := 0x0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff
            let lanes := and(ruleWord, 0xffffffffffffffffffffffffffffffffffffffffffffffff)
            // Guard bit k set iff lo_k <= v_k, and iff v_k <= hi_k.
            let pass := and(
                and(sub(or(v, guard), and(lanes, m16)), sub(or(and(shr(16, lanes), m16), guard), v)),
                guard
            )
            // Optional lanes also pass when absent (v_k = 0).
            let absent := xor(and(sub(or(v, guard), 0x000000010000000100000001000000010000000100000001), guard), guard)
            let flags := shr(208, ruleWord) // optional mask bits 0..5, codes mask bits 6..11
            // Spread the 6-bit masks to the guard bits: bit k to bit 32k + 16 (the partial
            // products of m * sum(2^31j) meet only at bits 32k, so no carries).
            let optional := shl(16, and(mul(and(flags, 0x3f), 0x800000010000000200000004000000080000001), 0x10000000100000001000000010000000100000001))
            let codes := shl(16, and(mul(and(shr(6, flags), 0x3f), 0x800000010000000200000004000000080000001), 0x10000000100000001000000010000000100000001))
            if codes {
                // Code lane: v - 0x8000 in 0..31 and in the lane's 32-bit set.
                pass := and(pass, not(codes))
                for {
                    let k := 0
                } lt(k, 6) {
                    k := add(k, 1)
                } {
                    let bit := shl(add(16, shl(5, k)), 1)
                    if and(codes, bit) {
                        let code := sub(and(shr(shl(5, k), v), 0xffff), 0x8000)
                        let set := and(shr(shl(5, k), lanes), 0xffffffff)
                        if and(lt(code, 32), and(shr(code, set), 1)) {
                            pass := or(pass, bit)
                        }
                    }
                }
            }
            pass := or(pass, and(absent, optional))
            let failed := and(not(pass), guard)
            if failed {
                reason := 16
                for {
                    let k := 0
                } iszero(and(failed, shl(add(16, shl(5, k)), 1))) {
                    k := add(k, 1)
                } {
                    reason := add(reason, 1)
                }
            }
        }
    }

    /**
     * @notice The rule word rearranged for {fastFailed}: lane j of each returned word stands
     * for slot (4, 2, 0, 5, 3, 1)[j], the order in which {fastFailed} spreads the values.
     * @return lo The lanes' lower bounds.
     * @return hiGuard The lanes' upper bounds, with the guard bits set.
     * @return optional Guard bit j set when slot j's rule is optional; {SLOW} set when the
     * template has a code lane, which only {check} handles.
     */
    function fastLanes(
        uint256 ruleWord
    ) internal pure returns (uint256 lo, uint256 hiGuard, uint256 optional) {
        // Pure arithmetic on stack values: no memory is read or written.
        assembly ("memory-safe") {
            let flags := shr(208, ruleWord)
            let lanes := 0
            for {
                let j := 0
            } lt(j, 6) {
                j := add(j, 1)
            } {
                // Slot of lane j: nibble j of 0x135024 (4, 2, 0, 5, 3, 1).
                let slot := and(shr(shl(2, j), 0x135024), 0xf)
                lanes := or(lanes, shl(shl(5, j), and(shr(shl(5, slot), ruleWord), 0xffffffff)))
                optional := or(optional, shl(add(16, shl(5, j)), and(shr(slot, flags), 1)))
            }
            let m16 := 0x0000ffff0000ffff0000ffff0000ffff0000ffff0000ffff
            lo := and(lanes, m16)
            hiGuard := or(and(shr(16, lanes), m16), GUARDS)
            if and(shr(6, flags), 0x3f) {
                optional := or(optional, SLOW)
            }
        }
    }

    /**
     * @notice Whether `values` may fail the rules {fastLanes} rearranged (true also for a
     * template with a code lane); false means every slot passes.
     * @dev The split: x & M puts values 5, 3, 1 at bits 0, 32, 64, and (x >> 16) & M puts
     * values 4, 2, 0 there; the first moves up to lanes 3..5. Then the same guard-bit compare
     * as {check}: lanes are 32 bits, values and bounds 16, so no borrow crosses a lane.
     */
    function fastFailed(
        uint256 lo,
        uint256 hiGuard,
        uint256 optional,
        uint256 values
    ) internal pure returns (bool failed) {
        // Pure arithmetic on stack values: no memory is read or written.
        assembly ("memory-safe") {
            let x := shr(160, values)
            let m := 0x0000ffff0000ffff0000ffff
            let v := xor(
                or(and(shr(16, x), m), shl(96, and(x, m))),
                0x000080000000800000008000000080000000800000008000
            )
            let vg := or(v, GUARDS)
            let pass := and(and(sub(vg, lo), sub(hiGuard, v)), GUARDS)
            // Absent (v = 0) clears the guard of vg - 1; optional lanes pass then.
            let absent := xor(
                and(sub(vg, 0x000000010000000100000001000000010000000100000001), GUARDS),
                GUARDS
            )
            pass := or(pass, and(absent, optional))
            failed := or(xor(pass, GUARDS), shr(255, optional))
        }
    }
}
