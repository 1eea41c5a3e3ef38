// SPDX-License-Identifier: UNLICENSED
pragma solidity 0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {RecordBatch} from "./lib/RecordBatch.sol";
import {RuleWord} from "./lib/RuleWord.sol";

/**
 * @title MediBlockLedger
 * @notice The authority of the MediBlock handshaker (Rahman et al., BSCI '19): it validates the r
 * chosen attributes of every clinical record against the record's template, checks the
 * clinician's EIP-712 signature and role, and anchors every record (accepted or rejected, with
 * a reason code) in one Merkle root per batch, kept in contract state.
 *
 * @dev Nothing identifying goes on chain: a record carries its tid, template (id, version), the
 * clinician's sequence number, the r validated values as int16, the patient's pseudonym, the
 * salted commitment to the full record, and the clinician's compact (EIP-2098) signature.
 *
 * Packed record, 148 bytes, fixed offsets (see docs/LEDGER.md):
 *   [0,16) tid | [16,18) templateId | [18,20) templateVersion | [20,24) seq |
 *   [24,36) values: six int16, big-endian, 0x8000 = absent |
 *   [36,52) patient pseudonym (HMAC-SHA256 truncated to 128 bits, RFC 2104 section 5) |
 *   [52,84) commitment | [84,116) r | [116,148) yParityAndS
 *
 * Replay safety: a per-clinician anti-replay window (RFC 4303, section 3.4.3) kept in the same
 * storage word as the clinician's role. The sequence number is inside the signed EIP-712 struct,
 * so a signed record names exactly one (clinician, seq) pair; the word holds the highest seq
 * accepted and a 128-bit bitmap of which of the 128 seqs below it were accepted. A record is
 * accepted only if its seq is above the highest, or inside the window and not yet marked, and
 * acceptance marks it. So the same signed record can be anchored as valid at most once. Only an
 * accepted record touches the window: a record rejected for any other reason burns nothing, and
 * since every other check either fails forever (rules and templates are immutable, a bad
 * signature stays bad) or depends on admin state (clinician, role, template published later),
 * resubmitting it can at worst be accepted once. This costs no storage per record, unlike a
 * per-tid mapping (a fresh slot, 22,100 gas a record); the role check already loads the word,
 * so replay safety adds one warm write per record. Seqs may arrive out of order by up to 127
 * (several workstations, retries); older ones are rejected as replays and must be re-signed.
 * Revoking a clinician keeps the window, so re-registration does not reopen old seqs.
 * A tid is bound into the signed struct and the leaf; uniqueness of tids across different signed
 * records is the handshaker's (the local store is keyed by tid), and a verifier sees any
 * duplicate in the anchored events.
 *
 * No upgradeability: immutability is the point; a new deployment is a new ledger.
 */
contract MediBlockLedger is AccessControl, EIP712 {
    /// @notice Accounts allowed to submit batches: the clinic's handshakers.
    bytes32 public constant HANDSHAKER_ROLE = keccak256("HANDSHAKER_ROLE");

    /// @notice EIP-712 type of a clinician's signed record.
    bytes32 public constant RECORD_TYPEHASH = RecordBatch.RECORD_TYPEHASH;

    /// @notice Size in bytes of one packed record in a batch.
    uint256 public constant RECORD_SIZE = 148;
    /// @notice Most records one batch may carry.
    uint256 public constant MAX_BATCH_SIZE = 1024;
    /// @notice Most validated attributes (r) a template may have.
    uint256 public constant MAX_RULES = 6;
    /// @notice How far below the highest accepted seq a seq may still be accepted.
    uint256 public constant REPLAY_WINDOW = 128;

    /// @notice Rule kinds.
    uint8 public constant RULE_REQUIRED = 1;
    uint8 public constant RULE_RANGE = 2;
    uint8 public constant RULE_CODES = 3;

    /// @notice Reason codes of a record's outcome (0 = accepted).
    uint8 public constant ACCEPTED = 0;
    uint8 public constant BAD_SIGNATURE = 1;
    uint8 public constant UNKNOWN_CLINICIAN = 2;
    uint8 public constant UNKNOWN_TEMPLATE = 3;
    uint8 public constant ROLE_NOT_ALLOWED = 4;
    uint8 public constant REPLAY = 5;
    /// @notice Rule k failed: RULE_FAILED + k.
    uint8 public constant RULE_FAILED = 16;

    /// @notice One validated attribute's rule, as the admin publishes it.
    /// @param kind RULE_REQUIRED, RULE_RANGE or RULE_CODES.
    /// @param optional For range and codes: an absent value passes.
    /// @param min Range: smallest allowed scaled value.
    /// @param max Range: largest allowed scaled value.
    /// @param codes Codes: bit c set means code index c (0..31) is allowed.
    struct Rule {
        uint8 kind;
        bool optional;
        int16 min;
        int16 max;
        uint32 codes;
    }

    /// @notice A clinician was registered, or their clinical role changed.
    event ClinicianRegistered(address indexed clinician, uint8 role);
    /// @notice A clinician may no longer submit records.
    event ClinicianRevoked(address indexed clinician);
    /// @notice A template version was published; `rules` is its packed rule word.
    event TemplatePublished(
        uint16 indexed templateId,
        uint16 indexed templateVersion,
        bytes32 definitionHash,
        uint256 rules
    );
    /// @notice A batch was anchored. `outcomes[i]` is record i's reason code (0 = accepted).
    event BatchAnchored(
        uint256 indexed batchId,
        bytes32 indexed root,
        uint256 count,
        uint256 accepted,
        bytes outcomes
    );
    /// @notice A handshaker's security log had `entries` entries, the last of them hashing to
    /// `head`: proof that this log prefix existed, as it is, by this block.
    event LogAnchored(address indexed by, uint64 entries, bytes32 head);

    /// @notice The batch is empty.
    error EmptyBatch();
    /// @notice The batch's length is not a multiple of RECORD_SIZE.
    error MalformedBatch(uint256 length);
    /// @notice The batch has more than MAX_BATCH_SIZE records.
    error BatchTooLarge(uint256 count, uint256 max);
    /// @notice Clinical role codes are 1..15.
    error InvalidClinicalRole(uint8 role);
    /// @notice The zero address cannot be a clinician.
    error InvalidClinician(address clinician);
    /// @notice The account is not a registered clinician.
    error UnknownClinician(address clinician);
    /// @notice A template (id, version) is published once and never changes.
    error TemplateAlreadyPublished(uint16 templateId, uint16 templateVersion);
    /// @notice Template versions start at 1 and the definition hash cannot be zero.
    error InvalidTemplate(uint16 templateId, uint16 templateVersion);
    /// @notice The roles mask must name at least one role 1..15.
    error InvalidRoles(uint16 roles);
    /// @notice More than MAX_RULES rules.
    error TooManyRules(uint256 count);
    /// @notice Rule `index` has an unknown kind, min > max, or no allowed code.
    error InvalidRule(uint256 index);
    /// @notice A log head names at least one entry and is not zero.
    error InvalidLogHead(uint64 entries, bytes32 head);

    // Clinician word: role (bits 0..7, 0 = not registered) | highest seq (8..71) |
    // window (72..199, bit d = seq highest - d was accepted).
    mapping(address => uint256) private _clinicians;
    // Rule word by templateId << 16 | version: roles mask (0..15) | rule count (16..18) |
    // rule k at 32 + 36k: kind (2 bits) | optional (1) | unused (1) | param (32).
    mapping(uint32 => uint256) private _rules;
    mapping(uint32 => bytes32) private _definitionHashes;
    mapping(uint256 => bytes32) private _roots;
    // Record counts of full groups of COUNTS_PER_SLOT batches, in 12-bit lanes (as in _meta).
    mapping(uint256 => uint256) private _counts;
    // Batch counter (bits 192..255) and the record counts of the current group: batch
    // g * 16 + k at bits 12k..12k+11 (counts are at most 1024). Sharing one slot, the counter
    // and the count cost one write a batch; a fresh slot in _counts every 16 batches.
    uint256 private _meta;

    /// @dev Batches whose record counts share one slot.
    uint256 private constant COUNTS_PER_SLOT = 16;
    /// @dev The count lanes of _meta.
    uint256 private constant _LANES = (1 << 192) - 1;

    /**
     * @notice Deploys a new ledger administered by `admin`.
     * @param admin The clinic admin (DEFAULT_ADMIN_ROLE): registers clinicians and handshakers,
     * publishes templates.
     */
    constructor(address admin) EIP712("MediBlockLedger", "1") {
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
    }

    // ------------------------------------------------------------------ admin

    /**
     * @notice Registers `clinician` with clinical role `role` (1..15), or changes their role.
     * @dev Keeps the clinician's replay window, so re-registration never reopens old seqs.
     */
    function registerClinician(
        address clinician,
        uint8 role
    ) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (clinician == address(0)) revert InvalidClinician(clinician);
        if (role == 0 || role > 15) revert InvalidClinicalRole(role);
        _clinicians[clinician] = (_clinicians[clinician] & ~uint256(0xff)) | role;
        emit ClinicianRegistered(clinician, role);
    }

    /**
     * @notice Revokes `clinician`: their later records are rejected as UNKNOWN_CLINICIAN.
     * @dev Keeps the replay window (see the contract's NatSpec).
     */
    function revokeClinician(address clinician) external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint256 word = _clinicians[clinician];
        if (word & 0xff == 0) revert UnknownClinician(clinician);
        _clinicians[clinician] = word & ~uint256(0xff);
        emit ClinicianRevoked(clinician);
    }

    /**
     * @notice Publishes version `templateVersion` of template `templateId`: the hash of its full
     * definition, the roles that may submit it (bit r of `roles` for role code r) and the rules
     * of its r validated attributes, in slot order.
     * @dev A published (id, version) never changes, so a new version never changes what older
     * records were checked against.
     */
    function publishTemplate(
        uint16 templateId,
        uint16 templateVersion,
        bytes32 definitionHash,
        uint16 roles,
        Rule[] calldata rules
    ) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (templateVersion == 0 || definitionHash == bytes32(0)) {
            revert InvalidTemplate(templateId, templateVersion);
        }
        uint32 key = (uint32(templateId) << 16) | templateVersion;
        if (_rules[key] != 0) revert TemplateAlreadyPublished(templateId, templateVersion);
        uint256 word = packRules(roles, rules);
        _rules[key] = word;
        _definitionHashes[key] = definitionHash;
        emit TemplatePublished(templateId, templateVersion, definitionHash, word);
    }

    // ------------------------------------------------------------------ batches

    /**
     * @notice Validates and anchors a batch of packed records (RECORD_SIZE bytes each).
     * @dev A bad record never reverts the batch: each gets a reason code, and accepted and
     * rejected records alike become leaves keccak256(keccak256(abi.encode(tid, digest, signer,
     * reason))) of a tree laid out as the npm merkle-tree of OpenZeppelin builds it with
     * sortLeaves false.
     * @param records The packed records.
     * @return batchId The new batch's id (0, 1, 2, ...).
     * @return root The batch's Merkle root, now in state.
     */
    function submitBatch(
        bytes calldata records
    ) external onlyRole(HANDSHAKER_ROLE) returns (uint256 batchId, bytes32 root) {
        uint256 n = records.length / RECORD_SIZE;
        if (n == 0) revert EmptyBatch();
        if (n * RECORD_SIZE != records.length) revert MalformedBatch(records.length);
        if (n > MAX_BATCH_SIZE) revert BatchTooLarge(n, MAX_BATCH_SIZE);

        (bytes32 batchRoot, uint256 accepted, bytes memory outcomes) = RecordBatch.run(
            records,
            n,
            _domainSeparatorV4(),
            _cliniciansSlot(),
            _rulesSlot()
        );
        root = batchRoot;

        // One slot holds the batch counter and the current group's counts; a full group of
        // COUNTS_PER_SLOT batches moves to _counts (see _meta).
        uint256 meta = _meta;
        batchId = meta >> 192;
        uint256 lanes = (meta & _LANES) | (n << ((batchId % COUNTS_PER_SLOT) * 12));
        if (batchId % COUNTS_PER_SLOT == COUNTS_PER_SLOT - 1) {
            _counts[batchId / COUNTS_PER_SLOT] = lanes;
            lanes = 0;
        }
        _meta = ((batchId + 1) << 192) | lanes;
        _roots[batchId] = root;
        emit BatchAnchored(batchId, root, n, accepted, outcomes);
    }

    // ------------------------------------------------------------------ security log

    /**
     * @notice Anchors the head of the sending handshaker's security log (the workstation's
     * hash-chained audit log): it had `entries` entries, the last of them hashing to `head`.
     * @dev Nothing is stored: the event, in its block, is the proof that this log prefix existed
     * by then, and a verifier reads the events by `by` (the handshaker's address, which names
     * the workstation). An event costs a fraction of a storage slot, and a log anchor is only
     * read back by audits, never by the contract.
     */
    function anchorLog(uint64 entries, bytes32 head) external onlyRole(HANDSHAKER_ROLE) {
        if (entries == 0 || head == bytes32(0)) revert InvalidLogHead(entries, head);
        emit LogAnchored(msg.sender, entries, head);
    }

    // ------------------------------------------------------------------ views

    /// @notice Number of batches anchored so far; batch ids are 0..batchCount()-1.
    function batchCount() external view returns (uint256) {
        return _meta >> 192;
    }

    /// @notice Root and record count of batch `batchId` (zero root if there is no such batch).
    function batch(uint256 batchId) external view returns (bytes32 root, uint256 count) {
        root = _roots[batchId];
        uint256 meta = _meta;
        uint256 group = batchId / COUNTS_PER_SLOT;
        uint256 lanes = group == (meta >> 192) / COUNTS_PER_SLOT ? meta & _LANES : _counts[group];
        count = (lanes >> ((batchId % COUNTS_PER_SLOT) * 12)) & 0xfff;
    }

    /// @notice `true` when `leaf` is in batch `batchId` by `proof` (MerkleProof, sorted pairs).
    function verifyLeaf(
        uint256 batchId,
        bytes32 leaf,
        bytes32[] calldata proof
    ) external view returns (bool) {
        bytes32 root = _roots[batchId];
        return root != bytes32(0) && MerkleProof.verifyCalldata(proof, root, leaf);
    }

    /// @notice The leaf of a record's outcome, as submitBatch and StandardMerkleTree build it.
    function recordLeaf(
        bytes16 tid,
        bytes32 digest,
        address signer,
        uint8 reason
    ) public pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(tid, digest, signer, reason))));
    }

    /// @notice The EIP-712 digest a clinician signs for the packed `record` (signature ignored).
    function recordDigest(bytes calldata record) external view returns (bytes32) {
        if (record.length < 84) revert MalformedBatch(record.length);
        bytes32 structHash = keccak256(
            abi.encode(
                RECORD_TYPEHASH,
                bytes16(record[0:16]),
                uint16(bytes2(record[16:18])),
                uint16(bytes2(record[18:20])),
                uint32(bytes4(record[20:24])),
                bytes12(record[24:36]),
                bytes16(record[36:52]),
                bytes32(record[52:84])
            )
        );
        return _hashTypedDataV4(structHash);
    }

    /// @notice The EIP-712 domain separator of this ledger.
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// @notice A clinician's role (0 = not registered), highest accepted seq and replay window.
    function clinicianOf(
        address account
    ) external view returns (uint8 role, uint64 highestSeq, uint128 window) {
        uint256 c = _clinicians[account];
        role = uint8(c);
        highestSeq = uint64(c >> 8);
        window = uint128(c >> 72);
    }

    /// @notice A template version's definition hash and packed rule word (zero if unpublished).
    function templateOf(
        uint16 templateId,
        uint16 templateVersion
    ) external view returns (bytes32 definitionHash, uint256 rules) {
        uint32 key = (uint32(templateId) << 16) | templateVersion;
        return (_definitionHashes[key], _rules[key]);
    }

    /// @notice The reason code submitBatch gives `values` under template (id, version), ignoring
    /// signer, role and replay: 0, UNKNOWN_TEMPLATE or RULE_FAILED + k.
    function checkValues(
        uint16 templateId,
        uint16 templateVersion,
        bytes12 values
    ) external view returns (uint8) {
        uint256 word = _rules[(uint32(templateId) << 16) | templateVersion];
        if (word == 0) return UNKNOWN_TEMPLATE;
        return checkRules(word, values);
    }

    /// @notice The reason code of `values` under the packed rule word `ruleWord` (0 = pass):
    /// exactly the check submitBatch makes.
    function checkRules(uint256 ruleWord, bytes12 values) public pure returns (uint8) {
        return uint8(RuleWord.check(ruleWord, uint256(bytes32(values))));
    }

    /// @notice Packs a roles mask and rules into the rule word publishTemplate stores:
    /// lanes lo_k | hi_k << 16 at bit 32k (biased int16; a code set for code rules), roles at
    /// bit 192, optional mask at 208, codes mask at 214, rule count at 220.
    function packRules(uint16 roles, Rule[] calldata rules) public pure returns (uint256 word) {
        if (roles == 0 || roles & 1 != 0) revert InvalidRoles(roles);
        if (rules.length > MAX_RULES) revert TooManyRules(rules.length);
        word = (uint256(roles) << 192) | (rules.length << 220);
        for (uint256 k; k < rules.length; ++k) {
            Rule calldata rule = rules[k];
            uint256 lane;
            if (rule.kind == RULE_REQUIRED) {
                if (rule.optional) revert InvalidRule(k);
                lane = 1 | (0xffff << 16); // any value but absent
            } else if (rule.kind == RULE_RANGE) {
                if (rule.min > rule.max || rule.min == type(int16).min) revert InvalidRule(k);
                lane = _biased(rule.min) | (_biased(rule.max) << 16);
            } else if (rule.kind == RULE_CODES) {
                if (rule.codes == 0) revert InvalidRule(k);
                lane = rule.codes;
                word |= 1 << (214 + k);
            } else {
                revert InvalidRule(k);
            }
            if (rule.optional) word |= 1 << (208 + k);
            word |= lane << (32 * k);
        }
    }

    /// @dev Storage slot of the clinician words' mapping, for RecordBatch.
    function _cliniciansSlot() private pure returns (uint256 slot) {
        assembly ("memory-safe") {
            slot := _clinicians.slot
        }
    }

    /// @dev Storage slot of the rule words' mapping, for RecordBatch.
    function _rulesSlot() private pure returns (uint256 slot) {
        assembly ("memory-safe") {
            slot := _rules.slot
        }
    }

    /// @dev int16 to offset binary: absent (-32768) is 0 and order is kept.
    function _biased(int16 value) private pure returns (uint256) {
        return uint256(uint16(value)) ^ 0x8000;
    }
}
