// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.28;

import {RuleWord} from "./RuleWord.sol";

/**
 * @title RecordBatch
 * @notice The per-record loop of MediBlockLedger.submitBatch: signature, clinician, template,
 * role, rules and replay checks, leaves, Merkle tree, outcome bytes.
 *
 * @dev Packed record, 148 bytes: [0,16) tid | [16,18) templateId | [18,20) templateVersion |
 * [20,24) seq | [24,36) values | [36,52) patient | [52,84) commitment | [84,116) r |
 * [116,148) yParityAndS. The caller checks that the batch is a whole number (1..1024) of
 * records, so every calldataload below reads inside the batch (the last one, at p + 116 of the
 * last record, ends exactly at its end).
 *
 * Gas: storage is read once per batch per clinician and per template. Clinician words live in a
 * small open-addressing table in memory while the loop runs and are written back once each at
 * the end, so a record costs no SLOAD, no SSTORE and no mapping-slot keccak unless it brings a
 * new clinician or a template other than the previous record's.
 *
 * Memory, all above the free memory pointer and allocated by moving it (so the assembly is
 * memory-safe), from m = the free memory pointer at entry:
 *   m + 0x000  struct preimage: typehash, tid, templateId, templateVersion, seq, values,
 *              patient, commitment (8 words). Once the struct hash is taken, the words from
 *              m + 0x20 are reused: the leaf preimage (tid, digest, signer, reason) at m + 0x20
 *              and the ecrecover input (digest, v, r, s) at m + 0x40, whose output lands on the
 *              leaf's signer word. The next record rewrites every word of the struct.
 *   m + 0x100  digest preimage: "\x19\x01", domain separator, struct hash (0x42 bytes).
 *   m + 0x160  `outcomes`: length n, then one byte a record, zero padded to a word.
 *   tree       2n - 1 words: node j's children are 2j + 1 and 2j + 2, leaf i at 2n - 2 - i.
 *   table      T entries (T the least power of two >= n) of (signer, clinician word).
 *   list       per distinct signer: (table entry, storage slot), for the write-back.
 */
library RecordBatch {
    /// @dev EIP-712 type of a clinician's signed record (the ledger's RECORD_TYPEHASH).
    bytes32 internal constant RECORD_TYPEHASH =
        keccak256(
            "Record(bytes16 tid,uint16 templateId,uint16 templateVersion,uint32 seq,bytes12 values,bytes16 patient,bytes32 commitment)"
        );

    /// @dev secp256k1 order / 2: a larger s is the malleable twin of a valid signature.
    uint256 private constant HALF_ORDER =
        0x7FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF5D576E7357A4501DDFE92F46681B20A0;
    /// @dev Set in a cached clinician word once the loop changed it (bit 255 is unused in
    /// storage: role 0..7, highest seq 8..71, window 72..199).
    uint256 private constant DIRTY = 1 << 255;

    /// @dev Per-batch state of the loop, in memory so that the loop keeps few stack slots.
    struct Loop {
        uint256 scratch; // m, see the memory map
        uint256 tree; // address of node 0
        uint256 table; // address of entry 0
        uint256 tableMask; // (T - 1) * 64: entry offset of a signer is (signer * 64) & this
        uint256 listEnd; // next free (entry, slot) pair of the write-back list
        uint256 cliniciansSlot; // mapping slot of the ledger's clinician words
        uint256 rulesSlot; // mapping slot of the ledger's rule words
        uint256 templateKey; // templateId << 16 | version of the cached rule word, or 2^256 - 1
        uint256 ruleWord;
        uint256 lo; // RuleWord.fastLanes(ruleWord)
        uint256 hiGuard;
        uint256 optional;
    }

    /**
     * @notice Validates and anchors `n` packed records (the caller checked 1 <= n <= 1024 and
     * records.length == 148 n); writes the changed clinician words back to storage.
     * @param separator The ledger's EIP-712 domain separator.
     * @param cliniciansSlot Storage slot of `mapping(address => uint256)` clinician words.
     * @param rulesSlot Storage slot of `mapping(uint32 => uint256)` rule words.
     * @return root The Merkle root (StandardMerkleTree, sortLeaves false).
     * @return accepted How many records were accepted.
     * @return outcomes Record i's reason code in byte i.
     */
    function run(
        bytes calldata records,
        uint256 n,
        bytes32 separator,
        uint256 cliniciansSlot,
        uint256 rulesSlot
    ) internal returns (bytes32 root, uint256 accepted, bytes memory outcomes) {
        Loop memory s = _allocate(n, separator, cliniciansSlot, rulesSlot);
        uint256 p; // calldata address of record i
        uint256 end; // calldata address past the last record
        uint256 outcome; // address of outcome byte i
        uint256 leaf; // address of leaf i in the tree
        assembly ("memory-safe") {
            p := records.offset
            end := add(p, mul(n, 148))
            outcomes := add(mload(s), 0x160)
            outcome := add(outcomes, 0x20)
            leaf := add(mload(add(s, 0x20)), shl(5, sub(shl(1, n), 2)))
        }
        while (p < end) {
            (uint256 reason, uint256 entry, uint256 word) = _checkRecord(s, p);
            if (reason == 0) {
                // Rules: the fast check says pass or maybe-fail; the reference names the slot.
                uint256 values;
                assembly ("memory-safe") {
                    values := and(calldataload(add(p, 24)), shl(160, not(0)))
                }
                if (RuleWord.fastFailed(s.lo, s.hiGuard, s.optional, values)) {
                    reason = RuleWord.check(s.ruleWord, values);
                }
                if (reason == 0) {
                    reason = _replay(entry, word, p);
                    if (reason == 0) ++accepted;
                }
            }
            // Leaf = keccak256(keccak256(abi.encode(tid, digest, signer, reason))), written at
            // its tree position; the outcome byte goes into the event data. The words from
            // scratch + 0x20 hold (tid, digest, signer) since _checkRecord.
            assembly ("memory-safe") {
                let preimage := add(mload(s), 0x20)
                mstore(add(preimage, 0x60), reason)
                mstore(leaf, keccak256(preimage, 0x80))
                mstore(leaf, keccak256(leaf, 0x20))
                mstore8(outcome, reason)
                leaf := sub(leaf, 0x20)
                outcome := add(outcome, 1)
                p := add(p, 148)
            }
        }
        _writeBack(s);
        root = _buildTree(s.tree, n);
    }

    /**
     * @dev Signature, clinician, template and role of the record at calldata `p`. Answers
     * reason 0 when all pass (rules and replay are the caller's), with the clinician's table
     * entry and cached word. Leaves (tid, digest, signer) at scratch + 0x20.
     */
    function _checkRecord(
        Loop memory s,
        uint256 p
    ) private view returns (uint256 reason, uint256 entry, uint256 word) {
        // Reads calldata inside the record (see the contract NatSpec), writes only the scratch
        // words, table entries and list pairs that _allocate reserved, and 0x00..0x3f (scratch).
        assembly ("memory-safe") {
            let m := mload(s)
            let head := calldataload(p)
            // Struct preimage: the fields at fixed offsets, each right- or left-aligned as
            // abi.encode puts it (uintN right, bytesN left).
            mstore(add(m, 0x20), and(head, shl(128, not(0)))) // tid
            mstore(add(m, 0x40), and(shr(112, head), 0xffff)) // templateId
            mstore(add(m, 0x60), and(shr(96, head), 0xffff)) // templateVersion
            mstore(add(m, 0x80), and(shr(64, head), 0xffffffff)) // seq
            mstore(add(m, 0xa0), and(calldataload(add(p, 24)), shl(160, not(0)))) // values
            mstore(add(m, 0xc0), and(calldataload(add(p, 36)), shl(128, not(0)))) // patient
            mstore(add(m, 0xe0), calldataload(add(p, 52))) // commitment
            mstore(add(m, 0x122), keccak256(m, 0x100))
            let digest := keccak256(add(m, 0x100), 0x42)

            // EIP-2098 signature: v = 27 + yParity, s below half the order (no malleable twin).
            // Input (digest, v, r, s) at m + 0x40, output (the signer) on m + 0x60, the leaf's
            // signer word. A failed recovery returns no data and leaves v there, so the signer
            // is taken only with 32 bytes returned, and is 0 otherwise.
            let vs := calldataload(add(p, 116))
            let sigS := and(vs, not(shl(255, 1)))
            mstore(add(m, 0x40), digest)
            let signer := 0
            if iszero(gt(sigS, HALF_ORDER)) {
                mstore(add(m, 0x60), add(27, shr(255, vs)))
                mstore(add(m, 0x80), calldataload(add(p, 84)))
                mstore(add(m, 0xa0), sigS)
                // (Yul evaluates arguments right to left: the call must come first.)
                let ok := staticcall(gas(), 1, add(m, 0x40), 0x80, add(m, 0x60), 0x20)
                if and(ok, eq(returndatasize(), 0x20)) {
                    signer := mload(add(m, 0x60))
                }
            }
            reason := 1 // BAD_SIGNATURE
            switch signer
            case 0 {
                mstore(add(m, 0x60), 0)
            }
            default {
                // The clinician's word, from the table or, the first time, from storage.
                // Linear probing; the table has more entries than the batch has signers, so
                // an empty entry is always found.
                let table := mload(add(s, 0x40))
                let mask := mload(add(s, 0x60))
                let offset := and(shl(6, signer), mask)
                for {

                } 1 {

                } {
                    entry := add(table, offset)
                    let key := mload(entry)
                    if eq(key, signer) {
                        word := mload(add(entry, 0x20))
                        break
                    }
                    if iszero(key) {
                        mstore(0, signer)
                        mstore(0x20, mload(add(s, 0xa0)))
                        let slot := keccak256(0, 0x40)
                        word := sload(slot)
                        mstore(entry, signer)
                        mstore(add(entry, 0x20), word)
                        let listEnd := mload(add(s, 0x80))
                        mstore(listEnd, entry)
                        mstore(add(listEnd, 0x20), slot)
                        mstore(add(s, 0x80), add(listEnd, 0x40))
                        break
                    }
                    offset := and(add(offset, 0x40), mask)
                }
                // The template's rule word, cached with its fast lanes while the template
                // stays the same.
                let key := and(shr(96, head), 0xffffffff)
                if iszero(eq(key, mload(add(s, 0xe0)))) {
                    mstore(0, key)
                    mstore(0x20, mload(add(s, 0xc0)))
                    mstore(add(s, 0xe0), key)
                    mstore(add(s, 0x100), sload(keccak256(0, 0x40)))
                    mstore(add(s, 0x140), 0) // hiGuard: fast lanes not computed yet
                }
                let ruleWord := mload(add(s, 0x100))
                let role := and(word, 0xff)
                // Bit 192 + role of the rule word: the template allows the role. Bit 192 is
                // never set (publishTemplate refuses role 0), so a set bit also means a
                // registered clinician and a published template.
                switch and(shr(add(192, role), ruleWord), 1)
                case 0 {
                    reason := 2 // UNKNOWN_CLINICIAN
                    if role {
                        reason := 3 // UNKNOWN_TEMPLATE
                        if ruleWord {
                            reason := 4 // ROLE_NOT_ALLOWED
                        }
                    }
                }
                default {
                    reason := 0
                }
            }
        }
        if (reason == 0 && s.hiGuard == 0) {
            // First use of this template in the batch: its fast lanes (hiGuard is never 0).
            (s.lo, s.hiGuard, s.optional) = RuleWord.fastLanes(s.ruleWord);
        }
    }

    /**
     * @dev Anti-replay window (see MediBlockLedger's NatSpec): answers REPLAY (5), or 0 after
     * marking the record's seq in the cached clinician word at table `entry`.
     */
    function _replay(uint256 entry, uint256 word, uint256 p) private pure returns (uint256 reason) {
        // Reads the seq at p + 20 and writes the table entry's word only.
        assembly ("memory-safe") {
            let seq := shr(224, calldataload(add(p, 20)))
            let high := and(shr(8, word), 0xffffffffffffffff)
            let win := and(shr(72, word), sub(shl(128, 1), 1))
            switch gt(seq, high)
            case 1 {
                // Slide: bit d of the window now stands for seq - d.
                win := or(and(shl(sub(seq, high), win), sub(shl(128, 1), 1)), 1)
                high := seq
            }
            default {
                let d := sub(high, seq)
                switch or(gt(d, 127), and(shr(d, win), 1))
                case 1 {
                    reason := 5 // REPLAY: already accepted, or older than the window
                }
                default {
                    win := or(win, shl(d, 1))
                }
            }
            if iszero(reason) {
                mstore(
                    add(entry, 0x20),
                    or(or(DIRTY, and(word, 0xff)), or(shl(8, high), shl(72, win)))
                )
            }
        }
    }

    /// @dev Lays out the memory map (see the library NatSpec) and moves the free memory pointer.
    function _allocate(
        uint256 n,
        bytes32 separator,
        uint256 cliniciansSlot,
        uint256 rulesSlot
    ) private pure returns (Loop memory s) {
        s.cliniciansSlot = cliniciansSlot;
        s.rulesSlot = rulesSlot;
        s.templateKey = type(uint256).max;
        bytes32 typehash = RECORD_TYPEHASH;
        uint256 entries = 1;
        while (entries < n) entries <<= 1;
        // Reserves the regions of the memory map past `s` and fills what must start known:
        // the typehash, "\x19\x01" and the separator, the outcomes' length and padding, an
        // empty table (zeroed with calldatacopy from past the end of calldata).
        assembly ("memory-safe") {
            let m := mload(0x40)
            let outcomes := add(m, 0x160) // `bytes` of length n
            let tree := add(add(outcomes, 0x20), shl(5, shr(5, add(n, 31))))
            let table := add(tree, sub(shl(6, n), 0x20))
            let list := add(table, shl(6, entries))
            mstore(0x40, add(list, shl(6, n)))
            mstore(m, typehash)
            mstore(add(m, 0x100), shl(240, 0x1901))
            mstore(add(m, 0x102), separator)
            mstore(outcomes, n)
            mstore(add(outcomes, shl(5, shr(5, add(n, 31)))), 0) // last outcome word's padding
            calldatacopy(table, calldatasize(), shl(6, entries))
            mstore(s, m)
            mstore(add(s, 0x20), tree)
            mstore(add(s, 0x40), table)
            mstore(add(s, 0x60), shl(6, sub(entries, 1)))
            mstore(add(s, 0x80), list)
        }
    }

    /// @dev Stores each clinician word the loop changed, once.
    function _writeBack(Loop memory s) private {
        // Reads the list pairs _checkRecord wrote; writes storage slots it computed from the
        // clinician mapping's slot.
        assembly ("memory-safe") {
            let listEnd := mload(add(s, 0x80))
            for {
                let q := add(mload(add(s, 0x40)), add(mload(add(s, 0x60)), 0x40))
            } lt(q, listEnd) {
                q := add(q, 0x40)
            } {
                let word := mload(add(mload(q), 0x20))
                if and(word, DIRTY) {
                    sstore(mload(add(q, 0x20)), xor(word, DIRTY))
                }
            }
        }
    }

    /**
     * @dev Internal nodes bottom-up over the 2n - 1 words at `tree`: node j = the keccak of its
     * children 2j + 1 and 2j + 2, smaller first (OpenZeppelin's sorted-pair hash).
     */
    function _buildTree(uint256 tree, uint256 n) private pure returns (bytes32 root) {
        // Reads and writes only the tree's words, and the scratch words 0x00..0x3f.
        assembly ("memory-safe") {
            // node at address q, its children at c and c + 0x20 (c = tree + 64j + 32)
            for {
                let q := add(tree, shl(5, sub(n, 1)))
                let c := add(tree, sub(shl(6, n), 0x20))
            } gt(q, tree) {

            } {
                q := sub(q, 0x20)
                c := sub(c, 0x40)
                let a := mload(c)
                let b := mload(add(c, 0x20))
                // Branch-free order: x = a ^ b when b < a, so a ^ x = b and b ^ x = a.
                let x := mul(xor(a, b), lt(b, a))
                mstore(0, xor(a, x))
                mstore(0x20, xor(b, x))
                mstore(q, keccak256(0, 0x40))
            }
            root := mload(tree)
        }
    }
}
